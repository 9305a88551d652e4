package dev.warren.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store writes that must not block their caller (a Netty event loop) and must keep their order (a session's open
 * before its close, a device's online before its offline): one thread runs them in submission order. What queued up
 * while it was busy goes in one transaction, so a burst of streams costs a few commits, not one per row; if that
 * transaction fails, each write of it runs again on its own, so one bad write loses only itself.
 *
 * <p>With a {@code linger}, the writer waits that long after the first write of a batch before it runs the batch, so
 * that one transaction and one wake-up of its thread carry what arrives meanwhile instead of one each (a relay opening
 * streams one after the other); {@link #hurry()} ends the wait at once for a caller who waits for its write.
 *
 * <p>{@code afterCommit} of a write runs on the writer thread once its write is durable; {@code onFailure} instead
 * when it failed on its own. The queue is bounded: when the database falls that far behind (an outage, a flood of
 * streams), a new write is refused at once, its {@code onFailure} runs on the caller's thread, and memory stays
 * bounded whatever the peers do.
 *
 * <p>An idle writer sleeps on its queue until a write or {@link #close()} comes: no periodic wake-up.
 */
public final class WriteBehind implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriteBehind.class);
    private static final Runnable NOTHING = () -> { };
    /** Queued by {@link #close()} to wake a writer asleep on an empty queue; never run. */
    private static final Write WAKE_UP = new Write("wake-up", NOTHING, NOTHING, e -> { });
    private static final long CLOSE_WAIT_SECONDS = 10;
    /** Writes waiting at most; a few hundred bytes each. */
    public static final int DEFAULT_CAPACITY = 100_000;

    /** One queued write. */
    private record Write(String what, Runnable write, Runnable afterCommit, Consumer<RuntimeException> onFailure) {}

    private final WarrenStore store;
    private final int maxBatch;
    private final long lingerNanos;
    private final LinkedBlockingQueue<Write> queue;
    private final AtomicLong refused = new AtomicLong();
    private final Thread thread;
    private volatile Observer observer = Observer.NONE;
    private volatile Runnable afterBatch = NOTHING;
    private volatile boolean closed;
    private volatile boolean hurried;

    /** Told how long each batch took (metrics); runs on the writer thread, must be quick. */
    public interface Observer {
        Observer NONE = (writes, nanos, committed) -> { };

        /** {@code committed}: the batch's transaction committed (false: it failed and its writes ran one by one). */
        void batch(int writes, long nanos, boolean committed);
    }

    /** A writer thread named {@code name}, grouping up to {@code maxBatch} queued writes per transaction. */
    public WriteBehind(WarrenStore store, String name, int maxBatch) {
        this(store, name, maxBatch, DEFAULT_CAPACITY);
    }

    /** As above, with at most {@code capacity} writes waiting. */
    public WriteBehind(WarrenStore store, String name, int maxBatch, int capacity) {
        this(store, name, maxBatch, capacity, Duration.ZERO);
    }

    /** As above, waiting {@code linger} after the first write of a batch for more to join it. */
    public WriteBehind(WarrenStore store, String name, int maxBatch, int capacity, Duration linger) {
        if (maxBatch < 1 || capacity < maxBatch) {
            throw new IllegalArgumentException("maxBatch, capacity: " + maxBatch + ", " + capacity
                    + " (expected: 1 <= maxBatch <= capacity)");
        }
        if (linger.isNegative() || linger.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("linger: " + linger + " (expected: 0 to 1 s)");
        }
        this.store = Objects.requireNonNull(store, "store");
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    /** Queues {@code write}; a failure is logged as "store write failed: what: why". */
    public void submit(String what, Runnable write) {
        submit(what, write, NOTHING, e -> log.warn("store write failed: {}: {}", what, e.getMessage()));
    }

    /**
     * Queues {@code write}; false (and nothing runs) after {@link #close()}. When the queue is full, {@code onFailure}
     * runs at once, here, with a {@link StoreException} that says so.
     */
    public boolean submit(String what, Runnable write, Runnable afterCommit, Consumer<RuntimeException> onFailure) {
        if (closed) {
            log.warn("store write dropped after shutdown: {}", what);
            return false;
        }
        if (queue.offer(new Write(what, write, afterCommit, onFailure))) {
            if (lingerNanos > 0 && queue.size() == maxBatch - 1) {
                LockSupport.unpark(thread); // a full batch waits: no reason to linger
            }
        } else {
            long n = refused.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                log.error("the store is {} writes behind; refused {} write(s) so far, this one: {}",
                        queue.size(), n, what);
            }
            onFailure.accept(new StoreException("store writes are " + queue.size() + " behind: " + what
                    + " not written"));
        }
        return true;
    }

    /** Runs what is queued without waiting out the linger (a caller waits for its write). */
    public void hurry() {
        hurried = true;
        LockSupport.unpark(thread);
    }

    /** Reports each batch to {@code o} from now on. */
    public void observe(Observer o) {
        this.observer = Objects.requireNonNull(o, "observer");
    }

    /**
     * Runs {@code r} on the writer thread after each batch, once the {@code afterCommit} (or {@code onFailure}) of every
     * write in it has run: what those callbacks gathered (the audit writer's lines) can leave in one go.
     */
    public void afterEachBatch(Runnable r) {
        this.afterBatch = Objects.requireNonNull(r, "afterBatch");
    }

    /** True on the writer's own thread (in a write or one of its callbacks). */
    public boolean onWriterThread() {
        return Thread.currentThread() == thread;
    }

    /** Writes waiting now. */
    public int pending() {
        return queue.size();
    }

    /** How many writes were refused because the queue was full. */
    public long refused() {
        return refused.get();
    }

    private void run() {
        List<Write> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Write first = queue.take();
                if (first == WAKE_UP) {
                    continue; // closed: the loop ends once the queue is empty
                }
                batch.add(first);
                linger();
                queue.drainTo(batch, maxBatch - 1);
                batch.removeIf(w -> w == WAKE_UP);
                try {
                    runBatch(batch);
                } finally {
                    afterBatch.run();
                }
            } catch (InterruptedException e) {
                if (closed) {
                    queue.drainTo(batch);
                    batch.forEach(w -> log.warn("store write dropped at shutdown: {}", w.what()));
                    return;
                }
            } catch (RuntimeException e) {
                log.error("store writer: {}", e.toString(), e); // a callback threw; the writer goes on
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Sleeps out the linger: writes submitted meanwhile do not wake this thread (it does not wait on the queue), they
     * join the batch. Ends early on {@link #hurry()}, on {@link #close()}, or once a full batch waits.
     */
    private void linger() {
        long deadline = System.nanoTime() + lingerNanos;
        for (long left = lingerNanos; left > 0 && !hurried && !closed && queue.size() < maxBatch - 1;
                left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
        hurried = false;
    }

    private void runBatch(List<Write> batch) {
        long start = System.nanoTime();
        if (batch.size() == 1) {
            boolean ok = runAlone(batch.get(0));
            observer.batch(1, System.nanoTime() - start, ok);
            return;
        }
        try {
            store.inOneTransaction(() -> batch.forEach(w -> w.write().run()));
        } catch (RuntimeException e) {
            log.debug("a transaction of {} writes failed ({}); running each on its own", batch.size(), e.getMessage());
            batch.forEach(this::runAlone);
            observer.batch(batch.size(), System.nanoTime() - start, false);
            return;
        }
        observer.batch(batch.size(), System.nanoTime() - start, true);
        batch.forEach(w -> w.afterCommit().run());
    }

    private boolean runAlone(Write w) {
        try {
            w.write().run();
        } catch (RuntimeException e) {
            w.onFailure().accept(e);
            return false;
        }
        w.afterCommit().run();
        return true;
    }

    /** Finishes queued writes (up to 10 s), then stops. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread); // ends a linger
        // wakes a writer asleep on the empty queue; a full queue has no sleeper, and the writer sees closed once empty
        queue.offer(WAKE_UP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
            if (thread.isAlive()) {
                log.warn("store writes still queued after {} s; giving up on them", CLOSE_WAIT_SECONDS);
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
