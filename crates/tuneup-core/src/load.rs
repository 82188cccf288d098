//! Training load: per-activity load, the daily fitness/fatigue/form series, ACWR, big runs and
//! profile estimates.
