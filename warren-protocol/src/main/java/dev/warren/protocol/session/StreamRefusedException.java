package dev.warren.protocol.session;

import dev.warren.protocol.ErrorCode;

/** An open was refused (OPEN_RESULT with a non-zero code) or could not be sent. */
public final class StreamRefusedException extends Exception {
    private final ErrorCode code;

    public StreamRefusedException(ErrorCode code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public String reason() {
        return getMessage();
    }
}
