package dev.warren.mtls;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HalfCloseSafeEpoll;
import dev.warren.common.net.HostPort;
import dev.warren.mtls.internal.StatusServer;
import dev.warren.mtls.internal.TunnelServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code warren mtls} process: every tunnel of its {@link MtlsConfig} listening, their certificate files
 * watched (and reloaded on {@link #reload}, e.g. on SIGHUP), and the status listener when asked. {@link #close} stops
 * it all. Starting is all or nothing: if one tunnel cannot start, none runs, and the exception says which and why.
 */
public final class MtlsProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MtlsProxy.class);

    private final EventLoopGroup group;
    private final PrometheusMeterRegistry registry;
    private final List<TunnelServer> tunnels;
    private final StatusServer status;
    private final ScheduledExecutorService watcher;

    private MtlsProxy(EventLoopGroup group, PrometheusMeterRegistry registry, List<TunnelServer> tunnels, StatusServer status,
                      ScheduledExecutorService watcher) {
        this.group = group;
        this.registry = registry;
        this.tunnels = tunnels;
        this.status = status;
        this.watcher = watcher;
    }

    public static MtlsProxy start(MtlsConfig config) {
        EventLoopGroup group = HalfCloseSafeEpoll.group(config.ioThreads(), "mtls");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<TunnelServer> started = new ArrayList<>();
        StatusServer status = null;
        try {
            for (TunnelConfig t : config.tunnels()) {
                started.add(TunnelServer.start(t, group, registry));
            }
            if (config.status() != null) {
                List<TunnelServer> all = List.copyOf(started);
                status = StatusServer.start(config.status(), group, registry,
                        () -> all.stream().allMatch(TunnelServer::isListening));
                log.info("status: http://{}/healthz and /metrics", status.address());
            }
        } catch (RuntimeException e) {
            started.forEach(TunnelServer::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mtls-reload");
            t.setDaemon(true);
            return t;
        });
        MtlsProxy proxy = new MtlsProxy(group, registry, List.copyOf(started), status, watcher);
        long every = config.reloadCheck().toMillis();
        watcher.scheduleWithFixedDelay(() -> proxy.reloadNow("file change"), every, every, TimeUnit.MILLISECONDS);
        return proxy;
    }

    /** Loads every tunnel's certificate, key and CA as a start would, binding nothing: {@code run --check}. */
    public static void check(MtlsConfig config) {
        for (TunnelConfig t : config.tunnels()) {
            try {
                dev.warren.mtls.internal.TlsMaterial.load(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tunnel " + t.name() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Checks every tunnel's files now and loads what changed (SIGHUP); live connections keep their material. */
    public void reload() {
        watcher.execute(() -> reloadNow("reload requested"));
    }

    private void reloadNow(String trigger) {
        for (TunnelServer t : tunnels) {
            try {
                t.reload(trigger);
            } catch (RuntimeException e) {
                log.warn("tunnel {}: reload failed: {}", t.config().name(), e.toString());
            }
        }
    }

    /** Where a tunnel listens (for TCP port 0: the port chosen). */
    public Endpoint listenAddress(String tunnel) {
        return server(tunnel).listenAddress();
    }

    /** Connections open now through a tunnel. */
    public int openConnections(String tunnel) {
        return server(tunnel).metrics().open();
    }

    public HostPort statusAddress() {
        if (status == null) {
            throw new IllegalStateException("no status listener (start with a status address)");
        }
        return status.address();
    }

    /** The Prometheus text of every meter, as /metrics serves it. */
    public String scrape() {
        return registry.scrape();
    }

    private TunnelServer server(String name) {
        return tunnels.stream().filter(t -> t.config().name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("tunnel: '" + name + "' (expected one of: "
                        + tunnels.stream().map(t -> t.config().name()).toList() + ")"));
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        if (status != null) {
            status.close();
        }
        tunnels.forEach(TunnelServer::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        registry.close();
    }
}
