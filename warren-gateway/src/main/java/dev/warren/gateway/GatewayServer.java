package dev.warren.gateway;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.SocketTuning;
import dev.warren.gateway.internal.ConnectHandler;
import dev.warren.gateway.internal.ConnectionLimits;
import dev.warren.gateway.internal.Credentials;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's listening socket and event loops; {@link #close()} stops both. */
public final class GatewayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService resolver = Executors.newVirtualThreadPerTaskExecutor();
    private final Channel server;

    private GatewayServer(GatewayConfig config, Credentials credentials) throws InterruptedException {
        boss = EventLoops.group(1, "gateway-accept");
        workers = EventLoops.group(0, "gateway-io");
        ConnectionLimits limits = new ConnectionLimits(config.limits().maxPerSource(), config.limits().maxTotal());
        ServerBootstrap b = SocketTuning.server(new ServerBootstrap())
                .group(boss, workers)
                .channel(EventLoops.serverSocketChannel())
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(0, 0, config.limits().headerTimeout().toMillis(), TimeUnit.MILLISECONDS))
                                .addLast("decoder", new HttpRequestDecoder(4096, config.limits().maxHeaderBytes(), 8192))
                                .addLast("encoder", new HttpResponseEncoder())
                                .addLast("connect", new ConnectHandler(config, credentials, limits, resolver, EventLoops.socketChannel()));
                    }
                });
        try {
            server = b.bind(config.listen().unresolved().getHostString(), config.listen().port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdown();
            throw e;
        }
        log.info("gateway: listening on {} ({}), {} destination rules, {} source rules", server.localAddress(), EventLoops.describe(),
                config.allowDst().size(), config.allowSrc().size());
    }

    public static GatewayServer start(GatewayConfig config, Credentials credentials) throws InterruptedException {
        return new GatewayServer(config, credentials);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    public void awaitClose() throws InterruptedException {
        server.closeFuture().sync();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        shutdown();
    }

    private void shutdown() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        resolver.shutdownNow();
    }
}
