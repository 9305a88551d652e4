package dev.warren.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Log lines written to standard error by a background thread, in batches. Logging a line costs the thread that logs it
 * a queue insertion: no wake-up of another thread and no system call, which matters where a line is logged per
 * connection (the gateway's decision line; measured in docs/BENCHMARKS.md: a writer woken per line was a context
 * switch and a write(2) per connection, a fifth of the gateway's CPU).
 *
 * <p>The writer sleeps while nothing is queued. The first line queued wakes it; it then lets lines gather for
 * {@code linger} and writes all of them with one write. A warning or an error, or a queue half full, wakes it at once.
 * Nothing is dropped: when the queue is full the logging thread waits for the writer. {@link #stop} returns after
 * everything queued before it has been written (logback's context stop, {@code Logs.flush}, on every normal exit).
 */
final class BatchingStderrAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private final Encoder<ILoggingEvent> encoder;
    private final Supplier<OutputStream> out;
    private final ArrayBlockingQueue<ILoggingEvent> queue;
    private final int wakeAt;
    private final long lingerNanos;
    private final AtomicBoolean writerIdle = new AtomicBoolean();
    private volatile boolean stopping;
    /** A warning or error is queued: write without lingering. */
    private volatile boolean urgent;
    private Thread writer;
    /** Held while a batch is taken from the queue and written: two writers never reorder lines. */
    private final Object writing = new Object();

    /** {@code out} is asked for the stream at each write (System.err may be replaced while the process runs). */
    BatchingStderrAppender(Encoder<ILoggingEvent> encoder, Supplier<OutputStream> out, int capacity, Duration linger) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 2)");
        }
        this.encoder = encoder;
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.wakeAt = capacity / 2;
        this.lingerNanos = linger.toNanos();
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        stopping = false;
        String thread = getName() == null ? "log-writer" : "log-writer-" + getName().toLowerCase(java.util.Locale.ROOT);
        writer = Thread.ofPlatform().daemon().name(thread).start(this::writeLoop);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing(); // message, thread name and MDC as they are now, not when written
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(event); // full: wait for the writer rather than lose the line
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (event.getLevel().isGreaterOrEqual(Level.WARN) || queue.size() >= wakeAt) {
            urgent = true;
            LockSupport.unpark(writer);
        } else if (writerIdle.get() && writerIdle.compareAndSet(true, false)) {
            LockSupport.unpark(writer); // once per batch: the writer is not idle again until it has written
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        List<ILoggingEvent> batch = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        while (true) {
            if (queue.isEmpty()) {
                if (stopping) {
                    return;
                }
                writerIdle.set(true);
                if (queue.isEmpty() && !stopping) { // checked again after saying so: a line queued meanwhile is seen
                    LockSupport.park(this);
                }
                writerIdle.set(false);
                continue;
            }
            if (!stopping && !urgent) {
                LockSupport.parkNanos(this, lingerNanos); // let the lines of this moment gather (a warning ends it)
            }
            urgent = false;
            synchronized (writing) {
                queue.drainTo(batch);
                write(batch, bytes);
            }
        }
    }

    /** Writes what is queued now, on the calling thread (a JVM shutdown hook: SIGTERM must not lose lines). */
    void flush() {
        synchronized (writing) {
            List<ILoggingEvent> rest = new ArrayList<>();
            queue.drainTo(rest);
            write(rest, new ByteArrayOutputStream());
        }
    }

    private void write(List<ILoggingEvent> batch, ByteArrayOutputStream bytes) {
        if (batch.isEmpty()) {
            return;
        }
        for (ILoggingEvent e : batch) {
            bytes.writeBytes(encoder.encode(e));
        }
        batch.clear();
        try {
            OutputStream stream = out.get();
            bytes.writeTo(stream);
            stream.flush();
        } catch (IOException | RuntimeException e) {
            addError("cannot write log lines to standard error", e);
        }
        bytes.reset();
    }

    /** Writes what is queued, then stops the writer (waits at most a few seconds for a stuck standard error). */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        LockSupport.unpark(writer);
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!writer.isAlive()) {
            flush(); // a line that raced with the stop is written here rather than lost
        }
    }
}
