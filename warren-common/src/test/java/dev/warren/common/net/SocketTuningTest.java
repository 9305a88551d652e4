package dev.warren.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The options {@link SocketTuning} promises, read back from the sockets themselves. */
class SocketTuningTest {
    @Test
    void bothEndsOfAConnectionHaveNoDelayAndKeepAlive() throws Exception {
        EventLoopGroup group = EventLoops.group(1, "tuning-test");
        try {
            CompletableFuture<Channel> accepted = new CompletableFuture<>();
            Channel server = SocketTuning.server(new ServerBootstrap()).group(group)
                    .channel(EventLoops.serverSocketChannel())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            accepted.complete(ch);
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            Channel client = SocketTuning.client(new Bootstrap()).group(group).channel(EventLoops.socketChannel())
                    .handler(new ChannelInboundHandlerAdapter()).connect(server.localAddress()).sync().channel();
            for (Channel ch : new Channel[] {client, accepted.get(5, TimeUnit.SECONDS)}) {
                assertThat(ch.config().getOption(ChannelOption.TCP_NODELAY)).as("TCP_NODELAY of %s", ch).isTrue();
                assertThat(ch.config().getOption(ChannelOption.SO_KEEPALIVE)).as("SO_KEEPALIVE of %s", ch).isTrue();
            }
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** getsockopt(SOL_SOCKET, SO_DOMAIN): the socket's address family (Linux: AF_INET 2, AF_INET6 10). */
    private static final IntegerUnixChannelOption SO_DOMAIN = new IntegerUnixChannelOption("SO_DOMAIN", 1, 39);

    @Test
    void ipv4ChannelsAreIpv4SocketsThatConnect() throws Exception {
        Assumptions.assumeTrue(EventLoops.epoll(), "SO_DOMAIN is read through epoll's generic option");
        EventLoopGroup group = EventLoops.group(1, "tuning-test");
        try {
            Channel server = SocketTuning.server(new ServerBootstrap()).group(group)
                    .channel(EventLoops.serverSocketChannel())
                    .childHandler(new ChannelInboundHandlerAdapter())
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            Channel client = SocketTuning.client(new Bootstrap()).group(group)
                    .channelFactory(EventLoops.ipv4SocketChannelFactory())
                    .handler(new ChannelInboundHandlerAdapter()).connect(server.localAddress()).sync().channel();
            assertThat(client.config().getOption(SO_DOMAIN)).as("address family").isEqualTo(2);
            assertThat(client.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
            assertThat(client.config().getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
