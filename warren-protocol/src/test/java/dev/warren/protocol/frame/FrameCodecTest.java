package dev.warren.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.ProtocolException;
import dev.warren.protocol.Role;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(65_536), FrameEncoder.INSTANCE);

    @Test
    void everyFrameTypeSurvivesARoundTrip() {
        List<Frame> frames = List.of(
                new Hello(1, 3, Role.AGENT, Settings.DEFAULTS.withInitialWindow(1 << 20), Map.of("services", "ssh,web")),
                new Open(7, "dev-42", "ssh", Map.of("session", "s_1")),
                new OpenResult(7, ErrorCode.NO_SUCH_SERVICE, "service 'x' is not exposed", Map.of()),
                new WindowUpdate(7, 123_456),
                new Reset(7, ErrorCode.ADMIN_ACTION, "cut by admin"),
                new Ping(0x0102030405060708L, true),
                new GoAway(9, ErrorCode.SHUTTING_DOWN, "relay restarting", 1500));
        for (Frame f : frames) {
            assertThat(roundTrip(f)).isEqualTo(f);
        }
    }

    @Test
    void dataKeepsPayloadAndEndStream() {
        DataFrame in = new DataFrame(3, Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8), true);
        DataFrame out = (DataFrame) roundTrip(in);
        try {
            assertThat(out.streamId()).isEqualTo(3);
            assertThat(out.endStream()).isTrue();
            assertThat(out.content().toString(StandardCharsets.UTF_8)).isEqualTo("hello");
        } finally {
            out.release();
        }
    }

    @Test
    void receivedDataKeepsItsHeaderInFrontAndAForwardedFrameReusesIt() {
        DataFrame in = (DataFrame) roundTrip(new DataFrame(3, Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8),
                false));
        ByteBuf payload = in.content();
        assertThat(payload.readerIndex()).isEqualTo(FrameDecoder.HEADER_SIZE);
        assertThat(DataFrame.hasHeaderRoom(payload)).isTrue();

        // a relay forwards the bytes on another stream: one buffer, the new header written over the old one
        channel.writeOutbound(new DataFrame(8, payload, true, true));
        ByteBuf out = channel.readOutbound();
        assertThat((Object) channel.readOutbound()).as("one buffer per forwarded frame").isNull();
        ByteBuf expected = FrameEncoder.encode(new DataFrame(8, Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8),
                true), ByteBufAllocator.DEFAULT);
        try {
            assertThat(out).isEqualTo(expected);
        } finally {
            out.release();
            expected.release();
        }
    }

    @Test
    void aSmallPayloadLeavesInOneBufferWithItsHeaderALargeOneUncopied() {
        ByteBuf small = Unpooled.copiedBuffer("k", StandardCharsets.UTF_8);
        channel.writeOutbound(new DataFrame(5, small, false));
        ByteBuf out = channel.readOutbound();
        assertThat((Object) channel.readOutbound()).as("header and payload in one buffer").isNull();
        assertThat(small.refCnt()).as("the payload was copied and released").isZero();
        ByteBuf expected = FrameEncoder.encode(new DataFrame(5, Unpooled.copiedBuffer("k", StandardCharsets.UTF_8),
                false), ByteBufAllocator.DEFAULT);
        try {
            assertThat(out).isEqualTo(expected);
        } finally {
            out.release();
            expected.release();
        }

        ByteBuf large = Unpooled.wrappedBuffer(new byte[FrameEncoder.COPY_MAX + 1]);
        channel.writeOutbound(new DataFrame(5, large, true));
        ByteBuf header = channel.readOutbound();
        ByteBuf payload = channel.readOutbound();
        try {
            assertThat(header.readableBytes()).isEqualTo(FrameDecoder.HEADER_SIZE);
            assertThat(payload).as("the payload itself, not a copy").isSameAs(large);
        } finally {
            header.release();
            payload.release();
        }
    }

    @Test
    void aFrameWithoutRoomForItsHeaderIsRefused() {
        ByteBuf payload = Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8);
        try {
            assertThatThrownBy(() -> new DataFrame(1, payload, false, true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reader index 0");
        } finally {
            payload.release();
        }
    }

    @Test
    void framesSplitAcrossReadsAreReassembled() {
        ByteBuf wire = FrameEncoder.encode(new Open(1, "d", "s", Map.of("k", "v")), ByteBufAllocator.DEFAULT);
        ByteBuf data1000 = FrameEncoder.encode(new DataFrame(1, Unpooled.wrappedBuffer(new byte[1000]), false),
                ByteBufAllocator.DEFAULT);
        wire.writeBytes(data1000);
        data1000.release();
        while (wire.isReadable()) {
            channel.writeInbound(wire.readRetainedSlice(Math.min(7, wire.readableBytes())));
        }
        wire.release();
        assertThat((Object) channel.readInbound()).isInstanceOf(Open.class);
        DataFrame data = channel.readInbound();
        assertThat(data.content().readableBytes()).isEqualTo(1000);
        data.release();
    }

    @Test
    void helloToStringMasksTheToken() {
        Hello hello = new Hello(1, 1, Role.OPERATOR, Settings.DEFAULTS, Map.of("token", "wat1.abc.SECRET"));
        assertThat(hello.toString()).doesNotContain("SECRET").contains("token=****");
    }

    @Test
    void oversizedFrameIsAFrameSizeError() {
        ByteBuf header = Unpooled.buffer().writeMedium(65_537).writeByte(3).writeByte(0).writeInt(1);
        assertProtocolError(header, ErrorCode.FRAME_SIZE_ERROR, "frame length: 65537 (expected: <= 65536)");
    }

    @Test
    void unknownTypeIsAProtocolError() {
        ByteBuf frame = Unpooled.buffer().writeMedium(0).writeByte(0x42).writeByte(0).writeInt(0);
        assertProtocolError(frame, ErrorCode.PROTOCOL_ERROR, "unknown frame type 0x42");
    }

    @Test
    void connectionFrameOnAStreamIsAProtocolError() {
        ByteBuf frame = Unpooled.buffer().writeMedium(8).writeByte(6).writeByte(0).writeInt(5).writeLong(1);
        assertProtocolError(frame, ErrorCode.PROTOCOL_ERROR, "PING on stream 5");
    }

    @Test
    void streamFrameOnStreamZeroIsAProtocolError() {
        ByteBuf frame = Unpooled.buffer().writeMedium(1).writeByte(3).writeByte(0).writeInt(0).writeByte(1);
        assertProtocolError(frame, ErrorCode.PROTOCOL_ERROR, "DATA on stream 0");
    }

    @Test
    void truncatedPayloadIsAProtocolError() {
        // OPEN whose device string claims 200 bytes but the frame holds 3
        ByteBuf frame = Unpooled.buffer().writeMedium(5).writeByte(1).writeByte(0).writeInt(1)
                .writeShort(200).writeBytes(new byte[3]);
        assertProtocolError(frame, ErrorCode.PROTOCOL_ERROR, "truncated OPEN device");
    }

    @Test
    void trailingBytesAreAProtocolError() {
        ByteBuf frame = Unpooled.buffer().writeMedium(6).writeByte(4).writeByte(0).writeInt(1)
                .writeInt(10).writeShort(0);
        assertProtocolError(frame, ErrorCode.PROTOCOL_ERROR, "2 bytes after its last field");
    }

    @Test
    void zeroWindowIncrementIsAFlowControlError() {
        ByteBuf frame = Unpooled.buffer().writeMedium(4).writeByte(4).writeByte(0).writeInt(1).writeInt(0);
        assertProtocolError(frame, ErrorCode.FLOW_CONTROL_ERROR, "window increment: 0");
    }

    @Test
    void repeatedAttributeIsAProtocolError() {
        ByteBuf payload = Unpooled.buffer().writeShort(0).writeShort(0).writeShort(2);
        for (int i = 0; i < 2; i++) {
            payload.writeShort(1).writeByte('k').writeShort(1).writeByte('v');
        }
        ByteBuf frame = Unpooled.buffer().writeMedium(payload.readableBytes()).writeByte(1).writeByte(0).writeInt(1)
                .writeBytes(payload);
        payload.release();
        assertProtocolError(frame, ErrorCode.PROTOCOL_ERROR, "attribute 'k' repeated");
    }

    @Test
    void afterAnErrorFurtherInputIsDiscarded() {
        ByteBuf bad = Unpooled.buffer().writeMedium(0).writeByte(0x42).writeByte(0).writeInt(0);
        assertThatThrownBy(() -> channel.writeInbound(bad)).isInstanceOf(DecoderException.class);
        ByteBuf good = FrameEncoder.encode(new Ping(1, false), ByteBufAllocator.DEFAULT);
        channel.writeInbound(good);
        assertThat((Object) channel.readInbound()).isNull();
    }

    private Frame roundTrip(Frame frame) {
        channel.writeOutbound(frame);
        ByteBuf wire = Unpooled.buffer();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            wire.writeBytes(b);
            b.release();
        }
        channel.writeInbound(wire);
        Frame decoded = channel.readInbound();
        assertThat(decoded).as("decoded " + frame).isNotNull();
        return decoded;
    }

    private void assertProtocolError(ByteBuf input, ErrorCode code, String message) {
        assertThatThrownBy(() -> channel.writeInbound(input))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ProtocolException) e).code()).isEqualTo(code));
    }
}
