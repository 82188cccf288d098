-- tuneup schema, 0008: a planned session's optional distance in metres (NULL: not given), so
-- the planner can caution before a planned run that would spike over the longest run of the
-- last 30 days (issue 11, Garmin-RUNSAFE). Schema only; existing sessions keep NULL.

ALTER TABLE planned_sessions ADD COLUMN distance_m REAL;
