package dev.warren.mtls.internal;

import dev.warren.common.tls.TlsContexts;
import dev.warren.common.tls.TlsIdentity;
import dev.warren.mtls.Endpoint;
import dev.warren.mtls.TunnelConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tunnel's certificate, key and CA as a TLS context, and its swap on reload. Connections take the context current
 * when they start and keep their own engine, so a reload never touches a live connection. A file that is missing,
 * unreadable, or does not go with the others (a key that is not the certificate's) keeps the previous material, and
 * the log says why; the next change is tried again.
 */
public final class TlsMaterial {
    private static final Logger log = LoggerFactory.getLogger(TlsMaterial.class);
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final TunnelConfig tunnel;
    private volatile Loaded current;
    private String lastUnreadable;

    /** One generation of material: its context, our own leaf, and the digest of the files it came from. */
    record Loaded(SslContext context, X509Certificate leaf, byte[] digest) {}

    private TlsMaterial(TunnelConfig tunnel, Loaded first) {
        this.tunnel = tunnel;
        this.current = first;
    }

    /** Loads the files once; an error here is the tunnel's start refused, with the reason. */
    public static TlsMaterial load(TunnelConfig tunnel) {
        byte[] digest = digest(tunnel);
        return new TlsMaterial(tunnel, build(tunnel, digest));
    }

    /** What a reload did. */
    public enum Reload { UNCHANGED, LOADED, REFUSED }

    /**
     * Loads the files again if their content changed: LOADED when new material is now in use, REFUSED when the new
     * files were refused (the old material stays, the log says why), UNCHANGED otherwise.
     */
    public synchronized Reload reload(String trigger) {
        byte[] digest;
        try {
            digest = digest(tunnel);
        } catch (IllegalArgumentException e) {
            // a file missing for a while (being replaced by hand) is said once, not at every check
            if (e.getMessage().equals(lastUnreadable)) {
                return Reload.UNCHANGED;
            }
            log.warn("tunnel {}: reload ({}) refused, keeping the current certificate: {}", tunnel.name(), trigger,
                    e.getMessage());
            lastUnreadable = e.getMessage();
            return Reload.REFUSED;
        }
        lastUnreadable = null;
        if (Arrays.equals(digest, current.digest())) {
            log.debug("tunnel {}: reload ({}): files unchanged", tunnel.name(), trigger);
            return Reload.UNCHANGED;
        }
        try {
            Loaded next = build(tunnel, digest);
            current = next;
            log.info("tunnel {}: reloaded certificate and CA ({}): {} serial {}, valid until {}", tunnel.name(), trigger,
                    next.leaf().getSubjectX500Principal().getName(), next.leaf().getSerialNumber().toString(16),
                    next.leaf().getNotAfter().toInstant());
            return Reload.LOADED;
        } catch (IllegalArgumentException e) {
            log.warn("tunnel {}: reload ({}) refused, keeping the current certificate (serial {}): {}", tunnel.name(), trigger,
                    current.leaf().getSerialNumber().toString(16), e.getMessage());
            // remember the refused content: the same broken files are not retried (and logged) every poll
            current = new Loaded(current.context(), current.leaf(), digest);
            return Reload.REFUSED;
        }
    }

    /** A handler for a new connection, with the material current now. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        SslContext context = current.context();
        SslHandler handler;
        if (context.isServer()) {
            handler = TlsContexts.serverHandler(context, alloc);
        } else {
            // SNI and the session cache key: the name the server must carry, and the port dialled
            int port = tunnel.connect() instanceof Endpoint.Tcp tcp ? tcp.address().port() : 0;
            handler = TlsContexts.clientHandler(context, alloc, tunnel.expectedServerName(), port, false);
        }
        handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
        return handler;
    }

    public Instant certificateNotAfter() {
        return current.leaf().getNotAfter().toInstant();
    }

    private static Loaded build(TunnelConfig t, byte[] digest) {
        TlsIdentity identity = TlsIdentity.load(t.certificate(), t.key());
        List<X509Certificate> cas = readCas(t.ca());
        X509Certificate leaf = identity.chain().getFirst();
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (notAfter.isBefore(Instant.now())) {
            log.warn("tunnel {}: our certificate {} expired at {}: peers will refuse it (renew it: warren pki renew)",
                    t.name(), leaf.getSubjectX500Principal().getName(), notAfter);
        } else if (notAfter.isBefore(Instant.now().plus(Duration.ofDays(7)))) {
            log.warn("tunnel {}: our certificate {} expires at {}", t.name(), leaf.getSubjectX500Principal().getName(), notAfter);
        }
        boolean server = t.mode() == TunnelConfig.Mode.REVERSE;
        PeerTrustManager trust = new PeerTrustManager(cas, t.allowNames(), t.allowAnyName(),
                server ? null : t.expectedServerName());
        SslContextBuilder builder = server
                ? SslContextBuilder.forServer(identity.key(), identity.chain()).clientAuth(ClientAuth.REQUIRE)
                : SslContextBuilder.forClient().keyManager(identity.key(), identity.chain());
        builder.sslProvider(TlsContexts.provider()).protocols("TLSv1.3").trustManager(TlsContexts.withAlerts(trust));
        if (!t.tlsGroups().isEmpty()) {
            if (TlsContexts.provider() == io.netty.handler.ssl.SslProvider.OPENSSL) {
                builder.option(io.netty.handler.ssl.OpenSslContextOption.GROUPS, t.tlsGroups().toArray(String[]::new));
            } else {
                log.warn("tunnel {}: tls-groups {} ignored: the JDK's TLS provider uses its own (jdk.tls.namedGroups)",
                        t.name(), t.tlsGroups());
            }
        }
        try {
            return new Loaded(builder.build(), leaf, digest);
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException("TLS context from " + t.certificate() + ", " + t.key() + ", " + t.ca() + ": "
                    + e.getMessage(), e);
        }
    }

    static List<X509Certificate> readCas(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            List<X509Certificate> cas = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                cas.add((X509Certificate) c);
            }
            if (cas.isEmpty()) {
                throw new IllegalArgumentException("CA file " + file + ": no certificate (expected: PEM CERTIFICATE blocks)");
            }
            return cas;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("CA file " + file + ": not found");
        } catch (IOException e) {
            throw new IllegalArgumentException("CA file " + file + ": cannot be read (" + e.getMessage() + ")");
        } catch (CertificateException e) {
            throw new IllegalArgumentException("CA file " + file + ": not a valid certificate (" + e.getMessage() + ")");
        }
    }

    /** SHA-256 over the three files' content: what the poller compares. */
    private static byte[] digest(TunnelConfig t) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path p : List.of(t.certificate(), t.key(), t.ca())) {
                try {
                    sha.update(Files.readAllBytes(p));
                    sha.update((byte) 0);
                } catch (NoSuchFileException e) {
                    throw new IllegalArgumentException(p + ": not found");
                } catch (IOException e) {
                    throw new IllegalArgumentException(p + ": cannot be read (" + e.getMessage() + ")");
                }
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }
}
