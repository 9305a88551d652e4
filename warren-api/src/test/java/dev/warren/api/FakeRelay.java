package dev.warren.api;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link RelayState} the test sets: which devices are connected here, with which services. */
public final class FakeRelay implements RelayState {
    private final Map<String, Set<String>> online = new ConcurrentHashMap<>();
    volatile RuntimeException failure;

    void connect(String deviceId, Set<String> services) {
        online.put(deviceId, Set.copyOf(services));
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
}
