package dev.warren.api.internal.http;

import dev.warren.api.audit.Audit;
import dev.warren.api.audit.AuditWriter;
import dev.warren.api.auth.AuthResult;
import dev.warren.api.auth.CertificateAuthenticator;
import dev.warren.api.auth.Principal;
import dev.warren.api.auth.TokenAuthenticator;
import dev.warren.api.internal.AttemptLimiter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request, authenticates and authorizes it, runs its endpoint and turns the outcome into a {@link Reply}.
 * Runs on a blocking thread. Every refusal is logged here, once, at INFO; a failure at ERROR with its stack trace.
 * Callers prove who they are with {@code Authorization: Bearer <API token>} or, without that header, with a user
 * client certificate the relay issued; a refused credential is also an audit event ({@code api.auth}).
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final String BEARER = "Bearer ";

    private final Router router;
    private final TokenAuthenticator tokens;
    private final CertificateAuthenticator certificates;
    private final AuditWriter audit;
    private final Clock clock;
    private final Admission admission;

    /** A check of every request before it is routed; the refusal, or {@code null} to let it through. */
    @FunctionalInterface
    public interface Admission {
        ApiException refusal(ApiRequest request);
    }

    public Dispatcher(Router router, TokenAuthenticator tokens, CertificateAuthenticator certificates,
            AuditWriter audit, Clock clock) {
        this(router, tokens, certificates, audit, clock, r -> null);
    }

    public Dispatcher(Router router, TokenAuthenticator tokens, CertificateAuthenticator certificates,
            AuditWriter audit, Clock clock, Admission admission) {
        this.router = Objects.requireNonNull(router, "router");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.admission = Objects.requireNonNull(admission, "admission");
    }

    public Reply dispatch(ApiRequest request) {
        Principal principal = null;
        try {
            ApiException refused = admission.refusal(request);
            if (refused != null) {
                throw refused;
            }
            Router.Match match = router.match(request.method(), request.segments());
            return switch (match) {
                case Router.Match.NotFound n -> throw ApiException.notFound("no such endpoint: "
                        + request.method() + " " + Redaction.redact(request.path()));
                case Router.Match.WrongMethod w -> throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED,
                        "method_not_allowed", request.method() + " " + Redaction.redact(request.path())
                                + ": method not allowed (expected: " + String.join(", ", w.allowed()) + ")",
                        null, Map.of("Allow", String.join(", ", w.allowed())));
                case Router.Match.Found found -> {
                    Access access = found.route().access();
                    if (access.needsToken()) {
                        principal = authenticateAudited(request);
                        if (!access.allows(principal.role())) {
                            throw ApiException.forbidden("role " + principal.role() + " may not "
                                    + found.route().method() + " " + found.route().pattern() + " (needs "
                                    + access.describeRoles() + ")");
                        }
                    }
                    yield found.route().endpoint().handle(new Call(request, found.params(), principal));
                }
            };
        } catch (ApiException e) {
            refused(request, principal, e.status(), e.logReason());
            return errorReply(request.path(), e);
        } catch (Exception | LinkageError | AssertionError e) {
            String incident = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffffL);
            log.error("{} {} from {} failed (incident {})", request.method(), Redaction.redact(request.path()),
                    request.source(), incident, e);
            return errorReply(request.path(), new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
                    "internal error (incident " + incident + "); the relay log has the details", null, null));
        }
    }

    /**
     * The answer to a refusal of a request for {@code path} (the raw path, without the query): the API's JSON error,
     * or the page of the router's error pages for this path (the dashboard's HTML). Also for the refusals the
     * connection's handler makes before a request reaches {@link #dispatch} (malformed, too large).
     */
    public Reply errorReply(String path, ApiException e) {
        Router.ErrorPage page = path == null ? null : router.errorPage(path);
        return page == null ? Reply.error(e) : page.render(path, e);
    }

    private Principal authenticateAudited(ApiRequest request) {
        try {
            return authenticate(request);
        } catch (ApiException e) {
            if (e.status().code() == HttpResponseStatus.UNAUTHORIZED.code()) {
                audit.appendAndWait(Audit.event(clock.instant(), "anonymous", "api.auth").source(request.source())
                        .target(request.method() + " " + Redaction.redact(request.path())).refused(e.logReason())
                        .build());
            }
            throw e;
        }
    }

    private Principal authenticate(ApiRequest request) {
        String header = request.header(HttpHeaderNames.AUTHORIZATION);
        if ((header == null || header.isBlank()) && request.peerCertificate() != null
                && CertificateAuthenticator.isUserCertificate(request.peerCertificate())) {
            return switch (certificates.authenticate(request.peerCertificate())) {
                case AuthResult.Ok ok -> ok.principal();
                case AuthResult.Refused refused -> throw ApiException.unauthenticated(refused.reason());
            };
        }
        if (header == null || header.isBlank()) {
            throw ApiException.unauthenticated("missing API token (expected: header Authorization: Bearer <API token>,"
                    + " or a user certificate from this relay)");
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String scheme = header.strip().split("\\s+", 2)[0];
            throw ApiException.unauthenticated("Authorization: scheme '" + Redaction.redact(scheme)
                    + "' (expected: Bearer <API token>)");
        }
        Optional<Duration> blocked = tokens.retryAfter(request.source());
        if (blocked.isPresent()) {
            throw ApiException.rateLimited(request.source(), AttemptLimiter.seconds(blocked.get()));
        }
        AuthResult result = tokens.authenticate(header.substring(BEARER.length()).strip(), request.source());
        return switch (result) {
            case AuthResult.Ok ok -> ok.principal();
            case AuthResult.Refused refused -> throw ApiException.unauthenticated(refused.reason());
        };
    }

    /** The one log line of a refusal. */
    public static void refused(ApiRequest request, Principal principal, HttpResponseStatus status, String reason) {
        refused(request.source(), request.method().name(), request.path(), principal, status, reason);
    }

    public static void refused(String source, String method, String path, Principal principal,
            HttpResponseStatus status, String reason) {
        if (principal != null) {
            log.info("refused {} {} from {} (user {}): {} {}", method, Redaction.redact(path), source,
                    principal.name(), status.code(), reason);
        } else {
            log.info("refused {} {} from {}: {} {}", method, Redaction.redact(path), source, status.code(), reason);
        }
    }
}
