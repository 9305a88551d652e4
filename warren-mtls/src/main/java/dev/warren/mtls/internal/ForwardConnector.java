package dev.warren.mtls.internal;

import dev.warren.mtls.TunnelConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forward side of one connection: a local client connected (plain), so dial the TLS server on the same event
 * loop, present our certificate, check the server's (CA, validity, name), and only then splice the two. The client's
 * bytes mostly wait in the kernel meanwhile (auto-read is off); what the transport reads anyway (an end of input
 * comes with the bytes before it) is kept here and passed on first.
 */
final class ForwardConnector extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ForwardConnector.class);

    private final TunnelConfig tunnel;
    private final TlsMaterial tls;
    private final TunnelMetrics metrics;
    private final Queue<Object> early = new ArrayDeque<>();
    private boolean inputEndedEarly;
    private boolean joined;

    ForwardConnector(TunnelConfig tunnel, TlsMaterial tls, TunnelMetrics metrics) {
        this.tunnel = tunnel;
        this.tls = tls;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel inbound = ctx.channel();
        Bootstrap b = new Bootstrap().group(inbound.eventLoop()).channel(Transports.channel(tunnel.connect()))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()))
                                .addLast("handshake", new HandshakeWatch(tunnel.name(), "server", metrics))
                                .addLast("ready", new Ready(ctx));
                    }
                });
        Transports.client(b, tunnel.connect());
        ChannelFuture connecting = b.connect(Transports.address(tunnel.connect()));
        Channel outbound = connecting.channel();
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                metrics.connectFailed();
                log.warn("tunnel {}: cannot connect to {} for {}: {}", tunnel.name(), tunnel.connect(),
                        inbound.remoteAddress(), f.cause().getMessage());
                inbound.close();
            }
        });
        // until the two are joined, either one's end is the other's
        inbound.closeFuture().addListener(f -> {
            if (!joined) {
                outbound.close();
            }
        });
        outbound.closeFuture().addListener(f -> {
            if (!joined) {
                inbound.close();
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            inputEndedEarly = true;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        Object m;
        while ((m = early.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("tunnel {}: {} before the splice: {}", tunnel.name(), ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void join(ChannelHandlerContext inboundCtx, Channel outbound) {
        Channel inbound = inboundCtx.channel();
        joined = true;
        Object m;
        while ((m = early.poll()) != null) {
            metrics.earlyBytes(m);
            outbound.write(m, outbound.voidPromise());
        }
        outbound.flush();
        inboundCtx.pipeline().remove(this);
        SplicedPair pair = SplicedPair.join(tunnel.name(), inbound, outbound, metrics);
        if (inputEndedEarly) {
            pair.inputEnded(inbound);
        }
    }

    /** On the TLS side: once the server is verified, join. */
    private final class Ready extends ChannelInboundHandlerAdapter {
        private final ChannelHandlerContext inboundCtx;

        Ready(ChannelHandlerContext inboundCtx) {
            this.inboundCtx = inboundCtx;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
                ctx.pipeline().remove(this);
                if (inboundCtx.channel().isActive()) {
                    join(inboundCtx, ctx.channel());
                } else {
                    ctx.close();
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a failed handshake is logged once, by HandshakeWatch
            log.debug("tunnel {}: TLS connection to {}: {}", tunnel.name(), tunnel.connect(), cause.toString());
            ctx.close();
        }
    }
}
