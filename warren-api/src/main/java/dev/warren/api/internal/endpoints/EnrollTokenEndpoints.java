package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.enroll.BootstrapTokens;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Body;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import dev.warren.pki.Fingerprints;
import dev.warren.store.EnrollToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code POST /enroll-tokens}, {@code GET /enroll-tokens}, {@code DELETE /enroll-tokens/{id}} (admins). */
final class EnrollTokenEndpoints {
    static final int DEFAULT_TTL_SECONDS = 3600;
    static final int MAX_TTL_SECONDS = (int) Duration.ofDays(30).toSeconds();
    static final int MAX_USES = 10_000;
    static final int MAX_DESCRIPTION = 200;
    private static final Set<String> FIELDS = Set.of("ttlSeconds", "uses", "description");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

    private final ApiContext context;
    private final AuditTrail audit;
    private final String caPin;

    EnrollTokenEndpoints(ApiContext context, AuditTrail audit) {
        this.context = context;
        this.audit = audit;
        this.caPin = Fingerprints.spkiPin(context.ca().certificate());
    }

    Reply create(Call call) {
        Body body = Body.of(call.request().body(), true, FIELDS);
        int ttl = body.integer("ttlSeconds", 1, MAX_TTL_SECONDS, DEFAULT_TTL_SECONDS);
        int uses = body.integer("uses", 1, MAX_USES, 1);
        String description = body.text("description", false);
        return Reply.created(issue(call, ttl, uses, description));
    }

    /** Issues a token with checked values; the only time its secret is shown. Also the dashboard's create. */
    Views.CreatedEnrollToken issue(Call call, int ttl, int uses, String description) {
        description = description(description);
        BootstrapTokens.Issued issued = BootstrapTokens.issue(caPin);
        Instant expiresAt = context.clock().instant().plusSeconds(ttl);
        EnrollToken stored = context.store().enrollTokens().create(issued.id(), issued.secretHash(), expiresAt, uses,
                call.principal().name(), description);
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("ttlSeconds", Integer.toString(ttl));
        details.put("uses", Integer.toString(uses));
        if (description != null && !description.isBlank()) {
            details.put("description", description); // none given: no key, not the audit's "?" for a blank value
        }
        audit.record(call.principal().name(), "enroll-token.create", stored.id(), call.request().source(), "ok", details);
        return new Views.CreatedEnrollToken(stored.id(), issued.text(), stored.expiresAt(), stored.maxUses());
    }

    List<Views.EnrollTokenView> all() {
        return context.store().enrollTokens().list().stream().map(Views.EnrollTokenView::of).toList();
    }

    Reply list(Call call) {
        return Reply.ok(all());
    }

    Reply revoke(Call call) {
        String id = call.param("id");
        if (!ID.matcher(id).matches() || context.store().enrollTokens().byId(id).isEmpty()) {
            throw ApiException.notFound("no enrollment token '" + Redaction.redact(id)
                    + "' (expected: the 16-character id that GET /api/v1/enroll-tokens lists)");
        }
        boolean revoked = context.store().enrollTokens().revoke(id);
        if (revoked) {
            audit.record(call.principal().name(), "enroll-token.revoke", id, call.request().source(), "ok", Map.of());
        }
        return Reply.noContent();
    }

    private static String description(String description) {
        if (description == null || description.isBlank()) {
            return null;
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw ApiException.badRequest("description: " + description.length() + " characters (expected: at most "
                    + MAX_DESCRIPTION + ")");
        }
        if (description.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("description: contains control characters (expected: one line of text)");
        }
        return description;
    }
}
