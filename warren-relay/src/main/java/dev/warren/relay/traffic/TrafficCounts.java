package dev.warren.relay.traffic;

/** What accumulated for one device service in one minute, not yet written; immutable, replaced on each add. */
record TrafficCounts(String deviceName, long toDevice, long fromDevice, long sessions) {
    TrafficCounts plus(TrafficCounts o) {
        return new TrafficCounts(o.deviceName, toDevice + o.toDevice, fromDevice + o.fromDevice, sessions + o.sessions);
    }
}
