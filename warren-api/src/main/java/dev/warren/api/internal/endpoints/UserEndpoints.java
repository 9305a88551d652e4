package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.auth.ApiTokens;
import dev.warren.api.auth.PasswordAuthenticator;
import dev.warren.api.auth.Passwords;
import dev.warren.api.auth.UserCertificates;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Body;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import dev.warren.pki.Csr;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.Pem;
import dev.warren.pki.PkiException;
import dev.warren.store.ApiToken;
import dev.warren.store.DuplicateNameException;
import dev.warren.store.Role;
import dev.warren.store.User;
import dev.warren.store.UserCertificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /users}: users, their dashboard passwords and API tokens (stored as Argon2id hashes; tokens shown once) and
 * their client certificates. Admins
 * manage everyone; an operator manages their own tokens and certificates ({@code /users/me/...}); auditors read.
 */
final class UserEndpoints {
    static final long DEFAULT_TOKEN_TTL = Duration.ofDays(90).toSeconds();
    static final long MAX_TOKEN_TTL = Duration.ofDays(3650).toSeconds();
    static final long DEFAULT_CERT_TTL = Duration.ofDays(30).toSeconds();
    static final long MAX_CERT_TTL = Duration.ofDays(365).toSeconds();
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,62}");
    private static final Pattern TOKEN_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> CREATE_FIELDS = Set.of("name", "role", "tokenTtlSeconds", "password");
    private static final Set<String> PASSWORD_FIELDS = Set.of("password", "current");
    private static final Set<String> REMOVE_PASSWORD_FIELDS = Set.of("current");
    private static final Set<String> TOKEN_FIELDS = Set.of("ttlSeconds");
    private static final Set<String> CERT_FIELDS = Set.of("csr", "ttlSeconds");

    private final ApiContext context;
    private final Lookups lookups;
    private final AuditTrail audit;
    private final PasswordAuthenticator passwords;

    UserEndpoints(ApiContext context, Lookups lookups, AuditTrail audit, PasswordAuthenticator passwords) {
        this.passwords = passwords;
        this.context = context;
        this.lookups = lookups;
        this.audit = audit;
    }

    /** {@code POST /users}: the new user and their first API token, shown once. */
    Reply create(Call call) {
        return Reply.created(createUser(call));
    }

    /** What {@code POST /users} does; also the dashboard's create. */
    Views.CreatedUser createUser(Call call) {
        Body body = Body.of(call.request().body(), false, CREATE_FIELDS);
        String name = name(body.text("name", true));
        Role role = role(body.text("role", true));
        long ttl = body.longInteger("tokenTtlSeconds", 60, MAX_TOKEN_TTL, DEFAULT_TOKEN_TTL);
        String password = body.text("password", false);
        String passwordHash = password == null ? null : hashed(password, name);
        User user;
        try {
            user = context.store().users().create(name, role);
        } catch (DuplicateNameException e) {
            throw ApiException.conflict("user name '" + name + "' is already taken (expected: a name no user has;"
                    + " GET /api/v1/users lists them)");
        }
        if (passwordHash != null) {
            user = context.store().users().setPassword(user.id(), passwordHash);
        }
        ApiTokens.Issued token = ApiTokens.issue();
        ApiToken stored = context.store().users().addToken(user.id(), token.id(), token.secretHash(), expiry(ttl));
        audit.record(audit.by(call, "user.create").target(user.id()).subject(user.name())
                .detail("role", role.name()).detail("tokenId", token.id()).detail("tokenExpiresAt", stored.expiresAt())
                .detail("password", user.hasPassword() ? "set" : "none"));
        return new Views.CreatedUser(user.id(), user.name(), role.name(), token.id(), token.token(),
                stored.expiresAt());
    }

    Reply list(Call call) {
        return Reply.ok(context.store().users().list().stream().map(Views.UserView::of).toList());
    }

    /** Every user as {@code GET /users} shows them. */
    List<Views.UserView> all() {
        return context.store().users().list().stream().map(Views.UserView::of).toList();
    }

    /** A user as the dashboard lists them: what {@code GET /users} and {@code GET /users/{u}/tokens} answer. */
    record Listed(Views.UserView user, boolean hasPassword, List<Views.TokenView> tokens) {}

    /** Every user with their API tokens (never secrets), for readers (admins and auditors). */
    List<Listed> directory() {
        return context.store().users().list().stream().map(u -> new Listed(Views.UserView.of(u), u.hasPassword(),
                context.store().users().tokensOf(u.id()).stream().map(Views.TokenView::of).toList())).toList();
    }

    /** A user by name, id or {@code me}, as {@code GET /users/{u}} finds them for the caller (404 otherwise). */
    User lookup(Call call, String idOrName) {
        return lookups.user(call, idOrName);
    }

    Reply get(Call call) {
        return Reply.ok(Views.UserView.of(lookups.user(call, call.param("user"))));
    }

    Reply disable(Call call) {
        User user = lookups.user(call, call.param("user"));
        if (user.role() == Role.ADMIN && !user.disabled() && context.store().users().list().stream()
                .filter(u -> u.role() == Role.ADMIN && !u.disabled()).count() <= 1) {
            throw ApiException.conflict("user '" + user.name() + "' is the last enabled admin (expected: another"
                    + " enabled admin first; the relay would have no one to manage it)");
        }
        context.store().users().setDisabled(user.id(), true);
        int cut = context.control().userDisabled(user.id(), "user '" + user.name() + "' disabled by "
                + call.principal().name());
        audit.record(audit.by(call, "user.disable").target(user.id()).subject(user.name())
                .detail("connectionsClosed", cut));
        return Reply.ok(Views.UserView.of(context.store().users().byId(user.id()).orElseThrow()));
    }

    Reply enable(Call call) {
        User user = lookups.user(call, call.param("user"));
        context.store().users().setDisabled(user.id(), false);
        audit.record(audit.by(call, "user.enable").target(user.id()).subject(user.name()));
        return Reply.ok(Views.UserView.of(context.store().users().byId(user.id()).orElseThrow()));
    }

    /**
     * {@code PUT /users/{u}/password}: sets the user's dashboard password (an admin anyone's, an operator or an auditor
     * their own); the user's dashboard sessions signed in with a password end, in the same transaction.
     */
    Reply setPassword(Call call) {
        return Reply.ok(Views.UserView.of(changePassword(call, false)));
    }

    /**
     * What {@code PUT /users/{u}/password} does; also the dashboard's account page, which checked the current password
     * itself ({@code currentChecked}). Returns the user as the change left them.
     *
     * <p>Whoever changes their own password (admin, operator or auditor) proves the one they have ({@code current})
     * with the sign-in's own check and limits, as the account page asks: an API token, often kept by a script, or a
     * stolen one, does not take the dashboard password over. Only a user with no password yet sets one without. An
     * admin who sets another user's password gives none (it is not theirs to know). Their own password is the one
     * thing an auditor may change: their credential is theirs, while the relay is not.
     */
    User changePassword(Call call, boolean currentChecked) {
        User user = passwordOwner(call);
        Body body = Body.of(call.request().body(), false, PASSWORD_FIELDS);
        String current = body.text("current", false);
        String password = body.text("password", true);
        boolean own = isOwn(call, user, current, "sets");
        boolean required = own && user.hasPassword();
        if (!currentChecked && (current != null || required)) {
            checkCurrent(call, user, current);
        }
        String hash = hashed(password, user.name());
        int[] ended = new int[1];
        User[] updated = new User[1];
        context.store().inOneTransaction(() -> {
            updated[0] = context.store().users().setPassword(user.id(), hash);
            ended[0] = context.store().webSessions().deletePasswordSessionsOf(user.id());
        });
        audit.record(audit.by(call, "user.password.set").target(user.id()).subject(user.name())
                .detail("replaced", user.hasPassword()).detail("dashboardSessionsEnded", ended[0]));
        return updated[0];
    }

    /**
     * Whether {@code user}'s password is the caller's own; {@code current} belongs only there (400 when an admin sends
     * it while it {@code does}, "sets" or "removes", another user's password: it is not theirs to know).
     */
    private static boolean isOwn(Call call, User user, String current, String does) {
        boolean own = user.id().equals(call.principal().userId());
        if (current != null && !own) {
            throw ApiException.badRequest("current: only for your own password (expected: no current when an admin "
                    + does + " another user's)");
        }
        return own;
    }

    /** The user whose password the caller may set: anyone's for an admin, their own for everyone else. */
    private User passwordOwner(Call call) {
        if (call.principal().role() != Role.AUDITOR) {
            return lookups.ownOrAdmin(call, call.param("user"));
        }
        User user = lookups.user(call, call.param("user")); // auditors see every user: refusing says nothing new
        if (!user.id().equals(call.principal().userId())) {
            throw ApiException.forbidden("role AUDITOR may set only its own password (expected: me, not user '"
                    + user.name() + "')");
        }
        return user;
    }

    /**
     * The caller's current password, checked and counted as a dashboard sign-in's (also by the account page); 403 (429
     * when limited) if not, audited as a refused {@code user.password.set}.
     */
    void checkCurrent(Call call, User user, String current) {
        checkCurrent(call, user, current, "user.password.set", "to change your own; only an admin setting another"
                + " user's password gives none");
    }

    /** {@link #checkCurrent(Call, User, String)} for {@code action} (the audited refusal), {@code why} in the 400. */
    private void checkCurrent(Call call, User user, String current, String action, String why) {
        if (current == null) {
            audit.record(audit.by(call, action).target(user.id()).subject(user.name())
                    .refused("current password: missing"));
            throw ApiException.badRequest("current: missing (expected: your current password, " + why + ")");
        }
        PasswordAuthenticator.Result checked = passwords.authenticate(user.name(), current, call.request().source());
        if (checked instanceof PasswordAuthenticator.Refused refusal) {
            audit.record(audit.by(call, action).target(user.id()).subject(user.name())
                    .refused("current password: " + refusal.reason()));
            if (refusal.retryAfter() != null) {
                // whole seconds rounded up, as the refusal's message says them: never "retry" before the limit ends
                throw new ApiException(io.netty.handler.codec.http.HttpResponseStatus.TOO_MANY_REQUESTS, "rate_limited",
                        refusal.reason(), null, java.util.Map.of("Retry-After",
                        Long.toString(dev.warren.api.internal.AttemptLimiter.seconds(refusal.retryAfter()))));
            }
            throw ApiException.forbidden("current password: wrong (expected: the password you sign in with now)");
        }
    }

    /**
     * {@code DELETE /users/{u}/password} (body {@code {"current"}} for one's own): the user can no longer sign in with a
     * password; those sessions end. Removing one's own proves it first, as changing it does (an API token alone, maybe
     * a stolen one, does not strip it); an admin removes another user's without it.
     */
    Reply removePassword(Call call) {
        User user = lookups.ownOrAdmin(call, call.param("user"));
        String current = Body.of(call.request().body(), true, REMOVE_PASSWORD_FIELDS).text("current", false);
        boolean own = isOwn(call, user, current, "removes");
        if (!user.hasPassword()) {
            throw ApiException.conflict("user '" + user.name() + "' has no password (expected: a user with one;"
                    + " GET /api/v1/users/" + user.name() + " says passwordSetAt)");
        }
        if (own) {
            checkCurrent(call, user, current, "user.password.remove", "to remove your own; only an admin removing"
                    + " another user's password gives none");
        }
        int[] ended = new int[1];
        context.store().inOneTransaction(() -> {
            context.store().users().setPassword(user.id(), null);
            ended[0] = context.store().webSessions().deletePasswordSessionsOf(user.id());
        });
        audit.record(audit.by(call, "user.password.remove").target(user.id()).subject(user.name())
                .detail("dashboardSessionsEnded", ended[0]));
        return Reply.noContent();
    }

    /** The Argon2id hash of an acceptable password; 400 with the reason (never the password) otherwise. */
    private static String hashed(String password, String userName) {
        Optional<String> problem = Passwords.problem(password, userName);
        if (problem.isPresent()) {
            throw ApiException.badRequest(problem.get());
        }
        return Passwords.hash(password);
    }

    /** {@code POST /users/{u}/tokens}: another API token, shown once. */
    Reply createToken(Call call) {
        return Reply.created(issueToken(call));
    }

    /** What {@code POST /users/{u}/tokens} does; also the dashboard's "new token". */
    Views.CreatedToken issueToken(Call call) {
        User user = lookups.ownOrAdmin(call, call.param("user"));
        long ttl = Body.of(call.request().body(), true, TOKEN_FIELDS)
                .longInteger("ttlSeconds", 60, MAX_TOKEN_TTL, DEFAULT_TOKEN_TTL);
        ApiTokens.Issued token = ApiTokens.issue();
        ApiToken stored = context.store().users().addToken(user.id(), token.id(), token.secretHash(), expiry(ttl));
        audit.record(audit.by(call, "token.create").target(token.id()).subject(user.name())
                .detail("expiresAt", stored.expiresAt()));
        return new Views.CreatedToken(token.id(), token.token(), stored.expiresAt());
    }

    Reply tokens(Call call) {
        User user = lookups.user(call, call.param("user"));
        return Reply.ok(context.store().users().tokensOf(user.id()).stream().map(Views.TokenView::of).toList());
    }

    /** {@code DELETE /tokens/{id}}: an admin any token, an operator their own; live connections with it end. */
    Reply revokeToken(Call call) {
        String id = call.param("id");
        Optional<ApiToken> token = TOKEN_ID.matcher(id).matches() ? context.store().users().tokenById(id)
                : Optional.empty();
        if (token.isEmpty() || (!call.principal().isAdmin() && !token.get().userId().equals(call.principal().userId()))) {
            throw ApiException.notFound("no API token '" + Redaction.redact(id)
                    + "' (expected: a 16-character token id, as GET /api/v1/users/{user}/tokens lists them)");
        }
        if (token.get().revokedAt() != null) {
            throw ApiException.conflict("API token " + id + " was already revoked at "
                    + token.get().revokedAt().truncatedTo(ChronoUnit.SECONDS));
        }
        context.store().users().revokeToken(id, context.clock().instant());
        context.tokens().invalidate(id);
        String owner = context.store().users().byId(token.get().userId()).map(User::name).orElse(null);
        int cut = context.control().tokenRevoked(id, "API token " + id + " revoked by " + call.principal().name());
        audit.record(audit.by(call, "token.revoke").target(id).subject(owner).detail("connectionsClosed", cut));
        return Reply.noContent();
    }

    /**
     * {@code POST /users/{u}/certificates}: signs the key of a CSR as a client certificate of the user (CN = name,
     * URI SAN {@code urn:warren:user:<id>}). The private key never leaves the user.
     */
    Reply issueCertificate(Call call) {
        User user = lookups.ownOrAdmin(call, call.param("user"));
        if (user.disabled()) {
            throw ApiException.conflict("user '" + user.name() + "' is disabled");
        }
        Body body = Body.of(call.request().body(), false, CERT_FIELDS);
        long ttl = body.longInteger("ttlSeconds", 300, MAX_CERT_TTL, DEFAULT_CERT_TTL);
        Csr csr;
        try {
            csr = Csr.parse(body.text("csr", true));
        } catch (PkiException e) {
            throw ApiException.badRequest("csr: " + e.getMessage());
        }
        X509Certificate certificate = context.ca().sign(csr.publicKey(),
                UserCertificates.profile(user.name(), user.id(), Duration.ofSeconds(ttl)));
        String fingerprint = Fingerprints.sha256Hex(certificate);
        UserCertificate stored = context.store().users().addCertificate(user.id(), fingerprint,
                certificate.getNotAfter().toInstant());
        audit.record(audit.by(call, "user.certificate.issue").target(fingerprint).subject(user.name())
                .detail("notAfter", stored.notAfter()));
        return Reply.created(new Views.IssuedUserCertificate(fingerprint, Pem.encode(certificate),
                Pem.encode(context.ca().certificate()), stored.notAfter()));
    }

    Reply certificates(Call call) {
        User user = lookups.user(call, call.param("user"));
        return Reply.ok(context.store().users().certificatesOf(user.id()).stream().map(Views.CertificateView::of)
                .toList());
    }

    Reply revokeCertificate(Call call) {
        User user = lookups.ownOrAdmin(call, call.param("user"));
        String fingerprint = call.param("fingerprint").toLowerCase(Locale.ROOT).replace(":", "");
        Optional<UserCertificate> cert = FINGERPRINT.matcher(fingerprint).matches()
                ? context.store().users().certificate(fingerprint) : Optional.empty();
        if (cert.isEmpty() || !cert.get().userId().equals(user.id())) {
            throw ApiException.notFound("no certificate '" + Redaction.redact(call.param("fingerprint")) + "' of user '"
                    + user.name() + "' (expected: a SHA-256 fingerprint, 64 hex digits)");
        }
        if (cert.get().revokedAt() != null) {
            throw ApiException.conflict("certificate " + fingerprint + " was already revoked at "
                    + cert.get().revokedAt().truncatedTo(ChronoUnit.SECONDS));
        }
        context.store().users().revokeCertificate(fingerprint, context.clock().instant());
        int cut = context.control().certificateRevoked(fingerprint, "user certificate revoked by "
                + call.principal().name());
        audit.record(audit.by(call, "user.certificate.revoke").target(fingerprint).subject(user.name())
                .detail("connectionsClosed", cut));
        return Reply.noContent();
    }

    private Instant expiry(long ttlSeconds) {
        return context.clock().instant().plusSeconds(ttlSeconds);
    }

    static String name(String name) {
        if (name.length() > 63) {
            throw ApiException.badRequest("name: " + name.length() + " characters (expected: 1..63)");
        }
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name: '" + Redaction.redact(name) + "' (expected: lowercase letters,"
                    + " digits, '.', '_', '@' and '-', starting with a letter or digit)");
        }
        if (name.equals(Lookups.ME)) {
            throw ApiException.badRequest("name: 'me' (expected: another name; 'me' stands for the caller in paths)");
        }
        return name;
    }

    static Role role(String role) {
        for (Role r : Role.values()) {
            if (r.name().equalsIgnoreCase(role)) {
                return r;
            }
        }
        throw ApiException.badRequest("role: '" + Redaction.redact(role) + "' (expected: admin, operator or auditor)");
    }
}
