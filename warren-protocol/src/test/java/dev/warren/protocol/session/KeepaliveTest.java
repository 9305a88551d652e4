package dev.warren.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.Role;
import dev.warren.protocol.frame.FrameType;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive and HELLO timeout on a mock clock: the loops run their scheduled tasks only when the test advances time,
 * so every tick is the test's and nothing depends on how busy the machine is. Defaults: a 5 s interval, a tick every
 * 2.5 s, a ping after 2 silent ticks, dead after 6 (15 s), HELLO due within 10 s (4 ticks).
 */
class KeepaliveTest {
    private static final SessionConfig CONFIG = SessionConfig.DEFAULTS;
    private static final long TICK_MILLIS = 2_500;

    private final MockTicker clock = Ticker.newMockTicker();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void aSilentPeerIsPingedEveryIntervalAndClosedAfterThree() {
        SessionPair p = pair();
        List<FrameType> sent = new ArrayList<>();
        for (int tick = 1; tick <= 5; tick++) {
            tick(p.acceptorChannel); // nothing is pumped any more: the acceptor hears nothing
            sent.addAll(SessionPair.frameTypes(p.acceptorChannel, null));
            assertThat(p.acceptorChannel.isActive()).as("after tick %d", tick).isTrue();
        }
        assertThat(sent).containsExactly(FrameType.PING, FrameType.PING); // ticks 2 and 4: each 5 s of silence
        tick(p.acceptorChannel);
        assertThat(p.acceptorChannel.isActive()).isFalse();
        assertThat(p.acceptorListener.closedCode).isEqualTo(ErrorCode.KEEPALIVE_TIMEOUT);
        assertThat(p.acceptorListener.closedReason).isEqualTo("nothing received for 6 keep-alive ticks of 2500 ms");
    }

    @Test
    void anIdlePeerThatAnswersStaysUp() {
        SessionPair p = pair();
        for (int tick = 0; tick < 100; tick++) { // over four minutes of idle session
            tick(p.dialerChannel, p.acceptorChannel);
            p.pump();
        }
        assertThat(p.dialer.isReady()).isTrue();
        assertThat(p.acceptor.isReady()).isTrue();
    }

    @Test
    void anyFrameFromThePeerStartsTheCountAgain() {
        SessionPair p = pair();
        for (int round = 0; round < 10; round++) { // 50 ticks, never 6 silent ones in a row
            for (int tick = 0; tick < 5; tick++) {
                tick(p.acceptorChannel);
            }
            p.pump(); // the acceptor's pings reach the dialer, whose answers reach the acceptor
        }
        assertThat(p.acceptor.isReady()).isTrue();
    }

    /**
     * The whole process stops for a minute (a long GC, a stalled or suspended machine): its loop runs nothing, and
     * what the peer sends meanwhile waits in the socket. When it wakes it runs one late tick, not 24 at once, and
     * reads; the peer was never silent for three ticks of this loop, so the session stays up.
     */
    @Test
    void aPausedLoopDoesNotTakeItsOwnPauseForThePeersSilence() {
        SessionPair p = pair();
        tick(p.dialerChannel, p.acceptorChannel);
        p.pump();
        clock.advance(60, TimeUnit.SECONDS);
        p.acceptorChannel.runScheduledPendingTasks(); // on waking, the due tick runs before the reads
        p.dialerChannel.runScheduledPendingTasks();
        assertThat(p.acceptorChannel.isActive()).isTrue();
        assertThat(p.dialerChannel.isActive()).isTrue();
        p.pump();
        for (int tick = 0; tick < 10; tick++) {
            tick(p.dialerChannel, p.acceptorChannel);
            p.pump();
        }
        assertThat(p.dialer.isReady()).isTrue();
        assertThat(p.acceptor.isReady()).isTrue();
    }

    @Test
    void aPeerThatSendsNoHelloIsClosedAfterTheHelloTimeout() {
        RecordingListener listener = new RecordingListener();
        EmbeddedChannel ch = SessionPair.channel(CONFIG, MuxSession.acceptor(Role.RELAY, CONFIG, listener), clock);
        toClose.add(ch::finishAndReleaseAll);
        for (int tick = 1; tick <= 3; tick++) {
            tick(ch);
            assertThat(ch.isActive()).as("after tick %d", tick).isTrue();
        }
        tick(ch);
        assertThat(ch.isActive()).isFalse();
        assertThat(listener.closedCode).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(listener.closedReason).isEqualTo("no HELLO within 10000 ms");
    }

    // ---- helpers ----

    private SessionPair pair() {
        SessionPair p = new SessionPair(CONFIG, CONFIG, clock);
        toClose.add(p);
        p.pump();
        assertThat(p.dialer.isReady()).isTrue();
        return p;
    }

    /** One tick's time passes; each channel's loop runs what is due. */
    private void tick(EmbeddedChannel... channels) {
        clock.advance(TICK_MILLIS, TimeUnit.MILLISECONDS);
        for (EmbeddedChannel ch : channels) {
            ch.runScheduledPendingTasks();
            ch.runPendingTasks();
        }
    }
}
