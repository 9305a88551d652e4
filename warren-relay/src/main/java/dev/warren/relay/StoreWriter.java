package dev.warren.relay;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store writes that must not block an event loop and must keep their order (a session's open before its close, a
 * device's online before its offline). One thread, in submission order; a failed write is logged and skipped.
 */
final class StoreWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "store-writer");
        t.setDaemon(true);
        return t;
    });

    void submit(String what, Runnable write) {
        try {
            thread.execute(() -> {
                try {
                    write.run();
                } catch (RuntimeException e) {
                    log.warn("store write failed: {}: {}", what, e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.warn("store write dropped after shutdown: {}", what);
        }
    }

    /** Finishes queued writes (bounded), then stops. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("store writes still queued after 10 s; giving up on them");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
