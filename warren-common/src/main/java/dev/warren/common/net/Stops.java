package dev.warren.common.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Stopping a listener or client: its connections first, while its event loops still run, then the loops. A Netty 4.2
 * loop that shuts down closes its channels outright, before the tasks still queued for it (a TLS connection loses its
 * close_notify, a queued write is dropped), and often not at all: a third to a half of the scrapers' keep-alive
 * connections outlived the stop of the relay's metrics listener or {@code warren mtls}'s status listener
 * (MetricsServerStopTest, StatusStopTest). So a component keeps its connections in {@link #channels} and stops with
 * {@link #closeThenShutdown}; one whose loops are shared closes its group alone.
 */
public final class Stops {
    private Stops() {}

    /** A group for the connections of one component; a channel leaves it when it closes. */
    public static ChannelGroup channels(String name) {
        return new DefaultChannelGroup(name, GlobalEventExecutor.INSTANCE);
    }

    /**
     * Closes every channel of {@code channels} (a TLS one sends its close_notify first) and then shuts {@code loops}
     * down, each step waiting {@code within} at most, so that a stop always ends. False if a step did not finish in time.
     */
    public static boolean closeThenShutdown(ChannelGroup channels, EventLoopGroup loops, Duration within) {
        long millis = within.toMillis();
        boolean closed = channels.close().awaitUninterruptibly(millis, TimeUnit.MILLISECONDS);
        boolean stopped = loops.shutdownGracefully(0, millis, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(millis + 1000, TimeUnit.MILLISECONDS);
        return closed && stopped;
    }
}
