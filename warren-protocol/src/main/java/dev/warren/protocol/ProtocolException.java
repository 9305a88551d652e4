package dev.warren.protocol;

import io.netty.handler.codec.CorruptedFrameException;

/** A violation of the protocol by the peer: the session answers with GOAWAY(code, message) and closes. */
public final class ProtocolException extends CorruptedFrameException {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
