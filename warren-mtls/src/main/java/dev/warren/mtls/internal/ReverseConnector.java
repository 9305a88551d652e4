package dev.warren.mtls.internal;

import dev.warren.mtls.TunnelConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reverse side of one connection, after the TLS handshake (whose trust manager already checked the client's CA,
 * validity and name): connects to the target on the same event loop, sends the PROXY v2 header when asked, passes on
 * what the client sent meanwhile, and splices the two. The target is never dialled for an unauthenticated peer.
 */
final class ReverseConnector extends BeforeSplice {
    private static final Logger log = LoggerFactory.getLogger(ReverseConnector.class);

    private final TunnelConfig config;

    ReverseConnector(TunnelConfig config, TunnelMetrics metrics, ChannelGroup connections) {
        super(config.name(), metrics, connections);
        this.config = config;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read(); // auto-read is off: the first read starts the handshake, the SslHandler asks for the rest
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
            connect(ctx);
        }
        super.userEventTriggered(ctx, evt);
    }

    private void connect(ChannelHandlerContext ctx) {
        Channel inbound = ctx.channel();
        Bootstrap b = new Bootstrap().group(inbound.eventLoop()).channel(Transports.channel(config.connect()))
                .handler(ClosingOnError.INSTANCE);
        Transports.client(b, config.connect());
        ChannelFuture connecting = b.connect(Transports.address(config.connect()));
        Channel outbound = connecting.channel();
        connections.add(outbound);
        inbound.closeFuture().addListener(f -> {
            if (!connecting.isDone()) {
                outbound.close();
            }
        });
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                metrics.connectFailed();
                log.warn("tunnel {}: client {} accepted, but the target {} cannot be reached: {}", tunnel,
                        Peers.describe(inbound.remoteAddress()), config.connect(), f.cause().getMessage());
                inbound.close();
                return;
            }
            if (!inbound.isActive()) {
                outbound.close();
                return;
            }
            if (config.proxyProtocol()) {
                sendProxyHeader(inbound, outbound);
            }
            splice(ctx, outbound);
        });
    }

    private static void sendProxyHeader(Channel inbound, Channel outbound) {
        SSLEngine engine = inbound.pipeline().get(SslHandler.class).engine();
        PeerIdentity peer;
        try {
            peer = PeerIdentity.of((X509Certificate) engine.getSession().getPeerCertificates()[0]);
        } catch (SSLPeerUnverifiedException e) {
            throw new IllegalStateException("a verified client without a certificate", e);
        }
        boolean resumed = Sessions.resumed(engine);
        outbound.pipeline().addFirst("proxy-header", HAProxyMessageEncoder.INSTANCE);
        outbound.write(ProxyHeaders.of(inbound, engine.getSession(), peer, resumed), outbound.voidPromise());
        outbound.pipeline().remove("proxy-header");
    }
}
