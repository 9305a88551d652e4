package dev.warren.store.internal;

import dev.warren.store.ApiToken;
import dev.warren.store.NotFoundException;
import dev.warren.store.Role;
import dev.warren.store.User;
import dev.warren.store.UserCertificate;
import dev.warren.store.Users;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link Users} on the {@code users} and {@code api_tokens} tables. */
final class JdbiUsers implements Users {
    private static final String USER_COLUMNS = "id, name, role, disabled, created_at, password_changed_at";
    private static final String SELECT_USER = "SELECT " + USER_COLUMNS + " FROM users";
    private static final String TOKEN_COLUMNS =
            "id, user_id, secret_hash, created_at, expires_at, revoked_at, last_used_at";
    private static final String SELECT_TOKEN = "SELECT " + TOKEN_COLUMNS + " FROM api_tokens";
    private static final String SELECT_CERT =
            "SELECT fingerprint, user_id, created_at, not_after, revoked_at FROM user_certificates";

    private final Db db;

    JdbiUsers(Db db) {
        this.db = db;
    }

    @Override
    public User create(String name, Role role) {
        User user = new User(Ids.next("u_"), name, role, false, db.now(), null);
        return db.insert("users.create", () -> "user name already taken: '" + name + "'", h -> {
            h.createUpdate("INSERT INTO users (id, name, role, disabled, created_at) VALUES (:id, :name, :role,"
                            + " :disabled, :createdAt)")
                    .bind("id", user.id())
                    .bind("name", user.name())
                    .bind("role", user.role().name())
                    .bind("disabled", user.disabled())
                    .bindByType("createdAt", user.createdAt(), Instant.class)
                    .execute();
            return user;
        });
    }

    @Override
    public Optional<User> byId(String id) {
        return db.call("users.byId", h -> h.createQuery(SELECT_USER + " WHERE id = :id")
                .bind("id", id).map(JdbiUsers::mapUser).findOne());
    }

    @Override
    public Optional<User> byName(String name) {
        return db.call("users.byName", h -> h.createQuery(SELECT_USER + " WHERE name = :name")
                .bind("name", name).map(JdbiUsers::mapUser).findOne());
    }

    @Override
    public List<User> list() {
        return db.call("users.list", h -> h.createQuery(SELECT_USER + " ORDER BY name").map(JdbiUsers::mapUser).list());
    }

    @Override
    public void setDisabled(String id, boolean disabled) {
        int rows = db.call("users.setDisabled", h -> h.createUpdate(
                        "UPDATE users SET disabled = :disabled WHERE id = :id")
                .bind("disabled", disabled).bind("id", id).execute());
        if (rows == 0) {
            throw new NotFoundException("users.setDisabled: no user with id '" + id + "'");
        }
    }

    @Override
    public User setPassword(String userId, String passwordHash) {
        String hash = passwordHash == null ? null : Checks.secret("passwordHash", passwordHash, Checks.HASH);
        Instant at = hash == null ? null : db.now();
        return db.inTransaction("users.setPassword", h -> {
            int rows = h.createUpdate("UPDATE users SET password_hash = :hash, password_changed_at = :at WHERE id = :id")
                    .bind("hash", hash).bindByType("at", at, Instant.class).bind("id", userId).execute();
            if (rows == 0) {
                throw new NotFoundException("users.setPassword: no user with id '" + userId + "'");
            }
            return h.createQuery(SELECT_USER + " WHERE id = :id").bind("id", userId).map(JdbiUsers::mapUser).one();
        });
    }

    @Override
    public Optional<String> passwordHash(String userId) {
        return db.call("users.passwordHash", h -> h.createQuery("SELECT password_hash FROM users WHERE id = :id"
                        + " AND password_hash IS NOT NULL")
                .bind("id", userId).mapTo(String.class).findOne());
    }

    @Override
    public ApiToken addToken(String userId, String tokenId, String secretHash, Instant expiresAt) {
        ApiToken token = new ApiToken(tokenId, userId, secretHash, db.now(), expiresAt, null, null);
        // users are never deleted, so checking first is as good as mapping the foreign key violation
        return db.insert("users.addToken", () -> "api token id already taken: '" + tokenId + "'", h -> {
            boolean userExists = h.createQuery("SELECT COUNT(*) FROM users WHERE id = :id").bind("id", userId)
                    .mapTo(Integer.class).one() > 0;
            if (!userExists) {
                throw new NotFoundException("users.addToken: no user with id '" + userId + "'");
            }
            h.createUpdate("INSERT INTO api_tokens (" + TOKEN_COLUMNS + ") VALUES (:id, :userId, :secretHash,"
                            + " :createdAt, :expiresAt, :revokedAt, :lastUsedAt)")
                    .bind("id", token.id())
                    .bind("userId", token.userId())
                    .bind("secretHash", token.secretHash())
                    .bindByType("createdAt", token.createdAt(), Instant.class)
                    .bindByType("expiresAt", token.expiresAt(), Instant.class)
                    .bindByType("revokedAt", token.revokedAt(), Instant.class)
                    .bindByType("lastUsedAt", token.lastUsedAt(), Instant.class)
                    .execute();
            return token;
        });
    }

    @Override
    public Optional<ApiToken> tokenById(String tokenId) {
        return db.call("users.tokenById", h -> h.createQuery(SELECT_TOKEN + " WHERE id = :id")
                .bind("id", tokenId).map(JdbiUsers::mapToken).findOne());
    }

    @Override
    public List<ApiToken> tokensOf(String userId) {
        return db.call("users.tokensOf", h -> h.createQuery(SELECT_TOKEN + " WHERE user_id = :userId"
                        + " ORDER BY created_at, id")
                .bind("userId", userId).map(JdbiUsers::mapToken).list());
    }

    @Override
    public boolean revokeToken(String tokenId, Instant at) {
        Instant when = Checks.instant("at", at);
        return db.call("users.revokeToken", h -> h.createUpdate(
                        "UPDATE api_tokens SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                .bindByType("at", when, Instant.class).bind("id", tokenId).execute() > 0);
    }

    @Override
    public void tokenUsed(String tokenId, Instant at) {
        Instant when = Checks.instant("at", at);
        int rows = db.call("users.tokenUsed", h -> h.createUpdate("UPDATE api_tokens SET last_used_at = CASE"
                        + " WHEN last_used_at IS NULL OR last_used_at < :at THEN :at ELSE last_used_at END"
                        + " WHERE id = :id")
                .bindByType("at", when, Instant.class).bind("id", tokenId).execute());
        if (rows == 0) {
            throw new NotFoundException("users.tokenUsed: no api token with id '" + tokenId + "'");
        }
    }

    @Override
    public UserCertificate addCertificate(String userId, String fingerprint, Instant notAfter) {
        UserCertificate cert = new UserCertificate(fingerprint, userId, db.now(), notAfter, null);
        return db.insert("users.addCertificate", () -> "certificate already recorded: " + cert.fingerprint(), h -> {
            requireUser(h, userId, "users.addCertificate");
            h.createUpdate("INSERT INTO user_certificates (fingerprint, user_id, created_at, not_after, revoked_at)"
                            + " VALUES (:fingerprint, :userId, :createdAt, :notAfter, NULL)")
                    .bind("fingerprint", cert.fingerprint())
                    .bind("userId", cert.userId())
                    .bindByType("createdAt", cert.createdAt(), Instant.class)
                    .bindByType("notAfter", cert.notAfter(), Instant.class)
                    .execute();
            return cert;
        });
    }

    @Override
    public Optional<UserCertificate> certificate(String fingerprint) {
        String fp = Checks.fingerprint(fingerprint);
        return db.call("users.certificate", h -> h.createQuery(SELECT_CERT + " WHERE fingerprint = :fingerprint")
                .bind("fingerprint", fp).map(JdbiUsers::mapCertificate).findOne());
    }

    @Override
    public List<UserCertificate> certificatesOf(String userId) {
        return db.call("users.certificatesOf", h -> h.createQuery(SELECT_CERT + " WHERE user_id = :userId"
                        + " ORDER BY created_at, fingerprint")
                .bind("userId", userId).map(JdbiUsers::mapCertificate).list());
    }

    @Override
    public boolean revokeCertificate(String fingerprint, Instant at) {
        String fp = Checks.fingerprint(fingerprint);
        Instant when = Checks.instant("at", at);
        return db.call("users.revokeCertificate", h -> h.createUpdate("UPDATE user_certificates SET revoked_at = :at"
                        + " WHERE fingerprint = :fingerprint AND revoked_at IS NULL")
                .bindByType("at", when, Instant.class).bind("fingerprint", fp).execute() > 0);
    }

    static void requireUser(org.jdbi.v3.core.Handle h, String userId, String operation) {
        boolean exists = h.createQuery("SELECT COUNT(*) FROM users WHERE id = :id").bind("id", userId)
                .mapTo(Integer.class).one() > 0;
        if (!exists) {
            throw new NotFoundException(operation + ": no user with id '" + userId + "'");
        }
    }

    private static UserCertificate mapCertificate(ResultSet rs, StatementContext ctx) throws SQLException {
        return new UserCertificate(rs.getString("fingerprint"), rs.getString("user_id"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "not_after"), Rows.instant(rs, "revoked_at"));
    }

    private static User mapUser(ResultSet rs, StatementContext ctx) throws SQLException {
        return new User(
                rs.getString("id"),
                rs.getString("name"),
                Role.valueOf(rs.getString("role")),
                rs.getBoolean("disabled"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "password_changed_at"));
    }

    private static ApiToken mapToken(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ApiToken(
                rs.getString("id"),
                rs.getString("user_id"),
                rs.getString("secret_hash"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "expires_at"),
                Rows.instant(rs, "revoked_at"),
                Rows.instant(rs, "last_used_at"));
    }
}
