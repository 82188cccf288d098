//! The load of one activity, with the method used and an explanation with the numbers.
//!
//! Methods in order of preference: heart rate (Banister TRIMP, scaled), then for manual
//! entries the runner's session RPE, then pace (rTSS with Minetti grade adjustment), then any
//! session RPE, then an estimate from duration alone. Every activity gets a load.

use super::Load;
use super::digest;
use super::estimate::{EffectiveProfile, duration};
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
/// Heart rate must cover this share of the sampled time for the samples to say what the
/// session held (session classes). The load itself scales up whatever minute of heart rate
/// was recorded (at least [`MIN_HR_COVERED_S`]), however short the coverage: the recorded
/// samples say more than one average.
pub const MIN_HR_COVERAGE: f64 = 0.5;
/// Least recorded heart rate for a sample-based load.
pub const MIN_HR_COVERED_S: f64 = 60.0;

crate::vocab::vocabulary!(
    /// How a load was worked out.
    LoadMethod, "load method" {
        HrTrimp = "hr_trimp": "heart-rate TRIMP",
        PaceRtss = "pace_rtss": "pace rTSS",
        SessionRpe = "session_rpe": "session RPE",
        DurationEstimate = "duration_estimate": "estimate from duration",
    }
);

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

    fn with_method(mut self, method: LoadMethod) -> Self {
        self.method = method;
        self
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
    let samples = digest::of(activity)?;
    let heart_rate = &samples.heart_rate;
    let (covered_s, sampled_s) = (heart_rate.covered_s, samples.sampled_s);
    if covered_s < MIN_HR_COVERED_S || sampled_s <= 0.0 {
        return None;
    }
    let reserve = profile.reserve();
    let constants = profile.trimp;
    // TRIMP is Σ dt·f(bpm) over the samples; summed per bpm it is the same number.
    let trimp_covered: f64 = heart_rate
        .histogram
        .iter()
        .map(|&(bpm, seconds)| {
            seconds / 60.0 * constants.per_minute(reserve.fraction(f64::from(bpm)))
        })
        .sum();
    // Where the strap dropped out, assume the missing minutes were like the recorded ones.
    let scale = sampled_s / covered_s;
    let trimp = trimp_covered * scale;
    let average = heart_rate.bpm_seconds / covered_s;
    let missing = (1.0 - 1.0 / scale) * 100.0;
    let gaps = if missing >= 0.5 {
        format!(", scaled up for {missing:.0} % missing")
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
            "{what}: Banister TRIMP {trimp:.1} with {}; an hour at threshold {threshold:.0} bpm \
             scores {:.1}, so {:.0} points",
            profile.trimp.label,
            profile.trimp.hour_at_threshold(threshold_hrr),
            load.0
        ),
    )
}

fn rtss_from_samples(activity: &Activity, profile: &EffectiveProfile) -> Option<ActivityLoad> {
    let graded = digest::of(activity)?.graded_speed?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::grade_factor;
    use crate::load::testkit::{date, fixed_profile, run, steady_streams, with_average_hr};
    use crate::model::ActivitySource;
    use crate::vocab::Sport;
    use proptest::prelude::*;

    fn close(actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() < tolerance,
            "{actual} is not {expected}"
        );
    }

    #[test]
    fn an_hour_at_threshold_heart_rate_scores_100() {
        // 3600 one-second samples at 169 bpm = HRr 0.85 = the threshold: exactly 100.
        let mut activity = run(date(2026, 3, 1), 60.0, 12.0);
        activity.streams = Some(steady_streams(3600, 3.3, 169, 0.0));
        let load = activity_load(&activity, &fixed_profile());
        assert_eq!(load.method, LoadMethod::HrTrimp);
        close(load.load.0, 100.0, 1e-6);
        close(load.intensity, 1.0, 1e-6);
        assert!(
            load.explanation.contains("Banister TRIMP"),
            "{}",
            load.explanation
        );
    }

    #[test]
    fn average_heart_rate_by_hand() {
        // 45 min at average 148 bpm: HRr = 98/140 = 0.7.
        // TRIMP = 45 × 0.7 × 0.64 × e^(1.92 × 0.7) = 45 × 0.448 × e^1.344 = 45 × 0.448 × 3.834496
        //       = 77.3034.
        // Hour at threshold: 60 × 0.85 × 0.64 × e^(1.632) = 60 × 0.544 × 5.114138 = 166.9255.
        // Load = 100 × 77.3034 / 166.9255 = 46.31.
        let activity = with_average_hr(run(date(2026, 3, 1), 45.0, 9.0), 148.0);
        let load = activity_load(&activity, &fixed_profile());
        assert_eq!(load.method, LoadMethod::HrTrimp);
        close(load.load.0, 46.31, 0.01);
    }

    #[test]
    fn samples_beat_the_summary_and_gaps_are_scaled() {
        // The last third of the heart-rate samples missing (0 = no reading): the recorded
        // 40 minutes are scaled to the whole hour, so the load is still 100.
        let mut activity = with_average_hr(run(date(2026, 3, 1), 60.0, 12.0), 120.0);
        let mut streams = steady_streams(3600, 3.3, 169, 0.0);
        for hr in streams.heart_rate_bpm.iter_mut().skip(2401) {
            *hr = 0;
        }
        activity.streams = Some(streams);
        let load = activity_load(&activity, &fixed_profile());
        close(load.load.0, 100.0, 0.1);
        assert!(load.explanation.contains("missing"), "{}", load.explanation);
    }

    #[test]
    fn low_heart_rate_coverage_scales_the_recorded_samples_up() {
        // Only the first 20 minutes of an hour at threshold have heart rate (33 % coverage):
        // the samples are scaled to the hour (100), not replaced by the 120 bpm average.
        let mut activity = with_average_hr(run(date(2026, 3, 1), 60.0, 12.0), 120.0);
        let mut streams = steady_streams(3600, 3.3, 169, 0.0);
        for hr in streams.heart_rate_bpm.iter_mut().skip(1201) {
            *hr = 0;
        }
        activity.streams = Some(streams);
        let load = activity_load(&activity, &fixed_profile());
        assert_eq!(load.method, LoadMethod::HrTrimp);
        close(load.load.0, 100.0, 0.1);
        assert!(
            load.explanation.contains("67 % missing"),
            "{}",
            load.explanation
        );
    }

    #[test]
    fn a_paused_timer_does_not_count() {
        // 30 min at threshold, a 20-minute pause (no samples), 30 min more: the hour of
        // running scores 100 less the one second across the pause (99.97), not 133.
        let mut activity = run(date(2026, 3, 1), 80.0, 12.0);
        let mut streams = steady_streams(3600, 3.3, 169, 0.0);
        for t in streams.time_s.iter_mut().skip(1801) {
            *t += 1200.0;
        }
        activity.streams = Some(streams);
        let load = activity_load(&activity, &fixed_profile());
        close(load.load.0, 99.972, 1e-3);
        activity.streams.as_mut().unwrap().time_s.truncate(0);
        activity
            .streams
            .as_mut()
            .unwrap()
            .heart_rate_bpm
            .truncate(0);
        // Without usable streams the summary pace is used instead; nothing panics.
        assert_eq!(
            activity_load(&activity, &fixed_profile()).method,
            LoadMethod::PaceRtss
        );
    }

    #[test]
    fn flat_pace_at_threshold_scores_100() {
        let mut activity = run(date(2026, 3, 1), 60.0, 14.4);
        let mut streams = steady_streams(3600, 4.0, 0, 0.0);
        streams.heart_rate_bpm.clear();
        activity.streams = Some(streams);
        let load = activity_load(&activity, &fixed_profile());
        assert_eq!(load.method, LoadMethod::PaceRtss);
        close(load.load.0, 100.0, 1e-6);
    }

    #[test]
    fn uphill_pace_is_graded() {
        // Threshold speed up a steady 5 % grade for an hour:
        // Cr(0.05) = 155.4 × 3.125e-7 − 30.4 × 6.25e-6 − 43.3 × 1.25e-4 + 46.3 × 0.0025
        //          + 19.5 × 0.05 + 3.6 = 0.0000486 − 0.00019 − 0.0054125 + 0.11575 + 0.975 + 3.6
        //          = 4.685196; factor = 1.301443; load = 100 × 1.301443² = 169.38.
        let mut activity = run(date(2026, 3, 1), 60.0, 14.4);
        let mut streams = steady_streams(3600, 4.0, 0, 0.05);
        streams.heart_rate_bpm.clear();
        activity.streams = Some(streams);
        let load = activity_load(&activity, &fixed_profile());
        close(grade_factor(0.05), 1.301_443, 1e-6);
        // The first and last 50 m see a shorter window but the same grade.
        close(load.load.0, 169.38, 0.05);
    }

    #[test]
    fn average_pace_without_streams_by_hand() {
        // 10 km in 50 min = 3.3333 m/s; threshold 4.0 m/s: IF = 0.833333;
        // 0.833333 h × 0.694444 × 100 = 57.87.
        let activity = run(date(2026, 3, 1), 50.0, 10.0);
        let load = activity_load(&activity, &fixed_profile());
        assert_eq!(load.method, LoadMethod::PaceRtss);
        close(load.load.0, 57.87, 0.01);
        assert!(load.explanation.contains("IF 0.83"), "{}", load.explanation);
    }

    #[test]
    fn manual_entries_use_session_rpe() {
        // RPE 6 × 45 min = 270 units × 100/420 = 64.29.
        let mut activity = run(date(2026, 3, 1), 45.0, 9.0);
        activity.source = ActivitySource::manual();
        activity.rpe = Some(6);
        let load = activity_load(&activity, &fixed_profile());
        assert_eq!(load.method, LoadMethod::SessionRpe);
        close(load.load.0, 64.29, 0.01);
        assert_eq!(
            load.explanation,
            "RPE 6 × 45 min = 270 session-RPE units × 100/420 = 64 points"
        );
    }

    #[test]
    fn without_any_signal_duration_is_used_and_labelled() {
        // A 60-minute strength session: assumed RPE 3 × 60 = 180 × 100/420 = 42.86.
        let mut activity = run(date(2026, 3, 1), 60.0, 0.0);
        activity.sport = Sport::Strength;
        let load = activity_load(&activity, &fixed_profile());
        assert_eq!(load.method, LoadMethod::DurationEstimate);
        close(load.load.0, 42.86, 0.01);
        assert!(load.explanation.contains("assumed a moderate effort"));
    }

    #[test]
    fn a_zero_length_activity_gets_zero() {
        let mut activity = run(date(2026, 3, 1), 0.0, 0.0);
        activity.streams = Some(SampleStreamsFixture::single_sample());
        let load = activity_load(&activity, &fixed_profile());
        assert_eq!(load.load.0, 0.0);
        assert_eq!(load.intensity, 0.0);
    }

    struct SampleStreamsFixture;
    impl SampleStreamsFixture {
        fn single_sample() -> crate::model::SampleStreams {
            crate::model::SampleStreams {
                time_s: vec![0.0],
                heart_rate_bpm: vec![150],
                ..Default::default()
            }
        }
    }

    proptest! {
        #[test]
        fn load_grows_with_duration_at_fixed_intensity(
            short in 1.0f64..200.0,
            extra in 0.0f64..200.0,
            hr in 100.0f64..195.0,
            speed in 2.0f64..6.0,
            rpe in 1u8..=10,
            method in 0usize..3,
        ) {
            let long = short + extra;
            let make = |minutes: f64| {
                let mut activity = run(date(2026, 3, 1), minutes, speed * minutes * 0.06);
                match method {
                    0 => activity = with_average_hr(activity, hr),
                    1 => {}
                    _ => {
                        activity.source = ActivitySource::manual();
                        activity.rpe = Some(rpe);
                    }
                }
                activity
            };
            let profile = fixed_profile();
            let a = activity_load(&make(short), &profile);
            let b = activity_load(&make(long), &profile);
            prop_assert_eq!(a.method, b.method);
            prop_assert!(b.load.0 >= a.load.0, "{} min: {}, {} min: {}", short, a.load.0, long, b.load.0);
        }

        #[test]
        fn sampled_load_grows_with_duration(seconds in 120usize..4000, extra in 1usize..2000) {
            let profile = fixed_profile();
            let make = |s: usize| {
                let mut activity = run(date(2026, 3, 1), s as f64 / 60.0, 1.0);
                activity.streams = Some(steady_streams(s, 3.0, 160, 0.0));
                activity_load(&activity, &profile).load.0
            };
            prop_assert!(make(seconds + extra) > make(seconds));
        }
    }
}
