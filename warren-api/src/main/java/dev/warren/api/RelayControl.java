package dev.warren.api;

import java.util.Optional;

/**
 * What the REST API asks the relay to do to live connections after an admin's action; the store already says what
 * happened (the relay reads it at every admission and open), this makes it take effect at once for what is already
 * connected. Implementations are thread-safe and do not block; each method returns how many connections or streams
 * it ended on this node.
 */
public interface RelayControl {
    /** Why a device's connection is ended. */
    enum DeviceCut {
        /** Disconnect now; the agent may reconnect (its backoff applies). */
        DISCONNECT,
        /** The device was disabled: it is refused until enabled. */
        DISABLE,
        /** The device was deleted and its certificate revoked: it is refused from now on. */
        DELETE
    }

    /** Ends the device's connection on this node (and every stream through it), telling the agent why. */
    int cutDevice(String deviceId, DeviceCut cut, String reason);

    /**
     * Records that an admin disabled ({@code disabled}) or enabled a service of a device; disabling ends its live
     * streams on this node.
     */
    int serviceDisabled(String deviceId, String service, boolean disabled, String reason);

    /** Ends one live stream session; empty if this node does not carry it, else how it was cut. */
    Optional<String> cutSession(String sessionId, String reason);

    /** A grant was revoked: ends the live streams that run under it. */
    int grantRevoked(String grantId, String reason);

    /** A user was disabled: ends their operator connections and streams. */
    int userDisabled(String userId, String reason);

    /** An API token was revoked: ends the operator connections authenticated with it. */
    int tokenRevoked(String tokenId, String reason);

    /** A user certificate was revoked: ends the operator connections authenticated with it. */
    int certificateRevoked(String fingerprint, String reason);

    /**
     * Publishes {@code service} of {@code deviceId} on a relay port ({@code port}, or the first free one of the
     * relay's range when null) and starts listening on it; the allocation is in the store when this returns.
     *
     * @throws UnsupportedOperationException when published ports are off on this relay
     * @throws IllegalArgumentException      for a port outside the range (the message says which range)
     * @throws IllegalStateException         when no port is free or the port cannot be bound
     */
    default Publication publish(String deviceId, String service, Integer port, String createdBy) {
        throw new UnsupportedOperationException(PUBLISHING_OFF);
    }

    /** Stops publishing {@code port} and ends its live connections; false if it was not published. */
    default boolean unpublish(int port, String reason) {
        throw new UnsupportedOperationException(PUBLISHING_OFF);
    }

    /** How this relay publishes ports; empty when it does not. */
    default Optional<Publishing> publishing() {
        return Optional.empty();
    }

    String PUBLISHING_OFF = "published ports are off on this relay (expected: a relay started with --publish-range,"
            + " --publish-bind and --publish-allow)";

    /** A port published now: where it listens and whether the listener is up. */
    record Publication(int port, String deviceId, String service, String createdBy, java.time.Instant createdAt,
            String bind, boolean listening) {}

    /** The relay's publishing settings: the range, the address ports bind to, the networks allowed to connect. */
    record Publishing(int firstPort, int lastPort, String bind, java.util.List<String> allow,
            java.util.function.IntPredicate listening) {}

    /** Does nothing: for an API without a relay behind it. */
    RelayControl NONE = new RelayControl() {
        @Override
        public int cutDevice(String deviceId, DeviceCut cut, String reason) {
            return 0;
        }

        @Override
        public int serviceDisabled(String deviceId, String service, boolean disabled, String reason) {
            return 0;
        }

        @Override
        public Optional<String> cutSession(String sessionId, String reason) {
            return Optional.empty();
        }

        @Override
        public int grantRevoked(String grantId, String reason) {
            return 0;
        }

        @Override
        public int userDisabled(String userId, String reason) {
            return 0;
        }

        @Override
        public int tokenRevoked(String tokenId, String reason) {
            return 0;
        }

        @Override
        public int certificateRevoked(String fingerprint, String reason) {
            return 0;
        }
    };
}
