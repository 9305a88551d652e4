package dev.warren.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/** What the contract interfaces need from the test class: an open store, unique names, fixed values. */
interface StoreAccess {
    String FINGERPRINT = "ab".repeat(32);
    String OTHER_FINGERPRINT = "cd".repeat(32);
    Instant IN_A_YEAR = Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    AtomicLong COUNTER = new AtomicLong();

    WarrenStore store();

    /** {@code base} plus a suffix no other test in this JVM uses. */
    default String unique(String base) {
        return base + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }

    /** Now, to the microsecond, as the store keeps instants. */
    default Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
