-- tuneup schema, version 5: room for many athletes in one database, one by default.
-- Every row of athlete data names its athlete; rows written before this version belong to
-- athlete 1, the local athlete of a single-user database. (athlete_id columns carry no
-- REFERENCES: SQLite cannot add one with a non-NULL default to an existing table.)

CREATE TABLE athletes (
    id   INTEGER PRIMARY KEY,
    name TEXT
);
INSERT INTO athletes (id) VALUES (1);

-- The profile, one JSON document per athlete (replaces `profile`, which allowed only id 1).
CREATE TABLE athlete_profiles (
    athlete_id INTEGER PRIMARY KEY,
    data       TEXT NOT NULL
);
INSERT INTO athlete_profiles (athlete_id, data) SELECT 1, data FROM profile WHERE id = 1;
DROP TABLE profile;

-- Original bytes stay content-addressed, one copy however many athletes import the file;
-- which athlete imported which file is recorded here.
CREATE TABLE athlete_originals (
    athlete_id INTEGER NOT NULL,
    sha256     TEXT NOT NULL REFERENCES original_files (sha256),
    PRIMARY KEY (athlete_id, sha256)
);
INSERT INTO athlete_originals (athlete_id, sha256) SELECT 1, sha256 FROM original_files;

ALTER TABLE activities ADD COLUMN athlete_id INTEGER NOT NULL DEFAULT 1;
ALTER TABLE import_decisions ADD COLUMN athlete_id INTEGER NOT NULL DEFAULT 1;
ALTER TABLE races ADD COLUMN athlete_id INTEGER NOT NULL DEFAULT 1;
ALTER TABLE planned_sessions ADD COLUMN athlete_id INTEGER NOT NULL DEFAULT 1;
ALTER TABLE soreness ADD COLUMN athlete_id INTEGER NOT NULL DEFAULT 1;
ALTER TABLE therapists ADD COLUMN athlete_id INTEGER NOT NULL DEFAULT 1;
ALTER TABLE massage_sessions ADD COLUMN athlete_id INTEGER NOT NULL DEFAULT 1;
ALTER TABLE clinic_checks ADD COLUMN athlete_id INTEGER NOT NULL DEFAULT 1;

CREATE INDEX activities_by_athlete_start ON activities (athlete_id, start_utc_ms);
CREATE INDEX activities_by_athlete_date ON activities (athlete_id, local_date);
CREATE INDEX import_decisions_by_athlete ON import_decisions (athlete_id);
CREATE INDEX races_by_athlete ON races (athlete_id, date);
CREATE INDEX planned_sessions_by_athlete ON planned_sessions (athlete_id, date);
CREATE INDEX soreness_by_athlete ON soreness (athlete_id, date);
CREATE INDEX therapists_by_athlete ON therapists (athlete_id, name);
CREATE INDEX massage_sessions_by_athlete ON massage_sessions (athlete_id, date);
