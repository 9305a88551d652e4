package dev.warren.mtls.internal;

import dev.warren.mtls.TunnelConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forward side of one connection: a local client connected (plain), so dial the TLS server on the same event
 * loop, present our certificate, check the server's (CA, validity, name), and only then splice the two. The client's
 * bytes mostly wait in the kernel meanwhile (auto-read is off); what the transport reads anyway (an end of input
 * comes with the bytes before it) is kept and passed on first ({@link BeforeSplice}).
 */
final class ForwardConnector extends BeforeSplice {
    private static final Logger log = LoggerFactory.getLogger(ForwardConnector.class);

    private final TunnelConfig config;
    private final TlsMaterial tls;
    private boolean joined;

    ForwardConnector(TunnelConfig config, TlsMaterial tls, TunnelMetrics metrics, ChannelGroup connections) {
        super(config.name(), metrics, connections);
        this.config = config;
        this.tls = tls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel inbound = ctx.channel();
        Bootstrap b = new Bootstrap().group(inbound.eventLoop()).channel(Transports.channel(config.connect()))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()))
                                .addLast("handshake", new HandshakeWatch(tunnel, "server", metrics))
                                .addLast("ready", new Ready(ctx));
                    }
                });
        Transports.client(b, config.connect());
        ChannelFuture connecting = b.connect(Transports.address(config.connect()));
        Channel outbound = connecting.channel();
        connections.add(outbound);
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                metrics.connectFailed();
                log.warn("tunnel {}: cannot connect to {} for {}: {}", tunnel, config.connect(),
                        Peers.describe(inbound.remoteAddress()), f.cause().getMessage());
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
                    joined = true;
                    splice(inboundCtx, ctx.channel());
                } else {
                    ctx.close();
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a failed handshake is logged once, by HandshakeWatch
            log.debug("tunnel {}: TLS connection to {}: {}", tunnel, config.connect(), cause.toString());
            ctx.close();
        }
    }
}
