-- tuneup schema, version 11: a removal is remembered. An activity removed by the runner keeps
-- its file's session placed (`imported_sessions`), now marked with when it was removed, so a
-- later import of the same file skips it and says so; restoring it forgets the mark.
-- Each activity now records which session of its file it is (`source_index`), so removing it
-- can name that session.
ALTER TABLE activities ADD COLUMN source_index INTEGER CHECK (source_index >= 0);
ALTER TABLE imported_sessions ADD COLUMN removed_utc_ms INTEGER;

-- Activities stored before this version: numbered per file as version 10 numbered their
-- placed sessions (start order, the set-aside duplicates counted), so each names its row.
UPDATE activities SET source_index = numbered.session_index
FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY athlete_id, sha256 ORDER BY at) - 1 AS session_index
    FROM (
        SELECT id, athlete_id, source_sha256 AS sha256, start_utc_ms AS at FROM activities
        WHERE source_sha256 IS NOT NULL
        UNION ALL
        SELECT NULL, d.athlete_id, d.dropped_sha256, a.start_utc_ms FROM import_decisions d
        JOIN activities a ON a.id = d.kept_id
        WHERE d.dropped_sha256 IS NOT NULL
    )
) AS numbered
WHERE activities.id = numbered.id;
