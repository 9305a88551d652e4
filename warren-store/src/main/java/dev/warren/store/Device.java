package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An enrolled device (an agent's machine).
 *
 * @param id              {@code d_} + 16 base32 characters, assigned by {@link Devices#create}
 * @param name            unique, 1..128 characters
 * @param labels          free-form labels (immutable, sorted by key)
 * @param certFingerprint SHA-256 of the current certificate's DER, 64 hex digits (kept lower case)
 * @param certNotAfter    the current certificate's expiry
 * @param lastSeenAt      last connect, disconnect or touch; {@code null} if never seen
 * @param online          whether a relay node holds its control connection
 * @param agentVersion    reported by the agent at connect; nullable
 * @param lastAddress     remote address of the last connection; nullable
 * @param onlineNode      the relay node that holds the connection; {@code null} when offline
 * @param disabledServices services an admin disabled on the relay side (immutable, sorted)
 */
public record Device(
        String id,
        String name,
        Map<String, String> labels,
        boolean disabled,
        Instant createdAt,
        Instant lastSeenAt,
        boolean online,
        String agentVersion,
        String certFingerprint,
        Instant certNotAfter,
        String lastAddress,
        String onlineNode,
        Set<String> disabledServices) {

    public Device {
        Checks.text("id", id, Checks.ID);
        Checks.text("name", name, Checks.NAME);
        labels = Checks.labels(labels);
        createdAt = Checks.instant("createdAt", createdAt);
        lastSeenAt = Checks.optionalInstant(lastSeenAt);
        Checks.optionalText("agentVersion", agentVersion, Checks.NAME);
        certFingerprint = Checks.fingerprint(certFingerprint);
        certNotAfter = Checks.instant("certNotAfter", certNotAfter);
        Checks.optionalText("lastAddress", lastAddress, Checks.TEXT);
        Checks.optionalText("onlineNode", onlineNode, Checks.NAME);
        TreeSet<String> services = new TreeSet<>();
        for (String service : disabledServices == null ? Set.<String>of() : disabledServices) {
            services.add(Checks.text("disabledServices", service, Checks.NAME));
        }
        disabledServices = Collections.unmodifiableSortedSet(services);
    }

    /** A device with no disabled service. */
    public Device(String id, String name, Map<String, String> labels, boolean disabled, Instant createdAt,
            Instant lastSeenAt, boolean online, String agentVersion, String certFingerprint, Instant certNotAfter,
            String lastAddress, String onlineNode) {
        this(id, name, labels, disabled, createdAt, lastSeenAt, online, agentVersion, certFingerprint, certNotAfter,
                lastAddress, onlineNode, Set.of());
    }

    /** Whether an admin disabled {@code service} of this device. */
    public boolean isServiceDisabled(String service) {
        return disabledServices.contains(service);
    }
}
