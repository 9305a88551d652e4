package dev.warren.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps a long-running command alive until Ctrl-C or SIGTERM, then runs its cleanup once. */
final class Signals {
    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {}

    /**
     * Runs {@code action} on each SIGHUP (on a thread of its own). Where this process cannot take SIGHUP, one WARN line
     * says so, with {@code withoutIt}: what the user still has (e.g. "files are reloaded when they change").
     */
    @SuppressWarnings("sunapi")
    static void onHangup(Runnable action, String withoutIt) {
        try {
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> action.run());
            if (previous == sun.misc.SignalHandler.SIG_IGN) {
                // HotSpot installs nothing for a signal that was ignored when the process started (nohup, some
                // supervisors) and says so only by this answer; neither it nor a bash launcher can undo that ignore
                log.warn("SIGHUP is ignored in this process (its parent started it so: under nohup?): {}; to use SIGHUP,"
                        + " start it without nohup (setsid, a service manager) or through 'env --default-signal=HUP'", withoutIt);
            }
        } catch (IllegalArgumentException e) {
            log.warn("SIGHUP cannot be handled here ({}): {}", e.getMessage(), withoutIt);
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
