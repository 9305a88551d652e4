package dev.warren.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a long-running command alive until Ctrl-C or SIGTERM, then runs its cleanup once. */
final class Signals {
    private Signals() {}

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
