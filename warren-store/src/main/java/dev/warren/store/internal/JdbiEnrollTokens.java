package dev.warren.store.internal;

import dev.warren.store.ConsumeResult;
import dev.warren.store.EnrollToken;
import dev.warren.store.EnrollTokens;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link EnrollTokens} on the {@code enroll_tokens} table. */
final class JdbiEnrollTokens implements EnrollTokens {
    private static final String COLUMNS =
            "id, secret_hash, created_at, expires_at, max_uses, uses, revoked, created_by, description";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM enroll_tokens";

    private final Db db;

    JdbiEnrollTokens(Db db) {
        this.db = db;
    }

    @Override
    public EnrollToken create(String id, String secretHash, Instant expiresAt, int maxUses, String createdBy,
            String description) {
        Instant now = db.now();
        EnrollToken token = new EnrollToken(id, secretHash, now, expiresAt, maxUses, 0, false, createdBy, description);
        if (!token.expiresAt().isAfter(now)) {
            throw new IllegalArgumentException("expiresAt: " + expiresAt + " (expected: after now, " + now + ")");
        }
        return db.insert("enrollTokens.create", () -> "enroll token id already taken: '" + id + "'", h -> {
            h.createUpdate("INSERT INTO enroll_tokens (" + COLUMNS + ") VALUES (:id, :secretHash, :createdAt,"
                            + " :expiresAt, :maxUses, :uses, :revoked, :createdBy, :description)")
                    .bind("id", token.id())
                    .bind("secretHash", token.secretHash())
                    .bindByType("createdAt", token.createdAt(), Instant.class)
                    .bindByType("expiresAt", token.expiresAt(), Instant.class)
                    .bind("maxUses", token.maxUses())
                    .bind("uses", token.uses())
                    .bind("revoked", token.revoked())
                    .bind("createdBy", token.createdBy())
                    .bind("description", token.description())
                    .execute();
            return token;
        });
    }

    @Override
    public Optional<EnrollToken> byId(String id) {
        return db.call("enrollTokens.byId", h -> h.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id).map(JdbiEnrollTokens::map).findOne());
    }

    /**
     * One conditional UPDATE takes the use, so concurrent callers serialize on the row lock and each
     * re-checks {@code uses < max_uses} against the committed count. Only a refusal reads the row,
     * to say why; every refusal reason is permanent, so that read cannot contradict the UPDATE.
     */
    @Override
    public ConsumeResult consume(String id, Instant now) {
        Instant at = Checks.instant("now", now);
        return db.call("enrollTokens.consume", h -> {
            int rows = h.createUpdate("UPDATE enroll_tokens SET uses = uses + 1 WHERE id = :id AND uses < max_uses"
                            + " AND expires_at > :now AND revoked = FALSE")
                    .bind("id", id).bindByType("now", at, Instant.class).execute();
            if (rows > 0) {
                return ConsumeResult.CONSUMED;
            }
            return h.createQuery(SELECT + " WHERE id = :id").bind("id", id).map(JdbiEnrollTokens::map).findOne()
                    .map(token -> refusal(token, at))
                    .orElse(ConsumeResult.UNKNOWN);
        });
    }

    @Override
    public List<EnrollToken> list() {
        return db.call("enrollTokens.list", h -> h.createQuery(SELECT + " ORDER BY created_at DESC, id")
                .map(JdbiEnrollTokens::map).list());
    }

    @Override
    public boolean revoke(String id) {
        return db.call("enrollTokens.revoke", h -> h.createUpdate(
                        "UPDATE enroll_tokens SET revoked = TRUE WHERE id = :id AND revoked = FALSE")
                .bind("id", id).execute() > 0);
    }

    private static ConsumeResult refusal(EnrollToken token, Instant now) {
        if (token.revoked()) {
            return ConsumeResult.REVOKED;
        }
        if (!token.expiresAt().isAfter(now)) {
            return ConsumeResult.EXPIRED;
        }
        return ConsumeResult.EXHAUSTED;
    }

    private static EnrollToken map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new EnrollToken(
                rs.getString("id"),
                rs.getString("secret_hash"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "expires_at"),
                rs.getInt("max_uses"),
                rs.getInt("uses"),
                rs.getBoolean("revoked"),
                rs.getString("created_by"),
                rs.getString("description"));
    }
}
