-- tuneup schema, version 1. Migrations are append-only: never edit a published one.

CREATE TABLE profile (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL -- AthleteProfile as JSON: one small document, read whole
);

-- Imported files' original bytes, content-addressed, so a better decoder can re-read them.
CREATE TABLE original_files (
    sha256 TEXT PRIMARY KEY,
    name   TEXT,
    size   INTEGER NOT NULL,
    bytes  BLOB NOT NULL
);

CREATE TABLE activities (
    id               INTEGER PRIMARY KEY,
    sport            TEXT NOT NULL,
    start_utc_ms     INTEGER NOT NULL,
    utc_offset_s     INTEGER NOT NULL,
    local_date       TEXT NOT NULL, -- YYYY-MM-DD in the activity's own offset
    elapsed_s        REAL NOT NULL,
    moving_s         REAL NOT NULL,
    distance_m       REAL NOT NULL,
    elevation_gain_m REAL,
    hr_avg           REAL,
    hr_max           REAL,
    rpe              INTEGER,
    title            TEXT,
    kind             TEXT,
    source_kind      TEXT NOT NULL,
    source_sha256    TEXT REFERENCES original_files (sha256),
    source_name      TEXT,
    device           TEXT
);
CREATE INDEX activities_by_start ON activities (start_utc_ms);
CREATE INDEX activities_by_local_date ON activities (local_date);

-- One compact blob per activity (see streams_codec.rs), not a row per sample.
CREATE TABLE activity_streams (
    activity_id INTEGER PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
    data        BLOB NOT NULL
);

CREATE TABLE races (
    id         INTEGER PRIMARY KEY,
    date       TEXT NOT NULL,
    name       TEXT NOT NULL,
    distance_m REAL NOT NULL,
    priority   TEXT NOT NULL
);

CREATE TABLE planned_sessions (
    id    INTEGER PRIMARY KEY,
    date  TEXT NOT NULL,
    kind  TEXT NOT NULL,
    title TEXT NOT NULL
);

CREATE TABLE soreness (
    id    INTEGER PRIMARY KEY,
    date  TEXT NOT NULL,
    area  TEXT NOT NULL,
    side  TEXT NOT NULL,
    level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 10),
    kind  TEXT NOT NULL,
    note  TEXT
);

CREATE TABLE therapists (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    contact        TEXT,
    licence        TEXT,
    licence_region TEXT,
    techniques     TEXT NOT NULL, -- JSON array of technique ids
    insurance      TEXT,
    price          REAL,
    notes          TEXT
);

CREATE TABLE massage_sessions (
    id           INTEGER PRIMARY KEY,
    date         TEXT NOT NULL,
    therapist_id INTEGER REFERENCES therapists (id),
    techniques   TEXT NOT NULL, -- JSON array of technique ids
    areas        TEXT NOT NULL, -- JSON array of body-area ids
    pressure     INTEGER CHECK (pressure BETWEEN 1 AND 5),
    purpose      TEXT NOT NULL,
    cost         REAL,
    insurance    TEXT NOT NULL,
    felt_after   TEXT,
    note         TEXT
);
CREATE INDEX massage_sessions_by_date ON massage_sessions (date);
