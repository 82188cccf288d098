//! Values derived from sample streams when the file does not state them: distance, moving
//! time, elevation gain and heart-rate summary. All inputs and outputs are SI. Each rule is
//! written down here, in one place, so that every format derives the same way.

use tuneup_core::model::HeartRateSummary;
use tuneup_core::units::{Bpm, Meters, Seconds};

/// Mean Earth radius (IUGG), metres.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Slower than this, a sample interval is standing still.
pub const MOVING_SPEED_MPS: f64 = 0.5;

/// A gap between samples longer than this is a pause (auto-pause, a stop, lost signal),
/// in a recording that samples more often than every [`MAX_SAMPLE_GAP_S`] / 2.
pub const MAX_SAMPLE_GAP_S: f64 = 30.0;

/// In a sparse recording (pool lengths, "smart" recording, a sample a minute) a pause is a
/// gap longer than this many typical (median) intervals, up to [`MAX_SPARSE_GAP_S`].
pub const SPARSE_GAP_FACTOR: f64 = 2.0;
/// The longest gap that still counts as moving in a sparse recording: 10 min.
pub const MAX_SPARSE_GAP_S: f64 = 600.0;

/// Altitude changes smaller than this are treated as noise by [`elevation_gain`].
pub const ELEVATION_THRESHOLD_M: f64 = 3.0;

/// Great-circle distance between two points in degrees, by the haversine formula on a
/// sphere of [`EARTH_RADIUS_M`]. Within 0.5 % of the ellipsoidal distance, far below GPS
/// error for the few metres between samples.
pub fn haversine(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> Meters {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    Meters(2.0 * EARTH_RADIUS_M * a.sqrt().clamp(0.0, 1.0).asin())
}

/// Cumulative distance along positions, one value per sample (NaN before the first fix).
///
/// Rule: sum of haversine steps between consecutive samples that both have a position and
/// lie in the same segment (`segment_starts` lists the sample index where each new
/// segment begins, as GPX `trkseg` or TCX `Track` do). Samples without a position carry the
/// distance so far.
pub fn cumulative_track_distance(lat: &[f64], lon: &[f64], segment_starts: &[usize]) -> Vec<f64> {
    let mut out = Vec::with_capacity(lat.len());
    let mut total = f64::NAN;
    let mut last: Option<(f64, f64)> = None;
    let mut next_segment = segment_starts.iter().copied().peekable();
    for (i, (&la, &lo)) in lat.iter().zip(lon).enumerate() {
        while next_segment.peek().is_some_and(|&s| s <= i) {
            next_segment.next();
            if i > 0 {
                last = None;
            }
        }
        if la.is_finite() && lo.is_finite() {
            if total.is_nan() {
                total = 0.0;
            }
            if let Some((pla, plo)) = last {
                total += haversine(pla, plo, la, lo).0;
            }
            last = Some((la, lo));
        }
        out.push(total);
    }
    out
}

/// Total length along positions (see [`cumulative_track_distance`]); `None` without positions.
pub fn track_length(lat: &[f64], lon: &[f64], segment_starts: &[usize]) -> Option<Meters> {
    cumulative_track_distance(lat, lon, segment_starts)
        .into_iter()
        .rev()
        .find(|d| d.is_finite())
        .map(Meters)
}

/// Time spent moving.
///
/// Rule: for each pair of consecutive samples in the same segment, the interval counts when
/// it is no pause and the speed over it is at least [`MOVING_SPEED_MPS`]. A pause is a gap
/// longer than [`MAX_SAMPLE_GAP_S`], or in a sparse recording longer than
/// [`SPARSE_GAP_FACTOR`] × the median interval (at most [`MAX_SPARSE_GAP_S`]): samples a
/// minute apart are a recording, not a minute of standing each. The speed is the later sample's recorded speed when there is one,
/// else the distance column's change over the interval. Intervals with neither are not
/// counted. Returns `None` when no interval has a speed at all (an indoor strength session,
/// a pool swim without per-sample distance): the caller then falls back to the device's
/// timer time.
pub fn moving_time(
    time_s: &[f64],
    speed_mps: &[f64],
    distance_m: &[f64],
    segment_starts: &[usize],
) -> Option<Seconds> {
    let mut moving = 0.0;
    let mut any_speed = false;
    let max_gap = pause_gap(time_s);
    let mut next_segment = segment_starts.iter().copied().peekable();
    for i in 1..time_s.len() {
        let mut new_segment = false;
        while next_segment.peek().is_some_and(|&s| s <= i) {
            new_segment |= next_segment.next() == Some(i);
        }
        if new_segment {
            continue;
        }
        let dt = time_s[i] - time_s[i - 1];
        // Also skips NaN and repeated or backward times.
        if dt.is_nan() || dt <= 0.0 {
            continue;
        }
        let recorded = speed_mps.get(i).copied().filter(|v| v.is_finite());
        let from_distance = match (distance_m.get(i - 1), distance_m.get(i)) {
            (Some(a), Some(b)) if a.is_finite() && b.is_finite() => Some((b - a) / dt),
            _ => None,
        };
        let Some(speed) = recorded.or(from_distance) else {
            continue;
        };
        any_speed = true;
        if dt <= max_gap && speed >= MOVING_SPEED_MPS {
            moving += dt;
        }
    }
    any_speed.then_some(Seconds(moving))
}

/// The longest gap between samples that is not a pause (see [`moving_time`]).
fn pause_gap(time_s: &[f64]) -> f64 {
    let mut gaps: Vec<f64> = time_s
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|dt| dt.is_finite() && *dt > 0.0)
        .collect();
    if gaps.is_empty() {
        return MAX_SAMPLE_GAP_S;
    }
    let middle = gaps.len() / 2;
    let (_, median, _) = gaps.select_nth_unstable_by(middle, f64::total_cmp);
    (SPARSE_GAP_FACTOR * *median).clamp(MAX_SAMPLE_GAP_S, MAX_SPARSE_GAP_S)
}

/// Elevation gain in metres.
///
/// Rule: a dead band of [`ELEVATION_THRESHOLD_M`]. A reference altitude starts at the
/// first reading; a reading at least the threshold above it adds the difference to the gain
/// and becomes the new reference, a reading at least the threshold below it becomes the new
/// reference without adding anything. Wobbles smaller than the threshold (barometer drift,
/// GPS altitude noise) never accumulate, while a real climb loses less than one threshold.
/// `None` when there is no altitude reading.
pub fn elevation_gain(altitude_m: &[f64]) -> Option<Meters> {
    let mut readings = altitude_m.iter().copied().filter(|a| a.is_finite());
    let mut reference = readings.next()?;
    let mut gain = 0.0;
    for altitude in readings {
        if altitude - reference >= ELEVATION_THRESHOLD_M {
            gain += altitude - reference;
            reference = altitude;
        } else if reference - altitude >= ELEVATION_THRESHOLD_M {
            reference = altitude;
        }
    }
    Some(Meters(gain))
}

/// Average and maximum heart rate.
///
/// Rule: zeros (no reading) and values outside
/// [`HEART_RATE_BPM`](tuneup_core::plausibility::HEART_RATE_BPM) (30–230 bpm: sensor
/// glitches) are ignored;
/// the average is over samples, not time-weighted. `None` without a valid sample.
pub fn heart_rate(heart_rate_bpm: &[u8]) -> Option<HeartRateSummary> {
    let mut sum = 0u64;
    let mut count = 0u64;
    let mut max = 0u8;
    for &hr in heart_rate_bpm
        .iter()
        .filter(|&&hr| tuneup_core::plausibility::HEART_RATE_BPM.contains(&hr))
    {
        sum += u64::from(hr);
        count += 1;
        max = max.max(hr);
    }
    (count > 0).then(|| HeartRateSummary {
        average: Bpm((sum as f64 / count as f64 * 10.0).round() / 10.0),
        max: Bpm(f64::from(max)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_degree_of_latitude_is_about_111_km() {
        let d = haversine(0.0, 0.0, 1.0, 0.0).0;
        assert!((d - 111_195.0).abs() < 5.0, "{d}");
    }

    #[test]
    fn segments_do_not_bridge_the_gap() {
        let lat = [0.0, 0.001, 1.0, 1.001];
        let lon = [0.0; 4];
        let joined = track_length(&lat, &lon, &[0]).unwrap().0;
        let split = track_length(&lat, &lon, &[0, 2]).unwrap().0;
        assert!(joined > 100_000.0);
        assert!((split - 2.0 * 111.195).abs() < 0.5, "{split}");
    }

    #[test]
    fn standing_still_and_long_gaps_are_not_moving() {
        let time = [0.0, 10.0, 20.0, 30.0, 100.0, 110.0];
        // moving, standing, moving, (gap of 70 s), moving
        let speed = [f64::NAN, 3.0, 0.2, 3.0, 3.0, 3.0];
        let moving = moving_time(&time, &speed, &[], &[0]).unwrap().0;
        assert_eq!(moving, 30.0);
    }

    #[test]
    fn samples_a_minute_or_more_apart_still_move() {
        // A pool swim logged once per 50 m length, every 60–75 s: 3.9 km in 78 lengths.
        let time: Vec<f64> = (0..=78).map(|i| f64::from(i) * 67.0).collect();
        let distance: Vec<f64> = (0..=78).map(|i| f64::from(i) * 50.0).collect();
        let moving = moving_time(&time, &[], &distance, &[0]).unwrap().0;
        assert_eq!(moving, 78.0 * 67.0);
        // A ten-minute stop in the middle of it is still a pause.
        let mut paused = time.clone();
        for t in paused.iter_mut().skip(40) {
            *t += 600.0;
        }
        let moving = moving_time(&paused, &[], &distance, &[0]).unwrap().0;
        assert_eq!(moving, 77.0 * 67.0);
    }

    #[test]
    fn moving_time_falls_back_to_distance_and_is_none_without_motion_data() {
        let time = [0.0, 10.0, 20.0];
        let distance = [0.0, 30.0, 31.0];
        assert_eq!(moving_time(&time, &[], &distance, &[0]).unwrap().0, 10.0);
        assert_eq!(moving_time(&time, &[], &[], &[0]), None);
    }

    #[test]
    fn altitude_noise_does_not_add_up_but_a_climb_does() {
        let noisy: Vec<f64> = (0..200)
            .map(|i| 100.0 + if i % 2 == 0 { 1.4 } else { -1.4 })
            .collect();
        assert_eq!(elevation_gain(&noisy).unwrap().0, 0.0);
        let climb: Vec<f64> = (0..=100).map(|i| 100.0 + f64::from(i)).collect();
        let gain = elevation_gain(&climb).unwrap().0;
        assert!((97.0..=100.0).contains(&gain), "{gain}");
        assert_eq!(elevation_gain(&[f64::NAN]), None);
    }

    #[test]
    fn heart_rate_ignores_zeros() {
        let hr = heart_rate(&[0, 100, 0, 140, 0]).unwrap();
        assert_eq!(hr.average.0, 120.0);
        assert_eq!(hr.max.0, 140.0);
        assert_eq!(heart_rate(&[0, 0]), None);
    }
}
