-- Warren store, version 3: the certificate a renewal replaced, until the renewed one connects. An agent whose renewal
-- answer was lost (the relay stored the new certificate, the agent never got it) may renew again with the previous
-- certificate instead of being locked out; the first connection with the current certificate ends that.
ALTER TABLE devices ADD COLUMN previous_cert_fingerprint VARCHAR(64);
