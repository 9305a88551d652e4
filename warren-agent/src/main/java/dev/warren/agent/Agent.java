package dev.warren.agent;

import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import dev.warren.common.tls.TlsContexts;
import dev.warren.common.tls.TlsIdentity;
import dev.warren.common.tls.TrustPolicy;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.ProtocolVersion;
import dev.warren.protocol.Role;
import dev.warren.protocol.frame.GoAway;
import dev.warren.protocol.frame.Hello;
import dev.warren.protocol.frame.Open;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.SessionListener;
import dev.warren.transport.DialException;
import dev.warren.transport.DialTarget;
import dev.warren.transport.RelayDialer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: one outbound session to the relay, redialed forever with jittered backoff (or when the relay's
 * GOAWAY says), serving opens for the services in its configuration only. Its device certificate renews itself
 * ({@link CertificateRenewal}); the next dial presents the renewed one.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    public static final String VERSION = Optional.ofNullable(Agent.class.getPackage().getImplementationVersion())
            .orElse("dev");

    private final AgentConfig config;
    private final AgentFiles.Enrolled enrolled;
    private final HostPort relay;
    private final List<X509Certificate> relayCa;
    private volatile DialTarget target;
    private final EventLoopGroup group;
    private final CertificateRenewal renewal;
    private final Backoff backoff;
    private final ServiceConnector connector;
    private final Map<String, String> hello;
    private final Forwarders forwarders;
    private volatile MuxSession session;
    private volatile boolean closed;
    private volatile String lastFailure;
    private final IdentityLock lock;

    private Agent(AgentConfig config) {
        this.config = config;
        AgentFiles files = new AgentFiles(config.dataDir());
        this.enrolled = files.readEnrolled();
        this.relay = config.relay() != null ? config.relay() : AgentFiles.relayOf(enrolled);
        this.relayCa = files.relayCa();
        TlsIdentity identity = files.identity();
        this.target = target(identity);
        // before anything runs or renews: another agent may hold this identity
        this.lock = IdentityLock.take(config.dataDir());
        this.group = EventLoops.group(1, "agent");
        this.renewal = new CertificateRenewal(files, enrolled.name(), relay, config.proxy(), config.renewBefore(), group,
                renewed -> target = target(renewed), Clock.systemUTC());
        renewal.start(identity.chain().get(0));
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
        this.connector = new ServiceConnector(config.services(), enrolled.name());
        this.hello = Map.of("agent.version", VERSION, "services", String.join(",", config.services().keySet()));
        try {
            this.forwarders = new Forwarders(group, config.forwards(), this::currentSession);
        } catch (RuntimeException e) {
            renewal.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            lock.close();
            throw e;
        }
    }

    /** The session for a forwarder's stream: the ready one, or a failure that says why there is none. */
    private io.netty.util.concurrent.Future<MuxSession> currentSession() {
        MuxSession s = session;
        if (s != null && s.isReady()) {
            return group.next().newSucceededFuture(s);
        }
        String why = lastFailure;
        return group.next().newFailedFuture(new IllegalStateException("not connected to the relay"
                + (why == null ? " yet" : " (last failure: " + why + ")")));
    }

    /** The local ports of the service forwarders, in the order configured. */
    public List<Integer> forwarderPorts() {
        return forwarders.ports();
    }

    private DialTarget target(TlsIdentity identity) {
        SslContext tls = TlsContexts.client(identity, new TrustPolicy.Cas(relayCa), config.transport().alpn());
        return new DialTarget(relay, tls, true, config.proxy(), config.transport());
    }

    /** Starts dialing the relay and returns at once; the agent keeps reconnecting until closed. */
    public static Agent start(AgentConfig config) {
        Agent agent = new Agent(config);
        log.info("agent '{}' (device {}) exposing {} via relay {}", agent.enrolled.name(), agent.enrolled.deviceId(),
                config.services(), agent.target.route());
        agent.dial();
        return agent;
    }

    public String deviceId() {
        return enrolled.deviceId();
    }

    public String deviceName() {
        return enrolled.name();
    }

    /** True while a session with the relay is up. */
    public boolean connected() {
        MuxSession s = session;
        return s != null && s.isReady();
    }

    /** Why the last dial failed, if it did: for status output and tests. */
    public String lastFailure() {
        return lastFailure;
    }

    private void dial() {
        if (closed) {
            return;
        }
        RelayDialer.dial(group, target, Role.AGENT, config.session(), hello, new Listener()).addListener(f -> {
            if (f.isSuccess()) {
                return; // Listener.onReady takes it from here
            }
            DialException e = (DialException) f.cause();
            lastFailure = e.getMessage();
            long delay = backoff.nextMillis();
            if (backoff.failures() <= 3 || backoff.failures() % 10 == 0) {
                log.warn("cannot connect to relay (attempt {}): {}; retrying in {} ms", backoff.failures(),
                        e.getMessage(), delay);
            }
            schedule(delay);
        });
    }

    private void schedule(long delayMillis) {
        if (!closed) {
            group.schedule(this::dial, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        closed = true;
        forwarders.close();
        renewal.close();
        MuxSession s = session;
        if (s != null) {
            // the GOAWAY leaves before the loop shuts down, or the relay records a dropped connection (MuxSession#close)
            s.close(ErrorCode.NO_ERROR, "agent stopping").awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        lock.close();
    }

    private final class Listener implements SessionListener {
        @Override
        public void onReady(MuxSession s, Hello relayHello) {
            session = s;
            lastFailure = null;
            backoff.reset();
            log.info("connected to relay {} (node {}) as '{}'", target.relay(), relayHello.attribute("node"),
                    enrolled.name());
        }

        @Override
        public void onOpen(MuxStream stream, Open open) {
            connector.open(stream, open);
        }

        @Override
        public void onGoAway(MuxSession s, GoAway goAway) {
            log.info("relay is going away: {} (retry after {} ms)", goAway.reason(), goAway.retryAfterMillis());
        }

        @Override
        public void onClosed(MuxSession s, ErrorCode code, String reason) {
            if (session == s) {
                session = null;
            }
            if (closed) {
                return;
            }
            GoAway goAway = s.goAwayReceived();
            long delay;
            if (goAway != null && goAway.code() == ErrorCode.SHUTTING_DOWN) {
                // the relay chose when this agent comes back: its spread, plus a little of our own
                delay = goAway.retryAfterMillis() + ThreadLocalRandom.current().nextLong(250);
            } else {
                delay = backoff.afterDisconnect();
            }
            lastFailure = code + ": " + reason;
            log.warn("disconnected from relay: {}: {}; reconnecting in {} ms", code, reason, delay);
            schedule(delay);
        }
    }

}
