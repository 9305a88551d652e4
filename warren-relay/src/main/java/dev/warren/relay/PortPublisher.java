package dev.warren.relay;

import dev.warren.api.RelayControl;
import dev.warren.common.net.EventLoops;
import dev.warren.common.net.SocketTuning;
import dev.warren.store.PublishedPort;
import dev.warren.store.WarrenStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Published ports: a device service on a relay port of the allowed range, on the address the admin chose, for clients
 * that cannot run Warren. Allocations live in the store (they come back on restart); one listener per allocation.
 * Off unless the relay was started with a range, a bind address and a source allow-list.
 */
final class PortPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PortPublisher.class);

    private final OperationsConfig.Publish config;
    private final WarrenStore store;
    private final PublishedConnection.Context context;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Clock clock;
    private final Map<Integer, Channel> listeners = new ConcurrentHashMap<>();
    private final Map<Integer, PublishedPort> published = new ConcurrentHashMap<>();

    PortPublisher(OperationsConfig.Publish config, WarrenStore store, PublishedConnection.Context context,
            EventLoopGroup acceptors, EventLoopGroup workers, Clock clock) {
        this.config = config;
        this.store = store;
        this.context = context;
        this.acceptors = acceptors;
        this.workers = workers;
        this.clock = clock;
    }

    /** Listens on every stored allocation; one that cannot be bound is logged and reported by readiness. */
    void start() {
        config.exposureWarning().ifPresent(log::warn);
        for (PublishedPort p : store.publishedPorts().list()) {
            if (!config.inRange(p.port())) {
                log.warn("published port {} ({} of {}) is outside --publish-range {}-{}: not listening on it", p.port(),
                        p.service(), p.deviceId(), config.firstPort(), config.lastPort());
                continue;
            }
            try {
                listen(p);
            } catch (IllegalStateException e) {
                log.error("{}", e.getMessage());
            }
        }
    }

    /** Whether every allocation in range has its listener. */
    boolean allListening() {
        return store.publishedPorts().list().stream().filter(p -> config.inRange(p.port()))
                .allMatch(p -> listening(p.port()));
    }

    boolean listening(int port) {
        Channel ch = listeners.get(port);
        return ch != null && ch.isActive();
    }

    synchronized RelayControl.Publication publish(String deviceId, String service, Integer wanted, String createdBy) {
        if (wanted != null && !config.inRange(wanted)) {
            throw new IllegalArgumentException("port: " + wanted + " (expected: within --publish-range "
                    + config.firstPort() + "-" + config.lastPort() + ")");
        }
        int port = wanted != null ? wanted : free();
        PublishedPort p = new PublishedPort(port, deviceId, service, createdBy, clock.instant());
        store.publishedPorts().create(p); // DuplicateNameException: taken, or the service already published
        try {
            listen(p);
        } catch (IllegalStateException e) {
            store.publishedPorts().delete(port);
            throw e;
        }
        return publication(p);
    }

    private int free() {
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        store.publishedPorts().list().forEach(p -> taken.add(p.port()));
        for (int port = config.firstPort(); port <= config.lastPort(); port++) {
            if (!taken.contains(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in --publish-range " + config.firstPort() + "-"
                + config.lastPort() + " (all " + (config.lastPort() - config.firstPort() + 1) + " are published)");
    }

    /** The device was deleted (its allocations went with it, in the store): stop listening for it. */
    synchronized void deviceDeleted(String deviceId, String reason) {
        for (PublishedPort p : List.copyOf(published.values())) {
            if (p.deviceId().equals(deviceId)) {
                unpublish(p.port(), reason);
            }
        }
    }

    synchronized boolean unpublish(int port, String reason) {
        boolean deleted = store.publishedPorts().delete(port);
        published.remove(port);
        Channel ch = listeners.remove(port);
        if (ch != null) {
            ch.close().awaitUninterruptibly();
        }
        String operator = "published:" + port;
        for (LiveSession s : List.copyOf(context.live().values())) {
            if (s.operator().equals(operator)) {
                s.abort(dev.warren.protocol.ErrorCode.ADMIN_ACTION, reason);
            }
        }
        if (deleted) {
            log.info("port {} no longer published: {}", port, reason);
        }
        return deleted;
    }

    RelayControl.Publication publication(PublishedPort p) {
        return new RelayControl.Publication(p.port(), p.deviceId(), p.service(), p.createdBy(), p.createdAt(),
                config.bind(), listening(p.port()));
    }

    RelayControl.Publishing describe() {
        return new RelayControl.Publishing(config.firstPort(), config.lastPort(), config.bind(),
                config.allow().blocks().stream().map(Object::toString).toList(), this::listening);
    }

    private void listen(PublishedPort p) {
        ServerBootstrap b = SocketTuning.server(new ServerBootstrap()).group(acceptors, workers)
                .channel(EventLoops.serverSocketChannel())
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("published", new PublishedConnection(context, p));
                    }
                });
        try {
            Channel ch = b.bind(config.bind(), p.port()).sync().channel();
            listeners.put(p.port(), ch);
            published.put(p.port(), p);
            log.info("published {}/{} on {}:{} (sources allowed: {})", p.deviceId(), p.service(), config.bind(),
                    p.port(), config.allow());
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + config.bind() + ":" + p.port() + " for "
                    + p.deviceId() + "/" + p.service() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (Channel ch : listeners.values()) {
            ch.close().awaitUninterruptibly();
        }
        listeners.clear();
        published.clear();
    }
}
