-- tuneup schema, version 9: where each activity's UTC offset came from (the file, the time
-- zone at its first position, or the runner's time zone), why an activity is implausible
-- (kept, but counted for nothing), and whether its file's CRC failed. Rows stored before
-- this version have no offset source (NULL): their offsets are worked out again when the
-- store is opened, from the stored originals and positions (tuneup_import::refresh_local_time).

ALTER TABLE activities ADD COLUMN offset_source TEXT;
ALTER TABLE activities ADD COLUMN implausible TEXT;
ALTER TABLE activities ADD COLUMN crc_mismatch INTEGER NOT NULL DEFAULT 0;
CREATE INDEX activities_offset_source ON activities (athlete_id, offset_source);
