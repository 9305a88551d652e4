package dev.warren.relay.metrics;

import java.util.Map;

/** What {@code /readyz} checks: each named check true when ready. BLOCKING (a store round trip). */
@FunctionalInterface
public interface Readiness {
    /** Check name to whether it passes, e.g. {@code store} and {@code listener}. */
    Map<String, Boolean> check();
}
