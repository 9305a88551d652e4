-- Warren store, version 4: device-to-device grants. A grant lets one device (the one whose agent runs a forwarder)
-- open streams to one service (or *) of another device, until it expires or is revoked. Never deleted: it stays for
-- the record, like an operator's grant. Device ids carry no foreign key, as in grants: a deleted device's grants stay.
CREATE TABLE device_grants (
    id              VARCHAR(64)              NOT NULL,
    from_device_id  VARCHAR(64)              NOT NULL,
    device_id       VARCHAR(64)              NOT NULL,
    service         VARCHAR(128)             NOT NULL,
    reason          VARCHAR(512)             NOT NULL,
    created_by      VARCHAR(128)             NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at      TIMESTAMP WITH TIME ZONE,
    revoked_by      VARCHAR(128),
    CONSTRAINT device_grants_pk PRIMARY KEY (id)
);
-- the relay's check at stream open: this source device's grants that have not ended
CREATE INDEX device_grants_from_expires_idx ON device_grants (from_device_id, expires_at);
CREATE INDEX device_grants_device_idx ON device_grants (device_id);
