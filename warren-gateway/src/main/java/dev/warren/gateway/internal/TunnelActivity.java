package dev.warren.gateway.internal;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Closes a tunnel once no byte moved either way for the idle timeout. Activity is the tunnel's byte count, read about
 * four times per idle period: nothing on the bytes' path has to note the time (with spliced tunnels the bytes never
 * reach Java at all), and a tunnel is closed between one and one and a half idle periods after its last byte.
 */
final class TunnelActivity {
    private TunnelActivity() {}

    static void closeWhenIdle(Channel client, Channel server, Duration idle, LongSupplier bytesMoved) {
        long idleNanos = idle.toNanos();
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(50), idleNanos / 4);
        long[] seen = {bytesMoved.getAsLong(), System.nanoTime()}; // count, and when it last changed
        ScheduledFuture<?> timer = client.eventLoop().scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            long moved = bytesMoved.getAsLong();
            if (moved != seen[0]) {
                seen[0] = moved;
                seen[1] = now;
            } else if (now - seen[1] >= idleNanos) {
                client.close();
                server.close();
            }
        }, period, period, TimeUnit.NANOSECONDS);
        client.closeFuture().addListener(f -> timer.cancel(false));
    }
}
