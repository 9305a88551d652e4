package dev.warren.gateway.internal;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * When a tunnel last carried a byte either way, and the timer that closes it after the idle timeout. Everything a
 * tunnel writes it first read on the other side, so reads alone are its activity; both sides run on one event loop,
 * so a plain field is enough (cheaper than an IdleStateHandler's promise per write).
 */
final class TunnelActivity {
    private long last = System.nanoTime();
    private ScheduledFuture<?> timer;

    void touch() {
        last = System.nanoTime();
    }

    /** Closes both channels once nothing moved for {@code idle}; checked about four times per idle period. */
    void closeWhenIdle(Channel client, Channel server, Duration idle) {
        long idleNanos = idle.toNanos();
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(50), idleNanos / 4);
        timer = client.eventLoop().scheduleAtFixedRate(() -> {
            if (System.nanoTime() - last >= idleNanos) {
                client.close();
                server.close();
            }
        }, period, period, TimeUnit.NANOSECONDS);
        client.closeFuture().addListener(f -> timer.cancel(false));
    }
}
