package dev.warren.testing.openssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a process to its end within a time bound, capturing its output. */
public final class Processes {
    private static final Duration GRACE = Duration.ofSeconds(5);

    private Processes() {}

    /** Runs {@code builder} with nothing on its standard input; see {@link #run(ProcessBuilder, Duration, byte[])}. */
    public static ProcessResult run(ProcessBuilder builder, Duration timeout) {
        return run(builder, timeout, new byte[0]);
    }

    /**
     * Starts {@code builder}, writes {@code stdin} to it and closes it (when its input is a pipe),
     * collects standard output and error (when they are pipes), and waits at most {@code timeout}.
     * A process still running then is destroyed together with every process it started, and the
     * result says so ({@link ProcessResult#timedOut()}).
     */
    public static ProcessResult run(ProcessBuilder builder, Duration timeout, byte[] stdin) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        List<String> command = List.copyOf(builder.command());
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outReader = pump(process.getInputStream(), out);
        Thread errReader = pump(process.getErrorStream(), err);
        Thread.ofVirtual().start(() -> feed(process.getOutputStream(), stdin));
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                destroyTree(process);
            }
            // a grandchild that kept the pipes open is gone too now; do not wait for it forever
            outReader.join(GRACE);
            errReader.join(GRACE);
        } catch (InterruptedException e) {
            destroyTree(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + String.join(" ", command), e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        int exit = process.isAlive() ? -1 : process.exitValue();
        return new ProcessResult(command, exit, text(out), text(err), timedOut, elapsed);
    }

    /** Kills {@code process} and all its descendants (SIGKILL), and waits a little for it to be gone. */
    public static void destroyTree(Process process) {
        // collect first: once the parent is dead its children are re-parented and out of sight
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        return Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (sink) {
                        sink.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process is gone: keep what was read
            }
        });
    }

    private static void feed(OutputStream in, byte[] bytes) {
        try (in) {
            in.write(bytes);
        } catch (IOException e) {
            // the process did not read it all (exited, or input redirected): its result tells
        }
    }

    private static String text(ByteArrayOutputStream sink) {
        synchronized (sink) {
            return sink.toString(StandardCharsets.UTF_8);
        }
    }
}
