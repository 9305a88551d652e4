-- Warren store, version 2: who may reach what. Just-in-time grants, access requests, user
-- certificates, revoked device certificates, services an admin disabled, and the columns that let
-- sessions name their grant and audit events be found by device and by user. Same portability
-- rules as V1 (one script for H2 in PostgreSQL mode and PostgreSQL).

-- A grant lets one user reach one service (or '*': any) of one device, named by id, or of every
-- device whose labels include the selector, until expires_at or until revoked. No foreign key to
-- devices: a grant's history outlives a deleted device (and a device enrolled again gets a new id,
-- which an old grant never matches).
CREATE TABLE grants (
    id          VARCHAR(64)              NOT NULL,
    user_id     VARCHAR(64)              NOT NULL,
    device_id   VARCHAR(64),
    selector    TEXT,
    service     VARCHAR(128)             NOT NULL,
    reason      VARCHAR(512)             NOT NULL,
    created_by  VARCHAR(128)             NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    revoked_by  VARCHAR(128),
    request_id  VARCHAR(64),
    CONSTRAINT grants_pk PRIMARY KEY (id),
    CONSTRAINT grants_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT grants_target_ck CHECK ((device_id IS NULL AND selector IS NOT NULL)
        OR (device_id IS NOT NULL AND selector IS NULL))
);
-- the relay's check at stream open: this user's grants that have not ended
CREATE INDEX grants_user_expires_idx ON grants (user_id, expires_at);
CREATE INDEX grants_device_idx ON grants (device_id);
CREATE INDEX grants_expires_idx ON grants (expires_at);

-- An operator asks; an admin approves (which creates a grant) or denies. The device is kept as the
-- operator typed it: a request must not tell its author whether the device exists.
CREATE TABLE access_requests (
    id               VARCHAR(64)              NOT NULL,
    user_id          VARCHAR(64)              NOT NULL,
    device           VARCHAR(255)             NOT NULL,
    service          VARCHAR(128)             NOT NULL,
    duration_seconds BIGINT                   NOT NULL,
    reason           VARCHAR(512)             NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    status           VARCHAR(16)              NOT NULL,
    decided_by       VARCHAR(128),
    decided_at       TIMESTAMP WITH TIME ZONE,
    note             VARCHAR(512),
    grant_id         VARCHAR(64),
    CONSTRAINT access_requests_pk PRIMARY KEY (id),
    CONSTRAINT access_requests_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT access_requests_duration_ck CHECK (duration_seconds > 0)
);
CREATE INDEX access_requests_status_idx ON access_requests (status, created_at);
CREATE INDEX access_requests_user_idx ON access_requests (user_id, created_at);

-- Client certificates the relay issued to users (URI SAN urn:warren:user:<id>). A certificate
-- authenticates only while its row exists and is not revoked.
CREATE TABLE user_certificates (
    fingerprint VARCHAR(64)              NOT NULL,
    user_id     VARCHAR(64)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    not_after   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT user_certificates_pk PRIMARY KEY (fingerprint),
    CONSTRAINT user_certificates_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX user_certificates_user_idx ON user_certificates (user_id);

-- The certificate a deleted device held: the relay refuses it with this reason (the device row,
-- which alone would let it in, is gone).
CREATE TABLE revoked_device_certificates (
    fingerprint VARCHAR(64)              NOT NULL,
    device_id   VARCHAR(64)              NOT NULL,
    device_name VARCHAR(128)             NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    reason      VARCHAR(255)             NOT NULL,
    CONSTRAINT revoked_device_certificates_pk PRIMARY KEY (fingerprint)
);

-- Services an admin closed on the relay side, whatever the agent announces.
CREATE TABLE device_disabled_services (
    device_id   VARCHAR(64)              NOT NULL,
    service     VARCHAR(128)             NOT NULL,
    disabled_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT device_disabled_services_pk PRIMARY KEY (device_id, service),
    CONSTRAINT device_disabled_services_device_fk FOREIGN KEY (device_id) REFERENCES devices (id) ON DELETE CASCADE
);

ALTER TABLE sessions ADD COLUMN grant_id VARCHAR(64);
CREATE INDEX sessions_grant_idx ON sessions (grant_id);

-- audit: the device an event concerns, and the user it concerns (besides its actor)
ALTER TABLE audit_events ADD COLUMN device_id VARCHAR(64);
ALTER TABLE audit_events ADD COLUMN subject VARCHAR(128);
CREATE INDEX audit_events_device_idx ON audit_events (device_id, occurred_at);
CREATE INDEX audit_events_subject_idx ON audit_events (subject, occurred_at);
