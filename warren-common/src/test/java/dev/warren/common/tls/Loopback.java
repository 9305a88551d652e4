package dev.warren.common.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSslSession;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.internal.tcnative.SSL;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * One TLS connection over real loopback sockets: the server handler from {@link TlsContexts#serverHandler}, the client
 * from {@link TlsContexts#clientHandler}; after its handshake the server sends one byte, which the client must read
 * (so TLS 1.3 session tickets have arrived too). Every wait is bounded.
 */
final class Loopback {
    static final EventLoopGroup GROUP =
            new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("tls-test", true), NioIoHandler.newFactory());
    private static final long TIMEOUT_SECONDS = 10;

    private Loopback() {}

    /** What both ends saw, captured before the channels close (OpenSSL engines free their state on close). */
    record Outcome(Throwable serverError, Throwable clientError, Throwable clientReadError,
                   String protocol, String serverAlpn, String clientAlpn, String serverGroup, String clientGroup,
                   String clientCertificateSeenByServer, Boolean clientResumed, Boolean serverResumed) {

        boolean succeeded() {
            return serverError == null && clientError == null && clientReadError == null;
        }

        /** The first error, server's handshake first: a refusal shows on at least one side. */
        Throwable failure() {
            return serverError != null ? serverError : clientError != null ? clientError : clientReadError;
        }

        /** Every message in both sides' cause chains, to find why a handshake was refused. */
        String allMessages() {
            StringBuilder out = new StringBuilder();
            for (Throwable t : new Throwable[] {serverError, clientError, clientReadError}) {
                for (Throwable c = t; c != null; c = c.getCause()) {
                    out.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
                }
            }
            return out.toString();
        }
    }

    static Outcome connect(SslContext serverContext, SslContext clientContext, String host, boolean verifyHostname)
            throws Exception {
        try (Server server = Server.start(serverContext)) {
            return server.connect(clientContext, host, verifyHostname);
        }
    }

    /** A listening server on 127.0.0.1 and an ephemeral port; connections to it are handled one at a time. */
    static final class Server implements AutoCloseable {
        private final Channel channel;
        private volatile CompletableFuture<Outcome> serverSide = new CompletableFuture<>();

        private Server(SslContext serverContext) throws InterruptedException {
            this.channel = new ServerBootstrap().group(GROUP).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            CompletableFuture<Outcome> outcome = serverSide;
                            SslHandler tls = TlsContexts.serverHandler(serverContext, ch.alloc());
                            ch.pipeline().addLast(tls, new ChannelInboundHandlerAdapter() {
                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    ctx.close(); // the handshake future carries the error
                                }
                            });
                            tls.handshakeFuture().addListener(f -> {
                                outcome.complete(new Outcome(f.cause(), null, null, null, tls.applicationProtocol(), null,
                                        f.isSuccess() ? group(tls.engine()) : null, null, f.isSuccess() ? peer(tls.engine()) : null, null,
                                        f.isSuccess() ? resumed(tls.engine()) : null));
                                if (f.isSuccess()) {
                                    ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {42}));
                                }
                            });
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
        }

        static Server start(SslContext serverContext) throws InterruptedException {
            return new Server(serverContext);
        }

        Outcome connect(SslContext clientContext, String host, boolean verifyHostname) throws Exception {
            serverSide = new CompletableFuture<>();
            int port = ((InetSocketAddress) channel.localAddress()).getPort();
            CompletableFuture<Void> read = new CompletableFuture<>();
            CompletableFuture<Outcome> clientSide = new CompletableFuture<>();
            Channel client = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SslHandler tls = TlsContexts.clientHandler(clientContext, ch.alloc(), host, port, verifyHostname);
                            // captured the moment the handshake ends, before a late alert can close and free the engine
                            tls.handshakeFuture().addListener(f -> clientSide.complete(new Outcome(null, f.cause(), null,
                                    f.isSuccess() ? tls.engine().getSession().getProtocol() : null, null, tls.applicationProtocol(),
                                    null, f.isSuccess() ? group(tls.engine()) : null, null, f.isSuccess() ? resumed(tls.engine()) : null, null)));
                            ch.pipeline().addLast(tls, new SimpleChannelInboundHandler<ByteBuf>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                    read.complete(null);
                                }

                                @Override
                                public void channelInactive(ChannelHandlerContext ctx) {
                                    read.completeExceptionally(new ClosedChannelException());
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    read.completeExceptionally(cause);
                                    ctx.close();
                                }
                            });
                        }
                    })
                    .connect("127.0.0.1", port).sync().channel();
            try {
                Outcome clientOutcome = clientSide.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                Throwable readError = null;
                try {
                    read.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    readError = e.getCause();
                }
                Outcome serverOutcome = serverSide.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return new Outcome(serverOutcome.serverError(), clientOutcome.clientError(), readError, clientOutcome.protocol(),
                        serverOutcome.serverAlpn(), clientOutcome.clientAlpn(), serverOutcome.serverGroup(), clientOutcome.clientGroup(),
                        serverOutcome.clientCertificateSeenByServer(), clientOutcome.clientResumed(), serverOutcome.serverResumed());
            } finally {
                client.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        }

        @Override
        public void close() throws InterruptedException {
            channel.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The key-exchange group; only Netty's OpenSSL sessions say (the JDK has no public API for it). */
    private static String group(SSLEngine engine) {
        SSLSession session = engine.getSession();
        return session instanceof OpenSslSession openssl ? openssl.getNamedGroup() : null;
    }

    /** Whether the session was resumed; only BoringSSL tells (null: the JDK does not say). */
    private static Boolean resumed(SSLEngine engine) {
        return engine instanceof ReferenceCountedOpenSslEngine openssl ? SSL.isSessionReused(openssl.sslPointer()) : null;
    }

    private static String peer(SSLEngine engine) {
        try {
            return ((X509Certificate) engine.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
