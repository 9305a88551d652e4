package dev.warren.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.Role;
import dev.warren.protocol.frame.DataFrame;
import dev.warren.protocol.frame.FrameEncoder;
import dev.warren.protocol.frame.GoAway;
import dev.warren.protocol.frame.Hello;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.frame.OpenResult;
import dev.warren.protocol.frame.Settings;
import dev.warren.protocol.frame.WindowUpdate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MuxSessionTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private SessionPair pair() {
        return pair(SessionConfig.DEFAULTS, SessionConfig.DEFAULTS);
    }

    private SessionPair pair(SessionConfig dialer, SessionConfig acceptor) {
        SessionPair p = new SessionPair(dialer, acceptor);
        toClose.add(p);
        return p.pump();
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void helloExchangeMakesBothSidesReadyAndAttachesThePrincipal() {
        SessionPair p = pair();
        assertThat(p.dialer.isReady()).isTrue();
        assertThat(p.acceptor.isReady()).isTrue();
        assertThat(p.acceptorListener.ready.role()).isEqualTo(Role.OPERATOR);
        assertThat(p.acceptorListener.ready.attribute("token")).isEqualTo("t");
        assertThat(p.dialerListener.ready.role()).isEqualTo(Role.RELAY);
        assertThat(p.acceptor.attachment()).isEqualTo("principal");
        assertThat(p.dialer.smoothedRttNanos()).as("first PING measured the round trip").isPositive();
    }

    @Test
    void bytesFlowBothWaysAndHalfCloseEndsTheStreamCleanly() {
        SessionPair p = pair();
        RecordingHandler client = new RecordingHandler();
        Future<MuxStream> opened = p.dialer.open("dev-42", "ssh", Map.of("k", "v"), client);
        p.pump();
        assertThat(opened.isSuccess()).isTrue();
        MuxStream stream = opened.getNow();
        MuxStream remote = p.acceptorListener.opened.get(0);
        assertThat(remote.open().device()).isEqualTo("dev-42");
        assertThat(remote.open().service()).isEqualTo("ssh");
        assertThat(remote.open().attributes()).containsEntry("k", "v");

        stream.write(text("ping"));
        stream.closeWrite();
        p.pump();
        RecordingHandler server = (RecordingHandler) handlerOf(remote);
        assertThat(server.text()).isEqualTo("ping");
        assertThat(server.remoteClosed).isTrue();
        assertThat(server.closedCode).as("half-closed only").isNull();

        remote.write(text("pong"));
        remote.closeWrite();
        p.pump();
        assertThat(client.text()).isEqualTo("pong");
        assertThat(client.closedCode).isEqualTo(ErrorCode.NO_ERROR);
        assertThat(server.closedCode).isEqualTo(ErrorCode.NO_ERROR);
        assertThat(p.dialer.activeStreams()).isZero();
        assertThat(p.acceptor.activeStreams()).isZero();
        assertThat(stream.bytesSent()).isEqualTo(4);
        assertThat(stream.bytesReceived()).isEqualTo(4);
    }

    @Test
    void refusedOpenFailsTheFutureWithCodeAndReason() {
        SessionPair p = pair();
        p.acceptorListener.onOpen = (s, o) -> s.reject(ErrorCode.NO_SUCH_SERVICE, "service 'x' is not exposed");
        RecordingHandler client = new RecordingHandler();
        Future<MuxStream> opened = p.dialer.open("dev-42", "x", Map.of(), client);
        p.pump();
        assertThat(opened.cause()).isInstanceOf(StreamRefusedException.class);
        StreamRefusedException refused = (StreamRefusedException) opened.cause();
        assertThat(refused.code()).isEqualTo(ErrorCode.NO_SUCH_SERVICE);
        assertThat(refused.reason()).isEqualTo("service 'x' is not exposed");
        assertThat(p.dialer.activeStreams()).isZero();
        assertThat(p.acceptor.activeStreams()).isZero();
    }

    @Test
    void pipelinedBytesWaitForAcceptance() {
        SessionPair p = pair();
        List<MuxStream> waiting = new ArrayList<>();
        p.acceptorListener.onOpen = (s, o) -> waiting.add(s);
        RecordingHandler client = new RecordingHandler();
        p.dialer.open("d", "s", Map.of(), client);
        p.dialerChannel.runPendingTasks();
        MuxStream stream = onlyLocalStream(p);
        stream.write(text("before-accept"));
        p.pump();
        RecordingHandler server = new RecordingHandler();
        waiting.get(0).accept(server, Map.of());
        p.pump();
        assertThat(server.text()).isEqualTo("before-accept");
    }

    @Test
    void earlyBytesPassedOnBeforeTheAnswerReturnTheirCreditOnlyWithTheAccept() {
        SessionPair p = pair();
        List<MuxStream> waiting = new ArrayList<>();
        p.acceptorListener.onOpen = (s, o) -> waiting.add(s);
        p.dialer.open("d", "s", Map.of(), new RecordingHandler());
        p.dialerChannel.runPendingTasks();
        MuxStream stream = onlyLocalStream(p);
        int window = Settings.DEFAULTS.initialWindow();
        stream.write(Unpooled.wrappedBuffer(new byte[window / 2]));
        p.pump();
        RecordingHandler early = new RecordingHandler(); // consumes at once, as a relay's join does once it passed them on
        waiting.get(0).passEarlyData(early);
        assertThat(early.received.size()).as("held bytes handed over").isEqualTo(window / 2);
        stream.write(Unpooled.wrappedBuffer(new byte[window / 2 + 5]));
        p.pump();
        assertThat(early.received.size()).as("later bytes too, up to the credit").isEqualTo(window);
        assertThat(p.dialerChannel.isActive()).as("no WINDOW_UPDATE before the OPEN_RESULT").isTrue();
        assertThat(p.acceptorChannel.isActive()).isTrue();

        RecordingHandler server = new RecordingHandler();
        waiting.get(0).accept(server, Map.of());
        p.pump();
        assertThat(server.received.size()).as("the credit came back with the accept").isEqualTo(5);
        assertThat(early.received.size()).isEqualTo(window);
        assertThat(stream.bytesSent()).isEqualTo(window + 5);
    }

    @Test
    void aRefusedStreamWhoseEarlyBytesWerePassedOnTellsTheHandlerNothingMore() {
        SessionPair p = pair();
        List<MuxStream> waiting = new ArrayList<>();
        p.acceptorListener.onOpen = (s, o) -> waiting.add(s);
        Future<MuxStream> opened = p.dialer.open("d", "s", Map.of(), new RecordingHandler());
        p.dialerChannel.runPendingTasks();
        onlyLocalStream(p).write(text("first"));
        p.pump();
        RecordingHandler early = new RecordingHandler();
        waiting.get(0).passEarlyData(early);
        waiting.get(0).reject(ErrorCode.CONNECT_FAILED, "connection refused");
        p.pump();
        assertThat(early.text()).isEqualTo("first");
        assertThat(early.closedCode).isNull();
        assertThat(((StreamRefusedException) opened.cause()).code()).isEqualTo(ErrorCode.CONNECT_FAILED);
        assertThat(p.acceptor.activeStreams()).isZero();
    }

    @Test
    void aSlowReaderStallsOnlyItsOwnStream() {
        SessionPair p = pair();
        RecordingHandler slowServer = new RecordingHandler();
        slowServer.consume = false;
        RecordingHandler fastServer = new RecordingHandler();
        List<RecordingHandler> servers = new ArrayList<>(List.of(slowServer, fastServer));
        p.acceptorListener.onOpen = (s, o) -> s.accept(servers.remove(0), Map.of());
        MuxStream slow = openAndPump(p, "slow");
        MuxStream fast = openAndPump(p, "fast");

        int window = Settings.DEFAULTS.initialWindow();
        slow.write(Unpooled.wrappedBuffer(new byte[window + 100_000]));
        p.pump();
        assertThat(slowServer.received.size()).as("exactly one window arrives").isEqualTo(window);
        assertThat(slow.bytesSent()).isEqualTo(window);
        assertThat(slow.isWritable()).isFalse();

        fast.write(Unpooled.wrappedBuffer(new byte[3 * window]));
        p.pump();
        assertThat(fastServer.received.size()).as("the other stream is not blocked").isEqualTo(3 * window);

        slowServer.consumeBacklog();
        p.pump();
        assertThat(slowServer.received.size()).isEqualTo(window + 100_000);
        assertThat(handlerOfLocal(slow).writableEvents).as("producer told to resume").isPositive();
    }

    @Test
    void largeTransfersArriveIntactThroughManySmallWindows() {
        SessionConfig small = SessionConfig.DEFAULTS.withSettings(
                Settings.DEFAULTS.withInitialWindow(16_384).withMaxFrameSize(16_384));
        SessionPair p = pair(small, small);
        RecordingHandler server = new RecordingHandler();
        p.acceptorListener.onOpen = (s, o) -> s.accept(server, Map.of());
        MuxStream stream = openAndPump(p, "bulk");
        byte[] payload = new byte[1_000_000];
        new java.util.Random(7).nextBytes(payload);
        stream.write(Unpooled.wrappedBuffer(payload));
        stream.closeWrite();
        p.pump();
        assertThat(server.received.toByteArray()).isEqualTo(payload);
        assertThat(server.remoteClosed).isTrue();
    }

    @Test
    void resetEndsTheStreamOnBothSidesWithTheReason() {
        SessionPair p = pair();
        RecordingHandler server = new RecordingHandler();
        p.acceptorListener.onOpen = (s, o) -> s.accept(server, Map.of());
        MuxStream stream = openAndPump(p, "s");
        RecordingHandler client = handlerOfLocal(stream);
        p.acceptorListener.opened.get(0).reset(ErrorCode.ADMIN_ACTION, "cut by admin");
        p.pump();
        assertThat(client.closedCode).isEqualTo(ErrorCode.ADMIN_ACTION);
        assertThat(client.closedReason).isEqualTo("cut by admin");
        assertThat(server.closedCode).isEqualTo(ErrorCode.ADMIN_ACTION);
        assertThat(stream.write(text("late")).cause()).isInstanceOf(StreamClosedException.class);
    }

    @Test
    void streamLimitRefusesTheExtraStreamButKeepsTheSession() {
        SessionConfig oneStream = SessionConfig.DEFAULTS.withSettings(Settings.DEFAULTS.withMaxStreams(1));
        SessionPair p = pair(SessionConfig.DEFAULTS, oneStream);
        openAndPump(p, "first");
        Future<MuxStream> second = p.dialer.open("d", "second", Map.of(), new RecordingHandler());
        p.pump();
        assertThat(((StreamRefusedException) second.cause()).code()).isEqualTo(ErrorCode.STREAM_LIMIT);
        assertThat(p.dialer.isReady()).isTrue();
    }

    @Test
    void goAwayRefusesNewStreamsAndKeepsOpenOnes() {
        SessionPair p = pair();
        RecordingHandler server = new RecordingHandler();
        p.acceptorListener.onOpen = (s, o) -> s.accept(server, Map.of());
        MuxStream open = openAndPump(p, "s");
        p.acceptor.goAway(ErrorCode.SHUTTING_DOWN, "relay restarting", 2000);
        p.pump();
        assertThat(p.dialerListener.goAway.retryAfterMillis()).isEqualTo(2000);
        Future<MuxStream> refused = p.dialer.open("d", "s2", Map.of(), new RecordingHandler());
        p.pump();
        assertThat(((StreamRefusedException) refused.cause()).code()).isEqualTo(ErrorCode.SHUTTING_DOWN);
        open.write(text("still here"));
        p.pump();
        assertThat(server.text()).isEqualTo("still here");
    }

    @Test
    void aPeerThatSaysGoodbyeClosesCleanlyWithItsReason() {
        SessionPair p = pair();
        ChannelFuture closed = p.dialer.close(ErrorCode.NO_ERROR, "agent stopping");
        p.pump();
        assertThat(closed).as("what a caller waits for before it shuts the loop down").isSameAs(
                p.dialer.channel().closeFuture()).isDone();
        p.acceptorChannel.close();
        assertThat(p.acceptorListener.closedCode).isEqualTo(ErrorCode.NO_ERROR);
        assertThat(p.acceptorListener.closedReason).isEqualTo("peer went away: agent stopping");
    }

    @Test
    void aPeerThatDropsWithoutGoodbyeIsAConnectionClosed() {
        SessionPair p = pair();
        p.acceptorChannel.close();
        assertThat(p.acceptorListener.closedCode).isEqualTo(ErrorCode.CANCELLED);
        assertThat(p.acceptorListener.closedReason).isEqualTo("connection closed");
    }

    @Test
    void refusedHelloClosesWithTheReason() {
        SessionPair p = new SessionPair();
        toClose.add(p);
        p.acceptorListener.decision = HelloDecision.refuse(ErrorCode.UNAUTHENTICATED, "token revoked");
        p.pump();
        assertThat(p.dialerChannel.isActive()).isFalse();
        assertThat(p.dialerListener.closedCode).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(p.dialerListener.closedReason).isEqualTo("token revoked");
    }

    @Test
    void versionWithoutOverlapIsRefused() {
        RecordingListener listener = new RecordingListener();
        EmbeddedChannel acceptor = acceptorChannel(listener);
        acceptor.writeInbound(encode(new Hello(7, 9, Role.AGENT, Settings.DEFAULTS, Map.of())));
        GoAway goAway = readGoAway(acceptor);
        assertThat(goAway.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        assertThat(goAway.reason()).contains("peer offered 7..9");
        assertThat(acceptor.isActive()).isFalse();
    }

    @Test
    void framesBeforeHelloCloseTheConnection() {
        RecordingListener listener = new RecordingListener();
        EmbeddedChannel acceptor = acceptorChannel(listener);
        acceptor.writeInbound(encode(new Open(1, "d", "s", Map.of())));
        GoAway goAway = readGoAway(acceptor);
        assertThat(goAway.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(goAway.reason()).isEqualTo("expected HELLO first, got OPEN");
        assertThat(listener.closedCode).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void malformedFrameClosesOnlyThatConnection() {
        SessionPair bad = pair();
        SessionPair good = pair();
        MuxStream goodStream = openAndPump(good, "s");
        bad.acceptorChannel.writeInbound(Unpooled.buffer().writeMedium(0).writeByte(0x42).writeByte(0).writeInt(0));
        assertThat(bad.acceptorChannel.isActive()).isFalse();
        assertThat(bad.acceptorListener.closedCode).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(bad.acceptorListener.closedReason).isEqualTo("unknown frame type 0x42");
        goodStream.write(text("unaffected"));
        good.pump();
        assertThat(((RecordingHandler) handlerOf(good.acceptorListener.opened.get(0))).text()).isEqualTo("unaffected");
    }

    @Test
    void outOfOrderFramesAreProtocolErrors() {
        assertConnectionError(encode(new Open(2, "d", "s", Map.of())), "OPEN with stream id 2 (expected: odd)");
        assertConnectionError(encode(new WindowUpdate(9, 10)), "WINDOW_UPDATE on stream 9 never opened");
        assertConnectionError(encode(new OpenResult(1, ErrorCode.NO_ERROR, "", Map.of())),
                "OPEN_RESULT on stream 1 never opened");
        assertConnectionError(encode(new Hello(1, 1, Role.AGENT, Settings.DEFAULTS, Map.of())), "second HELLO");
    }

    @Test
    void reusedStreamIdIsAProtocolError() {
        SessionPair p = pair();
        openAndPump(p, "s");
        p.acceptorChannel.writeInbound(encode(new Open(1, "d", "s", Map.of())));
        assertThat(p.acceptorListener.closedReason).isEqualTo("OPEN with stream id 1 (expected: > 1)");
    }

    @Test
    void fullDataFramesFillWholeTlsRecords() {
        assertThat(MuxSession.dataPayloadLimit(65_536)).isEqualTo(65_527);
        assertThat(MuxSession.dataPayloadLimit(Settings.MIN_FRAME_SIZE)).isEqualTo(16_375);
        assertThat(MuxSession.dataPayloadLimit(100_000)).isEqualTo(6 * 16_384 - 9);

        SessionPair p = pair();
        MuxStream stream = openAndPump(p, "s");
        p.dialerChannel.runPendingTasks();
        while (p.dialerChannel.readOutbound() instanceof ByteBuf b) {
            b.release();
        }
        stream.write(Unpooled.wrappedBuffer(new byte[100_000]));
        p.dialerChannel.runPendingTasks();
        List<Integer> wire = new ArrayList<>();
        while (p.dialerChannel.readOutbound() instanceof ByteBuf b) {
            wire.add(b.readableBytes());
            b.release();
        }
        // header and payload as two buffers per frame: 9 + 65,527 is 4 records of 16 KiB, then the rest
        assertThat(wire).containsExactly(9, 65_527, 9, 100_000 - 65_527);
    }

    @Test
    void sendingBeyondTheCreditIsAFlowControlError() {
        SessionPair p = pair();
        p.acceptorListener.onOpen = (s, o) -> {
            RecordingHandler h = new RecordingHandler();
            h.consume = false;
            s.accept(h, Map.of());
        };
        openAndPump(p, "s");
        int window = Settings.DEFAULTS.initialWindow();
        int frame = Settings.DEFAULTS.maxFrameSize();
        for (int sent = 0; sent < window; sent += frame) {
            p.acceptorChannel.writeInbound(encode(new DataFrame(1, Unpooled.wrappedBuffer(new byte[frame]), false)));
        }
        assertThat(p.acceptorChannel.isActive()).as("a full window is allowed").isTrue();
        p.acceptorChannel.writeInbound(encode(new DataFrame(1, Unpooled.wrappedBuffer(new byte[1]), false)));
        assertThat(p.acceptorChannel.isActive()).isFalse();
        assertThat(p.acceptorListener.closedCode).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
        assertThat(p.acceptorListener.closedReason).isEqualTo("stream 1: 1 bytes with 0 credit");
    }

    @Test
    void lateFramesForAResetStreamAreIgnored() {
        SessionPair p = pair();
        MuxStream stream = openAndPump(p, "s");
        stream.reset(ErrorCode.CANCELLED, "client went away");
        p.dialerChannel.runPendingTasks();
        // the acceptor's DATA crossed our RESET on the wire
        p.dialerChannel.writeInbound(encode(new DataFrame(1, text("late"), false)));
        assertThat(p.dialerChannel.isActive()).isTrue();
        p.pump();
        assertThat(p.acceptor.activeStreams()).isZero();
    }

    @Test
    void closingTheConnectionEndsEveryStream() {
        SessionPair p = pair();
        MuxStream stream = openAndPump(p, "s");
        RecordingHandler client = handlerOfLocal(stream);
        p.acceptor.close(ErrorCode.ADMIN_ACTION, "device disconnected by admin");
        p.pump();
        p.dialerChannel.close();
        assertThat(client.closedCode).isEqualTo(ErrorCode.ADMIN_ACTION);
        assertThat(client.closedReason).contains("device disconnected by admin");
        assertThat(p.dialerListener.closedCode).isEqualTo(ErrorCode.ADMIN_ACTION);
    }

    // ---- helpers ----

    private void assertConnectionError(ByteBuf frame, String reason) {
        SessionPair p = pair();
        p.acceptorChannel.writeInbound(frame);
        assertThat(p.acceptorChannel.isActive()).as(reason).isFalse();
        assertThat(p.acceptorListener.closedReason).isEqualTo(reason);
    }

    private EmbeddedChannel acceptorChannel(RecordingListener listener) {
        EmbeddedChannel ch = SessionPair.channel(SessionConfig.DEFAULTS,
                MuxSession.acceptor(Role.RELAY, SessionConfig.DEFAULTS, listener));
        toClose.add(ch::finishAndReleaseAll);
        return ch;
    }

    private static GoAway readGoAway(EmbeddedChannel ch) {
        EmbeddedChannel decoder = new EmbeddedChannel(new dev.warren.protocol.frame.FrameDecoder(1 << 20));
        for (Object o; (o = ch.readOutbound()) != null; ) {
            decoder.writeInbound(o);
        }
        for (Object f; (f = decoder.readInbound()) != null; ) {
            if (f instanceof GoAway g) {
                decoder.finishAndReleaseAll();
                return g;
            }
            io.netty.util.ReferenceCountUtil.release(f);
        }
        throw new AssertionError("no GOAWAY written");
    }

    private static ByteBuf encode(dev.warren.protocol.frame.Frame f) {
        return FrameEncoder.encode(f, ByteBufAllocator.DEFAULT);
    }

    private static MuxStream openAndPump(SessionPair p, String service) {
        Future<MuxStream> f = p.dialer.open("d", service, Map.of(), new RecordingHandler());
        p.pump();
        assertThat(f.isSuccess()).as("open " + service).isTrue();
        return f.getNow();
    }

    private static MuxStream onlyLocalStream(SessionPair p) {
        return p.dialer.streamsForTest().iterator().next();
    }

    private static StreamHandler handlerOf(MuxStream s) {
        return s.handlerForTest();
    }

    private static RecordingHandler handlerOfLocal(MuxStream s) {
        return (RecordingHandler) s.handlerForTest();
    }
}
