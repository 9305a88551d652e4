package dev.warren.common.net;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.channels.spi.SelectorProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event loops and channel classes: epoll where it loads, NIO otherwise ({@code -Dwarren.transport=nio} forces NIO).
 */
public final class EventLoops {
    private static final Logger log = LoggerFactory.getLogger(EventLoops.class);
    private static final boolean EPOLL = chooseEpoll();

    private EventLoops() {}

    private static boolean chooseEpoll() {
        if ("nio".equalsIgnoreCase(System.getProperty("warren.transport"))) {
            log.info("transport: NIO (forced by -Dwarren.transport=nio)");
            return false;
        }
        if (Epoll.isAvailable()) {
            log.debug("transport: epoll");
            return true;
        }
        log.info("transport: NIO (epoll unavailable: {})", String.valueOf(Epoll.unavailabilityCause()));
        return false;
    }

    public static boolean epoll() {
        return EPOLL;
    }

    /**
     * A group of {@code threads} event loops (0 = Netty's default, twice the cores) named {@code name-N}. With epoll its
     * loops are {@link HalfCloseSafeEpoll}'s: a socket whose input was shut down (its peer half-closed) and that has
     * nothing to write would otherwise leave epoll, and the interest in writing that a large answer to it needs later
     * would fail (ENOENT) and cut the connection: a client that half-closes and then reads a large answer slowly got
     * a truncated one ({@code BridgedHalfCloseTest}).
     */
    public static EventLoopGroup group(int threads, String name) {
        if (EPOLL) {
            return HalfCloseSafeEpoll.group(threads, name);
        }
        IoHandlerFactory io = NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
    }

    public static Class<? extends SocketChannel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * Makes the channels of {@link #socketChannel()} with a constructor reference: for a bootstrap that connects once
     * per stream (the agent's connections to its services), where Netty's reflective factory costs a
     * {@code Constructor.newInstance} per connection.
     */
    public static ChannelFactory<SocketChannel> socketChannelFactory() {
        return EPOLL ? EpollSocketChannel::new : NioSocketChannel::new;
    }

    /**
     * As {@link #socketChannelFactory()}, for IPv4 sockets: for a target known to be an IPv4 address. Netty's sockets
     * are otherwise IPv6 ones that also reach IPv4 (where the host has IPv6), each made with a
     * {@code setsockopt(IPV6_V6ONLY, 0)}: one system call per connection saved.
     */
    public static ChannelFactory<SocketChannel> ipv4SocketChannelFactory() {
        if (EPOLL) {
            return () -> new EpollSocketChannel(SocketProtocolFamily.INET);
        }
        SelectorProvider provider = SelectorProvider.provider();
        return () -> new NioSocketChannel(provider, SocketProtocolFamily.INET);
    }

    public static Class<? extends ServerSocketChannel> serverSocketChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static String describe() {
        return EPOLL ? "epoll" : "nio";
    }
}
