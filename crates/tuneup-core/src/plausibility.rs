//! What a real activity can hold: the one table of plausibility limits, with their sources.
//! Three outcomes, each used in one place:
//!
//! - **Refused** (the value is an error naming the field and the range): [`YEARS`],
//!   [`MAX_DURATION_S`], [`MAX_DISTANCE_M`], and NaN or infinite numbers. Shared with the
//!   decoders (`tuneup_formats` refuses such a file) and the model's `validate`.
//! - **Flagged implausible** (kept and listed with the reason, but left out of the load
//!   series, the estimates and the baselines a run is compared with): [`flag`] — a run faster
//!   than the world record for its distance ([`WORLD_RECORDS`], running only), moving time
//!   over [`MAX_MOVING_S`], samples hours apart ([`MAX_MEDIAN_SAMPLE_INTERVAL_S`]).
//! - **Dropped** one by one: heart-rate samples outside [`HEART_RATE_BPM`]. A single glitch
//!   never disqualifies a run, and the summary max heart rate uses the same bounds.
//!
//! Manual entries are checked by [`check_manual`], which refuses what [`flag`] would flag
//! and suggests the likely typo ("did you mean 45:00?"); the runner can insist.

use crate::model::Activity;
use crate::units::{Meters, MetersPerSecond, Seconds, format_duration, format_pace};
use crate::vocab::Sport;
use std::ops::RangeInclusive;

/// Calendar years an activity, a plan or a record may fall in (refused outside), and the
/// longest duration and distance: the refusal limits live in one place, [`crate::limits`].
pub const YEARS: RangeInclusive<i32> = crate::limits::MIN_YEAR..=crate::limits::MAX_YEAR;
pub use crate::limits::{MAX_DISTANCE_M, MAX_DURATION_S};

/// Heart-rate samples outside this range are sensor glitches and dropped one by one.
/// 30 bpm is below any resting heart rate seen while moving (trained endurance athletes rest
/// at 35–40); 230 bpm is above any recorded adult maximum (Tanaka et al. 2001, J Am Coll
/// Cardiol 37:153, put the mean at 208 − 0.7 × age with a standard deviation of about 10).
pub const HEART_RATE_BPM: RangeInclusive<u8> = 30..=230;

/// Moving time over this is flagged: no single continuous activity moves for two days
/// (the 48-hour track record, Kouros 1996, is itself the limit of the sport).
pub const MAX_MOVING_S: f64 = 48.0 * 3600.0;

/// A recording whose median gap between samples is at least this is flagged: its samples
/// are hours apart, so it is a handful of points, not a track of a run (a 6-point GPX
/// spanning 22 h scored 944 load points before this rule).
pub const MAX_MEDIAN_SAMPLE_INTERVAL_S: f64 = 3600.0;

/// Running world records (men's, the fastest of track and road), as `(metres, seconds)`.
/// Source: World Athletics records lists, as of 2025. Between two distances the record speed
/// is interpolated on the logarithm of the distance; shorter than the first, nothing is
/// judged; beyond the last, its speed holds.
pub const WORLD_RECORDS: &[(f64, f64)] = &[
    (100.0, 9.58),          // Bolt 2009
    (200.0, 19.19),         // Bolt 2009
    (400.0, 43.03),         // van Niekerk 2016
    (800.0, 100.91),        // Rudisha 2012
    (1000.0, 131.96),       // Ngeny 1999
    (1500.0, 206.00),       // El Guerrouj 1998
    (1609.344, 223.13),     // El Guerrouj 1999, the mile
    (2000.0, 283.13),       // Ingebrigtsen 2023
    (3000.0, 437.55),       // Ingebrigtsen 2024
    (5000.0, 755.36),       // Cheptegei 2020
    (10_000.0, 1571.00),    // Cheptegei 2020
    (21_097.5, 3402.0),     // Kiplimo 2025, half marathon, 56:42
    (42_195.0, 7235.0),     // Kiptum 2023, 2:00:35
    (50_000.0, 9613.0),     // Negasa 2021, 2:40:13
    (100_000.0, 21_935.0),  // Sorokin 2022, 6:05:35
    (319_614.0, 86_400.0),  // Sorokin 2022, 24 hours
    (473_495.0, 172_800.0), // Kouros 1996, 48 hours
];

/// The world-record speed at `distance`; `None` below the shortest record.
pub fn world_record_speed(distance: Meters) -> Option<MetersPerSecond> {
    let d = distance.0;
    let speed = |&(m, s): &(f64, f64)| m / s;
    let first = WORLD_RECORDS.first()?;
    if !d.is_finite() || d < first.0 {
        return None;
    }
    for pair in WORLD_RECORDS.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if d <= b.0 {
            let t = (d.ln() - a.0.ln()) / (b.0.ln() - a.0.ln());
            return Some(MetersPerSecond(speed(&a) + t * (speed(&b) - speed(&a))));
        }
    }
    WORLD_RECORDS.last().map(|r| MetersPerSecond(speed(r)))
}

/// Why `activity` cannot be what it claims, or `None` when it is plausible.
pub fn flag(activity: &Activity) -> Option<String> {
    if let Some(reason) = faster_than_record(activity.sport, activity.distance, activity.elapsed) {
        return Some(reason);
    }
    if activity.moving.0 > MAX_MOVING_S {
        return Some(format!(
            "moving time {} is over 48 h",
            format_duration(activity.moving)
        ));
    }
    if let Some(streams) = &activity.streams
        && let Some(median) = median_interval(&streams.time_s)
        && median >= MAX_MEDIAN_SAMPLE_INTERVAL_S
    {
        return Some(format!(
            "its samples are {} apart (median): a few points, not a recording of the run",
            format_duration(Seconds(median))
        ));
    }
    None
}

fn faster_than_record(sport: Sport, distance: Meters, time: Seconds) -> Option<String> {
    if !sport.is_running() || time.0 <= 0.0 {
        return None;
    }
    let record = world_record_speed(distance)?;
    let speed = MetersPerSecond(distance.0 / time.0);
    (speed.0 > record.0).then(|| {
        format!(
            "{:.2} km in {} ({}) is faster than the world record pace for the distance ({})",
            distance.km(),
            format_duration(time),
            format_pace(speed),
            format_pace(record)
        )
    })
}

/// The median gap between consecutive sample times; `None` with fewer than two samples.
fn median_interval(time_s: &[f64]) -> Option<f64> {
    let mut gaps: Vec<f64> = time_s
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|g| g.is_finite() && *g > 0.0)
        .collect();
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_by(f64::total_cmp);
    Some(gaps[gaps.len() / 2])
}

/// A manual entry [`check_manual`] refused: the reason and, when a likely typo explains it,
/// the hint.
#[derive(Debug, Clone, PartialEq)]
pub struct ImplausibleEntry {
    pub reason: String,
    /// "did you mean 45:00?"
    pub hint: Option<String>,
}

/// Checks a typed-in activity: refuses a run faster than the world record for its
/// distance, with a hint when the duration was probably typed in the wrong unit (`0:45` for
/// 45 minutes).
pub fn check_manual(
    sport: Sport,
    distance: Meters,
    duration: Seconds,
) -> Result<(), ImplausibleEntry> {
    let Some(reason) = faster_than_record(sport, distance, duration) else {
        return Ok(());
    };
    // Minutes typed where hours were meant, or seconds where minutes were.
    let hint = [60.0, 3600.0]
        .into_iter()
        .map(|factor| Seconds(duration.0 * factor))
        .find(|longer| {
            longer.0 <= MAX_DURATION_S && faster_than_record(sport, distance, *longer).is_none()
        })
        .map(|longer| format!("did you mean {}?", format_duration(longer)));
    Err(ImplausibleEntry { reason, hint })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SampleStreams;

    fn run(km: f64, seconds: f64) -> Activity {
        Activity {
            distance: Meters(km * 1000.0),
            elapsed: Seconds(seconds),
            moving: Seconds(seconds),
            ..Activity::manual(
                Sport::Running,
                chrono::DateTime::UNIX_EPOCH,
                0,
                crate::model::OffsetSource::Profile,
            )
        }
    }

    #[test]
    fn record_speeds_interpolate_and_start_at_100_m() {
        assert_eq!(world_record_speed(Meters(50.0)), None);
        let marathon = world_record_speed(Meters(42_195.0)).unwrap().0;
        assert!((marathon - 42_195.0 / 7235.0).abs() < 1e-9);
        let ten = world_record_speed(Meters(10_000.0)).unwrap().0;
        let half = world_record_speed(Meters(21_097.5)).unwrap().0;
        let between = world_record_speed(Meters(15_000.0)).unwrap().0;
        assert!(half < between && between < ten, "{half} {between} {ten}");
        // Every record is slower than the one before it.
        let speeds: Vec<f64> = WORLD_RECORDS.iter().map(|(m, s)| m / s).collect();
        assert!(speeds.windows(2).skip(1).all(|w| w[1] < w[0]), "{speeds:?}");
    }

    #[test]
    fn a_run_faster_than_the_world_record_is_flagged_but_a_ride_is_not() {
        // The FIT file in the issue: 10.2 km in 25 min.
        let fast = run(10.2, 25.0 * 60.0);
        let reason = flag(&fast).expect("flagged");
        assert!(reason.contains("world record"), "{reason}");
        let mut ride = fast.clone();
        ride.sport = Sport::Cycling;
        assert_eq!(flag(&ride), None);
        assert_eq!(flag(&run(10.0, 40.0 * 60.0)), None);
    }

    #[test]
    fn two_days_of_moving_and_hours_between_samples_are_flagged() {
        let mut long = run(200.0, 50.0 * 3600.0);
        long.elapsed = Seconds(50.0 * 3600.0);
        assert!(flag(&long).unwrap().contains("48 h"));
        let mut sparse = run(20.0, 22.0 * 3600.0);
        sparse.streams = Some(SampleStreams {
            time_s: (0..6).map(|i| f64::from(i) * 4.4 * 3600.0).collect(),
            ..SampleStreams::default()
        });
        assert!(
            flag(&sparse).unwrap().contains("apart"),
            "{:?}",
            flag(&sparse)
        );
        // One long pause in a dense recording is not.
        let mut paused = run(20.0, 3.0 * 3600.0);
        let mut time: Vec<f64> = (0..3600).map(f64::from).collect();
        time.extend((0..3600).map(|i| f64::from(i) + 3.0 * 3600.0));
        paused.streams = Some(SampleStreams {
            time_s: time,
            ..SampleStreams::default()
        });
        assert_eq!(flag(&paused), None);
    }

    #[test]
    fn eight_km_in_45_seconds_is_refused_with_a_hint() {
        let err = check_manual(Sport::Running, Meters(8000.0), Seconds(45.0)).unwrap_err();
        assert!(err.reason.contains("world record"), "{}", err.reason);
        assert_eq!(err.hint.as_deref(), Some("did you mean 45:00?"));
        assert!(check_manual(Sport::Running, Meters(8000.0), Seconds(2700.0)).is_ok());
        assert!(check_manual(Sport::Cycling, Meters(8000.0), Seconds(45.0)).is_ok());
    }
}
