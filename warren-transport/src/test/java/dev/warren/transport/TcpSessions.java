package dev.warren.transport;

import dev.warren.common.net.EventLoops;
import dev.warren.protocol.Role;
import dev.warren.protocol.frame.Hello;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.SessionConfig;
import dev.warren.protocol.session.SessionListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Mux sessions over plain TCP on loopback, for the transport tests: an acceptor that listens, a dialer that reaches it. */
final class TcpSessions {
    private TcpSessions() {}

    /** Accepts sessions on 127.0.0.1 and a free port, each an acceptor in {@code role} reporting to {@code listener}. */
    static Channel listen(EventLoopGroup parent, EventLoopGroup child, SessionConfig config, Role role,
            SessionListener listener) throws InterruptedException {
        return new ServerBootstrap().group(parent, child).channel(EventLoops.serverSocketChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SessionPipeline.install(ch.pipeline(), config, MuxSession.acceptor(role, config, listener));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** A dialer's session to {@code address} once its HELLO is answered; streams the peer opens go to {@code listener}. */
    static MuxSession dial(EventLoopGroup group, SessionConfig config, Role role, SocketAddress address,
            SessionListener listener) throws Exception {
        CompletableFuture<MuxSession> ready = new CompletableFuture<>();
        MuxSession session = MuxSession.dialer(role, config, Map.of(), new SessionListener() {
            @Override
            public void onReady(MuxSession s, Hello h) {
                ready.complete(s);
            }

            @Override
            public void onOpen(MuxStream stream, Open open) {
                listener.onOpen(stream, open);
            }
        });
        new Bootstrap().group(group).channel(EventLoops.socketChannel()).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                SessionPipeline.install(ch.pipeline(), config, session);
            }
        }).connect(address).sync();
        return ready.get(5, TimeUnit.SECONDS);
    }
}
