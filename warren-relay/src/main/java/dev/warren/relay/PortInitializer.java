package dev.warren.relay;

import dev.warren.api.RestApi;
import dev.warren.common.tls.TlsContexts;
import dev.warren.protocol.ProtocolVersion;
import dev.warren.protocol.Role;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.SessionConfig;
import dev.warren.protocol.session.SessionListener;
import dev.warren.transport.SessionPipeline;
import dev.warren.transport.websocket.TunnelUpgradeHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's one port: TLS first, then ALPN decides: {@code warren/1} becomes a protocol session, {@code http/1.1}
 * (or no ALPN, as curl without it sends) the REST API, where a WebSocket upgrade at {@code /api/v1/tunnel} becomes a
 * protocol session as well.
 */
final class PortInitializer extends ChannelInitializer<Channel> {
    private static final Logger log = LoggerFactory.getLogger(PortInitializer.class);

    private final SslContext tls;
    private final SessionConfig sessionConfig;
    private final SessionListener sessions;
    private final RestApi api;
    private final ChannelGroup connections;
    private final java.util.function.Consumer<Throwable> handshakeFailures;

    PortInitializer(SslContext tls, SessionConfig sessionConfig, SessionListener sessions, RestApi api,
            ChannelGroup connections, java.util.function.Consumer<Throwable> handshakeFailures) {
        this.handshakeFailures = handshakeFailures;
        this.tls = tls;
        this.sessionConfig = sessionConfig;
        this.sessions = sessions;
        this.api = api;
        this.connections = connections;
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch);
        ch.pipeline().addLast("tls", TlsContexts.serverHandler(tls, ch.alloc()));
        ch.pipeline().addLast("protocol-switch", new ProtocolSwitch());
    }

    private final class ProtocolSwitch extends ApplicationProtocolNegotiationHandler {
        ProtocolSwitch() {
            super(ApplicationProtocolNames.HTTP_1_1);
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (ProtocolVersion.ALPN.equals(protocol)) {
                // Each write is encrypted as it is, not cut to and joined into 16 KiB pieces: a relayed DATA frame
                // (one buffer, its header in place) then becomes its four TLS records in one output buffer, with one
                // promise and one outbound entry, and a small frame in front of it (a 45-byte tail frame, a
                // WINDOW_UPDATE) no longer makes every later frame of the flush be copied into 16 KiB pieces
                // (docs/BENCHMARKS.md, "the relay's CPU per GB"). Only here: WebSocket and HTTP write headers and
                // bodies as separate buffers, which would each become a record
                ctx.pipeline().get(SslHandler.class).setWrapDataSize(0);
                SessionPipeline.install(ctx.pipeline(), sessionConfig,
                        MuxSession.acceptor(Role.RELAY, sessionConfig, sessions));
            } else if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
                api.install(ctx.pipeline());
                // the same port takes the Warren protocol over WebSocket too, for networks where only HTTPS passes
                ctx.pipeline().addBefore("api", "ws-upgrade", new TunnelUpgradeHandler(sessionConfig,
                        () -> MuxSession.acceptor(Role.RELAY, sessionConfig, sessions), List.of("api", "api-idle")));
            } else {
                log.info("connection from {} refused: unknown protocol '{}'", ctx.channel().remoteAddress(), protocol);
                ctx.close();
            }
        }

        @Override
        protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
            log.info("TLS handshake from {} failed: {}", ctx.channel().remoteAddress(), HandshakeFailureText.describe(cause));
            handshakeFailures.accept(cause);
            ctx.close();
        }
    }
}
