//! The load digest: everything the load module reads from an activity's sample streams,
//! boiled down once so the analysis never has to walk the samples again.
//!
//! Nothing in a digest depends on the runner's profile: heart-rate TRIMP is a sum of
//! `dt × f(bpm)` over the samples, so seconds per integer bpm give the same sum for any
//! profile; the best sustained values and the normalised graded speed come from the samples
//! alone. A store can therefore compute the digest when an activity is written, keep it next
//! to the (large) streams, and list activities with their digest but without their streams.
//!
//! Session classes need "time at or above the runner's threshold" for a threshold the digest
//! does not know, so the digest keeps, for every heart-rate bpm and every speed bin, the time
//! spent at or above it in bouts of [`BOUT_MIN_S`] or more: any threshold reads its row later.

use super::estimate::{MAX_HR_HELD_S, MAX_HR_SUSTAINED_S, THRESHOLD_WINDOW_S};
use super::grade::{
    GradedSpeed, IMPLAUSIBLE_ABOVE_MPS, STOPPED_BELOW_MPS, normalised_graded_speed,
};
use super::samples::{
    SteadyChannel, best_window_average, bouts_at_or_above, sample_durations, steady_best,
    sustained_max,
};
use crate::model::{Activity, SampleStreams};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The windows the threshold-pace estimate takes a run's best average speed over.
pub const SPEED_WINDOWS_S: [f64; 2] = [1800.0, 3600.0];

/// A work bout lasts at least this long: Seiler's session-goal approach counts work bouts of
/// a minute or more (DOMAIN.md, "Classifying sessions"). Fixed here because the digest
/// stores time in bouts of this length; changing it means bumping [`LoadDigest::VERSION`].
pub const BOUT_MIN_S: f64 = 60.0;
/// Speeds are kept in bins this wide (m/s): about 3 s/km at 4:00/km.
pub const SPEED_BIN_MPS: f64 = 0.05;

/// A steady effort (threshold estimates) lasts this long at least: DOMAIN.md's "20–60 min
/// stretch without recovery bouts"; the pace estimate also reads 30 and 60 minutes.
pub const STEADY_WINDOWS_S: [f64; 3] = [1200.0, 1800.0, 3600.0];
/// A minute whose heart rate averages below this share of the stretch's average is a
/// recovery bout: a 3-minute rep at 172 bpm with 2 minutes' jog at 140 is never steady, while
/// a tempo run's cardiac drift (a few bpm over half an hour) stays well inside it. Ours.
pub const STEADY_HR_RECOVERY_BELOW: f64 = 0.92;
/// The same for speed: a jog or walk recovery after a rep is a third slower or more, while a
/// hill on a tempo run rarely costs a minute 15 %. Ours.
pub const STEADY_SPEED_RECOVERY_BELOW: f64 = 0.85;
/// Without a speed column (GPX, many TCX files), speed is distance over this many seconds
/// either side of a sample: positions a second apart jitter by metres.
pub const DERIVED_SPEED_HALF_WINDOW_S: f64 = 5.0;

/// What the load module needs from one activity's streams. See the module docs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LoadDigest {
    /// Seconds the samples stand for, pauses left out.
    pub sampled_s: f64,
    /// Heart rate, empty (`covered_s` 0) when the streams have no full heart-rate column.
    #[serde(default)]
    pub heart_rate: HeartRateDigest,
    /// The normalised graded speed, when the streams have a usable speed or distance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graded_speed: Option<GradedSpeed>,
    /// Best average speeds, when the streams have a full speed column or distance column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_speeds: Option<BestSpeeds>,
    /// Time per speed bin and in bouts, when the streams have a full speed column, or a
    /// distance column to derive speed from (see [`DERIVED_SPEED_HALF_WINDOW_S`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<SpeedDigest>,
}

impl LoadDigest {
    /// The version of what [`digest`] computes. Stores keep it with each digest; one kept
    /// with another version (or none) is recomputed from the streams when a store is opened.
    /// Bump it whenever `digest()` or what it measures changes. 2: time in bouts per bpm and
    /// per speed bin (session classes). 3: the max held for a minute, steady efforts
    /// (threshold estimates), speed derived from distance when there is no speed column.
    pub const VERSION: u32 = 3;
}

/// Time in bouts at or above a level: `(level, seconds, bouts)` ascending by level, for the
/// levels that occur in the samples and have at least one bout of [`BOUT_MIN_S`].
pub type BoutTable<T> = Vec<(T, f64, u32)>;

/// The speed part of a [`LoadDigest`]: speeds in bins of [`SPEED_BIN_MPS`], bin `n` holding
/// speeds from `n × SPEED_BIN_MPS` up to the next bin. Stopped (below 0.5 m/s) and
/// implausible (above 8 m/s) samples are left out and break bouts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SpeedDigest {
    /// Seconds in each bin, ascending, bins with no time left out.
    pub histogram: Vec<(u16, f64)>,
    /// Seconds in bouts at or above each bin.
    #[serde(default)]
    pub bouts: BoutTable<u16>,
}

/// The heart-rate part of a [`LoadDigest`]. Only plausible readings (30–230 bpm) count.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HeartRateDigest {
    /// Seconds with a heart-rate reading.
    pub covered_s: f64,
    /// Σ seconds × bpm, so the average is `bpm_seconds / covered_s`.
    pub bpm_seconds: f64,
    /// Seconds spent at each integer bpm, ascending by bpm, bins with no time left out.
    pub histogram: Vec<(u8, f64)>,
    /// The highest heart rate held for [`MAX_HR_SUSTAINED_S`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sustained_max: Option<f64>,
    /// The highest heart rate held for [`MAX_HR_HELD_S`] (a minute): a max that counts on
    /// its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_max: Option<f64>,
    /// The best average over [`THRESHOLD_WINDOW_S`], steady or not (races).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_30min: Option<f64>,
    /// The best average over a steady, continuous 20 minutes (see [`STEADY_WINDOWS_S`]): no
    /// pause, no recovery minute in heart rate or speed. Intervals never have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steady_20min: Option<f64>,
    /// Seconds in bouts at or above each bpm.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bouts: BoutTable<u8>,
}

/// Seconds at or above `level`, and in how many bouts, from a histogram and its bout table:
/// between two levels that occur in the samples the answer is the higher one's.
pub fn at_or_above<T: Copy + Ord>(
    histogram: &[(T, f64)],
    bouts: &[(T, f64, u32)],
    level: T,
) -> Bouts {
    let seconds = histogram
        .iter()
        .filter(|(l, _)| *l >= level)
        .map(|(_, s)| s)
        .sum();
    let next = histogram.iter().map(|(l, _)| *l).find(|l| *l >= level);
    let (in_bouts, count) = next
        .and_then(|next| bouts.iter().find(|row| row.0 == next))
        .map_or((0.0, 0), |row| (row.1, row.2));
    Bouts {
        seconds,
        in_bouts,
        count,
    }
}

/// Time at or above a level: in all, and in bouts of [`BOUT_MIN_S`] or more.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bouts {
    pub seconds: f64,
    pub in_bouts: f64,
    pub count: u32,
}

/// Best average speeds of a run over [`SPEED_WINDOWS_S`], m/s; `None` for a run shorter
/// than the window.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct BestSpeeds {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_30min_mps: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_60min_mps: Option<f64>,
    /// Best average speeds over steady, continuous stretches of each of
    /// [`STEADY_WINDOWS_S`] (20, 30, 60 min), m/s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steady_20min_mps: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steady_30min_mps: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steady_60min_mps: Option<f64>,
}

/// Boils an activity's streams down to its load digest.
pub fn digest(streams: &SampleStreams) -> LoadDigest {
    let durations = sample_durations(&streams.time_s);
    let speeds = speed_column(streams, &durations);
    let mut heart_rate = heart_rate_digest(streams, &durations);
    let mut best_speeds = best_speeds(speeds.as_deref(), &durations);
    let steady = steady_efforts(streams, speeds.as_deref(), &durations);
    heart_rate.steady_20min = steady.heart_rate;
    if let Some(best) = best_speeds.as_mut() {
        [
            best.steady_20min_mps,
            best.steady_30min_mps,
            best.steady_60min_mps,
        ] = steady.speeds;
    }
    LoadDigest {
        sampled_s: durations.iter().sum(),
        heart_rate,
        graded_speed: normalised_graded_speed(streams),
        best_speeds,
        speed: speed_digest(speeds.as_deref(), &durations),
    }
}

/// The speed at each sample: the speed column when it is full, else speed derived from the
/// distance column (GPX and many TCX files record positions and time, not speed) over
/// [`DERIVED_SPEED_HALF_WINDOW_S`] either side, never across a pause. `None` with neither.
fn speed_column<'a>(streams: &'a SampleStreams, durations: &[f64]) -> Option<Cow<'a, [f64]>> {
    let n = streams.len();
    if streams.speed_mps.len() == n && n > 0 {
        return Some(Cow::Borrowed(&streams.speed_mps));
    }
    let distance = &streams.distance_m;
    if distance.len() != n || n < 2 || !distance.iter().any(|d| *d > 0.0) {
        return None;
    }
    let time = &streams.time_s;
    let mut segment = vec![0; n];
    for i in 1..n {
        segment[i] = if durations[i] == 0.0 {
            i
        } else {
            segment[i - 1]
        };
    }
    let mut segment_end = vec![n - 1; n];
    for i in (0..n - 1).rev() {
        segment_end[i] = if segment[i + 1] == i + 1 {
            i
        } else {
            segment_end[i + 1]
        };
    }
    let (mut lo, mut hi) = (0, 0);
    let mut out = vec![f64::NAN; n];
    for i in 0..n {
        lo = lo.max(segment[i]);
        while time[i] - time[lo] > DERIVED_SPEED_HALF_WINDOW_S {
            lo += 1;
        }
        hi = hi.max(i);
        while hi < segment_end[i] && time[hi + 1] - time[i] <= DERIVED_SPEED_HALF_WINDOW_S {
            hi += 1;
        }
        let dt = time[hi] - time[lo];
        let dd = distance[hi] - distance[lo];
        if dt > 0.0 && dd.is_finite() && dd >= 0.0 {
            out[i] = dd / dt;
        }
    }
    Some(Cow::Owned(out))
}

/// The best steady efforts of a run (see [`STEADY_WINDOWS_S`]).
struct Steady {
    heart_rate: Option<f64>,
    speeds: [Option<f64>; 3],
}

fn steady_efforts(streams: &SampleStreams, speeds: Option<&[f64]>, durations: &[f64]) -> Steady {
    let n = streams.len();
    let hr: Vec<f64> = if streams.heart_rate_bpm.len() == n {
        streams
            .heart_rate_bpm
            .iter()
            .map(|hr| {
                if (30..=230).contains(hr) {
                    f64::from(*hr)
                } else {
                    f64::NAN
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let speed: Vec<f64> = speeds.map_or_else(Vec::new, |speeds| {
        speeds
            .iter()
            .map(|s| {
                if (0.0..=IMPLAUSIBLE_ABOVE_MPS / 1.5).contains(s) {
                    *s
                } else {
                    f64::NAN
                }
            })
            .collect()
    });
    let mut channels = Vec::new();
    if !hr.is_empty() {
        channels.push(SteadyChannel {
            values: &hr,
            recovery_below: STEADY_HR_RECOVERY_BELOW,
        });
    }
    if !speed.is_empty() {
        channels.push(SteadyChannel {
            values: &speed,
            recovery_below: STEADY_SPEED_RECOVERY_BELOW,
        });
    }
    let mut out = Steady {
        heart_rate: None,
        speeds: [None; 3],
    };
    if channels.is_empty() {
        return out;
    }
    for (k, window) in STEADY_WINDOWS_S.into_iter().enumerate() {
        let best = steady_best(durations, &channels, window);
        if !hr.is_empty() && k == 0 {
            out.heart_rate = best[0];
        }
        if !speed.is_empty() {
            out.speeds[k] = best[channels.len() - 1];
        }
    }
    out
}

/// Heart-rate samples as `(seconds, bpm)` pairs, without missing or implausible readings;
/// empty unless the heart-rate column has a value for every sample.
pub(super) fn heart_rate_points(streams: &SampleStreams, durations: &[f64]) -> Vec<(f64, f64)> {
    if streams.heart_rate_bpm.len() != streams.len() {
        return Vec::new();
    }
    durations
        .iter()
        .zip(&streams.heart_rate_bpm)
        .filter(|(_, hr)| (30..=230).contains(*hr))
        .map(|(dt, hr)| (*dt, f64::from(*hr)))
        .collect()
}

fn heart_rate_digest(streams: &SampleStreams, durations: &[f64]) -> HeartRateDigest {
    let points = heart_rate_points(streams, durations);
    let mut seconds = [0.0_f64; 256];
    for &(dt, bpm) in &points {
        // `bpm` came from a u8, so the index is in range and exact.
        seconds[bpm as usize] += dt;
    }
    let histogram = (0..=u8::MAX)
        .zip(seconds)
        .filter(|(_, s)| *s > 0.0)
        .collect();
    let levels: Vec<(f64, Option<u16>)> = if points.is_empty() {
        Vec::new()
    } else {
        durations
            .iter()
            .zip(&streams.heart_rate_bpm)
            .map(|(dt, hr)| (*dt, (30..=230).contains(hr).then_some(u16::from(*hr))))
            .collect()
    };
    let bouts = bouts_at_or_above(&levels, BOUT_MIN_S)
        .into_iter()
        // Levels came from u8 readings.
        .map(|(level, s, n)| (level as u8, s, n))
        .collect();
    HeartRateDigest {
        bouts,
        covered_s: points.iter().map(|(dt, _)| dt).sum(),
        bpm_seconds: points.iter().map(|(dt, hr)| dt * hr).sum(),
        histogram,
        sustained_max: sustained_max(&points, MAX_HR_SUSTAINED_S),
        held_max: sustained_max(&points, MAX_HR_HELD_S),
        best_30min: best_window_average(&points, THRESHOLD_WINDOW_S),
        steady_20min: None,
    }
}

fn best_speeds(speeds: Option<&[f64]>, durations: &[f64]) -> Option<BestSpeeds> {
    let speeds = speeds?;
    // Standing still, and anything over 8 m/s (two thirds of a GPS jump's speed, faster than
    // anyone holds for 30 minutes), says nothing about the pace the runner can sustain.
    let points: Vec<(f64, f64)> = durations
        .iter()
        .zip(speeds)
        .filter(|(_, s)| (STOPPED_BELOW_MPS..=IMPLAUSIBLE_ABOVE_MPS / 1.5).contains(*s))
        .map(|(dt, s)| (*dt, *s))
        .collect();
    let [thirty, sixty] = SPEED_WINDOWS_S;
    Some(BestSpeeds {
        best_30min_mps: best_window_average(&points, thirty),
        best_60min_mps: best_window_average(&points, sixty),
        ..BestSpeeds::default()
    })
}

/// The speed bin of a speed, `None` when stopped or implausible (see [`SpeedDigest`]).
fn speed_bin(speed: f64) -> Option<u16> {
    (STOPPED_BELOW_MPS..=IMPLAUSIBLE_ABOVE_MPS / 1.5)
        .contains(&speed)
        .then(|| (speed / SPEED_BIN_MPS).floor() as u16)
}

/// The bin a threshold speed compares with: the nearest bin edge, so a threshold is read to
/// within half a bin.
pub fn speed_level(speed: f64) -> u16 {
    (speed / SPEED_BIN_MPS)
        .round()
        .clamp(0.0, f64::from(u16::MAX)) as u16
}

fn speed_digest(speeds: Option<&[f64]>, durations: &[f64]) -> Option<SpeedDigest> {
    let speeds = speeds.filter(|s| !s.is_empty())?;
    let levels: Vec<(f64, Option<u16>)> = durations
        .iter()
        .zip(speeds)
        .map(|(dt, s)| (*dt, speed_bin(*s)))
        .collect();
    let mut seconds = std::collections::BTreeMap::new();
    for (dt, level) in &levels {
        if let Some(level) = level
            && *dt > 0.0
        {
            *seconds.entry(*level).or_insert(0.0) += dt;
        }
    }
    Some(SpeedDigest {
        histogram: seconds.into_iter().collect(),
        bouts: bouts_at_or_above(&levels, BOUT_MIN_S),
    })
}

/// The digest of an activity's samples: worked out from its streams when it has them (they
/// are the truth), else the one stored with it; `None` for an activity without samples.
pub(super) fn of(activity: &Activity) -> Option<Cow<'_, LoadDigest>> {
    match (&activity.streams, &activity.digest) {
        (Some(streams), _) => Some(Cow::Owned(digest(streams))),
        (None, Some(stored)) => Some(Cow::Borrowed(stored)),
        (None, None) => None,
    }
}

/// Whether the activity was recorded with samples (streams, or their digest).
pub(super) fn has_samples(activity: &Activity) -> bool {
    activity.streams.is_some() || activity.digest.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::{Id, Record};
    use crate::load::trimp::{HeartRateReserve, MALE_TRIMP};
    use crate::load::{AnalysisOptions, EstimateSource, LoadMethod, analyse_with};
    use crate::model::{AthleteProfile, Race};
    use crate::sample::marathon_build;
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).expect("valid test date")
    }

    fn records<T>(items: Vec<T>) -> Vec<Record<T>> {
        (1..)
            .map(Id)
            .zip(items)
            .map(|(id, item)| Record::new(id, item))
            .collect()
    }

    /// The sample athlete's runs with streams; every third without heart rate, so the pace
    /// method and the pace estimates are exercised too.
    fn sample_runs() -> (Vec<Record<Activity>>, Vec<Record<Race>>) {
        let athlete = marathon_build(today());
        let mut activities = athlete.activities;
        for activity in activities.iter_mut().step_by(3) {
            if let Some(streams) = activity.streams.as_mut() {
                streams.heart_rate_bpm.clear();
            }
            activity.heart_rate = None;
        }
        (records(activities), records(athlete.races))
    }

    /// As a store lists them: no streams, the digest as it comes back from its JSON column.
    fn as_listed(activities: &[Record<Activity>]) -> Vec<Record<Activity>> {
        activities
            .iter()
            .map(|record| {
                let mut activity = record.item.clone();
                let streams = activity.streams.take().expect("sample runs have streams");
                let json = serde_json::to_string(&digest(&streams)).expect("digest serialises");
                activity.digest = Some(serde_json::from_str(&json).expect("digest reads back"));
                Record::new(record.id, activity)
            })
            .collect()
    }

    #[test]
    fn loads_and_estimates_from_the_digest_match_the_streams() {
        let (with_streams, races) = sample_runs();
        let listed = as_listed(&with_streams);
        assert!(with_streams.iter().all(|a| a.item.streams.is_some()));
        // The athlete's own profile (values set) and an empty one (everything estimated).
        for profile in [marathon_build(today()).profile, AthleteProfile::default()] {
            let options = AnalysisOptions::default();
            let from_streams = analyse_with(&profile, &with_streams, &races, today(), &options);
            let from_digest = analyse_with(&profile, &listed, &races, today(), &options);
            assert_eq!(from_streams, from_digest);
            for method in [LoadMethod::HrTrimp, LoadMethod::PaceRtss] {
                assert!(
                    from_digest
                        .activities
                        .iter()
                        .any(|a| a.load.method == method),
                    "no {method:?} load"
                );
            }
            // The samples, not the summaries, set the estimates.
            assert!(matches!(
                from_digest.profile.max_hr.source,
                EstimateSource::Set
                    | EstimateSource::Estimated {
                        activity: Some(_),
                        ..
                    }
            ));
        }
    }

    #[test]
    fn trimp_per_bpm_equals_trimp_per_sample() {
        // The one number the digest changes the arithmetic of: Σ dt·f(bpm) summed per sample
        // (as before the digest) and per bpm bin agree to rounding.
        let reserve = HeartRateReserve {
            rest: 52.0,
            max: 188.0,
        };
        let f = |bpm: f64| MALE_TRIMP.per_minute(reserve.fraction(bpm)) / 60.0;
        let (runs, _) = sample_runs();
        let mut compared = 0;
        for record in &runs {
            let streams = record
                .item
                .streams
                .as_ref()
                .expect("sample runs have streams");
            let points = heart_rate_points(streams, &sample_durations(&streams.time_s));
            let per_sample: f64 = points.iter().map(|(dt, bpm)| dt * f(*bpm)).sum();
            let per_bin: f64 = digest(streams)
                .heart_rate
                .histogram
                .iter()
                .map(|&(bpm, seconds)| seconds * f(f64::from(bpm)))
                .sum();
            assert!(
                (per_sample - per_bin).abs() <= 1e-9 * per_sample.max(1.0),
                "{per_sample} vs {per_bin}"
            );
            compared += usize::from(!points.is_empty());
        }
        assert!(compared > 10, "only {compared} runs had heart rate");
    }

    #[test]
    fn no_heart_rate_column_means_an_empty_heart_rate_digest() {
        let streams = SampleStreams {
            time_s: vec![0.0, 1.0, 2.0],
            speed_mps: vec![3.0, 3.0, 3.0],
            // Shorter than the time column: not trusted, as before the digest.
            heart_rate_bpm: vec![150, 150],
            ..SampleStreams::default()
        };
        let digest = digest(&streams);
        assert_eq!(digest.heart_rate, HeartRateDigest::default());
        assert_eq!(digest.sampled_s, 2.0);
        assert_eq!(
            digest.best_speeds,
            Some(BestSpeeds {
                best_30min_mps: None,
                best_60min_mps: None,
                ..BestSpeeds::default()
            })
        );
    }
}
