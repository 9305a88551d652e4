package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent run --config} with {@code identities:}: a wrong file is refused before anything starts, saying why. */
class AgentIdentitiesConfigTest {
    @TempDir
    Path dir;

    private record Run(int code, String stderr) {}

    private Run run(String yaml) throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, yaml);
        PrintStream saved = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            code = Warren.execute("agent", "run", "--config", file.toString());
        } finally {
            System.setErr(saved);
        }
        return new Run(code, buffer.toString(StandardCharsets.UTF_8));
    }

    @Test
    void identitiesAndASingleIdentityDoNotMix() throws Exception {
        Run r = run("data: a\nidentities:\n  - data: b\n    services: {ssh: 127.0.0.1:22}\n");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("identities with data or services (expected: either identities");
    }

    @Test
    void everyIdentityNeedsDataAndAServiceAndItsOwnDirectory() throws Exception {
        Run noServices = run("identities:\n  - data: a\n");
        assertThat(noServices.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noServices.stderr()).contains("identities[0]: (expected: data and at least one service or forwarder)");
        Run twice = run("identities:\n  - data: a\n    services: {ssh: 127.0.0.1:22}\n"
                + "  - data: ./a\n    services: {web: 127.0.0.1:80}\n");
        assertThat(twice.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(twice.stderr()).contains("identities[1]: data ").contains(" is used twice");
    }

    @Test
    void unknownKeysInAnIdentityAreErrors() throws Exception {
        Run r = run("identities:\n  - data: a\n    name: x\n    services: {ssh: 127.0.0.1:22}\n");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("unknown key 'name'").contains("in an identity: data, relay, services");
    }

    @Test
    void anIdentityThatIsNotEnrolledIsNamed() throws Exception {
        Run r = run("identities:\n  - data: " + dir.resolve("nowhere") + "\n    services: {ssh: 127.0.0.1:22}\n");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("no device identity in " + dir.resolve("nowhere"));
    }
}
