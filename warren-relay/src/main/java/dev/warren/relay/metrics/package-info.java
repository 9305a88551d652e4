/**
 * Watching a relay: {@link dev.warren.relay.metrics.RelayMetrics} (Micrometer's Prometheus registry: devices online,
 * streams, bytes, handshake and authentication failures by reason, refusals, store writes, the JVM) and
 * {@link dev.warren.relay.metrics.MetricsServer}, the plain-HTTP listener of {@code /metrics}, {@code /healthz} and
 * {@code /readyz}.
 */
package dev.warren.relay.metrics;
