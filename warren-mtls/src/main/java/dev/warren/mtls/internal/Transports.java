package dev.warren.mtls.internal;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.SocketTuning;
import dev.warren.mtls.Endpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * Channel classes and options for TCP and Unix sockets: epoll where it loads (its domain sockets), the JDK's own
 * Unix domain socket channels (NIO) otherwise. Both allow half-closure, so that one direction's end is passed on while
 * the other keeps flowing.
 */
final class Transports {
    private static final AdaptiveRecvByteBufAllocator READS = new AdaptiveRecvByteBufAllocator(2048, 16 * 1024, 256 * 1024);

    private Transports() {}

    static Class<? extends ServerChannel> serverChannel(Endpoint e) {
        if (e instanceof Endpoint.Unix) {
            return EventLoops.epoll() ? EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class;
        }
        return EventLoops.serverSocketChannel();
    }

    static Class<? extends Channel> channel(Endpoint e) {
        if (e instanceof Endpoint.Unix) {
            return EventLoops.epoll() ? EpollDomainSocketChannel.class : NioDomainSocketChannel.class;
        }
        return EventLoops.socketChannel();
    }

    /** The address to bind or connect; TCP hosts stay unresolved here and are resolved when connecting. */
    static SocketAddress address(Endpoint e) {
        return switch (e) {
            case Endpoint.Unix unix -> EventLoops.epoll() ? new DomainSocketAddress(unix.path().toString())
                    : UnixDomainSocketAddress.of(unix.path());
            case Endpoint.Tcp tcp -> tcp.address().unresolved();
        };
    }

    static SocketAddress bindAddress(Endpoint e) {
        return e instanceof Endpoint.Tcp tcp ? tcp.address().resolved() : address(e);
    }

    static ServerBootstrap server(ServerBootstrap b, Endpoint listen) {
        b.childOption(ChannelOption.AUTO_READ, false).childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        if (listen instanceof Endpoint.Tcp) {
            return SocketTuning.server(b);
        }
        return b.option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, READS)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, SocketTuning.WATERMARKS);
    }

    static Bootstrap client(Bootstrap b, Endpoint connect) {
        b.option(ChannelOption.AUTO_READ, false).option(ChannelOption.ALLOW_HALF_CLOSURE, true);
        if (connect instanceof Endpoint.Tcp) {
            return SocketTuning.client(b);
        }
        return b.option(ChannelOption.RECVBUF_ALLOCATOR, READS)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, SocketTuning.WATERMARKS)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }
}
