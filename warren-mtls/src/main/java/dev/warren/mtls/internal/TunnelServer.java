package dev.warren.mtls.internal;

import dev.warren.common.net.HostPort;
import dev.warren.mtls.Endpoint;
import dev.warren.mtls.TunnelConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One tunnel's listener: its TLS material, meters and the pipeline of each accepted connection. */
public final class TunnelServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TunnelServer.class);

    private final TunnelConfig config;
    private final TlsMaterial tls;
    private final TunnelMetrics metrics;
    private final Channel listener;
    private final ChannelGroup connections;

    private TunnelServer(TunnelConfig config, TlsMaterial tls, TunnelMetrics metrics, Channel listener,
            ChannelGroup connections) {
        this.config = config;
        this.tls = tls;
        this.metrics = metrics;
        this.listener = listener;
        this.connections = connections;
    }

    /** Loads the material, binds the listener; any failure is an exception naming the tunnel and the cause. */
    public static TunnelServer start(TunnelConfig config, EventLoopGroup group, MeterRegistry registry) {
        TlsMaterial tls;
        try {
            tls = TlsMaterial.load(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tunnel " + config.name() + ": " + e.getMessage(), e);
        }
        TunnelMetrics metrics = new TunnelMetrics(registry, config.name(), tls::certificateNotAfter);
        if (config.listen() instanceof Endpoint.Unix unix) {
            UnixSocketFiles.prepare(unix.path());
        }
        // every connection of the tunnel, both sides, so that a stop closes them while the event loops still run: a loop
        // that shuts down does not close its channels (StopTest; the gateway met the same, GatewayDecisionLogTest)
        ChannelGroup connections = new DefaultChannelGroup("tunnel " + config.name(), GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap().group(group).channel(Transports.serverChannel(config.listen()))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        metrics.accepted();
                        connections.add(ch);
                        ch.closeFuture().addListener(f -> metrics.closed());
                        if (config.mode() == TunnelConfig.Mode.REVERSE) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()))
                                    .addLast("handshake", new HandshakeWatch(config.name(), "client", metrics))
                                    .addLast("connect", new ReverseConnector(config, metrics, connections));
                        } else {
                            ch.pipeline().addLast("connect", new ForwardConnector(config, tls, metrics, connections));
                        }
                    }
                });
        Transports.server(b, config.listen());
        ChannelFuture bound = b.bind(Transports.bindAddress(config.listen())).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalArgumentException("tunnel " + config.name() + ": cannot listen on " + config.listen() + ": "
                    + bound.cause().getMessage(), bound.cause());
        }
        if (config.listen() instanceof Endpoint.Unix unix) {
            try {
                UnixSocketFiles.apply(unix.path(), config.socket());
            } catch (IllegalArgumentException e) {
                bound.channel().close().awaitUninterruptibly();
                throw e;
            }
        }
        TunnelServer server = new TunnelServer(config, tls, metrics, bound.channel(), connections);
        log.info("tunnel {}: {} {} -> {} ({}), certificate valid until {}", config.name(),
                config.mode().name().toLowerCase(java.util.Locale.ROOT), server.listenAddress(), config.connect(),
                config.mode() == TunnelConfig.Mode.REVERSE
                        ? "TLS in, allowed: " + (config.allowAnyName() ? "any name of the CA" : config.allowNames())
                                + (config.proxyProtocol() ? ", PROXY v2 out" : "")
                        : "TLS out, server name " + config.expectedServerName(),
                tls.certificateNotAfter());
        return server;
    }

    public TunnelConfig config() {
        return config;
    }

    public TunnelMetrics metrics() {
        return metrics;
    }

    /** Where it listens: for TCP, with the port the kernel chose when asked for 0. */
    public Endpoint listenAddress() {
        if (listener.localAddress() instanceof InetSocketAddress a && config.listen() instanceof Endpoint.Tcp tcp) {
            return new Endpoint.Tcp(new HostPort(tcp.address().host(), a.getPort()));
        }
        return config.listen();
    }

    public boolean isListening() {
        return listener.isActive();
    }

    /** Loads changed certificate, key or CA files for new connections; live ones keep theirs. */
    public void reload(String trigger) {
        switch (tls.reload(trigger)) {
            case LOADED -> metrics.reloaded(true);
            case REFUSED -> metrics.reloaded(false);
            case UNCHANGED -> { }
        }
    }

    /** Stops accepting and closes every connection still open (a TLS side sends its close_notify first). */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        if (!connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS)) {
            log.warn("tunnel {}: connections did not all close within 5 s", config.name());
        }
        if (config.listen() instanceof Endpoint.Unix unix) {
            try {
                Files.deleteIfExists(unix.path());
            } catch (IOException e) {
                log.debug("unix:{}: not removed: {}", unix.path(), e.toString());
            }
        }
    }
}
