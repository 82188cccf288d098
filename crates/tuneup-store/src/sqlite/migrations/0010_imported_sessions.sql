-- tuneup schema, version 10: the database itself refuses to store one session of one file twice.
-- Each session (activity) of an imported file is placed once per athlete: as a stored activity,
-- as the recording that replaced one, or as a duplicate set aside with a decision. Two imports
-- racing over the same file (or a bug) now fail on this key inside their writing transaction
-- instead of leaving a second copy.
CREATE TABLE imported_sessions (
    athlete_id    INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    session_index INTEGER NOT NULL CHECK (session_index >= 0),
    PRIMARY KEY (athlete_id, sha256, session_index)
) WITHOUT ROWID;

-- What was placed before this version, numbered per file in start order (the index each
-- session had is not known; what matters is that each stored row and each decision counts).
INSERT INTO imported_sessions (athlete_id, sha256, session_index)
SELECT athlete_id, sha256, ROW_NUMBER() OVER (PARTITION BY athlete_id, sha256 ORDER BY at) - 1
FROM (
    SELECT athlete_id, source_sha256 AS sha256, start_utc_ms AS at FROM activities
    WHERE source_sha256 IS NOT NULL
    UNION ALL
    SELECT d.athlete_id, d.dropped_sha256, a.start_utc_ms FROM import_decisions d
    JOIN activities a ON a.id = d.kept_id
    WHERE d.dropped_sha256 IS NOT NULL
);
