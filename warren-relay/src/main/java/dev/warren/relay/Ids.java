package dev.warren.relay;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Identifiers the relay hands out. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /**
     * A stream session id: {@code s_} + 8 hex digits of the second it was made + 16 random hex digits. Ids that grow
     * with time keep the store's inserts keyed by them (the sessions' primary key, the audit trail's target index) at
     * the end of their B-trees, on the few pages written anyway, instead of on a random page of the whole index.
     */
    static String session() {
        return session(System.currentTimeMillis() / 1000);
    }

    static String session(long epochSecond) {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        HexFormat hex = HexFormat.of();
        return "s_" + hex.toHexDigits((int) epochSecond) + hex.formatHex(b);
    }

    /** A relay node id: {@code n_} + 8 hex digits. */
    static String node() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return "n_" + HexFormat.of().formatHex(b);
    }
}
