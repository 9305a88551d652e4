package dev.warren.relay.traffic;

import dev.warren.protocol.session.MuxStream;
import dev.warren.store.Traffic;
import dev.warren.store.TrafficSample;
import dev.warren.store.WarrenStore;
import dev.warren.store.WriteBehind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts traffic per device service and minute without a store write per stream or per byte. Bytes are read from each
 * live stream's own counters, on the stream's event loop, once per flush interval (and once more when it ends): the
 * difference since the last reading goes to the current minute. Each interval, what accumulated is written as one
 * batch ({@link Traffic#add}) through the {@link WriteBehind}, so a burst of streams costs one transaction; a crash
 * loses at most one interval. Every hour, minutes older than a day become hours and buckets older than the retention
 * go, through the same writer (this node's rows have one writer).
 */
public final class TrafficRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrafficRecorder.class);
    /** Minute rows older than this are rolled up into hours. */
    static final Duration KEEP_MINUTES = Duration.ofDays(1);
    private static final Duration MAINTENANCE_EVERY = Duration.ofHours(1);

    /** One stream the recorder follows. */
    public record Tracked(String sessionId, String deviceId, String deviceName, String service, MuxStream stream) {}

    private record Key(long minute, String deviceId, String service) {}

    /** The counters read last from a stream; touched only on the stream's event loop. */
    private static final class LastRead {
        long toDevice;
        long fromDevice;
    }

    private final WarrenStore store;
    private final WriteBehind writer;
    private final String nodeId;
    private final Clock clock;
    private final Duration retention;
    private final Supplier<Collection<Tracked>> live;
    private final ByteListener bytes;
    private final Map<Key, TrafficCounts> pending = new ConcurrentHashMap<>();
    private final Map<String, LastRead> lastRead = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile Instant nextMaintenance;

    /** Told of every byte count the recorder reads (metrics); called on event loops, must not block. */
    public interface ByteListener {
        ByteListener NONE = (toDevice, fromDevice) -> { };

        void counted(long toDevice, long fromDevice);
    }

    /**
     * Starts recording: reads {@code live} streams and writes every {@code flushEvery}.
     *
     * @param retention how long buckets are kept
     */
    public TrafficRecorder(WarrenStore store, WriteBehind writer, String nodeId, Clock clock, Duration flushEvery,
            Duration retention, Supplier<Collection<Tracked>> live, ByteListener bytes) {
        this.store = store;
        this.writer = writer;
        this.nodeId = nodeId;
        this.clock = clock;
        this.retention = retention;
        this.live = live;
        this.bytes = bytes;
        this.nextMaintenance = clock.instant();
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("traffic").daemon().factory());
        long every = flushEvery.toMillis();
        timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** A session opened: one more session in this minute for its device service. */
    public void opened(Tracked t) {
        lastRead.put(t.sessionId(), new LastRead());
        add(clock.instant(), t, 0, 0, 1);
    }

    /** A session ended with these final counts; call on its stream's event loop. */
    public void ended(Tracked t, long toDevice, long fromDevice) {
        read(t, toDevice, fromDevice);
        lastRead.remove(t.sessionId());
    }

    private void read(Tracked t, long toDevice, long fromDevice) {
        LastRead last = lastRead.get(t.sessionId());
        if (last == null) {
            return; // ended already
        }
        long to = toDevice - last.toDevice;
        long from = fromDevice - last.fromDevice;
        last.toDevice = toDevice;
        last.fromDevice = fromDevice;
        if (to > 0 || from > 0) {
            add(clock.instant(), t, to, from, 0);
            bytes.counted(to, from);
        }
    }

    private void add(Instant at, Tracked t, long to, long from, long sessions) {
        long minute = Traffic.floor(at.getEpochSecond(), Traffic.MINUTE);
        pending.merge(new Key(minute, t.deviceId(), t.service()), new TrafficCounts(t.deviceName(), to, from, sessions),
                TrafficCounts::plus);
    }

    /** Writes what the last readings found, then takes new readings (written next time). */
    private void tick() {
        try {
            flush();
            for (Tracked t : live.get()) {
                MuxStream s = t.stream();
                s.session().eventLoop().execute(() -> read(t, s.bytesSent(), s.bytesReceived()));
            }
            maintain();
        } catch (RuntimeException e) {
            log.warn("traffic recorder: {}", e.toString(), e);
        }
    }

    /** Hands what accumulated to the writer; public for tests and shutdown. */
    public void flush() {
        List<TrafficSample> samples = new ArrayList<>();
        for (Key k : List.copyOf(pending.keySet())) {
            TrafficCounts c = pending.remove(k);
            if (c != null) {
                samples.add(new TrafficSample(Instant.ofEpochSecond(k.minute()), k.deviceId(), c.deviceName(),
                        k.service(), c.toDevice(), c.fromDevice(), c.sessions()));
            }
        }
        if (!samples.isEmpty()) {
            writer.submit("traffic of " + samples.size() + " device service minute(s)",
                    () -> store.traffic().add(nodeId, samples));
        }
    }

    private void maintain() {
        Instant now = clock.instant();
        if (now.isBefore(nextMaintenance)) {
            return;
        }
        nextMaintenance = now.plus(MAINTENANCE_EVERY);
        writer.submit("traffic roll-up and retention", () -> {
            int rolled = store.traffic().rollUp(nodeId, now.minus(KEEP_MINUTES));
            int purged = store.traffic().purge(now.minus(retention));
            if (rolled + purged > 0) {
                log.info("traffic history: {} minute row(s) rolled up into hours, {} row(s) older than {} purged",
                        rolled, purged, retention);
            }
        });
    }

    /** Stops the timer and hands the last counts to the writer (close the writer after this). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
