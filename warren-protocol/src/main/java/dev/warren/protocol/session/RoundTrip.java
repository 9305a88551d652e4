package dev.warren.protocol.session;

/**
 * The round-trip time of a session, from its PINGs (one outstanding at a time), smoothed as TCP smooths it
 * (7/8 of the old value and 1/8 of the new sample), for window auto-tuning ({@link ReceiveWindow}). Event loop only.
 */
final class RoundTrip {
    private long outstanding;
    private long smoothedNanos;

    /** A PING is sent at {@code now}: its payload, which the answer carries back. */
    long pingAt(long now) {
        outstanding = now == 0 ? 1 : now;
        return outstanding;
    }

    /** A PING's answer with {@code payload} arrived at {@code now}; answers to older PINGs are ignored. */
    void answered(long payload, long now) {
        if (payload == outstanding && outstanding != 0) {
            long rtt = Math.max(1, now - outstanding);
            smoothedNanos = smoothedNanos == 0 ? rtt : (7 * smoothedNanos + rtt) / 8;
            outstanding = 0;
        }
    }

    /** 0 before the first answer. */
    long smoothedNanos() {
        return smoothedNanos;
    }
}
