package dev.warren.protocol.frame;

import dev.warren.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;

/** The sender accepts no new streams above lastStreamId; a dialer should wait retryAfterMillis before redialing. */
public record GoAway(int lastStreamId, ErrorCode code, String reason, int retryAfterMillis) implements Frame {

    public GoAway {
        if (lastStreamId < 0 || retryAfterMillis < 0) {
            throw new IllegalArgumentException(
                    "lastStreamId: " + lastStreamId + ", retryAfterMillis: " + retryAfterMillis + " (expected: >= 0)");
        }
        if (code == null || reason == null) {
            throw new IllegalArgumentException("code and reason must not be null");
        }
    }

    @Override
    public FrameType type() {
        return FrameType.GOAWAY;
    }

    @Override
    public int streamId() {
        return 0;
    }

    @Override
    public void encodePayload(ByteBuf out) {
        out.writeInt(lastStreamId);
        out.writeShort(code.code());
        Wire.writeString(out, reason);
        out.writeInt(retryAfterMillis);
    }

    static GoAway decode(ByteBuf in) {
        Wire.need(in, 6, "GOAWAY");
        int last = in.readInt() & 0x7FFF_FFFF;
        ErrorCode code = ErrorCode.of(in.readUnsignedShort());
        String reason = Wire.readString(in, "GOAWAY reason");
        Wire.need(in, 4, "GOAWAY retry-after");
        return new GoAway(last, code, reason, (int) Math.min(in.readUnsignedInt(), Integer.MAX_VALUE));
    }
}
