package dev.warren.protocol;

/** Who is at the other end of a session; sent in HELLO. */
public enum Role {
    AGENT(1),
    OPERATOR(2),
    RELAY(3),
    PEER_RELAY(4);

    private final int code;

    Role(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Role of(int code) {
        for (Role r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, "role: " + code + " (expected: 1..4)");
    }
}
