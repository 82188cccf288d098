-- tuneup schema, version 2: what the importer decided when two files held the same run.

-- One row per file set aside as a duplicate of a stored activity (or replaced by a richer
-- recording). The dropped file's bytes stay in original_files, so importing it again is a
-- no-op and a later, better rule can revisit the decision.
CREATE TABLE import_decisions (
    id             INTEGER PRIMARY KEY,
    kept_id        INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    kept_sha256    TEXT REFERENCES original_files (sha256),
    dropped_sha256 TEXT REFERENCES original_files (sha256),
    dropped_name   TEXT,
    dropped_kind   TEXT NOT NULL,
    reason         TEXT NOT NULL
);
CREATE INDEX import_decisions_by_kept ON import_decisions (kept_id);
