package dev.warren.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dialer's frames are masked as RFC 6455 wants and decode, byte for byte, with Netty's server decoder. */
class MaskingFrameEncoderTest {

    @Test
    void binaryFramesOfEveryLengthClassDecodeToTheSameBytes() {
        for (int length : new int[] {0, 1, 3, 7, 8, 9, 125, 126, 127, 4_099, 65_535, 65_536, 65_545, 70_001}) {
            byte[] payload = new byte[length];
            new Random(length).nextBytes(payload);
            WebSocketFrame decoded = roundTrip(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)));
            try {
                assertThat(decoded).as("length %d", length).isInstanceOf(BinaryWebSocketFrame.class);
                assertThat(decoded.isFinalFragment()).isTrue();
                assertThat(ByteBufUtil.getBytes(decoded.content())).as("length %d", length).isEqualTo(payload);
            } finally {
                decoded.release();
            }
        }
    }

    @Test
    void aSlicedPayloadIsReadFromItsReaderIndex() {
        ByteBuf buffer = Unpooled.buffer(100).writeBytes(new byte[37]).writeBytes("warren/1 bytes".getBytes());
        buffer.readerIndex(37);
        WebSocketFrame decoded = roundTrip(new BinaryWebSocketFrame(buffer));
        assertThat(decoded.content().toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("warren/1 bytes");
        decoded.release();
    }

    @Test
    void controlFramesKeepTheirType() {
        WebSocketFrame pong = roundTrip(new PongWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
        assertThat(pong).isInstanceOf(PongWebSocketFrame.class);
        assertThat(ByteBufUtil.getBytes(pong.content())).containsExactly(1, 2, 3);
        pong.release();
        WebSocketFrame close = roundTrip(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE, "bye"));
        assertThat(close).isInstanceOf(CloseWebSocketFrame.class);
        assertThat(((CloseWebSocketFrame) close).statusCode()).isEqualTo(1000);
        assertThat(((CloseWebSocketFrame) close).reasonText()).isEqualTo("bye");
        close.release();
    }

    @Test
    void everyFrameIsMaskedWithItsOwnKey() {
        EmbeddedChannel client = new EmbeddedChannel(MaskingFrameEncoder.INSTANCE);
        byte[] zeros = new byte[64];
        client.writeOutbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(zeros)));
        client.writeOutbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(zeros)));
        ByteBuf first = client.readOutbound();
        ByteBuf second = client.readOutbound();
        assertThat(first.getByte(1) & 0x80).as("MASK bit").isEqualTo(0x80);
        // zeros masked are the key repeated: the wire never shows the payload, and the two keys differ
        assertThat(first.slice(6, 64)).isNotEqualTo(Unpooled.wrappedBuffer(zeros));
        assertThat(first.getInt(2)).isNotEqualTo(second.getInt(2));
        first.release();
        second.release();
        client.finishAndReleaseAll();
    }

    /** Encodes as the dialer does, decodes as the relay does (masked frames expected). */
    private static WebSocketFrame roundTrip(WebSocketFrame frame) {
        EmbeddedChannel client = new EmbeddedChannel(MaskingFrameEncoder.INSTANCE);
        EmbeddedChannel relay = new EmbeddedChannel(new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(true).allowMaskMismatch(false).maxFramePayloadLength(1 << 20).build()));
        assertThat(client.writeOutbound(frame)).isTrue();
        for (Object bytes; (bytes = client.readOutbound()) != null; ) {
            relay.writeInbound(bytes);
        }
        WebSocketFrame decoded = relay.readInbound();
        assertThat(decoded).isNotNull();
        client.finishAndReleaseAll();
        relay.finishAndReleaseAll();
        return decoded;
    }
}
