-- Warren store, version 1. One script for H2 (MODE=PostgreSQL) and PostgreSQL: keep to portable
-- types (VARCHAR, INTEGER, BIGINT, BOOLEAN, TIMESTAMP WITH TIME ZONE, TEXT for JSON) and plain
-- indexes (H2 has no partial indexes). Lengths match the checks in the dev.warren.store records.

CREATE TABLE devices (
    id               VARCHAR(64)              NOT NULL,
    name             VARCHAR(128)             NOT NULL,
    labels           TEXT                     NOT NULL,
    disabled         BOOLEAN                  NOT NULL DEFAULT FALSE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at     TIMESTAMP WITH TIME ZONE,
    online           BOOLEAN                  NOT NULL DEFAULT FALSE,
    agent_version    VARCHAR(128),
    cert_fingerprint VARCHAR(64)              NOT NULL,
    cert_not_after   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_address     VARCHAR(255),
    online_node      VARCHAR(128),
    CONSTRAINT devices_pk PRIMARY KEY (id),
    CONSTRAINT devices_name_uk UNIQUE (name)
);
-- markAllOffline(node) on relay start
CREATE INDEX devices_online_node_idx ON devices (online_node);

CREATE TABLE enroll_tokens (
    id          VARCHAR(64)              NOT NULL,
    secret_hash VARCHAR(512)             NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    max_uses    INTEGER                  NOT NULL,
    uses        INTEGER                  NOT NULL DEFAULT 0,
    revoked     BOOLEAN                  NOT NULL DEFAULT FALSE,
    created_by  VARCHAR(128)             NOT NULL,
    description VARCHAR(1024),
    CONSTRAINT enroll_tokens_pk PRIMARY KEY (id),
    CONSTRAINT enroll_tokens_uses_ck CHECK (max_uses > 0 AND uses >= 0 AND uses <= max_uses)
);

CREATE TABLE users (
    id         VARCHAR(64)              NOT NULL,
    name       VARCHAR(128)             NOT NULL,
    role       VARCHAR(32)              NOT NULL,
    disabled   BOOLEAN                  NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT users_pk PRIMARY KEY (id),
    CONSTRAINT users_name_uk UNIQUE (name)
);

CREATE TABLE api_tokens (
    id           VARCHAR(64)              NOT NULL,
    user_id      VARCHAR(64)              NOT NULL,
    secret_hash  VARCHAR(512)             NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    last_used_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_tokens_pk PRIMARY KEY (id),
    CONSTRAINT api_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- No foreign key to devices: session history outlives a deleted device (hence device_name).
CREATE TABLE sessions (
    id                VARCHAR(64)              NOT NULL,
    device_id         VARCHAR(64)              NOT NULL,
    device_name       VARCHAR(128)             NOT NULL,
    service           VARCHAR(128)             NOT NULL,
    operator_name     VARCHAR(128)             NOT NULL,
    source_address    VARCHAR(255)             NOT NULL,
    relay_node        VARCHAR(128)             NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at          TIMESTAMP WITH TIME ZONE,
    bytes_to_device   BIGINT                   NOT NULL DEFAULT 0,
    bytes_from_device BIGINT                   NOT NULL DEFAULT 0,
    close_reason      VARCHAR(255),
    CONSTRAINT sessions_pk PRIMARY KEY (id)
);
CREATE INDEX sessions_device_started_idx ON sessions (device_id, started_at);
CREATE INDEX sessions_operator_started_idx ON sessions (operator_name, started_at);
CREATE INDEX sessions_started_idx ON sessions (started_at);
-- closeAllOpen(node) on relay start: open rows have ended_at NULL
CREATE INDEX sessions_node_ended_idx ON sessions (relay_node, ended_at);

-- Append-only by contract: the store issues no UPDATE or DELETE on this table.
CREATE TABLE audit_events (
    seq            BIGINT GENERATED ALWAYS AS IDENTITY,
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    actor          VARCHAR(128)             NOT NULL,
    action         VARCHAR(64)              NOT NULL,
    target         VARCHAR(255),
    source_address VARCHAR(255),
    outcome        VARCHAR(32)              NOT NULL,
    details        TEXT                     NOT NULL,
    CONSTRAINT audit_events_pk PRIMARY KEY (seq)
);
CREATE INDEX audit_events_at_idx ON audit_events (occurred_at, seq);
CREATE INDEX audit_events_actor_idx ON audit_events (actor, occurred_at);
CREATE INDEX audit_events_target_idx ON audit_events (target, occurred_at);
