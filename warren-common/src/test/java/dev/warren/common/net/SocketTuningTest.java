package dev.warren.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
}
