package dev.warren.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * Where a user's new dashboard password comes from: a file's first line, or standard input (asked for twice, without
 * echo, on a terminal; else its first line). Never the command line, where {@code ps} and the shell's history would
 * show it. The relay checks the password itself (length, the user's name) and says what is wrong.
 */
final class PasswordInput {
    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from this file's first line (keep it owner-only).")
    Path file;

    @Option(names = "--password-stdin", description = "Read the password from standard input (its first line; asked for"
            + " twice, without echo, on a terminal).")
    boolean stdin;

    /** Whether a password was asked for. */
    boolean given() {
        return file != null || stdin;
    }

    /** The password from the file or standard input ({@code fromStdinByDefault}: when neither option was given). */
    String read(boolean fromStdinByDefault) {
        if (file != null && stdin) {
            throw new CommandFailure(ExitCodes.USAGE, "--password-file and --password-stdin: give one of them");
        }
        String password;
        if (file != null) {
            password = firstLine(file);
        } else if (stdin || fromStdinByDefault) {
            Console console = System.console();
            password = console != null ? askTwice(console) : firstLineOfStdin();
        } else {
            return null;
        }
        if (password == null || password.isEmpty()) {
            throw new CommandFailure(ExitCodes.USAGE, "no password given" + (file != null ? " in " + file
                    : " on standard input") + " (expected: one line, at least 12 characters)");
        }
        return password;
    }

    /** A file's first line (without CR), for a password kept in a file. */
    static String firstLine(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return stripCr(nl < 0 ? text : text.substring(0, nl));
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "password file " + file + " cannot be read: "
                    + e.getClass().getSimpleName());
        }
    }

    private static String firstLineOfStdin() {
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? null : stripCr(line);
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "cannot read standard input: " + e.getClass().getSimpleName());
        }
    }

    /** The caller's current password, asked for once without echo (as passwd does); 2 if none is typed. */
    static String askCurrent(Console console) {
        char[] typed = console.readPassword("Current password: ");
        try {
            if (typed == null || typed.length == 0) {
                throw new CommandFailure(ExitCodes.USAGE, "no current password given; nothing changed");
            }
            return new String(typed);
        } finally {
            if (typed != null) {
                Arrays.fill(typed, '\0');
            }
        }
    }

    private static String askTwice(Console console) {
        char[] first = console.readPassword("New password: ");
        char[] second = console.readPassword("The same again: ");
        try {
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new CommandFailure(ExitCodes.USAGE, "the two passwords differ; nothing changed");
            }
            return new String(first);
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
