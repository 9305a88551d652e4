package dev.warren.protocol.session;

import dev.warren.protocol.ErrorCode;

/** A write to a stream that is closed for writing or gone. */
public final class StreamClosedException extends Exception {
    private final ErrorCode code;

    public StreamClosedException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
