package dev.warren.agent;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.SocketTuning;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.StreamRefusedException;
import dev.warren.transport.StreamBridge;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service forwarder: listens on exactly the address of its {@link Forward}, and turns each accepted connection into
 * a stream this agent opens over its session with the relay, to the forward's device and service. The relay decides
 * (a device-to-device grant); a refusal closes the local connection at once and is logged with the relay's reason.
 * Bytes and half-close travel as for any stream ({@link StreamBridge}: reads from the socket only within the stream's
 * credit, so a slow far end slows the local writer instead of filling memory).
 */
final class Forwarder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

    private final Forward forward;
    private final Supplier<MuxSession> session;
    private final Supplier<String> whyOffline;
    private final Channel server;

    /**
     * Binds now.
     *
     * @throws IllegalStateException if the address cannot be bound (in use, not an address of this host, no permission)
     */
    Forwarder(Forward forward, EventLoopGroup group, Supplier<MuxSession> session, Supplier<String> whyOffline) {
        this.forward = forward;
        this.session = session;
        this.whyOffline = whyOffline;
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
        ChannelFuture bind = bootstrap.bind(forward.listen().host(), forward.listen().port()).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            throw new IllegalStateException("forward " + forward + ": cannot listen on " + forward.listen() + ": "
                    + Causes.rootMessage(bind.cause()));
        }
        this.server = bind.channel();
        log.info("forwarder listening on {} -> {}/{} (through the relay)", server.localAddress(), forward.device(),
                forward.service());
    }

    Forward forward() {
        return forward;
    }

    /** The port actually bound (the forward's own, unless a test asked for port 0). */
    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
    }

    private final class OpenOnConnect extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel local = ctx.channel();
            String from = String.valueOf(local.remoteAddress());
            MuxSession s = session.get();
            if (s == null || !s.isReady()) {
                String why = whyOffline.get();
                refuse(local, from, ErrorCode.CANCELLED, "not connected to the relay" + (why == null ? "" : " (" + why + ")"));
                return;
            }
            // the bridge listens from the start, so an EOF that arrives before the stream exists is kept
            StreamBridge bridge = new StreamBridge(local, (code, reason) -> {
                if (code != ErrorCode.NO_ERROR) {
                    log.info("forward {} for {}: stream ended: {}: {}", forward, from, code, reason);
                }
            });
            ctx.pipeline().replace(this, "bridge", bridge);
            s.eventLoop().execute(() -> open(s, local, from, bridge));
        }
    }

    private void open(MuxSession s, Channel local, String from, StreamBridge bridge) {
        if (!local.isActive()) {
            return;
        }
        MuxStream stream;
        try {
            stream = s.openNow(forward.device(), forward.service(), Map.of("forward", forward.listen().toString()),
                    bridge);
        } catch (StreamRefusedException e) {
            refuse(local, from, e.code(), e.reason());
            return;
        }
        bridge.start(stream);
        stream.openFuture().addListener(f -> {
            if (f.isSuccess()) {
                log.debug("forward {} for {}: stream {} accepted", forward, from, stream.id());
            } else {
                StreamRefusedException e = (StreamRefusedException) f.cause();
                refuse(local, from, e.code(), e.reason());
            }
        });
    }

    private void refuse(Channel local, String from, ErrorCode code, String reason) {
        log.warn("forward {}: connection from {} refused: {}: {}", forward, from, code, reason);
        local.close();
    }
}
