package dev.warren.common.net;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.util.internal.PlatformDependent;

/**
 * Socket options every Warren hop uses. Measured on loopback (docs/BENCHMARKS.md, STACK.md): reads of up to 256 KiB,
 * large socket buffers and 256 KiB/1 MiB write watermarks together gave +0.5-0.8 Gbit/s on a relay chain; TCP_NODELAY
 * keeps interactive sessions (SSH keystrokes) from waiting on Nagle.
 */
public final class SocketTuning {
    public static final WriteBufferWaterMark WATERMARKS = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
    private static final AdaptiveRecvByteBufAllocator READS = new AdaptiveRecvByteBufAllocator(2048, 16 * 1024, 256 * 1024);
    /**
     * Reads of up to 1 MiB, for the relay's TLS port, where two sessions' bulk traffic queues up while the relay's
     * event loop waits for one of the two cores: a read takes what queued, so the relay makes about a third of the
     * recv and writev calls per GB of 256 KiB reads (docs/BENCHMARKS.md, "the relay's CPU per GB"). 1 MiB is the
     * largest buffer Netty's adaptive allocator pools.
     */
    public static final AdaptiveRecvByteBufAllocator BULK_READS =
            new AdaptiveRecvByteBufAllocator(2048, 16 * 1024, 1024 * 1024);
    /**
     * Whether Netty already turns TCP_NODELAY on for every new TCP socket (its socket configs do, in their constructors,
     * wherever the platform allows: on Linux always). Asking for it again cost a second {@code setsockopt(2)} per
     * socket, two per gateway tunnel (seen with strace, docs/BENCHMARKS.md).
     */
    static final boolean NODELAY_BY_DEFAULT = PlatformDependent.canEnableTcpNoDelayByDefault();

    /**
     * {@code SO_KEEPALIVE} (Linux: level {@code SOL_SOCKET} 1, option 9) through Netty's generic option, which epoll
     * channels take and its server channels' own config does not offer: set on a listening socket, Linux gives it to
     * every socket accepted from it (keep-alive timer included), so it costs one {@code setsockopt(2)} per listener
     * instead of one per connection.
     */
    static final ChannelOption<Integer> LISTENER_KEEPALIVE = new IntegerUnixChannelOption("SO_KEEPALIVE", 1, 9);

    private SocketTuning() {}

    /** Options for a connected socket (client side, or a server's accepted children). */
    public static <B extends AbstractBootstrap<B, ?>> B client(B bootstrap) {
        if (!NODELAY_BY_DEFAULT) {
            bootstrap.option(ChannelOption.TCP_NODELAY, true);
        }
        return bootstrap
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.RECVBUF_ALLOCATOR, READS)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATERMARKS)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    /**
     * Options for a listening socket and its accepted children; the listener must be of
     * {@link EventLoops#serverSocketChannel()}. (TCP_NODELAY, which accepted sockets would inherit as well, Netty sets on
     * each new socket in its config's constructor anyway.)
     */
    public static ServerBootstrap server(ServerBootstrap bootstrap) {
        if (!NODELAY_BY_DEFAULT) {
            bootstrap.childOption(ChannelOption.TCP_NODELAY, true);
        }
        if (EventLoops.epoll()) {
            bootstrap.option(LISTENER_KEEPALIVE, 1);
        } else {
            bootstrap.childOption(ChannelOption.SO_KEEPALIVE, true);
        }
        return bootstrap
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, READS)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATERMARKS);
    }

    /**
     * Closes a connection that ends in failure: a TCP connection with a reset (SO_LINGER 0, so the kernel sends RST
     * instead of FIN and drops what was not sent), so the program at the other end sees ECONNRESET and can never
     * take a cut-off byte stream for a complete one. Other channels (Unix sockets) just close.
     */
    public static ChannelFuture closeWithReset(Channel channel) {
        if (channel instanceof SocketChannel && channel.isOpen()) {
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException e) {
                // closed meanwhile: nothing left to reset
            }
        }
        return channel.close();
    }
}
