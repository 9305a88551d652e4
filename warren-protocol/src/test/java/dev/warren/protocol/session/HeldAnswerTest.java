package dev.warren.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.frame.FrameType;
import dev.warren.protocol.frame.Settings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream accepted with its OPEN_RESULT held ({@link MuxStream#accept(StreamHandler, Map, Duration)}): the answer
 * leaves with the stream's first frame, in the same flush, or when the hold ends; never after a frame of the stream,
 * never after the stream ended.
 */
class HeldAnswerTest {
    private static final Duration HOLD = Duration.ofMillis(5);

    private final MockTicker clock = Ticker.newMockTicker();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<MuxStream> accepted = new ArrayList<>();
    private final RecordingHandler server = new RecordingHandler();
    private int acceptorFlushes;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private SessionPair pair() {
        SessionPair p = new SessionPair(SessionConfig.DEFAULTS, SessionConfig.DEFAULTS, clock);
        toClose.add(p);
        p.acceptorListener.onOpen = (s, o) -> {
            accepted.add(s);
            s.accept(server, Map.of("k", "v"), HOLD);
        };
        p.acceptorChannel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            /** Writes since the last flush, passed on at the flush: one flush, one batch, as one TLS record would be. */
            private final List<Object[]> held = new ArrayList<>();

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                held.add(new Object[] {msg, promise}); // (EmbeddedChannel would run queued tasks in each write)
            }

            @Override
            public void flush(ChannelHandlerContext ctx) {
                acceptorFlushes++;
                for (Object[] w : held) {
                    ctx.write(w[0], (ChannelPromise) w[1]);
                }
                held.clear();
                ctx.flush();
            }
        });
        return p.pump();
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void theAnswerLeavesWithTheServicesFirstBytesInOneFlush() {
        SessionPair p = pair();
        RecordingHandler client = new RecordingHandler();
        Future<MuxStream> opened = p.dialer.open("d", "echo", Map.of(), client);
        p.dialerChannel.runPendingTasks();
        p.dialer.streamsForTest().iterator().next().write(text("ping"));
        p.pump();
        assertThat(server.text()).as("the opener's bytes reach the service before the answer").isEqualTo("ping");
        assertThat(opened.isDone()).as("answer held").isFalse();
        assertThat(accepted.get(0).answerHeld()).isTrue();

        int flushes = acceptorFlushes;
        onLoop(p.acceptorChannel, () -> accepted.get(0).write(text("pong")));
        assertThat(acceptorFlushes - flushes).isEqualTo(1);
        assertThat(SessionPair.frameTypes(p.acceptorChannel, p.dialerChannel)).containsExactly(FrameType.OPEN_RESULT, FrameType.DATA);
        p.pump();
        assertThat(opened.isSuccess()).isTrue();
        assertThat(opened.getNow().resultAttributes()).containsEntry("k", "v");
        assertThat(client.text()).isEqualTo("pong");
        assertThat(accepted.get(0).answerHeld()).isFalse();
    }

    @Test
    void aSilentServiceHasItsAnswerSentWhenTheHoldEnds() {
        SessionPair p = pair();
        Future<MuxStream> opened = p.dialer.open("d", "quiet", Map.of(), new RecordingHandler());
        p.pump();
        clock.advance(HOLD.toNanos() - 1, TimeUnit.NANOSECONDS);
        runDue(p);
        assertThat(opened.isDone()).isFalse();
        clock.advance(1, TimeUnit.NANOSECONDS);
        runDue(p);
        assertThat(opened.isSuccess()).as("answered once the hold ended").isTrue();
        assertThat(accepted.get(0).answerHeld()).isFalse();
    }

    @Test
    void creditReturnedBeforeAnyBytesSendsTheAnswerFirst() {
        SessionPair p = pair();
        Future<MuxStream> opened = p.dialer.open("d", "upload", Map.of(), new RecordingHandler());
        p.dialerChannel.runPendingTasks();
        MuxStream stream = p.dialer.streamsForTest().iterator().next();
        int window = Settings.DEFAULTS.initialWindow();
        stream.write(Unpooled.wrappedBuffer(new byte[window / 2 + 1])); // consumed at once: a WINDOW_UPDATE is due
        p.dialerChannel.runPendingTasks();
        p.acceptorChannel.writeInbound(drain(p.dialerChannel)); // the OPEN and the bytes
        p.acceptorChannel.runPendingTasks();
        assertThat(SessionPair.frameTypes(p.acceptorChannel, p.dialerChannel)).containsExactly(FrameType.OPEN_RESULT,
                FrameType.WINDOW_UPDATE);
        p.pump();
        assertThat(opened.isSuccess()).isTrue();
        assertThat(p.dialerChannel.isActive()).as("no WINDOW_UPDATE before the OPEN_RESULT").isTrue();
        stream.write(Unpooled.wrappedBuffer(new byte[window / 2]));
        p.pump();
        assertThat(server.received.size()).as("the credit came back").isEqualTo(window + 1);
    }

    @Test
    void anEndOrAResetOfTheServiceSendsTheAnswerFirst() {
        SessionPair p = pair();
        RecordingHandler client = new RecordingHandler();
        Future<MuxStream> ended = p.dialer.open("d", "a", Map.of(), client);
        p.pump();
        onLoop(p.acceptorChannel, accepted.get(0)::closeWrite);
        assertThat(SessionPair.frameTypes(p.acceptorChannel, p.dialerChannel)).containsExactly(FrameType.OPEN_RESULT, FrameType.DATA);
        p.pump();
        assertThat(ended.isSuccess()).isTrue();
        assertThat(client.remoteClosed).isTrue();

        RecordingHandler resetClient = new RecordingHandler();
        Future<MuxStream> reset = p.dialer.open("d", "b", Map.of(), resetClient);
        p.pump();
        onLoop(p.acceptorChannel, () -> accepted.get(1).reset(ErrorCode.CONNECT_FAILED, "service went away"));
        assertThat(SessionPair.frameTypes(p.acceptorChannel, p.dialerChannel)).containsExactly(FrameType.OPEN_RESULT, FrameType.RESET);
        p.pump();
        assertThat(reset.isSuccess()).as("accepted, then reset: not a refusal").isTrue();
        assertThat(resetClient.closedCode).isEqualTo(ErrorCode.CONNECT_FAILED);
    }

    @Test
    void aStreamResetByTheOpenerWhileItsAnswerIsHeldIsNeverAnswered() {
        SessionPair p = pair();
        Future<MuxStream> opened = p.dialer.open("d", "a", Map.of(), new RecordingHandler());
        p.pump();
        p.dialer.streamsForTest().iterator().next().reset(ErrorCode.CANCELLED, "operator gave up");
        p.pump();
        assertThat(server.closedCode).isEqualTo(ErrorCode.CANCELLED);
        clock.advance(HOLD.toNanos(), TimeUnit.NANOSECONDS);
        p.acceptorChannel.runScheduledPendingTasks();
        p.acceptorChannel.runPendingTasks();
        assertThat(SessionPair.frameTypes(p.acceptorChannel, p.dialerChannel)).isEmpty();
        assertThat(opened.cause()).isInstanceOf(StreamRefusedException.class);
        assertThat(p.dialerChannel.isActive()).isTrue();
        assertThat(p.acceptorChannel.isActive()).isTrue();
    }

    // ---- helpers ----

    /** Runs {@code task} on {@code ch}'s loop, then what it queued (the session's flush). */
    private static void onLoop(EmbeddedChannel ch, Runnable task) {
        task.run();
        ch.runPendingTasks();
    }

    private static void runDue(SessionPair p) {
        p.acceptorChannel.runScheduledPendingTasks();
        p.dialerChannel.runScheduledPendingTasks();
        p.pump();
    }

    /** Everything {@code ch} wrote, as one buffer. */
    private static ByteBuf drain(EmbeddedChannel ch) {
        io.netty.buffer.CompositeByteBuf all = Unpooled.compositeBuffer();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            all.addComponent(true, (ByteBuf) o);
        }
        return all;
    }
}
