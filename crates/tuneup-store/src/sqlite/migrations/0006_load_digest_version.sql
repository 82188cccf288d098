-- tuneup schema, version 6: the version of each stored load digest (LoadDigest::VERSION), so
-- a digest worked out by an older tuneup is recomputed rather than trusted. Digests stored so
-- far are version 1, the digest as it was when this column was added; missing ones stay NULL
-- and are worked out when the store is opened (tuneup_import::refresh_digests).

ALTER TABLE activities ADD COLUMN load_digest_version INTEGER;
UPDATE activities SET load_digest_version = 1 WHERE load_digest IS NOT NULL;
