package dev.warren.agent;

import dev.warren.common.net.HostPort;
import dev.warren.common.tls.TlsContexts;
import dev.warren.common.tls.TlsIdentity;
import dev.warren.common.tls.TrustPolicy;
import dev.warren.pki.EcCsr;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.PemText;
import dev.warren.transport.http.HttpsCall;
import dev.warren.transport.proxy.ProxySpec;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.ApplicationProtocolNames;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the device certificate valid: when about a third of its life is left (or {@code renewBefore}), the agent makes a new
 * key pair, sends a CSR to {@code POST /api/v1/devices/self/renew} authenticated by the current certificate, checks the
 * answer, stores the new pair, and hands it to {@code onRenewed} for the next connection. The open session stays: the
 * relay admitted it already.
 *
 * <p>The work runs on a thread of its own, not on the event loop that carries the agent's streams: key generation and
 * the first use of Bouncy Castle (for the CSR, once a month or so) take a while.
 */
final class CertificateRenewal {
    private static final Logger log = LoggerFactory.getLogger(CertificateRenewal.class);
    static final String PATH = "/api/v1/devices/self/renew";
    private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    private static final Duration MAX_RETRY = Duration.ofHours(1);
    private static final long CALL_TIMEOUT_SECONDS = 60;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final AgentFiles files;
    private final String deviceName;
    private final HostPort relay;
    private final ProxySpec proxy;
    private final Duration renewBefore;
    private final EventLoopGroup group;
    private final Consumer<TlsIdentity> onRenewed;
    private final Clock clock;
    private int failures;
    private volatile boolean closed;
    private volatile Thread running;

    /**
     * @param renewBefore renew when this much validity is left; {@code null} for a third of the certificate's life
     */
    CertificateRenewal(AgentFiles files, String deviceName, HostPort relay, ProxySpec proxy, Duration renewBefore,
            EventLoopGroup group, Consumer<TlsIdentity> onRenewed, Clock clock) {
        this.proxy = proxy;
        this.files = files;
        this.deviceName = deviceName;
        this.relay = relay;
        this.renewBefore = renewBefore;
        this.group = group;
        this.onRenewed = onRenewed;
        this.clock = clock;
    }

    /** Schedules the renewal of {@code current}; later renewals schedule themselves. */
    void start(X509Certificate current) {
        scheduleFor(current);
    }

    /**
     * Stops renewing. A renewal under way may finish for a few seconds: the relay may have issued the new certificate
     * already, and an agent that stopped before storing it would come back with one the relay no longer accepts.
     */
    void close() {
        closed = true;
        Thread t = running;
        if (t != null) {
            try {
                t.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * When to renew {@code certificate}: {@code renewBefore} before it expires, exactly as asked; by default when a
     * third of its life is left, a little earlier at random (up to a twentieth of that third), so that devices enrolled
     * together do not renew together.
     */
    Instant renewAt(X509Certificate certificate) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (renewBefore != null) {
            return notAfter.minus(renewBefore);
        }
        Duration margin = Duration.between(certificate.getNotBefore().toInstant(), notAfter).dividedBy(3);
        return notAfter.minus(margin).minusMillis(ThreadLocalRandom.current().nextLong(margin.toMillis() / 20 + 1));
    }

    private void scheduleFor(X509Certificate certificate) {
        Instant at = renewAt(certificate);
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        log.info("device certificate of '{}' valid until {}; renewal at {}", deviceName,
                certificate.getNotAfter().toInstant(), at.isBefore(clock.instant()) ? "now" : at);
        schedule(delay);
    }

    private void schedule(long delayMillis) {
        if (closed || group.isShuttingDown()) {
            return;
        }
        group.schedule(() -> {
            if (!closed) {
                running = Thread.ofPlatform().daemon().name("renew-" + deviceName).start(this::renewNow);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** One attempt; on failure, the next one is scheduled with backoff (1 min doubling to 1 h). */
    private void renewNow() {
        try {
            TlsIdentity current = files.identity();
            Instant notAfter = current.chain().get(0).getNotAfter().toInstant();
            if (!clock.instant().isBefore(notAfter)) {
                log.error("device certificate of '{}' expired at {}: the relay refuses it, for renewal too; enroll"
                        + " this device again with a new token (warren agent enroll --force)", deviceName, notAfter);
                return;
            }
            try {
                X509Certificate renewed = renew(current);
                failures = 0;
                log.info("renewed the device certificate of '{}': valid until {}", deviceName,
                        renewed.getNotAfter().toInstant());
                onRenewed.accept(files.identity());
                scheduleFor(renewed);
            } catch (RenewalException e) {
                log.warn("cannot renew the device certificate of '{}' (valid until {}): {}; retrying in {} s",
                        deviceName, notAfter, e.getMessage(), retryLater() / 1000);
            }
        } catch (RuntimeException e) {
            log.error("renewal of the device certificate of '{}' failed; retrying in {} s", deviceName,
                    retryLater() / 1000, e);
        }
    }

    /** Schedules the next attempt after a failure; returns its delay in milliseconds. */
    private long retryLater() {
        long delay = Math.min(MAX_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(failures++, 10));
        schedule(delay);
        return delay;
    }

    private X509Certificate renew(TlsIdentity current) throws RenewalException {
        KeyPair keys = KeyAlgorithm.EC_P256.generate();
        String body = FlatJson.write(Map.of("csr", EcCsr.create(keys, deviceName)));
        List<X509Certificate> relayCa = files.relayCa();
        HttpsCall.Response response = call(current, relayCa, body);
        Map<String, String> answer = parse(response.body());
        if (response.status() != 200) {
            throw new RenewalException("relay refused (HTTP " + response.status() + "): "
                    + answer.getOrDefault("message", response.body()));
        }
        String certificatePem = answer.get("certificate");
        if (certificatePem == null) {
            throw new RenewalException("relay answered without a certificate");
        }
        X509Certificate renewed = firstCertificate(certificatePem);
        if (!renewed.getPublicKey().equals(keys.getPublic())) {
            throw new RenewalException("relay returned a certificate for another key; keeping the current one");
        }
        if (!signedByOneOf(renewed, relayCa)) {
            throw new RenewalException("relay returned a certificate that its CA did not sign; keeping the current one");
        }
        files.replaceIdentity(PemText.privateKey(keys.getPrivate()), certificatePem);
        return renewed;
    }

    /** The first certificate of the relay's PEM, read by the JDK (the agent's jar has no BouncyCastle). */
    private static X509Certificate firstCertificate(String pem) throws RenewalException {
        try {
            for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(
                            java.nio.charset.StandardCharsets.US_ASCII)))) {
                if (c instanceof X509Certificate x509) {
                    return x509;
                }
            }
        } catch (java.security.cert.CertificateException e) {
            throw new RenewalException("relay returned an unreadable certificate: " + e.getMessage());
        }
        throw new RenewalException("relay answered without a certificate");
    }

    private HttpsCall.Response call(TlsIdentity current, List<X509Certificate> relayCa, String body)
            throws RenewalException {
        try {
            return HttpsCall.send(group, relay, TlsContexts.client(current, new TrustPolicy.Cas(relayCa),
                            ApplicationProtocolNames.HTTP_1_1), true, proxy, HttpMethod.POST, PATH, Map.of(), body)
                    .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new RenewalException("cannot reach relay " + relay + ": " + Causes.rootMessage(e.getCause()));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new RenewalException("relay " + relay + " did not answer within " + CALL_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenewalException("interrupted");
        }
    }

    private static Map<String, String> parse(String body) {
        try {
            return FlatJson.parse(body, "the relay's answer");
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    private static boolean signedByOneOf(X509Certificate certificate, List<X509Certificate> cas) {
        for (X509Certificate ca : cas) {
            try {
                certificate.verify(ca.getPublicKey());
                return true;
            } catch (java.security.GeneralSecurityException e) {
                // not this one
            }
        }
        return false;
    }

    /** The relay could not be asked, or said no: the current certificate stays, and a later attempt follows. */
    static final class RenewalException extends Exception {
        RenewalException(String message) {
            super(message);
        }
    }
}
