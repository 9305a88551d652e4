package dev.warren.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link RelayState} the test sets (which devices are connected here, with which services) and a {@link RelayControl}
 * that records what the API asked of it.
 */
public final class FakeRelay implements RelayState, RelayControl {
    private final Map<String, Set<String>> online = new ConcurrentHashMap<>();
    private final Set<String> liveSessions = ConcurrentHashMap.newKeySet();
    private final Map<String, LiveBytes> bytes = new ConcurrentHashMap<>();
    /** Every control call, as {@code method:argument:reason}. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile RuntimeException failure;

    void connect(String deviceId, Set<String> services) {
        online.put(deviceId, Set.copyOf(services));
    }

    void liveSession(String id) {
        liveSessions.add(id);
    }

    /** What the live session {@code id} has relayed so far (it must be live). */
    void relayed(String id, long toDevice, long fromDevice) {
        bytes.put(id, new LiveBytes(toDevice, fromDevice));
    }

    @Override
    public Optional<LiveBytes> liveBytes(String sessionId) {
        return liveSessions.contains(sessionId) ? Optional.ofNullable(bytes.get(sessionId)) : Optional.empty();
    }

    @Override
    public String nodeId() {
        return "node-test";
    }

    @Override
    public boolean isOnline(String deviceId) {
        if (failure != null) {
            throw failure;
        }
        return online.containsKey(deviceId);
    }

    @Override
    public Set<String> services(String deviceId) {
        return online.getOrDefault(deviceId, Set.of());
    }

    @Override
    public int cutDevice(String deviceId, DeviceCut cut, String reason) {
        calls.add("cutDevice:" + deviceId + ":" + cut + ":" + reason);
        return online.remove(deviceId) != null ? 1 : 0;
    }

    @Override
    public int serviceDisabled(String deviceId, String service, boolean disabled, String reason) {
        calls.add("serviceDisabled:" + deviceId + "/" + service + ":" + disabled + ":" + reason);
        return 0;
    }

    @Override
    public Optional<String> cutSession(String sessionId, String reason) {
        calls.add("cutSession:" + sessionId + ":" + reason);
        return liveSessions.remove(sessionId) ? Optional.of(reason) : Optional.empty();
    }

    @Override
    public int grantRevoked(String grantId, String reason) {
        calls.add("grantRevoked:" + grantId + ":" + reason);
        return 0;
    }

    @Override
    public int userDisabled(String userId, String reason) {
        calls.add("userDisabled:" + userId + ":" + reason);
        return 0;
    }

    @Override
    public int tokenRevoked(String tokenId, String reason) {
        calls.add("tokenRevoked:" + tokenId + ":" + reason);
        return 0;
    }

    @Override
    public int certificateRevoked(String fingerprint, String reason) {
        calls.add("certificateRevoked:" + fingerprint + ":" + reason);
        return 0;
    }
}
