-- tuneup schema: corrections. An activity can be left out of the statistics (load, estimates,
-- baselines) without being removed: a treadmill run with a wrong distance, a ride recorded as
-- a run. Its original file and streams stay.

ALTER TABLE activities ADD COLUMN excluded INTEGER NOT NULL DEFAULT 0;
