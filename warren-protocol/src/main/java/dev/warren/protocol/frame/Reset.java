package dev.warren.protocol.frame;

import dev.warren.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;

/** Aborts both directions of a stream. */
public record Reset(int streamId, ErrorCode code, String reason) implements Frame {

    public Reset {
        FrameType.requireStream(streamId);
        if (code == null || reason == null) {
            throw new IllegalArgumentException("code and reason must not be null");
        }
    }

    @Override
    public FrameType type() {
        return FrameType.RESET;
    }

    @Override
    public void encodePayload(ByteBuf out) {
        out.writeShort(code.code());
        Wire.writeString(out, reason);
    }

    static Reset decode(int streamId, ByteBuf in) {
        Wire.need(in, 2, "RESET code");
        ErrorCode code = ErrorCode.of(in.readUnsignedShort());
        return new Reset(streamId, code, Wire.readString(in, "RESET reason"));
    }
}
