package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.audit.Audit;
import dev.warren.api.enroll.BootstrapTokens;
import dev.warren.api.enroll.DeviceCertificates;
import dev.warren.api.enroll.DeviceNames;
import dev.warren.api.internal.AttemptLimiter;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Body;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Reply;
import dev.warren.pki.BootstrapToken;
import dev.warren.pki.Csr;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.Pem;
import dev.warren.pki.PkiException;
import dev.warren.pki.SecretHasher;
import dev.warren.store.ConsumeResult;
import dev.warren.store.Device;
import dev.warren.store.DuplicateNameException;
import dev.warren.store.EnrollToken;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /enroll}: a device with an enrollment token gets a certificate. Checks run cheapest first and so that
 * nothing is spent on a request that fails later: the token's format and pin, the name, the labels and the CSR;
 * then the token's secret (Argon2); then whether the name is free; only then is a use of the token consumed.
 * Failed attempts are counted per source host; too many and the source gets 429 until the minute ends.
 */
final class EnrollEndpoint {
    private static final Logger log = LoggerFactory.getLogger(EnrollEndpoint.class);
    static final int MAX_FAILURES = 10;
    static final int MAX_LABELS = 64;
    private static final Set<String> FIELDS = Set.of("token", "name", "csr", "agentVersion", "labels");
    /** A device's certificate until the real one is signed (the id it must name is only known after create). */
    private static final String NO_CERTIFICATE = "0".repeat(64);
    private static final String DUMMY_HASH = SecretHasher.hash("warren-dummy-enrollment-secret");

    private final ApiContext context;
    private final AuditTrail audit;
    private final AttemptLimiter failures;
    private final String caPin;

    EnrollEndpoint(ApiContext context, AuditTrail audit, AttemptLimiter failures) {
        this.context = context;
        this.audit = audit;
        this.failures = failures;
        this.caPin = Fingerprints.spkiPin(context.ca().certificate());
    }

    /** What is known about an attempt so far, for its audit event. */
    private static final class Attempt {
        String tokenId;
        String name;
        String agentVersion;
    }

    Reply enroll(Call call) {
        Attempt attempt = new Attempt();
        String source = call.request().source();
        try {
            return enroll(call, attempt, source);
        } catch (ApiException e) {
            if (e.status().code() != HttpResponseStatus.TOO_MANY_REQUESTS.code()) {
                Map<String, String> details = details(attempt);
                details.put("reason", e.logReason());
                audit.record(actor(attempt), "device.enroll", attempt.name, source, "refused", details);
            }
            throw e;
        }
    }

    private Reply enroll(Call call, Attempt attempt, String source) {
        Optional<Duration> blocked = failures.blockedFor(source);
        if (blocked.isPresent()) {
            throw ApiException.rateLimited(source, AttemptLimiter.seconds(blocked.get()));
        }
        Body body = Body.of(call.request().body(), false, FIELDS);
        BootstrapToken token;
        try {
            token = BootstrapTokens.parse(body.text("token", true));
        } catch (IllegalArgumentException e) {
            failures.failure(source);
            throw ApiException.badRequest(e.getMessage());
        }
        attempt.tokenId = token.id();
        if (!token.caPin().equals(caPin)) {
            throw failed(source, "enrollment token is for another relay: its CA pin " + token.caPin()
                    + " is not this relay's (" + caPin + ")");
        }
        String name = body.text("name", true);
        DeviceNames.problem(name).ifPresent(problem -> {
            throw ApiException.badRequest(problem);
        });
        attempt.name = name;
        attempt.agentVersion = agentVersion(body.text("agentVersion", false));
        Map<String, String> labels = labels(body.stringMap("labels", MAX_LABELS));
        Csr csr = csr(body.text("csr", true));

        Optional<EnrollToken> found = context.store().enrollTokens().byId(token.id());
        if (found.isEmpty()) {
            SecretHasher.verify(token.secret(), DUMMY_HASH); // as slow as a wrong secret
            throw failed(source, "enrollment token unknown");
        }
        EnrollToken stored = found.get();
        if (!SecretHasher.verify(token.secret(), stored.secretHash())) {
            throw failed(source, "enrollment token secret does not match");
        }
        Instant now = context.clock().instant();
        refusal(stored, now).ifPresent(reason -> {
            throw failed(source, reason);
        });
        if (context.store().devices().byName(name).isPresent()) {
            throw nameTaken(name);
        }
        ConsumeResult consumed = context.store().enrollTokens().consume(stored.id(), now);
        if (consumed != ConsumeResult.CONSUMED) {
            throw failed(source, message(consumed, stored));
        }

        Device device;
        try {
            device = context.store().devices().create(name, labels, NO_CERTIFICATE, now);
        } catch (DuplicateNameException e) {
            throw nameTaken(name); // enrolled concurrently under the same name; this use of the token is spent
        }
        X509Certificate certificate;
        try {
            certificate = context.ca().sign(csr.publicKey(),
                    DeviceCertificates.profile(name, device.id(), context.deviceCertValidity()));
            context.store().devices().updateCertificate(device.id(), Fingerprints.sha256Hex(certificate),
                    certificate.getNotAfter().toInstant());
        } catch (RuntimeException e) {
            deleteQuietly(device);
            throw e;
        }
        Map<String, String> details = details(attempt);
        details.put("certFingerprint", Fingerprints.sha256Hex(certificate));
        details.put("certNotAfter", certificate.getNotAfter().toInstant().toString());
        audit.record(audit.event(device.id(), "device.enroll").target(name).device(device.id()).source(source)
                .details(details));
        log.info("enrolled device '{}' ({}) from {} with enrollment token {}; certificate valid until {}", name,
                device.id(), source, token.id(), certificate.getNotAfter().toInstant());
        return Reply.created(new Views.Enrolled(device.id(), name, Pem.encode(certificate),
                Pem.encode(context.ca().certificate())));
    }

    private ApiException failed(String source, String reason) {
        failures.failure(source);
        return new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthenticated", reason, null, null);
    }

    private static ApiException nameTaken(String name) {
        return ApiException.conflict("device name '" + name + "' is already taken (expected: a name no device has;"
                + " GET /api/v1/devices lists them)");
    }

    /** Why the token cannot be used at {@code now}, as far as the row says; consume() decides atomically. */
    private static Optional<String> refusal(EnrollToken token, Instant now) {
        if (token.revoked()) {
            return Optional.of("enrollment token revoked");
        }
        if (!now.isBefore(token.expiresAt())) {
            return Optional.of(expired(token));
        }
        if (token.uses() >= token.maxUses()) {
            return Optional.of(exhausted(token));
        }
        return Optional.empty();
    }

    private static String message(ConsumeResult result, EnrollToken token) {
        return switch (result) {
            case UNKNOWN -> "enrollment token unknown";
            case REVOKED -> "enrollment token revoked";
            case EXPIRED -> expired(token);
            case EXHAUSTED -> exhausted(token);
            case CONSUMED -> throw new IllegalArgumentException("result: CONSUMED (expected: a refusal)");
        };
    }

    private static String expired(EnrollToken token) {
        return "enrollment token expired at " + token.expiresAt().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String exhausted(EnrollToken token) {
        return "enrollment token already used (" + token.maxUses() + " of " + token.maxUses() + " uses)";
    }

    private static Csr csr(String pem) {
        try {
            return Csr.parse(pem);
        } catch (PkiException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static String agentVersion(String version) {
        if (version != null && (version.isBlank() || version.length() > 128
                || version.chars().anyMatch(Character::isISOControl))) {
            throw ApiException.badRequest("agentVersion: (expected: 1..128 characters, no control characters)");
        }
        return version;
    }

    static Map<String, String> labels(Map<String, String> labels) {
        labels.forEach((key, value) -> {
            if (key.isBlank() || key.length() > 128 || key.chars().anyMatch(Character::isISOControl)) {
                throw ApiException.badRequest("labels: key '" + Audit.clip(key, 40)
                        + "' (expected: 1..128 characters, not blank, no control characters)");
            }
            if (value.length() > 1024 || value.chars().anyMatch(Character::isISOControl)) {
                throw ApiException.badRequest("labels." + Audit.clip(key, 40)
                        + ": (expected: 0..1024 characters, no control characters)");
            }
        });
        return labels;
    }

    private static Map<String, String> details(Attempt attempt) {
        Map<String, String> details = new LinkedHashMap<>();
        if (attempt.tokenId != null) {
            details.put("tokenId", attempt.tokenId);
        }
        if (attempt.agentVersion != null) {
            details.put("agentVersion", attempt.agentVersion);
        }
        return details;
    }

    private static String actor(Attempt attempt) {
        return attempt.tokenId != null ? "enroll-token:" + attempt.tokenId : "anonymous";
    }

    private void deleteQuietly(Device device) {
        try {
            context.store().devices().delete(device.id());
        } catch (RuntimeException e) {
            log.error("device '{}' ({}): enrollment failed and the half-made device could not be removed: {}",
                    device.name(), device.id(), e.toString());
        }
    }
}
