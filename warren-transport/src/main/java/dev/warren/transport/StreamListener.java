package dev.warren.transport;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import dev.warren.common.net.SocketTuning;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.StreamRefusedException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local port whose every connection becomes one stream to a device's service over a peer's one session: the
 * operator's {@code warren connect --listen} and the agent's service forwarders. Bytes the local program sends before
 * the device answers travel with the open (no extra round trip). A refused stream closes the local connection at once.
 *
 * <p>The listener's group must be the one the session runs on, with one event loop: a local socket and its stream then
 * share a thread ({@link StreamBridge}).
 */
public final class StreamListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamListener.class);

    private final Supplier<Future<MuxSession>> sessions;
    private final String device;
    private final String service;
    private final BiConsumer<ErrorCode, String> refusals;
    private final Channel server;

    private StreamListener(EventLoopGroup group, HostPort listen, Supplier<Future<MuxSession>> sessions, String device,
            String service, BiConsumer<ErrorCode, String> refusals) throws InterruptedException {
        this.sessions = sessions;
        this.device = device;
        this.service = service;
        this.refusals = refusals;
        ServerBootstrap bootstrap = SocketTuning.server(new ServerBootstrap())
                .group(group, group)
                .channel(EventLoops.serverSocketChannel())
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("open", new OpenOnConnect());
                    }
                });
        this.server = bootstrap.bind(listen.host(), listen.port()).sync().channel();
    }

    /**
     * Listens on {@code listen} (fails if it cannot bind); each connection opens {@code device}/{@code service} on the
     * session {@code sessions} gives at that moment (a failed future refuses the connection with CANCELLED and the
     * failure's message). {@code refusals} hears of every refused stream.
     */
    public static StreamListener start(EventLoopGroup group, HostPort listen, Supplier<Future<MuxSession>> sessions,
            String device, String service, BiConsumer<ErrorCode, String> refusals) throws InterruptedException {
        return new StreamListener(group, listen, sessions, device, service, refusals);
    }

    /** The port it listens on (the one given, or the one chosen for port 0). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
    }

    /**
     * The first handler of an accepted connection: puts a {@link StreamBridge} behind itself, reads the socket at once
     * and opens the stream as soon as either the first bytes were read or the loop has looked for I/O once more, then
     * leaves the pipeline. Most programs speak first, right after connecting: their first bytes are read in the loop's
     * next I/O check and leave with the OPEN in one TLS record instead of two (one write and one read less on each
     * hop). Opening from that read, while Netty still holds the read in hand, keeps the socket's read interest set:
     * opened later, from a task, the interest would be cleared after the read and set again by the open (two
     * {@code epoll_ctl} per stream).
     */
    private final class OpenOnConnect extends ChannelInboundHandlerAdapter {
        private StreamBridge bridge;
        /** The session to open on, once it is ready and runs on this loop; null before, and after the open. */
        private MuxSession ready;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel local = ctx.channel();
            // the bridge listens from the start, so an EOF that arrives before the stream exists is kept
            bridge = new StreamBridge(local, (code, reason) -> {
                if (code != ErrorCode.NO_ERROR) {
                    log.info("{}/{}: stream ended: {}: {}", device, service, code, reason);
                }
            });
            ctx.pipeline().addLast("bridge", bridge);
            local.read();
            sessions.get().addListener(f -> {
                if (!f.isSuccess()) {
                    String why = f.cause().getMessage() != null ? f.cause().getMessage() : f.cause().toString();
                    refuse(local, ErrorCode.CANCELLED, why);
                    return;
                }
                MuxSession session = (MuxSession) f.getNow();
                if (session.eventLoop().inEventLoop()) {
                    // the usual case: listener and session share the one loop
                    ready = session;
                    afterNextIoCheck(session.eventLoop(), () -> openOnce(ctx));
                } else {
                    session.eventLoop().execute(() -> open(session, local, bridge));
                }
            });
            ctx.fireChannelActive();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.fireChannelReadComplete(); // the bridge keeps what was read until the stream starts
            openOnce(ctx);
        }

        private void openOnce(ChannelHandlerContext ctx) {
            MuxSession session = ready;
            if (session != null) {
                ready = null;
                ctx.pipeline().remove(this);
                open(session, ctx.channel(), bridge);
            }
        }
    }

    /**
     * Runs {@code task} on {@code loop} once the loop has looked for I/O again: a task submitted from a task is run in
     * the same batch, but a timer set from one is collected only in the next batch, which follows the next I/O check.
     * Should an event loop order these differently, the task merely runs earlier.
     */
    private static void afterNextIoCheck(EventLoop loop, Runnable task) {
        loop.execute(() -> loop.schedule(task, 0, TimeUnit.NANOSECONDS));
    }

    private void open(MuxSession session, Channel local, StreamBridge bridge) {
        if (!local.isActive()) {
            return;
        }
        MuxStream stream;
        try {
            stream = session.openNow(device, service, Map.of(), bridge);
        } catch (StreamRefusedException e) {
            refuse(local, e.code(), e.reason());
            return;
        }
        bridge.start(stream);
        stream.openFuture().addListener(f -> {
            if (!f.isSuccess()) {
                StreamRefusedException e = (StreamRefusedException) f.cause();
                refuse(local, e.code(), e.reason());
            }
        });
    }

    private void refuse(Channel local, ErrorCode code, String reason) {
        log.warn("{}/{}: refused: {} ({})", device, service, reason, code);
        SocketTuning.closeWithReset(local); // not an empty answer: a failure
        refusals.accept(code, reason);
    }
}
