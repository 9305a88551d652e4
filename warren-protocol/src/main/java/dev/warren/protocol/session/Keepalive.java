package dev.warren.protocol.session;

import java.time.Duration;

/**
 * Judges a session's liveness by counting keep-alive ticks that actually ran on its event loop, not by reading a
 * clock: a process that was paused (a long GC, a stalled or suspended machine) runs one late tick when it wakes and
 * reads what the peer sent meanwhile, instead of mistaking its own pause for the peer's silence. The ticks are
 * scheduled on the loop (with a fixed delay, so a pause is not caught up with a burst of ticks), whose
 * {@link io.netty.util.concurrent.Ticker} tests can replace with a mock.
 *
 * <p>Event loop only.
 */
final class Keepalive {
    /** What a tick asks of the session. */
    enum Verdict {
        /** Nothing to do. */
        QUIET,
        /** Silent for a keep-alive interval (or another one): ping. */
        PING,
        /** Silent for the keep-alive timeout: the peer is gone. */
        DEAD
    }

    private final long tickMillis;
    private final int pingEvery;
    private final int deadAfter;
    private final int helloTicks;
    private int silentTicks;
    private int ticksWithoutHello;

    /**
     * @param interval ping after this much silence; the peer is dead after three of them
     * @param helloTimeout how long a peer may take to send its HELLO
     */
    Keepalive(Duration interval, Duration helloTimeout) {
        tickMillis = Math.clamp(interval.toMillis() / 2, 20, 2_500);
        pingEvery = ticks(interval);
        deadAfter = 3 * pingEvery;
        helloTicks = ticks(helloTimeout);
    }

    private int ticks(Duration d) {
        return (int) Math.max(1, (d.toMillis() + tickMillis - 1) / tickMillis);
    }

    /** The period of the ticks. */
    long tickMillis() {
        return tickMillis;
    }

    /** Something arrived from the peer. */
    void heard() {
        silentTicks = 0;
    }

    /** One tick of a ready session. */
    Verdict tick() {
        silentTicks++;
        if (silentTicks >= deadAfter) {
            return Verdict.DEAD;
        }
        return silentTicks % pingEvery == 0 ? Verdict.PING : Verdict.QUIET;
    }

    /** One tick of a session still waiting for the peer's HELLO; true once the HELLO is overdue. */
    boolean helloOverdue() {
        return ++ticksWithoutHello >= helloTicks;
    }

    /** How long the peer has been silent, in ticks that ran, for the reason given when it is declared dead. */
    String silence() {
        return silentTicks + " keep-alive ticks of " + tickMillis + " ms";
    }
}
