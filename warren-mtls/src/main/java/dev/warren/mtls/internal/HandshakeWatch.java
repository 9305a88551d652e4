package dev.warren.mtls.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits behind the SslHandler: on success counts the handshake (full or resumed) and passes the event on; on failure
 * logs one line that says who was refused and exactly why, counts it by reason, and closes the connection.
 */
final class HandshakeWatch extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HandshakeWatch.class);

    private final String tunnel;
    private final String what;
    private final TunnelMetrics metrics;

    /** @param what who is at the other end, for the log: "client" (reverse side) or "server" (forward side) */
    HandshakeWatch(String tunnel, String what, TunnelMetrics metrics) {
        this.tunnel = tunnel;
        this.what = what;
        this.metrics = metrics;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            ctx.pipeline().remove(this);
            if (done.isSuccess()) {
                SSLEngine engine = ctx.pipeline().get(SslHandler.class).engine();
                boolean resumed = Sessions.resumed(engine);
                metrics.handshake(resumed);
                if (log.isDebugEnabled()) {
                    log.debug("tunnel {}: {} {} accepted ({}{})", tunnel, what, ctx.channel().remoteAddress(), peer(engine),
                            resumed ? ", resumed session" : "");
                }
            } else {
                refused(ctx, done.cause());
                ctx.close();
                return;
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void refused(ChannelHandlerContext ctx, Throwable cause) {
        PeerRefusedException refusal = find(cause);
        RefusalReason reason;
        String why;
        if (refusal != null) {
            reason = refusal.reason();
            why = refusal.getMessage();
        } else {
            reason = classify(cause);
            why = reason == RefusalReason.NO_CERTIFICATE ? "no certificate presented (" + describe(cause) + ")"
                    : describe(cause);
        }
        metrics.handshakeFailed(reason);
        String from = Peers.describe(ctx.channel().remoteAddress());
        if (reason == RefusalReason.CLOSED) {
            log.info("tunnel {}: {} {} closed the connection during the TLS handshake", tunnel, what, from);
        } else {
            log.warn("tunnel {}: refused {} {} ({}): {}", tunnel, what, from, reason.label(), why);
        }
    }

    private static PeerRefusedException find(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof PeerRefusedException p) {
                return p;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof PeerRefusedException p) {
                    return p;
                }
            }
        }
        return null;
    }

    static RefusalReason classify(Throwable cause) {
        if (cause instanceof SslHandshakeTimeoutException) {
            return RefusalReason.TIMEOUT;
        }
        if (cause instanceof ClosedChannelException) {
            return RefusalReason.CLOSED;
        }
        String text = describe(cause).toLowerCase(Locale.ROOT);
        if (text.contains("expired")) {
            return RefusalReason.EXPIRED;
        }
        if (text.contains("peer sent no certificate") || text.contains("no certificate")
                || text.contains("certificate_required") || text.contains("peer_did_not_return_a_certificate")) {
            return RefusalReason.NO_CERTIFICATE;
        }
        if (text.contains("protocol") || text.contains("version") || text.contains("wrong_version_number")
                || text.contains("http_request") || text.contains("unsupported")) {
            return RefusalReason.PROTOCOL;
        }
        if (text.contains("certificate") || text.contains("unknown_ca") || text.contains("bad_certificate")) {
            return RefusalReason.BAD_CERTIFICATE;
        }
        if (text.contains("closed") || text.contains("reset")) {
            return RefusalReason.CLOSED;
        }
        return RefusalReason.OTHER;
    }

    /** The messages along the cause chain: OpenSSL's and the JDK's say most in different places. */
    static String describe(Throwable cause) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = cause; t != null && sb.length() < 400; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (sb.indexOf(m) < 0) {
                sb.append(sb.isEmpty() ? "" : ": ").append(m);
            }
        }
        return dev.warren.common.text.PeerText.clean(sb.toString(), 500);
    }

    private static String peer(SSLEngine engine) {
        try {
            Certificate[] chain = engine.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? PeerIdentity.of(x).describe() : "no certificate";
        } catch (SSLPeerUnverifiedException e) {
            return "no certificate";
        }
    }
}
