package dev.warren.cli;

import java.io.PrintStream;

/**
 * Where commands talk: details for people on standard error; on standard output only what scripts capture, with a
 * created secret alone on the last line.
 */
final class Output {
    private Output() {}

    static PrintStream err() {
        return System.err;
    }

    /** Prints a secret alone on the last line of standard output, after a hint on standard error. */
    static void secret(String hint, String secret) {
        System.err.println(hint);
        System.err.flush();
        System.out.println(secret);
        System.out.flush();
    }
}
