package dev.warren.store;

import java.time.Instant;

/**
 * One step of a traffic series.
 *
 * @param at         the step's start
 * @param deviceId   the series' device; {@code null} when grouped by {@link TrafficQuery.Grouping#TOTAL}
 * @param deviceName the name the device had when the traffic was counted (the latest one in the step)
 * @param service    the series' service; {@code null} unless grouped by {@link TrafficQuery.Grouping#SERVICE}
 */
public record TrafficPoint(Instant at, String deviceId, String deviceName, String service, long bytesToDevice,
        long bytesFromDevice, long sessions) {}
