package dev.warren.cli;

/** What {@code warren} exits with, so scripts can tell failures apart. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Something failed at run time (network, relay refused, I/O). */
    public static final int FAILURE = 1;
    /** The command line or a config file is wrong. */
    public static final int USAGE = 2;
    /** The relay (or the device) refused: not allowed, unknown device or service. */
    public static final int REFUSED = 3;
    /** Credentials missing, unknown, expired or revoked. */
    public static final int UNAUTHENTICATED = 4;

    private ExitCodes() {}
}
