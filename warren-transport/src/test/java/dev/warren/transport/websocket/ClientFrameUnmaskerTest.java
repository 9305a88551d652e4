package dev.warren.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The relay takes the mask off the dialers' frames before Netty's decoder (told to expect unmasked frames) reads
 * them: whatever the frame sizes and however the bytes are cut by the network, the payloads come out as sent.
 */
class ClientFrameUnmaskerTest {

    @Test
    void smallFramesComeOutAsSentEvenReadByteByByte() {
        assertFramesSurvive(new int[] {0, 1, 5, 125, 126, 127, 1_000}, new int[] {1, 3, 7});
    }

    @Test
    void framesOfEveryLengthClassComeOutAsSentWhateverTheReadSizes() {
        assertFramesSurvive(new int[] {0, 1, 5, 125, 126, 127, 1_000, 65_535, 65_536, 65_545},
                new int[] {1_000, 4_099, 70_000});
    }

    /** Masks frames of {@code lengths} as a dialer does, feeds them to the relay's handlers {@code cut} bytes a read. */
    private static void assertFramesSurvive(int[] lengths, int[] cuts) {
        List<byte[]> payloads = new ArrayList<>();
        for (int length : lengths) {
            byte[] p = new byte[length];
            new Random(length).nextBytes(p);
            payloads.add(p);
        }
        ByteBuf wire = Unpooled.buffer();
        EmbeddedChannel client = new EmbeddedChannel(MaskingFrameEncoder.INSTANCE);
        for (byte[] p : payloads) {
            client.writeOutbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(p)));
            client.writeOutbound(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {9})));
        }
        for (ByteBuf b; (b = client.readOutbound()) != null; ) {
            wire.writeBytes(b);
            b.release();
        }
        for (int cut : cuts) {
            EmbeddedChannel relay = relay();
            ByteBuf bytes = wire.duplicate();
            while (bytes.isReadable()) {
                relay.writeInbound(bytes.readRetainedSlice(Math.min(cut, bytes.readableBytes())));
            }
            for (byte[] p : payloads) {
                WebSocketFrame data = relay.readInbound();
                assertThat(data).as("cut %d", cut).isInstanceOf(BinaryWebSocketFrame.class);
                assertThat(ByteBufUtil.getBytes(data.content())).as("cut %d, length %d", cut, p.length).isEqualTo(p);
                data.release();
                WebSocketFrame ping = relay.readInbound();
                assertThat(ping).isInstanceOf(PingWebSocketFrame.class);
                ping.release();
            }
            assertThat(relay.isActive()).isTrue();
            relay.finishAndReleaseAll();
        }
        wire.release();
        client.finishAndReleaseAll();
    }

    @Test
    void anUnmaskedFrameIsAProtocolErrorThatClosesTheConnection() {
        EmbeddedChannel unmaskedClient = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        unmaskedClient.writeOutbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
        EmbeddedChannel relay = relay();
        relay.writeInbound((ByteBuf) unmaskedClient.readOutbound());
        assertThat((Object) relay.readInbound()).isNull();
        ByteBuf closeFrame = relay.readOutbound(); // through the test's encoder: a close frame, status 1002
        assertThat(closeFrame).isNotNull();
        CloseWebSocketFrame close = decodeClose(closeFrame);
        assertThat(close.statusCode()).isEqualTo(1002);
        assertThat(close.reasonText()).isEqualTo("a client's frames must be masked");
        close.release();
        assertThat(relay.isActive()).isFalse();
        relay.finishAndReleaseAll();
        unmaskedClient.finishAndReleaseAll();
    }

    /** The relay's inbound WebSocket handlers, as TunnelUpgradeHandler sets them up. */
    private static EmbeddedChannel relay() {
        return new EmbeddedChannel(new WebSocket13FrameEncoder(false), new ClientFrameUnmasker(),
                new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(65_545)
                        .expectMaskedFrames(false).allowMaskMismatch(false).build()));
    }

    private static CloseWebSocketFrame decodeClose(ByteBuf bytes) {
        EmbeddedChannel decoder = new EmbeddedChannel(new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false).build()));
        decoder.writeInbound(bytes);
        CloseWebSocketFrame close = decoder.readInbound();
        decoder.finishAndReleaseAll();
        return close;
    }
}
