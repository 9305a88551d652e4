package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warren login} refusing a command line: what it says on stderr (no relay is reached: port 1 answers nothing). */
class LoginCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String stderr) {}

    private Run login(String stdin, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "login";
        all[1] = "--credentials";
        all[2] = dir.resolve("credentials.json").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        PrintStream saved = System.err;
        InputStream savedIn = System.in;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            code = Warren.execute(all);
        } finally {
            System.setErr(saved);
            System.setIn(savedIn);
        }
        return new Run(code, buffer.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutACaItSaysSoBeforeAskingForTheTokenAndDoesNotSendTheUserToLogin() {
        Run r = login("", "--relay", "127.0.0.1:1");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).isEqualTo("warren: cannot verify the relay: give --ca FILE or --ca-pin PIN (the relay"
                + " printed both at its first start)\n");
    }

    @Test
    void aTokenPipedInGetsNoPrompt() {
        // a prompt on stderr for piped input ran into the next line: "API token: warren: no API token given"
        Run r = login("\n", "--relay", "127.0.0.1:1", "--ca-pin", "A".repeat(43));
        assertThat(r.code()).as(r.stderr()).isEqualTo(ExitCodes.UNAUTHENTICATED);
        assertThat(r.stderr()).isEqualTo("warren: no API token given\n");
    }
}
