-- Warren store, version 5: traffic history and published ports. Same portability rules as V1 (one script for H2 in
-- PostgreSQL mode and PostgreSQL).

-- Bytes each way and sessions opened, per device and service, in time buckets: 60-second buckets, rolled up into
-- 3600-second ones after a day, deleted after the retention. bucket_start is epoch seconds (a multiple of
-- resolution_seconds), which keeps re-bucketing at query time to integer arithmetic that both databases share. Each
-- relay node writes (and rolls up) only its own rows, so nodes never race on a row; queries sum over nodes. No
-- foreign key to devices: history outlives a deleted device (hence device_name).
CREATE TABLE traffic (
    bucket_start       BIGINT       NOT NULL,
    resolution_seconds INTEGER      NOT NULL,
    device_id          VARCHAR(64)  NOT NULL,
    service            VARCHAR(128) NOT NULL,
    relay_node         VARCHAR(128) NOT NULL,
    device_name        VARCHAR(128) NOT NULL,
    bytes_to_device    BIGINT       NOT NULL DEFAULT 0,
    bytes_from_device  BIGINT       NOT NULL DEFAULT 0,
    sessions           BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT traffic_pk PRIMARY KEY (bucket_start, device_id, service, relay_node, resolution_seconds),
    CONSTRAINT traffic_resolution_ck CHECK (resolution_seconds IN (60, 3600)),
    CONSTRAINT traffic_counts_ck CHECK (bytes_to_device >= 0 AND bytes_from_device >= 0 AND sessions >= 0)
);
CREATE INDEX traffic_device_idx ON traffic (device_id, bucket_start);
-- roll-up: this node's minute rows older than a day
CREATE INDEX traffic_rollup_idx ON traffic (relay_node, resolution_seconds, bucket_start);

-- A device service published on a relay port, for clients without Warren. The relay's own flags say which ports may
-- be allocated, on which address they listen and from which networks they accept connections; the allocation lives
-- here so that it survives a restart. Deleting the device removes its publications.
CREATE TABLE published_ports (
    port       INTEGER                  NOT NULL,
    device_id  VARCHAR(64)              NOT NULL,
    service    VARCHAR(128)             NOT NULL,
    created_by VARCHAR(128)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT published_ports_pk PRIMARY KEY (port),
    CONSTRAINT published_ports_service_uk UNIQUE (device_id, service),
    CONSTRAINT published_ports_port_ck CHECK (port BETWEEN 1 AND 65535),
    CONSTRAINT published_ports_device_fk FOREIGN KEY (device_id) REFERENCES devices (id) ON DELETE CASCADE
);
