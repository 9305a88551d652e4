package dev.warren.gateway;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.SocketTuning;
import dev.warren.common.net.Stops;
import dev.warren.common.text.IoErrors;
import dev.warren.gateway.internal.AccessPolicy;
import dev.warren.gateway.internal.Authenticator;
import dev.warren.gateway.internal.Cidr;
import dev.warren.gateway.internal.ConnectHandler;
import dev.warren.gateway.internal.ConnectRequestDecoder;
import dev.warren.gateway.internal.ConnectionLimiter;
import dev.warren.gateway.internal.DestinationRule;
import dev.warren.gateway.internal.GatewayContext;
import dev.warren.gateway.internal.HtpasswdReloader;
import dev.warren.gateway.internal.SpliceableEpoll;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running gateway: {@link #start} binds and serves until {@link #close}. */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final byte[] BUSY = ("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup workers;
    private final Channel server;
    private final ExecutorService bcrypt;
    private final ExecutorService dns;
    private final ScheduledExecutorService reloads;
    private final ConnectionLimiter limiter;
    private final ChannelGroup clients;
    private final AtomicBoolean stopping;

    private Gateway(EventLoopGroup workers, Channel server, ExecutorService bcrypt, ExecutorService dns,
            ScheduledExecutorService reloads, ConnectionLimiter limiter, ChannelGroup clients, AtomicBoolean stopping) {
        this.workers = workers;
        this.server = server;
        this.bcrypt = bcrypt;
        this.dns = dns;
        this.reloads = reloads;
        this.limiter = limiter;
        this.clients = clients;
        this.stopping = stopping;
    }

    public static Gateway start(GatewayConfig config) {
        return start(config, 0);
    }

    /** {@code threads}: event loops (0 = Netty's default). */
    public static Gateway start(GatewayConfig config, int threads) {
        AccessPolicy policy = new AccessPolicy(config.allowDestinations().stream().map(DestinationRule::parse).toList(),
                config.allowSources().stream().map(Cidr::parse).toList(),
                config.denyDestinations().stream().map(Cidr::parse).toList());
        ScheduledExecutorService reloads = null;
        Authenticator authenticator;
        if (config.htpasswd() != null) {
            HtpasswdReloader reloader;
            try {
                reloader = new HtpasswdReloader(config.htpasswd(), config.allowWeakHashes());
            } catch (IOException e) {
                throw new IllegalArgumentException("htpasswd " + config.htpasswd() + ": " + IoErrors.reason(e), e);
            }
            authenticator = new Authenticator(reloader::users);
            reloads = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "gateway-htpasswd"));
            reloads.scheduleWithFixedDelay(reloader::poll, 1, 1, TimeUnit.SECONDS);
        } else {
            authenticator = Authenticator.single(config.user(), config.password());
        }
        // bcrypt is slow on purpose: a small pool with a bounded queue keeps a guessing storm off the event loops
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        ExecutorService bcrypt = new ThreadPoolExecutor(cores, cores, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1024), r -> daemon(r, "gateway-bcrypt"));
        ExecutorService dns = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gateway-dns-", 0).factory());
        GatewayConfig.Limits limits = config.limits();
        ConnectionLimiter limiter = new ConnectionLimiter(limits.maxPerSource(), limits.maxConnections());
        AtomicBoolean stopping = new AtomicBoolean();
        GatewayContext context = new GatewayContext(policy, authenticator, limiter, "warren-gateway",
                limits.headerTimeout(), limits.idleTimeout(), limits.connectTimeout(), bcrypt, dns, stopping);
        // every client connection, so that a stop closes each one (its tunnel with it) while the loops still run, and
        // each gets its decision line: Netty 4.2.18's event loop can skip closing its channels when a shutdown begins
        // at the wrong moment of its loop (a tunnel open at a stop was then never logged, GatewayDecisionLogTest)
        ChannelGroup clients = Stops.channels("gateway-clients");
        // one group accepts and serves: an accepted connection starts on a loop that is already awake (a separate
        // acceptor thread would hand every new connection across threads, a wake-up per setup); with epoll, a tunnel
        // takes its two sockets over from Netty once it is set up and splices them (KernelSplice)
        EventLoopGroup workers = SpliceableEpoll.group(threads, "gateway");
        ServerBootstrap b = SocketTuning.server(new ServerBootstrap())
                .group(workers, workers)
                .channel(EventLoops.serverSocketChannel())
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        clients.add(ch);
                        var source = ch.remoteAddress().getAddress();
                        String refused = limiter.acquire(source);
                        if (refused != null) {
                            log.info("src={}:{} verdict=refused status=503 reason=\"{}\"", source.getHostAddress(),
                                    ch.remoteAddress().getPort(), refused);
                            ch.writeAndFlush(Unpooled.wrappedBuffer(BUSY)).addListener(ChannelFutureListener.CLOSE);
                            return;
                        }
                        ch.closeFuture().addListener(f -> limiter.release(source));
                        ch.pipeline().addLast(new ConnectRequestDecoder(limits.maxHeaderBytes()), new ConnectHandler(context));
                    }
                });
        try {
            Channel server = b.bind(config.listen()).syncUninterruptibly().channel();
            log.info("gateway listening on {} ({}), {} allowed destination(s), {}", hostPort((InetSocketAddress) server.localAddress()),
                    EventLoops.describe(), policy.destinations().size(),
                    policy.sources().isEmpty() ? "any source" : policy.sources().size() + " source network(s)");
            return new Gateway(workers, server, bcrypt, dns, reloads, limiter, clients, stopping);
        } catch (Exception e) { // Netty rethrows a failed bind's checked exception unchecked
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            bcrypt.shutdownNow();
            dns.shutdownNow();
            if (reloads != null) {
                reloads.shutdownNow();
            }
            throw new IllegalStateException("cannot listen on " + hostPort(config.listen()) + ": " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:3128}, not InetSocketAddress's {@code /127.0.0.1:3128}. */
    public static String hostPort(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    /** Connections open now (being decided or tunnelling). */
    public int openConnections() {
        return limiter.open();
    }

    /** Blocks until the gateway is closed. */
    public void awaitClose() throws InterruptedException {
        server.closeFuture().sync();
    }

    @Override
    public void close() {
        // bounded, as every other Warren process: a stop must end even if an event loop cannot (a lab gateway was
        // once seen waiting here forever with no event-loop thread left); the loops' threads are daemons
        stopping.set(true);
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        // each open connection closes (and logs its decision) before the loops go: see start
        if (!Stops.closeThenShutdown(clients, workers, Duration.ofSeconds(5))) {
            log.warn("gateway connections or event loops did not stop within 5 s; exiting without them");
        }
        bcrypt.shutdownNow();
        dns.shutdownNow();
        if (reloads != null) {
            reloads.shutdownNow();
        }
    }
}
