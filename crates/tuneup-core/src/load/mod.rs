//! Training load: per-activity load, the daily fitness/fatigue/form series, ACWR, big runs and
//! profile estimates.
//!
//! Every method lands on one scale where 100 points is about one hour at the runner's
//! threshold (lactate-threshold heart rate, or threshold pace), so loads from heart rate,
//! pace and RPE can be added up day by day. Each load carries the method used and a line
//! with the numbers, because an estimate the runner cannot check is worth little.
//!
//! The entry point is [`analyse`].

mod activity_load;
mod analysis;
mod big_run;
mod digest;
mod estimate;
mod grade;
mod samples;
mod series;
mod session_class;
#[cfg(test)]
pub(crate) mod testkit;
mod trimp;
mod vdot;

pub use activity_load::{
    ASSUMED_RPE, ActivityLoad, LoadMethod, MIN_HR_COVERAGE, SESSION_RPE_FACTOR, activity_load,
};
pub use analysis::{
    AnalysedActivity, Analysis, AnalysisOptions, LONG_RUN_MINUTES, analyse, analyse_with,
};
pub use big_run::{
    BigRun, BigRunReason, BigRunRule, DistanceVsLongest, EASY_BELOW, HARD_FROM, Intensity,
    RaceCounts, RunFacts, SPIKE_BANDS, SPIKE_SOURCE, SpikeBand, SpikeBandInfo,
};
pub use digest::{
    BOUT_MIN_S, BestSpeeds, BoutTable, Bouts, DERIVED_SPEED_HALF_WINDOW_S, HeartRateDigest,
    LoadDigest, SPEED_BIN_MPS, SPEED_WINDOWS_S, STEADY_HR_RECOVERY_BELOW,
    STEADY_SPEED_RECOVERY_BELOW, STEADY_WINDOWS_S, SpeedDigest, at_or_above, digest, speed_level,
};
pub use estimate::{
    DEFAULT_MAX_HR, DEFAULT_REST_HR, DEFAULT_THRESHOLD_PACE, ESTIMATE_WINDOW_DAYS,
    EffectiveProfile, Estimate, EstimateSource, MAX_HR_DAYS, MAX_HR_HELD_S, MAX_HR_SUSTAINED_S,
    THRESHOLD_RESERVE_FRACTION, THRESHOLD_WINDOW_S,
};
pub use grade::{GradedSpeed, MAX_GRADE, grade_factor, minetti_cost, normalised_graded_speed};
pub use samples::PAUSE_GAP_S;
pub use series::{
    ACWR_BANDS, ACWR_CAUTION, AcwrBand, AcwrZone, DailyLoad, RESTART_AFTER_DAYS, daily_series,
};
pub use session_class::SessionClass;
pub use trimp::{FEMALE_TRIMP, HeartRateReserve, MALE_TRIMP, TrimpConstants, UNKNOWN_SEX_TRIMP};
pub use vdot::{speed_at_vdot, threshold_speed, vdot};

use serde::{Deserialize, Serialize};

/// Training load in points: 100 ≈ one hour at threshold.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Load(pub f64);
