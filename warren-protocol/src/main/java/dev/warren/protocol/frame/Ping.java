package dev.warren.protocol.frame;

import io.netty.buffer.ByteBuf;

/** Keep-alive and round-trip probe; the answer carries the same payload and the ACK flag. */
public record Ping(long payload, boolean ack) implements Frame {
    public static final int FLAG_ACK = 0x1;

    @Override
    public FrameType type() {
        return FrameType.PING;
    }

    @Override
    public int streamId() {
        return 0;
    }

    @Override
    public int flags() {
        return ack ? FLAG_ACK : 0;
    }

    @Override
    public void encodePayload(ByteBuf out) {
        out.writeLong(payload);
    }

    static Ping decode(int flags, ByteBuf in) {
        Wire.need(in, 8, "PING");
        return new Ping(in.readLong(), (flags & FLAG_ACK) != 0);
    }
}
