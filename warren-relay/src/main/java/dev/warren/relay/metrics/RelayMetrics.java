package dev.warren.relay.metrics;

import dev.warren.store.WriteBehind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay's meters. Labels take values from small fixed sets only (protocol error codes, OpenSSL reason codes,
 * roles), never from what a peer sends, so a hostile peer cannot grow the registry.
 */
public final class RelayMetrics implements AutoCloseable {
    /** An OpenSSL/BoringSSL reason such as {@code ...:CERTIFICATE_VERIFY_FAILED}: upper case, digits, underscores. */
    private static final Pattern SSL_REASON = Pattern.compile("([A-Z][A-Z0-9_]{2,63})\\s*$");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter streamsOpened;
    private final Counter bytesToDevice;
    private final Counter bytesFromDevice;
    private final java.util.concurrent.atomic.AtomicLong lastBackup = new java.util.concurrent.atomic.AtomicLong();

    public RelayMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        streamsOpened = Counter.builder("warren.streams").description("Operator streams joined to a device service")
                .register(registry);
        bytesToDevice = Counter.builder("warren.stream.bytes").tag("direction", "to_device").baseUnit("bytes")
                .description("Bytes relayed between operators and devices").register(registry);
        bytesFromDevice = Counter.builder("warren.stream.bytes").tag("direction", "from_device").baseUnit("bytes")
                .description("Bytes relayed between operators and devices").register(registry);
        Gauge.builder("warren.backup.last.success", lastBackup, java.util.concurrent.atomic.AtomicLong::get)
                .baseUnit("seconds").description("Unix time of the last backup written (0: none since start)")
                .register(registry);
    }

    /** Gauges read when scraped. */
    public void gauges(IntSupplier devicesOnline, IntSupplier streamsOpen, IntSupplier operatorsConnected) {
        Gauge.builder("warren.devices.online", devicesOnline::getAsInt)
                .description("Agents connected to this relay node").register(registry);
        Gauge.builder("warren.streams.open", streamsOpen::getAsInt).description("Streams being relayed now")
                .register(registry);
        Gauge.builder("warren.operators.connected", operatorsConnected::getAsInt)
                .description("Operator sessions connected to this relay node").register(registry);
    }

    /** Queue depth, refusals and batch times of one store writer ({@code store}, {@code audit}). */
    public void storeWriter(String name, WriteBehind writer) {
        Gauge.builder("warren.store.write.queue", writer::pending).tag("writer", name)
                .description("Store writes waiting").register(registry);
        FunctionCounter.builder("warren.store.writes.refused", writer, WriteBehind::refused).tag("writer", name)
                .description("Store writes refused because the queue was full").register(registry);
        Timer committed = Timer.builder("warren.store.write").tag("writer", name).tag("outcome", "committed")
                .description("Time to write one batch (one transaction)").register(registry);
        Timer failed = Timer.builder("warren.store.write").tag("writer", name).tag("outcome", "failed")
                .description("Time to write one batch (one transaction)").register(registry);
        writer.observe((writes, nanos, ok) -> (ok ? committed : failed).record(nanos, TimeUnit.NANOSECONDS));
    }

    public void streamOpened() {
        streamsOpened.increment();
    }

    public void bytes(long toDevice, long fromDevice) {
        bytesToDevice.increment(toDevice);
        bytesFromDevice.increment(fromDevice);
    }

    /** A TLS handshake on the relay's port failed; the reason is OpenSSL's code or the exception's class. */
    public void handshakeFailed(Throwable cause) {
        Counter.builder("warren.tls.handshake.failures").tag("reason", handshakeReason(cause))
                .description("TLS handshakes that failed on the relay port").register(registry).increment();
    }

    /** An agent or operator was refused at HELLO; {@code code} is the protocol's error code. */
    public void authFailed(String role, String code) {
        Counter.builder("warren.auth.failures").tag("role", role.toLowerCase(Locale.ROOT)).tag("reason", code)
                .description("Agents and operators refused when they connected").register(registry).increment();
    }

    /** An operator stream was refused with {@code code} (any reason, grants included). */
    public void streamRefused(String code) {
        Counter.builder("warren.stream.refusals").tag("reason", code).description("Operator streams refused")
                .register(registry).increment();
    }

    /** Access control refused an operator stream: no live grant covers it, or the device or service is disabled. */
    public void grantRefused(String code) {
        Counter.builder("warren.grant.refusals").tag("reason", code)
                .description("Operator streams refused by access control (no live grant, disabled)")
                .register(registry).increment();
    }

    /** A backup was written ({@code true}) or failed. */
    public void backup(boolean ok) {
        Counter.builder("warren.backups").tag("outcome", ok ? "written" : "failed")
                .description("Backups the relay took (scheduled and online)").register(registry).increment();
        if (ok) {
            lastBackup.set(System.currentTimeMillis() / 1000);
        }
    }

    /** The Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    static String handshakeReason(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message != null) {
            Matcher m = SSL_REASON.matcher(message);
            if (m.find()) {
                return m.group(1).toLowerCase(Locale.ROOT);
            }
        }
        return root.getClass().getSimpleName();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
