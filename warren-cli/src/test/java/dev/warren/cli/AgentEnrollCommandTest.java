package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent enroll} with a wrong command line: refused with exit code 2 and a message that says what, before a key is
 * made or a relay is asked (the relay here, port 1, answers nothing).
 */
class AgentEnrollCommandTest {
    private static final String TOKEN = "wet1.0123456789abcdef." + "s".repeat(43) + "." + "p".repeat(43);

    @TempDir
    Path dir;

    private record Run(int code, String stderr) {}

    private Run enroll(String... more) {
        String[] args = new String[] {"agent", "enroll", "--relay", "127.0.0.1:1", "--data", dir.resolve("agent").toString()};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        PrintStream saved = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            code = Warren.execute(all);
        } finally {
            System.setErr(saved);
        }
        return new Run(code, buffer.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTokenAndATokenFileTogetherAreRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Run r = enroll("--name", "dev-1", "--token", TOKEN, "--token-file", file.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("warren: both --token and --token-file (expected: one of them)");
    }

    @Test
    void aMissingTokenFileIsNamed() {
        Run r = enroll("--name", "dev-1", "--token-file", dir.resolve("nope").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("warren: --token-file " + dir.resolve("nope") + ": no such file")
                .doesNotContain("Exception");
    }

    @Test
    void aMalformedTokenIsAUsageError() {
        Run r = enroll("--name", "dev-1", "--token", "wat1.0123456789abcdef.Qm9vc3RyYXAt");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("does not start with 'wet1.'").doesNotContain("Qm9vc3RyYXAt");
    }

    @Test
    void aBadDeviceNameIsRefusedBeforeTheRelayIsAsked() {
        Run r = enroll("--name", "Dev 42", "--token", TOKEN);
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("warren: --name: 'Dev 42' (expected:").doesNotContain("relay");
        assertThat(dir.resolve("agent")).doesNotExist();
    }
}
