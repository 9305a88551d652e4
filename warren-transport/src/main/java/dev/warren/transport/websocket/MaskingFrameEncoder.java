package dev.warren.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.List;

/**
 * The dialer's WebSocket frame encoder (RFC 6455 §5.2-5.3): every frame masked with a fresh key, as a client's must
 * be. It replaces Netty's {@code WebSocket08FrameEncoder} on the client side because that one masks the payload by
 * reading and writing it 8 bytes at a time through the {@link ByteBuf}: with Netty's paranoid leak detection (which
 * the tests run with) every such access records a stack trace, masking a 64 KiB DATA frame took milliseconds, and a
 * busy agent or operator saturated its one event loop, answered no PING and was closed with KEEPALIVE_TIMEOUT after
 * its first 16 KiB per stream. Here the payload is masked through NIO views of both buffers in one pass.
 */
@Sharable
final class MaskingFrameEncoder extends MessageToMessageEncoder<WebSocketFrame> implements WebSocketFrameEncoder {
    static final MaskingFrameEncoder INSTANCE = new MaskingFrameEncoder();

    /** Masking keys must be unpredictable (RFC 6455 §5.3); one generator for every connection is enough. */
    private static final SecureRandom KEYS = new SecureRandom();

    private MaskingFrameEncoder() {
        super(WebSocketFrame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        ByteBuf payload = frame.content();
        int length = payload.readableBytes();
        int lengthBytes = length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8;
        ByteBuf encoded = ctx.alloc().buffer(2 + lengthBytes + 4 + length);
        encoded.writeByte((frame.isFinalFragment() ? 0x80 : 0) | (frame.rsv() & 0x7) << 4 | opcode(frame));
        if (lengthBytes == 0) {
            encoded.writeByte(0x80 | length);
        } else if (lengthBytes == 2) {
            encoded.writeByte(0x80 | 126);
            encoded.writeShort(length);
        } else {
            encoded.writeByte(0x80 | 127);
            encoded.writeLong(length);
        }
        int key = KEYS.nextInt();
        encoded.writeInt(key);
        mask(payload, encoded, key, length);
        out.add(encoded);
    }

    /** Writes {@code length} bytes of {@code from} to {@code to}, XORed with {@code key} repeated (big-endian). */
    static void mask(ByteBuf from, ByteBuf to, int key, int length) {
        if (length == 0) {
            return;
        }
        int at = to.writerIndex();
        ByteBuffer src = from.nioBuffer(from.readerIndex(), length).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer dst = to.nioBuffer(at, length).order(ByteOrder.BIG_ENDIAN);
        int s = src.position();
        int d = dst.position();
        long key64 = (key & 0xFFFF_FFFFL) << 32 | (key & 0xFFFF_FFFFL);
        int i = 0;
        for (int words = length & ~7; i < words; i += 8) {
            dst.putLong(d + i, src.getLong(s + i) ^ key64);
        }
        for (; i < length; i++) {
            dst.put(d + i, (byte) (src.get(s + i) ^ key >>> (24 - 8 * (i & 3))));
        }
        to.writerIndex(at + length);
    }

    private static int opcode(WebSocketFrame frame) {
        return switch (frame) {
            case ContinuationWebSocketFrame f -> 0x0;
            case TextWebSocketFrame f -> 0x1;
            case BinaryWebSocketFrame f -> 0x2;
            case CloseWebSocketFrame f -> 0x8;
            case PingWebSocketFrame f -> 0x9;
            case PongWebSocketFrame f -> 0xA;
            default -> throw new IllegalArgumentException("WebSocket frame of type " + frame.getClass().getSimpleName());
        };
    }
}
