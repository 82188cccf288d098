-- tuneup schema, version 4: each activity's load digest (LoadDigest as JSON), what the load
-- analysis needs from the streams, so listings can skip the stream blobs. NULL without
-- streams. Rows stored before this version are filled in by the code that applies it.

ALTER TABLE activities ADD COLUMN load_digest TEXT;
