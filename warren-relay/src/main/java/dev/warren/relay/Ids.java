package dev.warren.relay;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Identifiers the relay hands out. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** A stream session id: {@code s_} + 16 hex digits. */
    static String session() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return "s_" + HexFormat.of().formatHex(b);
    }

    /** A relay node id: {@code n_} + 8 hex digits. */
    static String node() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return "n_" + HexFormat.of().formatHex(b);
    }
}
