package dev.warren.api;

import java.util.Optional;
import java.util.Set;

/** What the REST API asks the relay about live connections; implementations are thread-safe and do not block. */
public interface RelayState {
    /** This relay node's id. */
    String nodeId();

    /** Whether this node holds the device's control connection right now. */
    boolean isOnline(String deviceId);

    /** The services the device's agent announced on this node; empty when it is not connected here. */
    Set<String> services(String deviceId);

    /**
     * What a session this node carries has relayed so far; empty when this node does not carry it (ended, or on
     * another node). The counts are read without a lock and may lag its event loop by a moment.
     */
    Optional<LiveBytes> liveBytes(String sessionId);

    /** Bytes relayed so far by a live session, each way. */
    record LiveBytes(long toDevice, long fromDevice) {}
}
