package dev.warren.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** Stream bytes. Reference counted: whoever holds it last releases it. END_STREAM half-closes the sender's side. */
public final class DataFrame extends DefaultByteBufHolder implements Frame {
    public static final int FLAG_END_STREAM = 0x1;

    private final int streamId;
    private final boolean endStream;
    private final int length;

    public DataFrame(int streamId, ByteBuf content, boolean endStream) {
        super(content);
        FrameType.requireStream(streamId);
        this.streamId = streamId;
        this.endStream = endStream;
        this.length = content.readableBytes();
    }

    @Override
    public FrameType type() {
        return FrameType.DATA;
    }

    @Override
    public int streamId() {
        return streamId;
    }

    public boolean endStream() {
        return endStream;
    }

    @Override
    public int flags() {
        return endStream ? FLAG_END_STREAM : 0;
    }

    @Override
    public void encodePayload(ByteBuf out) {
        out.writeBytes(content(), content().readerIndex(), content().readableBytes());
    }

    @Override
    public DataFrame replace(ByteBuf content) {
        return new DataFrame(streamId, content, endStream);
    }

    @Override
    public String toString() {
        return "DATA(" + streamId + ", " + length + " bytes" + (endStream ? ", END_STREAM" : "") + ")";
    }
}
