package dev.warren.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.List;

/**
 * The relay's side of masking (RFC 6455 §5.3): removes the mask from every frame a dialer sends before Netty's frame
 * decoder sees it, which then checks everything else (opcodes, lengths, control frames, fragments) and is told to
 * expect unmasked frames. The payload is unmasked as it streams in, through NIO views in 8-byte words
 * ({@link MaskingFrameEncoder#mask}), where Netty's decoder reads and writes it 8 bytes at a time through the
 * {@link ByteBuf}: under paranoid leak detection each access records a stack trace, and a relay taking bulk from
 * several dialers on one loop spent whole seconds unmasking, long enough for their keep-alives to give up on it.
 *
 * <p>A frame that comes unmasked is a protocol error (close 1002), as the RFC wants of a server.
 */
final class ClientFrameUnmasker extends ByteToMessageDecoder {
    private boolean refused;
    private boolean inPayload;
    private long payloadLeft;
    private int key;
    /** Where in the frame's payload the next byte is, modulo 4: which byte of the key it takes. */
    private int keyPhase;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (refused) {
                in.skipBytes(in.readableBytes());
            } else if (inPayload) {
                int n = (int) Math.min(payloadLeft, in.readableBytes());
                ByteBuf plain = ctx.alloc().buffer(n);
                MaskingFrameEncoder.mask(in, plain, Integer.rotateLeft(key, 8 * keyPhase), n);
                in.skipBytes(n);
                out.add(plain);
                payloadLeft -= n;
                keyPhase = (keyPhase + n) & 3;
                inPayload = payloadLeft > 0;
            } else if (!header(ctx, in, out)) {
                return;
            }
        }
    }

    /** Rewrites one frame header without its mask; false when the header is not all here yet (or was refused). */
    private boolean header(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 2) {
            return false;
        }
        int r = in.readerIndex();
        int second = in.getUnsignedByte(r + 1);
        if ((second & 0x80) == 0) {
            refused = true;
            in.skipBytes(in.readableBytes());
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR,
                    "a client's frames must be masked")).addListener(ChannelFutureListener.CLOSE);
            return false;
        }
        int lengthCode = second & 0x7F;
        int lengthBytes = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
        if (in.readableBytes() < 2 + lengthBytes + 4) {
            return false;
        }
        long length = lengthBytes == 0 ? lengthCode : lengthBytes == 2 ? in.getUnsignedShort(r + 2) : in.getLong(r + 2);
        ByteBuf header = ctx.alloc().buffer(2 + lengthBytes);
        header.writeByte(in.getByte(r));
        header.writeByte(lengthCode); // MASK bit cleared
        header.writeBytes(in, r + 2, lengthBytes);
        key = in.getInt(r + 2 + lengthBytes);
        in.skipBytes(2 + lengthBytes + 4);
        out.add(header);
        payloadLeft = length; // a negative or oversized length is the frame decoder's to refuse, from the header
        keyPhase = 0;
        inPayload = payloadLeft > 0;
        return true;
    }
}
