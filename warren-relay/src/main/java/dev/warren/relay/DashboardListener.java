package dev.warren.relay;

import dev.warren.api.RestApi;
import dev.warren.api.dashboard.RequestGuard;
import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard alone over plain HTTP, on a loopback address only ({@code --dashboard-listen}): for someone on the
 * relay's host, or at the end of an SSH tunnel, whose browser should not be pointed at the TLS port. The relay's
 * event loops serve it; {@link RestApi#installLoopbackDashboard} answers only {@code /ui} and only loopback Host names.
 */
final class DashboardListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DashboardListener.class);

    private final Channel channel;

    DashboardListener(HostPort listen, RestApi api, EventLoopGroup acceptors, EventLoopGroup workers) {
        InetSocketAddress bind = RequestGuard.requireLoopback(new InetSocketAddress(listen.host(), listen.port()));
        try {
            this.channel = new ServerBootstrap().group(acceptors, workers).channel(EventLoops.serverSocketChannel())
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            api.installLoopbackDashboard(ch.pipeline());
                        }
                    }).bind(bind).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen for the dashboard on " + listen + ": " + e.getMessage(), e);
        }
        log.info("web dashboard over plain HTTP on http://{}/ui/ (loopback only)", address());
    }

    HostPort address() {
        InetSocketAddress a = (InetSocketAddress) channel.localAddress();
        return new HostPort(a.getAddress().getHostAddress(), a.getPort());
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
    }
}
