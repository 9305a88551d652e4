package dev.warren.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The device registry. Updates that name an unknown device throw {@link NotFoundException}.
 */
public interface Devices {
    /**
     * Registers a device with a new id ({@code d_} + 16 base32 characters), offline and enabled.
     *
     * @throws DuplicateNameException if the name is taken
     */
    Device create(String name, Map<String, String> labels, String certFingerprint, Instant certNotAfter);

    Optional<Device> byId(String id);

    Optional<Device> byName(String name);

    /** All devices, by name. */
    List<Device> list();

    /** The device connected to {@code node}: online, with address, agent version and last seen time. */
    void markOnline(String id, String node, String address, String agentVersion, Instant at);

    /** The device disconnected, from whichever node held it. */
    void markOffline(String id, Instant at);

    /**
     * The device disconnected from {@code node}; does nothing (returns {@code false}) if another node
     * holds it by now, e.g. because the agent already reconnected elsewhere in a cluster.
     */
    boolean markOffline(String id, String node, Instant at);

    /** Marks offline every device that {@code node} held (on relay start); returns how many. */
    int markAllOffline(String node);

    /** Last seen at {@code at}; never moves the time backwards. */
    void touch(String id, Instant at);

    /** A new certificate for the device (enrolled again): no earlier certificate may renew any more. */
    void updateCertificate(String id, String certFingerprint, Instant notAfter);

    /**
     * A renewal, as compare-and-set: {@code presentedFingerprint} must be the current certificate, or the one the last
     * renewal replaced as long as the current one has not connected (its agent never got the renewal's answer). The
     * certificate replaced is kept as the previous one; false, and nothing changes, if neither matches.
     */
    boolean renewCertificate(String id, String presentedFingerprint, String newFingerprint, Instant notAfter);

    void setDisabled(String id, boolean disabled);

    /** Replaces all labels. */
    void setLabels(String id, Map<String, String> labels);

    /** Removes the device; {@code false} if there was none. Its session history stays. */
    default boolean delete(String id) {
        return delete(id, "device deleted");
    }

    /**
     * Removes the device and, in the same transaction, records its current certificate as revoked with
     * {@code reason}; {@code false} if there was no such device. Its session history stays.
     */
    boolean delete(String id, String reason);

    /** Why a deleted device's certificate is refused; empty for any other certificate. */
    Optional<RevokedCertificate> revokedCertificate(String certFingerprint);

    /**
     * Disables or enables {@code service} on the relay side; {@code true} if that changed anything.
     *
     * @throws NotFoundException if there is no such device
     */
    boolean setServiceDisabled(String id, String service, boolean disabled);
}
