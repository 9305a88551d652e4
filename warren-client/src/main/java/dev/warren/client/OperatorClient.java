package dev.warren.client;

import dev.warren.common.net.EventLoops;
import dev.warren.common.tls.TlsContexts;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.ProtocolVersion;
import dev.warren.protocol.Role;
import dev.warren.protocol.frame.Hello;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.SessionListener;
import dev.warren.transport.DialException;
import dev.warren.transport.DialTarget;
import dev.warren.transport.RelayDialer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's side of the relay: one long-lived session on one event loop, so that every stream after the first
 * opens without a TLS handshake. {@link #session()} redials when the session was lost.
 */
public final class OperatorClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OperatorClient.class);

    private final ClientConfig config;
    private final EventLoopGroup group;
    private final DialTarget target;
    private Future<MuxSession> current;
    private volatile boolean closed;

    public OperatorClient(ClientConfig config) {
        this.config = config;
        this.group = EventLoops.group(1, "operator");
        this.target = new DialTarget(config.relay(), TlsContexts.client(config.identity(), config.trust(),
                config.transport().alpn()), true, config.proxy(), config.transport());
    }

    /** The event loop that carries the session; local sockets should live on it too. */
    public EventLoopGroup group() {
        return group;
    }

    /** A ready session: the current one, or a new dial if there is none or it was lost. */
    public synchronized Future<MuxSession> session() {
        if (closed) {
            return group.next().newFailedFuture(new IllegalStateException("client closed"));
        }
        if (current != null && (!current.isDone() || (current.isSuccess() && current.getNow().isReady()))) {
            return current;
        }
        // with a user certificate and no token, the TLS handshake is the proof
        Map<String, String> hello = config.hasToken() ? Map.of("token", config.token()) : Map.of();
        current = RelayDialer.dial(group, target, Role.OPERATOR, config.session(), hello,
                new SessionListener() {
                    @Override
                    public void onReady(MuxSession s, Hello relayHello) {
                        log.debug("connected to relay {} as {}", config.relay(), relayHello.attribute("user"));
                    }

                    @Override
                    public void onClosed(MuxSession s, ErrorCode code, String reason) {
                        if (!closed) {
                            log.debug("session with relay {} closed: {}: {}", config.relay(), code, reason);
                        }
                    }
                });
        return current;
    }

    /** Dials (or reuses) and waits, for commands that need the session before anything else. */
    public MuxSession awaitSession(long timeoutSeconds) throws DialException, InterruptedException {
        Future<MuxSession> f = session();
        if (!f.await(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new DialException(DialException.Stage.CONNECT, null,
                    "relay " + config.relay() + " did not answer within " + timeoutSeconds + " s", null);
        }
        if (!f.isSuccess()) {
            if (f.cause() instanceof DialException e) {
                throw e;
            }
            throw new DialException(DialException.Stage.CONNECT, null, String.valueOf(f.cause()), f.cause());
        }
        return f.getNow();
    }

    @Override
    public void close() {
        closed = true;
        Future<MuxSession> f;
        synchronized (this) {
            f = current;
        }
        if (f != null && f.isSuccess()) {
            log.debug("closing the session to the relay");
            // the GOAWAY leaves before the loop shuts down, or the relay records a dropped connection (MuxSession#close)
            f.getNow().close(ErrorCode.NO_ERROR, "operator done").awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
