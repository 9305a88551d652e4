package dev.warren.common.tls;

import dev.warren.common.tls.internal.AlertingTrustManager;
import dev.warren.common.tls.internal.JdkTlsProbe;
import dev.warren.common.tls.internal.PinnedTrustManager;
import dev.warren.common.tls.internal.PkixTrust;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty TLS contexts for every Warren component: TLS 1.3 only, OpenSSL (BoringSSL from netty-tcnative) when it
 * loads, the JDK's provider otherwise; {@code -Dwarren.tls.provider=jdk} forces the JDK, {@code =openssl} requires
 * OpenSSL. Key-exchange groups are the provider's defaults: with BoringSSL that is the hybrid post-quantum
 * X25519MLKEM768 first, then x25519 and the NIST curves (the JDK 25 provider has no ML-KEM and agrees on x25519).
 * Session resumption (TLS 1.3 tickets, client session cache) is on, as both providers ship it.
 *
 * <p>ALPN: the server picks the first of its protocols the client offers; when they share none the handshake still
 * completes without ALPN ({@link SslHandler#applicationProtocol()} is null) and the caller decides to close.
 */
public final class TlsContexts {
    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    static final String PROTOCOL = "TLSv1.3";
    static final String PROVIDER_PROPERTY = "warren.tls.provider";
    /**
     * The in-memory key store in which Netty hands our key, chain and CAs to the JDK's key and trust manager factories
     * (never written anywhere). Its default, PKCS12, encrypts even in memory (PBKDF2, AES, the JCE's policy files:
     * ~50 classes kept for the life of the process); the managers made from either store are the same.
     */
    static final String KEY_STORE_TYPE = "JKS";

    private static final Choice CHOICE = JdkTlsProbe.answer(() -> choose(System.getProperty(PROVIDER_PROPERTY)));

    /** The provider, or why there is none (a bad property value), decided once per JVM. */
    record Choice(SslProvider provider, String error) {}

    private TlsContexts() {}

    static Choice choose(String property) {
        String wanted = property == null ? "auto" : property.trim().toLowerCase(java.util.Locale.ROOT);
        switch (wanted) {
            case "jdk" -> {
                log.info("TLS provider: JDK (forced by -D{}=jdk)", PROVIDER_PROPERTY);
                return new Choice(SslProvider.JDK, null);
            }
            case "openssl", "auto", "" -> {
                String why = openSslUnavailable();
                if (why == null) {
                    log.info("TLS provider: OpenSSL ({} {}, key exchange groups from its defaults)",
                            OpenSsl.versionString(), "auto".equals(wanted) ? "loaded" : "required by -D" + PROVIDER_PROPERTY);
                    return new Choice(SslProvider.OPENSSL, null);
                }
                if ("openssl".equals(wanted)) {
                    log.error("TLS provider: OpenSSL required by -D{}=openssl but unavailable: {}", PROVIDER_PROPERTY, why);
                    return new Choice(null, "-D" + PROVIDER_PROPERTY + "=openssl, but OpenSSL is unavailable: " + why);
                }
                log.info("TLS provider: JDK (OpenSSL unavailable: {})", why);
                return new Choice(SslProvider.JDK, null);
            }
            default -> {
                log.error("TLS provider: -D{}={} is not a provider (expected: jdk, openssl or auto)", PROVIDER_PROPERTY, property);
                return new Choice(null, "-D" + PROVIDER_PROPERTY + "=" + property + " (expected: jdk, openssl or auto)");
            }
        }
    }

    private static String openSslUnavailable() {
        if (!OpenSsl.isAvailable()) {
            return String.valueOf(OpenSsl.unavailabilityCause());
        }
        if (!SslProvider.isTlsv13Supported(SslProvider.OPENSSL)) {
            return OpenSsl.versionString() + " has no TLS 1.3";
        }
        return null;
    }

    /** OPENSSL or JDK, as chosen (and logged) once; throws when {@code -Dwarren.tls.provider} asks for the impossible. */
    public static SslProvider provider() {
        if (CHOICE.error() != null) {
            throw new IllegalStateException("TLS provider: " + CHOICE.error());
        }
        return CHOICE.provider();
    }

    /**
     * A server context presenting {@code identity}. Clients are asked for certificates issued by
     * {@code trustedClientCas} as {@code clientAuth} says; with no CAs, {@code clientAuth} must be NONE.
     */
    public static SslContext server(TlsIdentity identity, List<X509Certificate> trustedClientCas, ClientAuth clientAuth,
                                    String... alpn) {
        return server(provider(), identity, trustedClientCas, clientAuth, alpn);
    }

    static SslContext server(SslProvider provider, TlsIdentity identity, List<X509Certificate> trustedClientCas,
                             ClientAuth clientAuth, String... alpn) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(clientAuth, "clientAuth");
        List<X509Certificate> cas = trustedClientCas == null ? List.of() : List.copyOf(trustedClientCas);
        if (cas.isEmpty() && clientAuth != ClientAuth.NONE) {
            throw new IllegalArgumentException("clientAuth: " + clientAuth
                    + " with no trusted client CAs (expected: NONE, or at least one CA)");
        }
        SslContextBuilder builder = SslContextBuilder.forServer(identity.key(), identity.chain())
                .sslProvider(provider)
                .keyStoreType(KEY_STORE_TYPE)
                .protocols(PROTOCOL)
                .clientAuth(clientAuth);
        if (!cas.isEmpty()) {
            builder.trustManager(withAlerts(provider, pkix(cas)));
        }
        alpn(builder, alpn);
        return build(builder, "server");
    }

    /** A client context; {@code identity} is the client certificate (null: none), {@code trust} says which servers to believe. */
    public static SslContext client(TlsIdentity identity, TrustPolicy trust, String... alpn) {
        return client(provider(), identity, trust, alpn);
    }

    static SslContext client(SslProvider provider, TlsIdentity identity, TrustPolicy trust, String... alpn) {
        Objects.requireNonNull(trust, "trust");
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(provider)
                .keyStoreType(KEY_STORE_TYPE)
                .protocols(PROTOCOL)
                // on by default; clientHandler turns it off per connection when asked
                .endpointIdentificationAlgorithm("HTTPS");
        if (identity != null) {
            builder.keyManager(identity.key(), identity.chain());
        }
        switch (trust) {
            case TrustPolicy.Cas cas -> builder.trustManager(withAlerts(provider, pkix(cas.cas())));
            case TrustPolicy.Pinned pinned -> builder.trustManager(withAlerts(provider, new PinnedTrustManager(pinned.spkiPin())));
            case TrustPolicy.InsecureTrustAll insecure -> {
                log.warn("TLS client trusts ANY server certificate (InsecureTrustAll): the connection is not authenticated");
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
            }
        }
        alpn(builder, alpn);
        return build(builder, "client");
    }

    /**
     * {@code trust} as the TLS provider needs it to tell a refused peer why: with OpenSSL, wrapped so that BoringSSL
     * sends unknown_ca, bad_certificate or certificate_expired ({@link CertificateAlert}, named by a
     * {@link RefusedCertificateException} or read from PKIX) instead of internal_error; the JDK picks its alert itself.
     */
    public static X509ExtendedTrustManager withAlerts(X509ExtendedTrustManager trust) {
        return withAlerts(provider(), trust);
    }

    static X509ExtendedTrustManager withAlerts(SslProvider provider, X509ExtendedTrustManager trust) {
        Objects.requireNonNull(trust, "trust");
        return provider == SslProvider.OPENSSL ? new AlertingTrustManager(trust) : trust;
    }

    private static X509ExtendedTrustManager pkix(List<X509Certificate> cas) {
        try {
            return PkixTrust.of(cas);
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("trusted CAs: cannot build a trust store (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A client handler for a connection to {@code host:port} (used for SNI and session resumption). With
     * {@code verifyHostname} the server's certificate must name {@code host} (DNS or IP SAN, RFC 2818 rules).
     */
    public static SslHandler clientHandler(SslContext context, ByteBufAllocator alloc, String host, int port,
                                           boolean verifyHostname) {
        if (!context.isClient()) {
            throw new IllegalArgumentException("context: a server context (expected: one from TlsContexts.client)");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host: empty (expected: the name or address dialled)");
        }
        SslHandler handler = context.newHandler(alloc, host, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        // "" rather than null: the JDK's engine ignores a null algorithm and would keep the context's HTTPS
        parameters.setEndpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : "");
        engine.setSSLParameters(parameters);
        return handler;
    }

    public static SslHandler serverHandler(SslContext context, ByteBufAllocator alloc) {
        if (!context.isServer()) {
            throw new IllegalArgumentException("context: a client context (expected: one from TlsContexts.server)");
        }
        return context.newHandler(alloc);
    }

    private static void alpn(SslContextBuilder builder, String... protocols) {
        if (protocols == null || protocols.length == 0) {
            return;
        }
        for (String protocol : protocols) {
            if (protocol == null || protocol.isEmpty() || protocol.length() > 255) {
                throw new IllegalArgumentException("alpn: '" + protocol + "' (expected: 1..255 characters)");
            }
        }
        // NO_ADVERTISE/ACCEPT: the only failure behaviours both OpenSSL and the JDK engines support
        builder.applicationProtocolConfig(new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                protocols));
    }

    private static SslContext build(SslContextBuilder builder, String what) {
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("TLS " + what + " context: " + e.getMessage(), e);
        }
    }
}
