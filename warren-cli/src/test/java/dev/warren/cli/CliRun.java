package dev.warren.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the CLI ({@link Warren#execute}): its exit code and what it wrote to standard error. */
record CliRun(int code, String stderr) {
    static CliRun of(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            code = Warren.execute(args);
        } finally {
            System.setErr(saved);
        }
        return new CliRun(code, buffer.toString(StandardCharsets.UTF_8));
    }
}
