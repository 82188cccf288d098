-- Therapists: removing one keeps the row, so past massage sessions still name who did them;
-- and the clinic precautions checklist, answered per therapist with the day it was checked.

ALTER TABLE therapists ADD COLUMN removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1));

CREATE TABLE clinic_checks (
    therapist_id INTEGER PRIMARY KEY REFERENCES therapists (id),
    checked_on   TEXT NOT NULL,
    answers      TEXT NOT NULL -- JSON array of {"id": precaution id, "answer": yes|no|unsure}
);
