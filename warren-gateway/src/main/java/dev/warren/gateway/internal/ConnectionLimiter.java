package dev.warren.gateway.internal;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts open connections per source address and in total; {@link #acquire} refuses past either bound. */
public final class ConnectionLimiter {
    private final int perSource;
    private final int total;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> bySource = new ConcurrentHashMap<>();

    public ConnectionLimiter(int perSource, int total) {
        if (perSource < 1 || total < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        this.perSource = perSource;
        this.total = total;
    }

    /** Null if admitted, else the reason. */
    public String acquire(InetAddress source) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            return "too many connections (" + total + " in total)";
        }
        boolean[] over = {false};
        bySource.compute(source, (k, n) -> {
            int next = n == null ? 1 : n + 1;
            if (next > perSource) {
                over[0] = true;
                return n;
            }
            return next;
        });
        if (over[0]) {
            open.decrementAndGet();
            return "too many connections from this source (" + perSource + ")";
        }
        return null;
    }

    public void release(InetAddress source) {
        open.decrementAndGet();
        bySource.computeIfPresent(source, (k, n) -> n <= 1 ? null : n - 1);
    }

    public int open() {
        return open.get();
    }
}
