package dev.warren.store.internal;

import dev.warren.store.WebSession;
import dev.warren.store.WebSessions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link WebSessions} on the {@code web_sessions} table. */
final class JdbiWebSessions implements WebSessions {
    private static final String COLUMNS =
            "id_hash, user_id, token_id, csrf_token, created_at, idle_deadline, absolute_deadline";
    private static final String LIVE = "idle_deadline > :now AND absolute_deadline > :now";
    private static final String EXPIRED = "(idle_deadline <= :now OR absolute_deadline <= :now)";

    private final Db db;

    JdbiWebSessions(Db db) {
        this.db = db;
    }

    @Override
    public WebSession create(WebSession s) {
        return db.insert("webSessions.create", () -> "web session already exists", h -> {
            JdbiUsers.requireUser(h, s.userId(), "webSessions.create");
            h.createUpdate("INSERT INTO web_sessions (" + COLUMNS + ") VALUES (:idHash, :userId, :tokenId,"
                            + " :csrfToken, :createdAt, :idleDeadline, :absoluteDeadline)")
                    .bind("idHash", s.idHash())
                    .bind("userId", s.userId())
                    .bind("tokenId", s.tokenId())
                    .bind("csrfToken", s.csrfToken())
                    .bindByType("createdAt", s.createdAt(), Instant.class)
                    .bindByType("idleDeadline", s.idleDeadline(), Instant.class)
                    .bindByType("absoluteDeadline", s.absoluteDeadline(), Instant.class)
                    .execute();
            return s;
        });
    }

    @Override
    public Optional<WebSession> find(String idHash, Instant now) {
        Instant at = Checks.instant("now", now);
        Optional<WebSession> found = db.call("webSessions.find", h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM web_sessions WHERE id_hash = :idHash")
                .bind("idHash", idHash).map(JdbiWebSessions::map).findOne());
        if (found.isPresent() && !found.get().isLiveAt(at)) {
            db.call("webSessions.find", h -> h.createUpdate("DELETE FROM web_sessions WHERE id_hash = :idHash AND "
                    + EXPIRED).bind("idHash", idHash).bindByType("now", at, Instant.class).execute());
            return Optional.empty();
        }
        return found;
    }

    @Override
    public boolean extend(String idHash, Instant now, Instant idleDeadline) {
        Instant at = Checks.instant("now", now);
        Instant to = Checks.instant("idleDeadline", idleDeadline);
        return db.call("webSessions.extend", h -> h.createUpdate("UPDATE web_sessions SET idle_deadline = CASE"
                        + " WHEN :to > absolute_deadline THEN absolute_deadline"
                        + " WHEN :to > idle_deadline THEN :to ELSE idle_deadline END"
                        + " WHERE id_hash = :idHash AND " + LIVE)
                .bindByType("to", to, Instant.class).bindByType("now", at, Instant.class).bind("idHash", idHash)
                .execute() > 0);
    }

    @Override
    public boolean delete(String idHash) {
        return db.call("webSessions.delete", h -> h.createUpdate("DELETE FROM web_sessions WHERE id_hash = :idHash")
                .bind("idHash", idHash).execute() > 0);
    }

    @Override
    public int deletePasswordSessionsOf(String userId) {
        return db.call("webSessions.deletePasswordSessionsOf", h -> h.createUpdate("DELETE FROM web_sessions"
                        + " WHERE user_id = :userId AND token_id IS NULL")
                .bind("userId", userId).execute());
    }

    @Override
    public int purge(Instant now) {
        Instant at = Checks.instant("now", now);
        return db.call("webSessions.purge", h -> h.createUpdate("DELETE FROM web_sessions WHERE " + EXPIRED)
                .bindByType("now", at, Instant.class).execute());
    }

    @Override
    public int countLive(Instant now) {
        Instant at = Checks.instant("now", now);
        return db.call("webSessions.countLive", h -> h.createQuery("SELECT COUNT(*) FROM web_sessions WHERE " + LIVE)
                .bindByType("now", at, Instant.class).mapTo(Integer.class).one());
    }

    private static WebSession map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new WebSession(rs.getString("id_hash"), rs.getString("user_id"), rs.getString("token_id"),
                rs.getString("csrf_token"), Rows.instant(rs, "created_at"), Rows.instant(rs, "idle_deadline"),
                Rows.instant(rs, "absolute_deadline"));
    }
}
