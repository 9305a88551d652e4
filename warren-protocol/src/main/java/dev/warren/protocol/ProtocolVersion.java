package dev.warren.protocol;

/** The protocol versions this build speaks, and the ALPN name that selects the protocol on the relay port. */
public final class ProtocolVersion {
    public static final int MIN = 1;
    public static final int MAX = 1;
    /** ALPN protocol id of the Warren protocol; "http/1.1" on the same port is the REST API. */
    public static final String ALPN = "warren/1";

    private ProtocolVersion() {}

    /** The highest version both ranges contain, or -1. */
    public static int negotiate(int peerMin, int peerMax) {
        int high = Math.min(MAX, peerMax);
        return high >= Math.max(MIN, peerMin) ? high : -1;
    }
}
