package dev.warren.api.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.store.AuditEvent;
import dev.warren.store.WarrenStore;
import dev.warren.store.WriteBehind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail's one writer: every event goes, in submission order and on one thread ({@link WriteBehind}: what
 * queued up meanwhile shares one transaction), first to the store's append-only {@code audit_events} table, then as
 * one JSON line to an append-only file ({@code audit.log} in the
 * relay's data directory, owner-only). The file is a second copy that survives the database and feeds log shippers;
 * its lines carry the sequence number the store gave (null if the store write failed, so nothing is lost).
 *
 * <p>Callers on an event loop do not wait; the REST API waits for its own events (bounded), so that what an admin
 * did is in the trail before the answer says it was done. A writer opened with a linger (the relay's) gathers the
 * events of that long into one transaction; a caller who waits makes it write at once.
 *
 * <p>An event may carry a store write that belongs with it (a session's row with its {@code session.open}): both go in
 * the same transaction, and a failure of that write is logged and never costs the event its place in the trail.
 */
public final class AuditWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Audit events queued while the writer was busy, stored in one transaction. */
    private static final int MAX_BATCH = 256;

    private final WarrenStore store;
    private final WriteBehind writer;
    private final FileChannel file;
    private final Path path;
    /** The lines of the batch being written, and what waits for them: the writer thread's alone. */
    private final ByteArrayOutputStream batchLines = new ByteArrayOutputStream(8192);
    private final List<Runnable> afterLines = new ArrayList<>();

    /** Events waiting at most (each holds a few hundred bytes). */
    private static final int CAPACITY = WriteBehind.DEFAULT_CAPACITY;
    private static final Runnable NOTHING = () -> { };

    private AuditWriter(WarrenStore store, Path path, FileChannel file, Duration linger) {
        this.store = store;
        this.writer = new WriteBehind(store, "audit-writer", MAX_BATCH, CAPACITY, linger);
        this.path = path;
        this.file = file;
        writer.afterEachBatch(this::writeBatchLines);
    }

    /** A writer to the store and, unless {@code file} is null, to that JSON-lines file (created owner-only). */
    public static AuditWriter open(WarrenStore store, Path file) {
        return open(store, file, Duration.ZERO);
    }

    /** As above, gathering what arrives within {@code linger} of a first event into one transaction. */
    public static AuditWriter open(WarrenStore store, Path file, Duration linger) {
        Objects.requireNonNull(store, "store");
        if (file == null) {
            return new AuditWriter(store, null, null, linger);
        }
        try {
            if (!Files.exists(file) && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return new AuditWriter(store, file, channel, linger);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The JSON-lines file; {@code null} when there is none. */
    /** The writer thread underneath, for its queue depth and batch times (metrics). */
    public WriteBehind writer() {
        return writer;
    }

    public Path file() {
        return path;
    }

    /**
     * Queues the event; the future completes with the sequence number the store gave it (or fails if the store write
     * failed; the file still gets the line). Never throws: after {@link #close()} the event is logged and dropped.
     */
    public CompletableFuture<Long> append(AuditEvent event) {
        return append(event, null, NOTHING);
    }

    /**
     * As {@link #append(AuditEvent)}, with {@code alongside}, a store write that belongs with the event, run just
     * before it in the same transaction. If {@code alongside} fails, that is logged as "store write failed:
     * {@code what}: why" and the event is stored all the same.
     */
    public CompletableFuture<Long> append(AuditEvent event, String what, Runnable alongside) {
        return append(() -> event, what != null ? what : "audit event " + event.action(), alongside);
    }

    /**
     * As {@link #append(AuditEvent, String, Runnable)}, the event made by {@code event} on the writer's thread, so that
     * a caller on an event loop does not spend its time on it; {@code event} must read only values that do not change.
     */
    public CompletableFuture<Long> append(Supplier<AuditEvent> event, String what, Runnable alongside) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        long[] seq = new long[1];
        AuditEvent[] made = new AuditEvent[1]; // made once, by whichever thread needs it first (only one ever does)
        Supplier<AuditEvent> once = () -> made[0] != null ? made[0] : (made[0] = event.get());
        boolean queued = writer.submit(what, () -> {
                    runAlongside(what, alongside);
                    seq[0] = store.audit().append(once.get());
                },
                () -> writeLine(once.get(), seq[0], () -> done.complete(seq[0])),
                failure -> {
                    AuditEvent e = once.get();
                    log.error("audit event {} {} by {} could not be stored: {}", e.action(), e.outcome(), e.actor(),
                            failure.getMessage());
                    writeLine(e, null, () -> done.completeExceptionally(failure));
                });
        if (!queued) {
            AuditEvent e = once.get();
            log.warn("audit event dropped after shutdown: {} {} by {}", e.action(), e.outcome(), e.actor());
            done.completeExceptionally(new IllegalStateException("audit writer closed"));
        }
        return done;
    }

    private static void runAlongside(String what, Runnable alongside) {
        if (alongside == NOTHING) {
            return;
        }
        try {
            alongside.run();
        } catch (RuntimeException e) {
            log.warn("store write failed: {}: {}", what, e.getMessage());
        }
    }

    /** {@link #append} and wait up to 10 s; the REST API's way, so an action is on record before it is answered. */
    public void appendAndWait(AuditEvent event) {
        try {
            CompletableFuture<Long> stored = append(event);
            writer.hurry();
            stored.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // already logged by the writer thread
        }
    }

    /**
     * The event's line in the file, then {@code then} (its caller learns it is recorded). On the writer thread the line
     * joins its batch's, which leave in one write after the batch ({@link #writeBatchLines}); elsewhere (a write refused
     * because the queue is full) it is written at once.
     */
    private void writeLine(AuditEvent event, Long seq, Runnable then) {
        if (!writer.onWriterThread()) {
            if (file != null) {
                byte[] line = lineBytes(event, seq);
                if (line != null) {
                    synchronized (file) {
                        write(ByteBuffer.wrap(line), 1);
                    }
                }
            }
            then.run();
            return;
        }
        if (file != null) {
            byte[] line = lineBytes(event, seq);
            if (line != null) {
                batchLines.writeBytes(line);
            }
        }
        afterLines.add(then);
    }

    /** On the writer thread, after each batch: its lines in one write, then whoever waits for them. */
    private void writeBatchLines() {
        if (file != null && batchLines.size() > 0) {
            ByteBuffer lines = ByteBuffer.wrap(batchLines.toByteArray());
            batchLines.reset();
            synchronized (file) {
                write(lines, afterLines.size());
            }
        }
        for (Runnable then : afterLines) {
            then.run();
        }
        afterLines.clear();
    }

    private byte[] lineBytes(AuditEvent event, Long seq) {
        try {
            return (line(event, seq) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            log.error("audit event {} {} by {} could not be written to {}: {}", event.action(), event.outcome(),
                    event.actor(), path, e.toString());
            return null;
        }
    }

    private void write(ByteBuffer lines, int events) {
        try {
            while (lines.hasRemaining()) {
                file.write(lines);
            }
        } catch (IOException | RuntimeException e) {
            log.error("{} audit event line(s) could not be written to {}: {}", events, path, e.toString());
        }
    }

    static String line(AuditEvent e, Long seq) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("at", e.at().toString());
        m.put("actor", e.actor());
        m.put("action", e.action());
        m.put("target", e.target());
        m.put("deviceId", e.deviceId());
        m.put("subject", e.subject());
        m.put("source", e.sourceAddress());
        m.put("outcome", e.outcome());
        m.put("details", e.details());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot encode an audit event", ex);
        }
    }

    /** Writes what is queued (bounded), then closes the file. */
    @Override
    public void close() {
        writer.close();
        if (file != null) {
            try {
                file.force(false);
                file.close();
            } catch (IOException e) {
                log.warn("closing the audit log {}: {}", path, e.toString());
            }
        }
    }
}
