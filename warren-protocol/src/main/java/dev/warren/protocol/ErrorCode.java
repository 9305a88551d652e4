package dev.warren.protocol;

/** Error codes carried by OPEN_RESULT, RESET and GOAWAY (docs/PROTOCOL.md, "Error codes"). */
public enum ErrorCode {
    NO_ERROR(0),
    PROTOCOL_ERROR(1),
    INTERNAL_ERROR(2),
    FLOW_CONTROL_ERROR(3),
    FRAME_SIZE_ERROR(4),
    STREAM_LIMIT(5),
    UNSUPPORTED_VERSION(6),
    UNAUTHENTICATED(7),
    FORBIDDEN(8),
    NO_SUCH_DEVICE(9),
    DEVICE_OFFLINE(10),
    NO_SUCH_SERVICE(11),
    CONNECT_FAILED(12),
    CANCELLED(13),
    SHUTTING_DOWN(14),
    KEEPALIVE_TIMEOUT(15),
    TIMEOUT(16),
    ADMIN_ACTION(17),
    GRANT_EXPIRED(18),
    DEVICE_DISABLED(19);

    private static final ErrorCode[] BY_CODE = new ErrorCode[20];

    static {
        for (ErrorCode c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Codes from a newer peer that this version does not know read as INTERNAL_ERROR. */
    public static ErrorCode of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : INTERNAL_ERROR;
    }
}
