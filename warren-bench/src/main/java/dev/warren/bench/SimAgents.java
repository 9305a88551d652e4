package dev.warren.bench;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import dev.warren.common.net.SocketTuning;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.ProtocolVersion;
import dev.warren.protocol.Role;
import dev.warren.protocol.frame.Hello;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.SessionConfig;
import dev.warren.protocol.session.SessionListener;
import dev.warren.transport.SessionPipeline;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many agents in one process: each a real agent session (TCP, TLS 1.3 with its own device certificate, ALPN
 * {@code warren/1}, HELLO as AGENT, keep-alives), all on a couple of event loops, none with threads or services of its
 * own. Streams the relay opens are refused. TLS sessions are never resumed: a resumed session would present another
 * device's certificate.
 */
final class SimAgents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimAgents.class);
    private static final int LOGGED_FAILURES = 5;

    private final InetSocketAddress relay;
    private final List<SimIdentities.Identity> identities;
    private final SimKeyManager keys;
    private final SslContext tls;
    private final EventLoopGroup group;
    private final SessionConfig config = SessionConfig.DEFAULTS;
    private final Semaphore inFlight;
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final Map<Integer, Channel> channels = new ConcurrentHashMap<>();
    private int started;

    SimAgents(HostPort relay, List<X509Certificate> relayCa, List<SimIdentities.Identity> identities, int threads,
            int maxInFlight) throws SSLException {
        this.relay = relay.resolved();
        this.identities = identities;
        this.keys = new SimKeyManager(identities);
        this.tls = SslContextBuilder.forClient()
                .sslProvider(SslProvider.OPENSSL)
                .protocols("TLSv1.3")
                .keyManager(keys)
                .trustManager(relayCa)
                // the relay CA authenticates the relay; a simulator has no host name to check it against
                .endpointIdentificationAlgorithm(null)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ProtocolVersion.ALPN))
                .build();
        this.group = EventLoops.group(threads, "sim");
        this.inFlight = new Semaphore(maxInFlight);
    }

    int ready() {
        return ready.get();
    }

    int failed() {
        return failed.get();
    }

    int lost() {
        return lost.get();
    }

    /** Starts agents until {@code target} were started, then waits until each is ready or failed; false on timeout. */
    boolean grow(int target, Duration timeout) throws InterruptedException {
        if (target > identities.size()) {
            throw new IllegalArgumentException("target: " + target + " (expected: <= " + identities.size()
                    + " prepared identities)");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (started < target) {
            if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
            connect(started++);
        }
        while (ready.get() + failed.get() + lost.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private void connect(int index) {
        Bootstrap bootstrap = SocketTuning.client(new Bootstrap())
                .group(group)
                .channel(EventLoops.socketChannel())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // no peer host and port: the client session cache stays out of it (no resumption)
                        SslHandler handler = tls.newHandler(ch.alloc());
                        keys.bind(handler.engine(), index);
                        ch.pipeline().addLast("tls", handler);
                        ch.pipeline().addLast("handshake", new AfterHandshake(index));
                    }
                });
        bootstrap.connect(relay).addListener(f -> {
            if (!f.isSuccess()) {
                failure(index, "connect: " + f.cause());
            }
        });
    }

    private void failure(int index, String why) {
        inFlight.release();
        if (failed.incrementAndGet() <= LOGGED_FAILURES) {
            log.warn("agent {} ({}) failed: {}", index, identities.get(index).name(), why);
        }
    }

    /** After the TLS handshake: check ALPN, then speak the protocol. */
    private final class AfterHandshake extends ChannelInboundHandlerAdapter {
        private final int index;

        AfterHandshake(int index) {
            this.index = index;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (!(evt instanceof SslHandshakeCompletionEvent done)) {
                super.userEventTriggered(ctx, evt);
                return;
            }
            SslHandler handler = ctx.pipeline().get(SslHandler.class);
            keys.unbind(handler.engine());
            if (!done.isSuccess()) {
                failure(index, "TLS: " + done.cause());
                ctx.close();
                return;
            }
            if (!ProtocolVersion.ALPN.equals(handler.applicationProtocol())) {
                failure(index, "ALPN: " + handler.applicationProtocol());
                ctx.close();
                return;
            }
            ctx.pipeline().remove(this);
            Map<String, String> hello = Map.of("agent.version", "sim", "services", "ssh");
            SessionPipeline.install(ctx.pipeline(), config, MuxSession.dialer(Role.AGENT, config, hello,
                    new Listener(index)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** One simulated agent's session: counts it ready, refuses every stream, notices when it drops. */
    private final class Listener implements SessionListener {
        private final int index;
        private boolean wasReady;

        Listener(int index) {
            this.index = index;
        }

        @Override
        public void onReady(MuxSession session, Hello peerHello) {
            wasReady = true;
            channels.put(index, session.channel());
            ready.incrementAndGet();
            inFlight.release();
        }

        @Override
        public void onOpen(MuxStream stream, Open open) {
            stream.reject(ErrorCode.NO_SUCH_SERVICE, "simulated agent");
        }

        @Override
        public void onClosed(MuxSession session, ErrorCode code, String reason) {
            if (!wasReady) {
                failure(index, "refused: " + code + ": " + reason);
                return;
            }
            channels.remove(index);
            ready.decrementAndGet();
            if (lost.incrementAndGet() <= LOGGED_FAILURES) {
                log.warn("agent {} ({}) lost its session: {}: {}", index, identities.get(index).name(), code, reason);
            }
        }
    }

    @Override
    public void close() {
        for (Channel c : channels.values()) {
            c.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
