package dev.warren.testing.openssh;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a finished (or timed-out) process ended: its exit code and what it printed.
 *
 * @param command  the command line that ran
 * @param exitCode its exit status; after a timeout, the status of the killed process
 * @param stdout   standard output, decoded as UTF-8 (empty when redirected elsewhere)
 * @param stderr   standard error, decoded as UTF-8 (empty when redirected or merged)
 * @param timedOut true when it did not end in time and its whole process tree was destroyed
 * @param elapsed  from start to end (or to destruction)
 */
public record ProcessResult(
        List<String> command, int exitCode, String stdout, String stderr, boolean timedOut, Duration elapsed) {

    public ProcessResult {
        command = List.copyOf(command);
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** True when the process ended by itself with status 0. */
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** Returns this result, or throws an {@link AssertionError} that describes it when it did not succeed. */
    public ProcessResult requireSuccess() {
        if (!succeeded()) {
            throw new AssertionError(describe());
        }
        return this;
    }

    /** The command, how it ended, and its output: for a failure message. */
    public String describe() {
        String ending = timedOut
                ? "timed out after " + elapsed.toMillis() + " ms: it and every process it started were destroyed"
                : "exited with status " + exitCode + " after " + elapsed.toMillis() + " ms";
        return String.join(" ", command) + "\n" + ending
                + "\n--- stdout ---\n" + stdout
                + "\n--- stderr ---\n" + stderr;
    }

    @Override
    public String toString() {
        return describe();
    }
}
