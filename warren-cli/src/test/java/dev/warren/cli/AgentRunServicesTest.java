package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent run --service}: one address per service name, or the command says which it got twice. */
class AgentRunServicesTest {
    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void aServiceNamedTwiceIsRefused() {
        // it used to run with the last one, exposing 127.0.0.1:23 as ssh without a word
        CliRun r = run("agent", "run", "--data", dir.toString(), "--service", "ssh=127.0.0.1:22", "--service",
                "ssh=127.0.0.1:23");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("warren: --service ssh given twice (127.0.0.1:22 and 127.0.0.1:23;");
    }

    @Test
    void aServiceOnTheCommandLineStillReplacesTheConfigFilesOne() throws Exception {
        Path config = Files.writeString(dir.resolve("agent.yaml"), "services: {ssh: 127.0.0.1:22}\n");
        // no identity in --data: the run stops there, after the services were accepted
        CliRun r = run("agent", "run", "--config", config.toString(), "--data", dir.resolve("none").toString(),
                "--service", "ssh=127.0.0.1:2222");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("no device identity in").doesNotContain("twice");
    }
}
