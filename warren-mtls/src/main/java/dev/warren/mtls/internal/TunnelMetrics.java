package dev.warren.mtls.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One tunnel's meters, registered once (so every series exists from the start, at zero): connections accepted and
 * open, bytes each way, handshakes (full or resumed), handshake failures by reason, target connect failures, reloads.
 */
public final class TunnelMetrics {
    private final Counter accepted;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter handshakesFull;
    private final Counter handshakesResumed;
    private final Map<RefusalReason, Counter> failures = new EnumMap<>(RefusalReason.class);
    private final Counter connectFailures;
    private final Counter reloadsOk;
    private final Counter reloadsRefused;

    public TunnelMetrics(MeterRegistry registry, String tunnel, Supplier<Instant> certificateNotAfter) {
        accepted = Counter.builder("warren.mtls.connections.accepted").tag("tunnel", tunnel)
                .description("Connections accepted on the listener").register(registry);
        Gauge.builder("warren.mtls.connections.open", open, AtomicInteger::get).tag("tunnel", tunnel)
                .description("Connections open now").register(registry);
        bytesIn = Counter.builder("warren.mtls.bytes").tag("tunnel", tunnel).tag("direction", "to_target")
                .baseUnit("bytes").description("Bytes carried").register(registry);
        bytesOut = Counter.builder("warren.mtls.bytes").tag("tunnel", tunnel).tag("direction", "from_target")
                .baseUnit("bytes").description("Bytes carried").register(registry);
        handshakesFull = Counter.builder("warren.mtls.handshakes").tag("tunnel", tunnel).tag("resumed", "false")
                .description("TLS handshakes completed").register(registry);
        handshakesResumed = Counter.builder("warren.mtls.handshakes").tag("tunnel", tunnel).tag("resumed", "true")
                .description("TLS handshakes completed").register(registry);
        for (RefusalReason r : RefusalReason.values()) {
            failures.put(r, Counter.builder("warren.mtls.handshake.failures").tag("tunnel", tunnel).tag("reason", r.label())
                    .description("TLS handshakes failed or peers refused, by reason").register(registry));
        }
        connectFailures = Counter.builder("warren.mtls.connect.failures").tag("tunnel", tunnel)
                .description("Connections to the target that failed").register(registry);
        reloadsOk = Counter.builder("warren.mtls.reloads").tag("tunnel", tunnel).tag("result", "loaded").register(registry);
        reloadsRefused = Counter.builder("warren.mtls.reloads").tag("tunnel", tunnel).tag("result", "refused").register(registry);
        Gauge.builder("warren.mtls.certificate.expiry", certificateNotAfter,
                        s -> s.get().getEpochSecond() - Instant.now().getEpochSecond())
                .tag("tunnel", tunnel).baseUnit("seconds").description("Seconds until our certificate expires")
                .strongReference(true).register(registry);
    }

    void accepted() {
        accepted.increment();
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }

    /** Bytes passed on before the splice (read while connecting), counted like the rest. */
    void earlyBytes(Object msg) {
        if (msg instanceof io.netty.buffer.ByteBuf buf) {
            bytesIn.increment(buf.readableBytes());
        }
    }

    Counter bytes(boolean toTarget) {
        return toTarget ? bytesIn : bytesOut;
    }

    void handshake(boolean resumed) {
        (resumed ? handshakesResumed : handshakesFull).increment();
    }

    void handshakeFailed(RefusalReason reason) {
        failures.get(reason).increment();
    }

    public double handshakeFailures(RefusalReason reason) {
        return failures.get(reason).count();
    }

    void connectFailed() {
        connectFailures.increment();
    }

    public void reloaded(boolean ok) {
        (ok ? reloadsOk : reloadsRefused).increment();
    }
}
