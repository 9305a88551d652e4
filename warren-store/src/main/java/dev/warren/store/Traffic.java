package dev.warren.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Traffic history: bytes each way and sessions opened per device and service, in minute buckets that
 * {@link #rollUp} turns into hour buckets, until {@link #purge} removes them. Each relay node adds to its own rows
 * only, so that nodes never contend for one; {@link #query} sums over nodes.
 */
public interface Traffic {
    int MINUTE = 60;
    int HOUR = 3600;

    /** Adds each sample to its minute's row of {@code relayNode} (creating the row), in one transaction. */
    void add(String relayNode, Collection<TrafficSample> samples);

    /** Steps that have traffic, oldest first (empty steps are left out). */
    List<TrafficPoint> query(TrafficQuery q);

    /**
     * Sums {@code relayNode}'s minute rows that start before {@code before} (rounded down to an hour) into hour rows
     * and deletes them, in one transaction; returns how many minute rows it rolled up.
     */
    int rollUp(String relayNode, Instant before);

    /** Deletes every row (any node, any resolution) that starts before {@code before}; returns how many. */
    int purge(Instant before);

    /** {@code epochSecond} rounded down to a multiple of {@code step}. */
    static long floor(long epochSecond, long step) {
        return Math.floorDiv(epochSecond, step) * step;
    }
}
