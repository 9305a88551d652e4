package dev.warren.protocol.frame;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Bytes to {@link Frame}s. Uses the composite cumulator (a merging cumulator copies every partial frame and measured
 * at 60% of the throughput); DATA payloads leave as retained slices of what was read, with the frame's header still in
 * front of them (the slice starts at the header, its reader index at the payload): whoever forwards the bytes may
 * write the next hop's header over it.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    public static final int HEADER_SIZE = 9;

    private final int maxFrameSize;
    private boolean failed;

    /** @param maxFrameSize the MAX_FRAME_SIZE this side advertises; larger frames are a FRAME_SIZE_ERROR */
    public FrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
        setCumulator(COMPOSITE_CUMULATOR);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes()); // the session is closing: ignore what else arrives
            return;
        }
        try {
            while (in.readableBytes() >= HEADER_SIZE) {
                int start = in.readerIndex();
                int length = in.getUnsignedMedium(start);
                if (length > maxFrameSize) {
                    throw new ProtocolException(
                            ErrorCode.FRAME_SIZE_ERROR,
                            "frame length: " + length + " (expected: <= " + maxFrameSize + ")");
                }
                if (in.readableBytes() < HEADER_SIZE + length) {
                    return;
                }
                FrameType type = FrameType.of(in.getUnsignedByte(start + 3));
                int flags = in.getUnsignedByte(start + 4);
                int streamId = in.getInt(start + 5) & 0x7FFF_FFFF;
                checkStreamScope(type, streamId);
                if (type == FrameType.DATA) {
                    ByteBuf framed = in.retainedSlice(start, HEADER_SIZE + length);
                    framed.readerIndex(HEADER_SIZE);
                    in.skipBytes(HEADER_SIZE + length);
                    out.add(new DataFrame(streamId, framed, (flags & DataFrame.FLAG_END_STREAM) != 0));
                    continue;
                }
                in.skipBytes(HEADER_SIZE);
                ByteBuf payload = in.readSlice(length);
                Frame frame = type.decode(streamId, flags, payload);
                if (payload.isReadable()) {
                    ReferenceCountUtil.release(frame);
                    throw new ProtocolException(
                            ErrorCode.PROTOCOL_ERROR,
                            type + " payload has " + payload.readableBytes() + " bytes after its last field");
                }
                out.add(frame);
            }
        } catch (ProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private static void checkStreamScope(FrameType type, int streamId) {
        if (type.connectionScoped() && streamId != 0) {
            throw new ProtocolException(
                    ErrorCode.PROTOCOL_ERROR, type + " on stream " + streamId + " (expected: stream 0)");
        }
        if (!type.connectionScoped() && streamId == 0) {
            throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, type + " on stream 0 (expected: a stream id > 0)");
        }
    }
}
