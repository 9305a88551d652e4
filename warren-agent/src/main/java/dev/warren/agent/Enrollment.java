package dev.warren.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import dev.warren.common.text.ConnectErrors;
import dev.warren.common.tls.TlsContexts;
import dev.warren.common.tls.TrustPolicy;
import dev.warren.pki.BootstrapToken;
import dev.warren.pki.Csr;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.Pem;
import dev.warren.transport.http.HttpsCall;
import dev.warren.transport.proxy.ProxySpec;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code warren agent enroll}: make a key pair here (the private key never leaves the device), send a CSR with the
 * bootstrap token to a relay authenticated by the token's CA pin, and keep the device certificate it signs.
 */
public final class Enrollment {
    private static final Logger log = LoggerFactory.getLogger(Enrollment.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to enroll, where. */
    public record Request(HostPort relay, String token, String name, Map<String, String> labels, boolean force,
            ProxySpec proxy) {
        public Request(HostPort relay, String token, String name, Map<String, String> labels, boolean force) {
            this(relay, token, name, labels, force, null);
        }

        @Override
        public String toString() {
            return "Request[relay=" + relay + ", token=****, name=" + name + ", labels=" + labels
                    + (proxy == null ? "" : ", proxy=" + proxy.redacted()) + "]";
        }
    }

    /** Enrollment was refused or failed; the message says why, for the person at the device. */
    public static final class EnrollmentException extends Exception {
        public EnrollmentException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Enrollment() {}

    public static AgentFiles.Enrolled enroll(Request request, AgentFiles files) throws EnrollmentException {
        BootstrapToken token;
        try {
            token = BootstrapToken.parse(request.token());
        } catch (IllegalArgumentException e) {
            throw new EnrollmentException(e.getMessage(), null);
        }
        if (files.enrolled() && !request.force()) {
            AgentFiles.Enrolled existing = files.readEnrolled();
            throw new EnrollmentException("already enrolled in " + files.dir() + " as '" + existing.name() + "' (device "
                    + existing.deviceId() + "); use --force to replace it, or another --data directory", null);
        }
        KeyPair keys = KeyAlgorithm.EC_P256.generate();
        ObjectNode body = JSON.createObjectNode()
                .put("token", request.token())
                .put("name", request.name())
                .put("csr", Csr.create(keys, request.name()))
                .put("agentVersion", Agent.VERSION);
        body.set("labels", JSON.valueToTree(request.labels()));

        SslContext tls = TlsContexts.client(null, new TrustPolicy.Pinned(token.caPin()), ApplicationProtocolNames.HTTP_1_1);
        EventLoopGroup group = EventLoops.group(1, "enroll");
        HttpsCall.Response response;
        try {
            response = HttpsCall.send(group, request.relay(), tls, true, request.proxy(), HttpMethod.POST, "/api/v1/enroll", Map.of(),
                    body.toString()).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            String via = request.proxy() == null ? "" : " via " + request.proxy().redacted();
            // the token was never sent: a relay whose CA is not the one the token pins is not the token's relay
            throw new EnrollmentException(ConnectErrors.isTrustFailure(e.getCause())
                    ? "relay " + request.relay() + via + " is not the relay this token was made for: "
                            + Causes.rootMessage(e.getCause())
                    : "cannot reach relay " + request.relay() + via + ": " + Causes.rootMessage(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new EnrollmentException("relay " + request.relay() + " did not answer within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrollmentException("interrupted", e);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        JsonNode answer = parse(response.body());
        if (response.status() != 201) {
            String message = answer.path("message").asText(response.body());
            throw new EnrollmentException("relay refused enrollment (HTTP " + response.status() + "): " + message, null);
        }
        String certificatePem = answer.path("certificate").asText();
        String caPem = answer.path("caCertificate").asText();
        X509Certificate certificate = Pem.readCertificates(certificatePem).get(0);
        List<X509Certificate> ca = Pem.readCertificates(caPem);
        if (!certificate.getPublicKey().equals(keys.getPublic())) {
            throw new EnrollmentException("relay returned a certificate for another key; refusing it", null);
        }
        if (ca.isEmpty() || !Fingerprints.spkiPin(ca.get(0)).equals(token.caPin())) {
            throw new EnrollmentException("relay returned a CA that does not match the token's pin; refusing it", null);
        }
        AgentFiles.Enrolled enrolled = new AgentFiles.Enrolled(answer.path("deviceId").asText(),
                answer.path("name").asText(request.name()), request.relay().toString());
        files.save(enrolled, Pem.encode(keys.getPrivate()), certificatePem, caPem);
        log.info("enrolled as '{}' (device {}) with relay {}; certificate valid until {}", enrolled.name(),
                enrolled.deviceId(), request.relay(), certificate.getNotAfter().toInstant());
        return enrolled;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
