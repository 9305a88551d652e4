package dev.warren.protocol.session;

/**
 * The stream ids of one session (docs/PROTOCOL.md, Streams): the ones this side gives its own streams, odd for the
 * dialer and even for the acceptor, increasing; and the highest one the peer used, which each new OPEN must exceed.
 * Ids below both marks were used and are gone. Event loop only.
 */
final class StreamIds {
    private final boolean dialer;
    private int nextLocal;
    private int highestPeer;

    StreamIds(MuxSession.Side side) {
        this.dialer = side == MuxSession.Side.DIALER;
        this.nextLocal = dialer ? 1 : 2;
    }

    /** No id is left for a stream of this side (the session must be redialed). */
    boolean exhausted() {
        return nextLocal < 0;
    }

    /** The id of the next stream this side opens; check {@link #exhausted} first. */
    int next() {
        int id = nextLocal;
        nextLocal += 2; // past Integer.MAX_VALUE it turns negative: exhausted
        return id;
    }

    boolean isLocal(int id) {
        return (id & 1) == (dialer ? 1 : 0);
    }

    /** Takes the id of an OPEN from the peer: null when it is valid (it is the highest now), else what is wrong. */
    String acceptPeer(int id) {
        if (isLocal(id)) {
            return "OPEN with stream id " + id + " (expected: " + (dialer ? "even" : "odd") + ")";
        }
        if (id <= highestPeer) {
            return "OPEN with stream id " + id + " (expected: > " + highestPeer + ")";
        }
        highestPeer = id;
        return null;
    }

    /** The highest id the peer opened, for GOAWAY. */
    int highestPeer() {
        return highestPeer;
    }

    /** Ids below the high-water marks were used and are gone: late frames for them are a race, not an error. */
    boolean isKnownClosed(int id) {
        return isLocal(id) ? id < nextLocal || nextLocal < 0 : id <= highestPeer;
    }
}
