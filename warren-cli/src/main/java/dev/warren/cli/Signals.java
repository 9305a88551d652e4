package dev.warren.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a long-running command alive until Ctrl-C or SIGTERM, then runs its cleanup once. */
final class Signals {
    private Signals() {}

    /** Runs {@code action} on each SIGHUP (on a thread of its own; where the JVM cannot take SIGHUP, nothing). */
    @SuppressWarnings("sunapi")
    static void onHangup(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> action.run());
        } catch (IllegalArgumentException e) {
            org.slf4j.LoggerFactory.getLogger(Signals.class).warn("SIGHUP cannot be handled here ({}): reload by file change only",
                    e.getMessage());
        }
    }

    static void awaitShutdown(Runnable cleanup) {
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch cleaned = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            done.countDown();
            try {
                cleanup.run();
            } finally {
                Logs.flush();
                cleaned.countDown();
            }
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            done.await();
            cleaned.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
