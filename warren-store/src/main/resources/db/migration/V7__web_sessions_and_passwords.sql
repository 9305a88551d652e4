-- Warren store, version 7: the web dashboard's sign-in sessions, kept in the store so that a relay
-- restart keeps people signed in and every node of a cluster knows every session; and users'
-- passwords. Same portability rules as V1 (one script for H2 in PostgreSQL mode and PostgreSQL).

-- One row per signed-in browser. id_hash is the SHA-256 (hex) of the session id the browser holds in
-- its cookie; the id itself is never stored, so a copy of this table opens no session. token_id names
-- the API token the user signed in with (the session ends when it is revoked or expires); NULL means
-- the user signed in with their password. csrf_token is the session's synchronizer token (not a
-- credential on its own: every page carries it). A session ends at idle_deadline (pushed forward by
-- use, never past absolute_deadline) or at absolute_deadline, whichever comes first.
CREATE TABLE web_sessions (
    id_hash           VARCHAR(64)              NOT NULL,
    user_id           VARCHAR(64)              NOT NULL,
    token_id          VARCHAR(64),
    csrf_token        VARCHAR(64)              NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    idle_deadline     TIMESTAMP WITH TIME ZONE NOT NULL,
    absolute_deadline TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT web_sessions_pk PRIMARY KEY (id_hash),
    CONSTRAINT web_sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT web_sessions_deadlines_ck CHECK (idle_deadline <= absolute_deadline)
);
-- ending a user's sessions (password changed)
CREATE INDEX web_sessions_user_idx ON web_sessions (user_id);
-- purging expired sessions
CREATE INDEX web_sessions_idle_idx ON web_sessions (idle_deadline);
CREATE INDEX web_sessions_absolute_idx ON web_sessions (absolute_deadline);

-- A user may have a password (an Argon2id PHC string) to sign in to the dashboard; NULL: none.
-- password_changed_at is when it was last set (sessions signed in with an older password end).
ALTER TABLE users ADD COLUMN password_hash VARCHAR(512);
ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMP WITH TIME ZONE;
