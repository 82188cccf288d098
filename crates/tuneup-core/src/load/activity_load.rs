//! The load of one activity, with the method used and an explanation with the numbers.
//!
//! Methods in order of preference: heart rate (Banister TRIMP, scaled), then for manual
//! entries the runner's session RPE, then pace (rTSS with Minetti grade adjustment), then any
//! session RPE, then an estimate from duration alone. Every activity gets a load.

use super::Load;
use super::estimate::{EffectiveProfile, duration, heart_rate_points};
use super::grade::normalised_graded_speed;
use crate::model::{Activity, SourceKind};
use crate::units::{Bpm, MetersPerSecond, Seconds, format_duration, format_pace};
use serde::Serialize;

/// Session RPE (Foster 2001): CR-10 rating × minutes, in arbitrary units. We map it to load
/// points with 100/420: an hour rated 7 ("very hard" on Foster's CR-10) is worth 100, as an
/// hour at threshold is. A continuous threshold hour is a race-like effort that runners
/// usually rate 7, so the two scales meet there; below it they diverge slowly (RPE 4 for an
/// hour gives 57 points, about an easy hour's rTSS at IF 0.75).
pub const SESSION_RPE_FACTOR: f64 = 100.0 / 420.0;
/// With nothing to go on, an activity is taken as "moderate" (3 on Foster's CR-10).
pub const ASSUMED_RPE: u8 = 3;
/// Heart rate must cover this share of the sampled time for the samples to be trusted.
pub const MIN_HR_COVERAGE: f64 = 0.5;

/// How a load was worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadMethod {
    HrTrimp,
    PaceRtss,
    SessionRpe,
    DurationEstimate,
}

impl LoadMethod {
    pub fn id(self) -> &'static str {
        match self {
            LoadMethod::HrTrimp => "hr_trimp",
            LoadMethod::PaceRtss => "pace_rtss",
            LoadMethod::SessionRpe => "session_rpe",
            LoadMethod::DurationEstimate => "duration_estimate",
        }
    }
}

/// The load of one activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityLoad {
    pub load: Load,
    pub method: LoadMethod,
    /// Intensity on the scale of an intensity factor: √(load per hour / 100), so 1.0 is
    /// threshold for every method (for rTSS it is exactly IF).
    pub intensity: f64,
    /// One line with the numbers, for people.
    pub explanation: String,
}

impl ActivityLoad {
    fn new(load: f64, method: LoadMethod, time: Seconds, explanation: String) -> Self {
        let load = if load.is_finite() { load.max(0.0) } else { 0.0 };
        let hours = time.hours();
        let intensity = if hours > 0.0 {
            (load / hours / 100.0).sqrt()
        } else {
            0.0
        };
        ActivityLoad {
            load: Load(load),
            method,
            intensity,
            explanation,
        }
    }
}

/// The load of an activity, by the first method that has the data it needs.
pub fn activity_load(activity: &Activity, profile: &EffectiveProfile) -> ActivityLoad {
    let time = duration(activity);
    if let Some(load) = trimp_from_samples(activity, profile) {
        return load;
    }
    if let Some(load) = trimp_from_average(activity, profile, time) {
        return load;
    }
    let manual = activity.source.kind == SourceKind::Manual;
    if manual && let Some(rpe) = activity.rpe {
        return session_rpe(rpe, time, "");
    }
    if activity.sport.is_running() {
        if let Some(load) = rtss_from_samples(activity, profile) {
            return load;
        }
        if let Some(load) = rtss_from_average(activity, profile, time) {
            return load;
        }
    }
    if let Some(rpe) = activity.rpe {
        return session_rpe(rpe, time, "");
    }
    session_rpe(
        ASSUMED_RPE,
        time,
        "no heart rate, pace or RPE: assumed a moderate effort, ",
    )
    .with_method(LoadMethod::DurationEstimate)
}

impl ActivityLoad {
    fn with_method(mut self, method: LoadMethod) -> Self {
        self.method = method;
        self
    }
}

fn session_rpe(rpe: u8, time: Seconds, prefix: &str) -> ActivityLoad {
    let minutes = time.minutes();
    let units = f64::from(rpe) * minutes;
    let load = units * SESSION_RPE_FACTOR;
    ActivityLoad::new(
        load,
        LoadMethod::SessionRpe,
        time,
        format!(
            "{prefix}RPE {rpe} × {minutes:.0} min = {units:.0} session-RPE units × 100/420 = \
             {load:.0} points"
        ),
    )
}

fn trimp_from_samples(activity: &Activity, profile: &EffectiveProfile) -> Option<ActivityLoad> {
    let streams = activity.streams.as_ref()?;
    let points = heart_rate_points(activity);
    let covered_s: f64 = points.iter().map(|(dt, _)| dt).sum();
    let sampled_s: f64 = super::samples::sample_durations(&streams.time_s)
        .iter()
        .sum();
    if covered_s < 60.0 || covered_s < MIN_HR_COVERAGE * sampled_s {
        return None;
    }
    let reserve = profile.reserve();
    let constants = profile.trimp;
    let trimp_covered: f64 = points
        .iter()
        .map(|(dt, hr)| dt / 60.0 * constants.per_minute(reserve.fraction(*hr)))
        .sum();
    // Where the strap dropped out, assume the missing minutes were like the recorded ones.
    let scale = sampled_s / covered_s;
    let trimp = trimp_covered * scale;
    let average = points.iter().map(|(dt, hr)| dt * hr).sum::<f64>() / covered_s;
    let gaps = if scale > 1.001 {
        format!(
            ", scaled up for {:.0} % missing",
            (1.0 - 1.0 / scale) * 100.0
        )
    } else {
        String::new()
    };
    Some(trimp_load(
        trimp,
        Seconds(sampled_s),
        profile,
        format!(
            "heart rate over {} (average {average:.0} bpm{gaps})",
            format_duration(Seconds(sampled_s))
        ),
    ))
}

fn trimp_from_average(
    activity: &Activity,
    profile: &EffectiveProfile,
    time: Seconds,
) -> Option<ActivityLoad> {
    let summary = activity.heart_rate?;
    if !(30.0..=230.0).contains(&summary.average.0) || time.0 <= 0.0 {
        return None;
    }
    let hrr = profile.reserve().fraction(summary.average.0);
    // One average under-counts hard intervals (the weighting is convex); samples are better.
    let trimp = time.minutes() * profile.trimp.per_minute(hrr);
    Some(trimp_load(
        trimp,
        time,
        profile,
        format!(
            "average heart rate {:.0} bpm (HRr {hrr:.2}) over {}",
            summary.average.0,
            format_duration(time)
        ),
    ))
}

fn trimp_load(trimp: f64, time: Seconds, profile: &EffectiveProfile, what: String) -> ActivityLoad {
    let threshold_hrr = profile.threshold_hrr();
    let load = profile.trimp.to_load(trimp, threshold_hrr);
    let Bpm(threshold) = profile.threshold_hr.value;
    ActivityLoad::new(
        load.0,
        LoadMethod::HrTrimp,
        time,
        format!(
            "{what}: Banister TRIMP {trimp:.1} ({}); an hour at threshold {threshold:.0} bpm \
             scores {:.1}, so {:.0} points",
            profile.trimp.label,
            profile.trimp.hour_at_threshold(threshold_hrr),
            load.0
        ),
    )
}

fn rtss_from_samples(activity: &Activity, profile: &EffectiveProfile) -> Option<ActivityLoad> {
    let graded = normalised_graded_speed(activity.streams.as_ref()?)?;
    if graded.moving_s < 60.0 {
        return None;
    }
    Some(rtss(
        MetersPerSecond(graded.normalised_mps),
        Seconds(graded.moving_s),
        profile,
        "normalised graded pace",
    ))
}

fn rtss_from_average(
    activity: &Activity,
    profile: &EffectiveProfile,
    time: Seconds,
) -> Option<ActivityLoad> {
    let speed = activity.average_speed()?;
    (time.0 > 0.0).then(|| rtss(speed, time, profile, "average pace (no streams, no grade)"))
}

/// rTSS = hours × IF² × 100, IF = speed / threshold speed.
fn rtss(
    speed: MetersPerSecond,
    time: Seconds,
    profile: &EffectiveProfile,
    what: &str,
) -> ActivityLoad {
    let threshold = profile.threshold_pace.value;
    let intensity = speed.0 / threshold.0.max(0.1);
    let hours = time.hours();
    let load = hours * intensity * intensity * 100.0;
    ActivityLoad::new(
        load,
        LoadMethod::PaceRtss,
        time,
        format!(
            "{what} {} over {} vs threshold {}: IF {intensity:.2}, {hours:.2} h × \
             {intensity:.2}² × 100 = {load:.0} points",
            format_pace(speed),
            format_duration(time),
            format_pace(threshold)
        ),
    )
}
