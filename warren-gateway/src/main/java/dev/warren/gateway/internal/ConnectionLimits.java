package dev.warren.gateway.internal;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts open client connections, per source address and in total. */
public final class ConnectionLimits {
    private final int perSource;
    private final int total;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> bySource = new ConcurrentHashMap<>();

    public ConnectionLimits(int perSource, int total) {
        this.perSource = perSource;
        this.total = total;
    }

    /** Takes a slot; returns a reason when the connection is over a limit (and then no slot is held). */
    public String acquire(InetAddress source) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            return "too many connections";
        }
        AtomicInteger n = bySource.computeIfAbsent(source, k -> new AtomicInteger());
        if (n.incrementAndGet() > perSource) {
            release(source);
            return "too many connections from this source";
        }
        return null;
    }

    public void release(InetAddress source) {
        open.decrementAndGet();
        bySource.computeIfPresent(source, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
}
