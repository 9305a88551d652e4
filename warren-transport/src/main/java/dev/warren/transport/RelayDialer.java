package dev.warren.transport;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.SocketTuning;
import dev.warren.common.text.ConnectErrors;
import dev.warren.common.tls.TlsContexts;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.ProtocolVersion;
import dev.warren.protocol.Role;
import dev.warren.protocol.frame.GoAway;
import dev.warren.protocol.frame.Hello;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.session.HelloDecision;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.SessionConfig;
import dev.warren.protocol.session.SessionListener;
import dev.warren.transport.proxy.ProxySpec;
import dev.warren.transport.websocket.TunnelClientUpgrade;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Dials a relay: TCP (straight or through an HTTP CONNECT or SOCKS5 proxy), TLS 1.3 with ALPN {@code warren/1}, then the HELLO exchange. The future completes with a ready
 * session or fails with a {@link DialException} that says which stage failed and why.
 */
public final class RelayDialer {
    private RelayDialer() {}

    public static Future<MuxSession> dial(EventLoopGroup group, DialTarget target, Role role, SessionConfig config,
            Map<String, String> helloAttributes, SessionListener listener) {
        EventLoop loop = group.next();
        Promise<MuxSession> ready = loop.newPromise();
        MuxSession session = MuxSession.dialer(role, config, helloAttributes, new ReadyListener(listener, ready));
        // name resolution may block: keep it off the event loop, on a thread that ends with the dial. Not a virtual
        // thread: the first one starts the JDK's scheduler, whose threads then stay for the life of the agent
        Thread.ofPlatform().daemon().name("dial-" + target.relay().host()).start(() -> connect(loop, target, config,
                session, ready));
        return ready;
    }

    private static void connect(EventLoop loop, DialTarget target, SessionConfig config, MuxSession session,
            Promise<MuxSession> ready) {
        ProxySpec proxy = target.proxy();
        InetSocketAddress proxyAddress;
        try {
            proxyAddress = proxy == null ? null : ProxiedConnect.resolveProxy(proxy);
        } catch (java.net.UnknownHostException e) {
            ready.tryFailure(new DialException(DialException.Stage.PROXY, null, e.getMessage(), e));
            return;
        }
        Bootstrap bootstrap = SocketTuning.client(new Bootstrap())
                .group(loop)
                .channel(EventLoops.socketChannel())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ProxiedConnect.install(ch, proxy, proxyAddress);
                        SslHandler tls = TlsContexts.clientHandler(target.tls(), ch.alloc(), target.relay().host(),
                                target.relay().port(), target.verifyHostname());
                        ch.pipeline().addLast("tls", tls);
                        ch.pipeline().addLast("handshake", new AfterHandshake(target, config, session, ready));
                    }
                });
        try {
            ProxiedConnect.connect(bootstrap, target.relay(), proxy).addListener(f -> {
                if (!f.isSuccess()) {
                    String where = proxy == null ? "relay " + target.relay() : "proxy " + proxy.address();
                    ready.tryFailure(new DialException(proxy == null ? DialException.Stage.CONNECT
                            : DialException.Stage.PROXY, null, "connect to " + where + ": " + describe(f.cause()),
                            f.cause()));
                }
            });
        } catch (java.net.UnknownHostException e) {
            ready.tryFailure(new DialException(DialException.Stage.CONNECT, null,
                    "cannot resolve relay host '" + target.relay().host() + "'", e));
        }
    }

    static String describe(Throwable t) {
        return ConnectErrors.describe(t);
    }

    /** Waits for the TLS handshake, checks ALPN, then swaps in the Warren protocol. */
    private static final class AfterHandshake extends ChannelInboundHandlerAdapter {
        private final DialTarget target;
        private final SessionConfig config;
        private final MuxSession session;
        private final Promise<MuxSession> ready;

        AfterHandshake(DialTarget target, SessionConfig config, MuxSession session, Promise<MuxSession> ready) {
            this.target = target;
            this.config = config;
            this.session = session;
            this.ready = ready;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (!(evt instanceof SslHandshakeCompletionEvent done)) {
                super.userEventTriggered(ctx, evt);
                return;
            }
            if (!done.isSuccess()) {
                if (failedAtProxy(ctx, done.cause())) {
                    return;
                }
                ready.tryFailure(new DialException(DialException.Stage.TLS, null,
                        "TLS handshake with relay " + target.relay() + " failed: " + describe(done.cause()),
                        done.cause()));
                ctx.close();
                return;
            }
            String protocol = ctx.pipeline().get(SslHandler.class).applicationProtocol();
            if (target.transport() == Transport.WSS) {
                ctx.pipeline().remove(this);
                ctx.pipeline().addLast("ws-failure", new UpgradeFailure(target, ready));
                TunnelClientUpgrade.start(ctx.pipeline(), target.relay(), config.settings().maxFrameSize(), () -> {
                    ctx.pipeline().remove("ws-failure");
                    SessionPipeline.install(ctx.pipeline(), config, session);
                }, reason -> ready.tryFailure(new DialException(DialException.Stage.PROTOCOL, null, reason, null)));
                return;
            }
            if (!ProtocolVersion.ALPN.equals(protocol)) {
                ready.tryFailure(new DialException(DialException.Stage.PROTOCOL, null, "relay " + target.relay()
                        + " did not select protocol " + ProtocolVersion.ALPN + " (selected: " + protocol
                        + "); is it a Warren relay?", null));
                ctx.close();
                return;
            }
            ctx.pipeline().remove(this);
            SessionPipeline.install(ctx.pipeline(), config, session);
        }

        /** Fails the dial with the proxy's reason when the proxy is why the channel failed. */
        private boolean failedAtProxy(ChannelHandlerContext ctx, Throwable seen) {
            return ProxiedConnect.proxyFailure(ctx.channel(), target.proxy(), target.relay(), seen,
                    reason -> ready.tryFailure(new DialException(DialException.Stage.PROXY, null, reason, null)));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (failedAtProxy(ctx, null)) {
                ctx.fireChannelInactive();
                return;
            }
            ready.tryFailure(new DialException(DialException.Stage.TLS, null,
                    "relay " + target.relay() + " closed the connection during the TLS handshake", null));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // the handshake event reports TLS failures; anything else here ends the attempt
            if (failedAtProxy(ctx, cause)) {
                ctx.close();
                return;
            }
            ready.tryFailure(new DialException(DialException.Stage.TLS, null,
                    "connection to relay " + target.relay() + " failed: " + describe(cause), cause));
            ctx.close();
        }
    }

    /** Fails the dial when the WebSocket upgrade breaks off before the relay answered it. */
    private static final class UpgradeFailure extends ChannelInboundHandlerAdapter {
        private final DialTarget target;
        private final Promise<MuxSession> ready;

        UpgradeFailure(DialTarget target, Promise<MuxSession> ready) {
            this.target = target;
            this.ready = ready;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ready.tryFailure(new DialException(DialException.Stage.PROTOCOL, null, "relay " + target.relay()
                    + " closed the connection during the WebSocket upgrade", null));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ready.tryFailure(new DialException(DialException.Stage.PROTOCOL, null, "WebSocket upgrade with relay "
                    + target.relay() + " failed: " + describe(cause), cause));
            ctx.close();
        }
    }

    /** Completes the dial when HELLO was exchanged; fails it when the relay closes first. */
    private record ReadyListener(SessionListener delegate, Promise<MuxSession> ready) implements SessionListener {
        @Override
        public CompletionStage<HelloDecision> onHello(MuxSession session, Hello hello) {
            return delegate.onHello(session, hello);
        }

        @Override
        public void onReady(MuxSession session, Hello peerHello) {
            if (ready.trySuccess(session)) {
                delegate.onReady(session, peerHello);
            }
        }

        @Override
        public void onOpen(MuxStream stream, Open open) {
            delegate.onOpen(stream, open);
        }

        @Override
        public void onGoAway(MuxSession session, GoAway goAway) {
            delegate.onGoAway(session, goAway);
        }

        @Override
        public void onClosed(MuxSession session, ErrorCode code, String reason) {
            if (ready.tryFailure(new DialException(DialException.Stage.REFUSED, code,
                    "relay refused the session: " + reason, null))) {
                return;
            }
            delegate.onClosed(session, code, reason);
        }
    }
}
