-- Warren store, version 6: device-to-device grants. A grant's holder is either a user (an operator
-- reaching a service) or a device (an agent's service forwarder reaching a service of another
-- device), never both. Same portability rules as V1 (one script for H2 in PostgreSQL mode and
-- PostgreSQL). No foreign key to devices, as for the target: the grant's history outlives a deleted
-- device.
ALTER TABLE grants ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE grants ADD COLUMN from_device_id VARCHAR(64);
ALTER TABLE grants ADD CONSTRAINT grants_holder_ck CHECK ((user_id IS NULL AND from_device_id IS NOT NULL)
    OR (user_id IS NOT NULL AND from_device_id IS NULL));
-- the relay's check when a device opens a stream: this device's grants that have not ended
CREATE INDEX grants_from_device_expires_idx ON grants (from_device_id, expires_at);
