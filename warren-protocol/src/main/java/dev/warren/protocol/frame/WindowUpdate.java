package dev.warren.protocol.frame;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;

/** Returns credit to the sender of a stream's data. */
public record WindowUpdate(int streamId, int increment) implements Frame {

    public WindowUpdate {
        FrameType.requireStream(streamId);
        if (increment < 1) {
            throw new IllegalArgumentException("increment: " + increment + " (expected: 1.." + Integer.MAX_VALUE + ")");
        }
    }

    @Override
    public FrameType type() {
        return FrameType.WINDOW_UPDATE;
    }

    @Override
    public void encodePayload(ByteBuf out) {
        out.writeInt(increment);
    }

    static WindowUpdate decode(int streamId, ByteBuf in) {
        Wire.need(in, 4, "WINDOW_UPDATE");
        long increment = in.readUnsignedInt();
        if (increment < 1 || increment > Integer.MAX_VALUE) {
            throw new ProtocolException(
                    ErrorCode.FLOW_CONTROL_ERROR,
                    "window increment: " + increment + " (expected: 1.." + Integer.MAX_VALUE + ")");
        }
        return new WindowUpdate(streamId, (int) increment);
    }
}
