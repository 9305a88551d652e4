package dev.warren.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * {@link Frame}s to bytes. A DATA frame goes out as a 9-byte header followed by its payload buffer unchanged (no
 * copy), or, when it owns the bytes in front of its payload ({@link DataFrame#headerInPlace}), as that one buffer with
 * the header written over them; a small payload (a keystroke, an echo) is copied behind its header into one buffer;
 * other frames are encoded into one buffer.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends ChannelOutboundHandlerAdapter {
    public static final FrameEncoder INSTANCE = new FrameEncoder();

    /**
     * Payloads up to this size leave in one buffer with their header, copied. Two buffers (a 9-byte header, then the
     * payload) cost more than the copy: the TLS handler joins them anyway before it encrypts, into a buffer it
     * allocates and copies both into, and on the agent (Netty's unpooled allocator) every buffer is a malloc and a
     * free (docs/BENCHMARKS.md, "the round trip, per JVM"). Larger payloads stay uncopied.
     */
    static final int COPY_MAX = 1024;

    private FrameEncoder() {}

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof Frame frame)) {
            ctx.write(msg, promise);
            return;
        }
        if (frame instanceof DataFrame data) {
            ByteBuf payload = data.content();
            if (data.headerInPlace()) {
                int at = payload.readerIndex() - FrameDecoder.HEADER_SIZE;
                setHeader(payload, at, payload.readableBytes(), frame);
                payload.readerIndex(at);
                ctx.write(payload, promise);
                return;
            }
            int length = payload.readableBytes();
            if (length <= COPY_MAX) {
                ByteBuf out = ctx.alloc().buffer(FrameDecoder.HEADER_SIZE + length);
                writeHeader(out, length, frame);
                out.writeBytes(payload, payload.readerIndex(), length);
                data.release();
                ctx.write(out, promise);
                return;
            }
            ByteBuf header = ctx.alloc().buffer(FrameDecoder.HEADER_SIZE);
            writeHeader(header, length, frame);
            ctx.write(header, ctx.voidPromise());
            ctx.write(payload, promise); // ownership of the payload passes on with the write
            return;
        }
        ByteBuf out = ctx.alloc().buffer(64);
        try {
            out.writerIndex(FrameDecoder.HEADER_SIZE);
            frame.encodePayload(out);
            int length = out.writerIndex() - FrameDecoder.HEADER_SIZE;
            int end = out.writerIndex();
            out.writerIndex(0);
            writeHeader(out, length, frame);
            out.writerIndex(end);
        } catch (RuntimeException e) {
            out.release();
            promise.setFailure(e);
            return;
        }
        ctx.write(out, promise);
    }

    /** Encodes a frame into a fresh buffer; for tests and tools that speak the protocol without a pipeline. */
    public static ByteBuf encode(Frame frame, io.netty.buffer.ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        out.writerIndex(FrameDecoder.HEADER_SIZE);
        frame.encodePayload(out);
        int end = out.writerIndex();
        out.writerIndex(0);
        writeHeader(out, end - FrameDecoder.HEADER_SIZE, frame);
        out.writerIndex(end);
        if (frame instanceof DataFrame data) {
            data.release();
        }
        return out;
    }

    private static void setHeader(ByteBuf out, int at, int length, Frame frame) {
        out.setMedium(at, length);
        out.setByte(at + 3, frame.type().code());
        out.setByte(at + 4, frame.flags());
        out.setInt(at + 5, frame.streamId());
    }

    private static void writeHeader(ByteBuf out, int length, Frame frame) {
        out.writeMedium(length);
        out.writeByte(frame.type().code());
        out.writeByte(frame.flags());
        out.writeInt(frame.streamId());
    }
}
