//! Grade-adjusted speed: Minetti's energy cost of running on a slope, elevation smoothing,
//! and the normalised graded speed used by rTSS.

use super::samples::sample_durations;
use crate::model::SampleStreams;
use serde::{Deserialize, Serialize};

/// Grades beyond ±45 % are outside Minetti's measurements (and usually GPS noise).
pub const MAX_GRADE: f64 = 0.45;
/// Minetti's cost of running on the flat, J·kg⁻¹·m⁻¹.
pub const FLAT_COST: f64 = 3.6;
/// Half the distance over which a grade is measured. GPS altitude jitters by metres from one
/// sample to the next; over 100 m a 1 m error is only a 1 % grade.
pub const GRADE_HALF_WINDOW_M: f64 = 50.0;
/// Below this the runner is standing, not running slowly.
pub const STOPPED_BELOW_MPS: f64 = 0.5;
/// Above this a speed is a GPS jump (faster than any human sprint).
pub const IMPLAUSIBLE_ABOVE_MPS: f64 = 12.0;
/// The rolling window of the normalised speed, as in normalised power.
pub const NORMALISE_WINDOW_S: f64 = 30.0;

/// Minetti et al. 2002 energy cost of running on grade `grade` (a fraction, 0.1 = 10 %),
/// clamped to ±[`MAX_GRADE`]. The polynomial is known to overstate some downhill costs,
/// which the clamp limits.
pub fn minetti_cost(grade: f64) -> f64 {
    let i = grade.clamp(-MAX_GRADE, MAX_GRADE);
    ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + FLAT_COST
}

/// How much harder (above 1) or easier a metre on this grade is than on the flat.
pub fn grade_factor(grade: f64) -> f64 {
    minetti_cost(grade) / FLAT_COST
}

/// The grade at each sample, from altitude smoothed over distance. 0 where the distance
/// or altitude is unknown, or the runner stood still.
pub(super) fn smoothed_grades(distance_m: &[f64], altitude_m: &[f64]) -> Vec<f64> {
    let n = distance_m.len().min(altitude_m.len());
    let mut grades = vec![0.0; n];
    if n < 2 {
        return grades;
    }
    let distance = monotone_filled(&distance_m[..n]);
    let altitude = filled(&altitude_m[..n]);
    let Some(altitude) = altitude else {
        return grades;
    };
    let (mut lo, mut hi) = (0, 0);
    for i in 0..n {
        while distance[lo] < distance[i] - GRADE_HALF_WINDOW_M {
            lo += 1;
        }
        if hi < i {
            hi = i;
        }
        while hi + 1 < n && distance[hi + 1] <= distance[i] + GRADE_HALF_WINDOW_M {
            hi += 1;
        }
        let run = distance[hi] - distance[lo];
        // Under 20 m the window is mostly standing still: no grade to speak of.
        if run >= 20.0 {
            grades[i] = ((altitude[hi] - altitude[lo]) / run).clamp(-MAX_GRADE, MAX_GRADE);
        }
    }
    grades
}

/// Normalised graded speed of a run and the moving time it covers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GradedSpeed {
    /// The fourth-power mean of the 30-s rolling graded speed, m/s.
    pub normalised_mps: f64,
    pub moving_s: f64,
}

/// The normalised graded speed of a run from its streams: the graded speed (speed × Minetti
/// factor) of each moving sample, averaged over a rolling 30 s, then the fourth-power mean,
/// the way normalised power treats watts. Stops, pauses and GPS jumps are left out.
/// `None` when the streams have no usable speed or distance.
pub fn normalised_graded_speed(streams: &SampleStreams) -> Option<GradedSpeed> {
    let n = streams.len();
    if n < 2 {
        return None;
    }
    let durations = sample_durations(&streams.time_s);
    let speeds = speeds(streams, &durations)?;
    let distance = if streams.distance_m.len() == n {
        streams.distance_m.clone()
    } else {
        cumulative_distance(&speeds, &durations)
    };
    let grades = if streams.altitude_m.len() == n {
        smoothed_grades(&distance, &streams.altitude_m)
    } else {
        vec![0.0; n]
    };
    let mut moving: Vec<(f64, f64)> = Vec::with_capacity(n);
    for i in 0..n {
        let (dt, speed) = (durations[i], speeds[i]);
        if dt > 0.0 && (STOPPED_BELOW_MPS..=IMPLAUSIBLE_ABOVE_MPS).contains(&speed) {
            moving.push((dt, speed * grade_factor(grades[i])));
        }
    }
    fourth_power_mean(&moving)
}

/// Fourth-power mean of the rolling average over [`NORMALISE_WINDOW_S`].
fn fourth_power_mean(points: &[(f64, f64)]) -> Option<GradedSpeed> {
    let (mut first, mut span, mut sum) = (0, 0.0, 0.0);
    let (mut total_t, mut total_p4) = (0.0, 0.0);
    for &(dt, value) in points {
        span += dt;
        sum += dt * value;
        while span - points[first].0 >= NORMALISE_WINDOW_S {
            span -= points[first].0;
            sum -= points[first].0 * points[first].1;
            first += 1;
        }
        let rolling = sum / span;
        total_t += dt;
        total_p4 += dt * rolling.powi(4);
    }
    (total_t > 0.0).then(|| GradedSpeed {
        normalised_mps: (total_p4 / total_t).powf(0.25),
        moving_s: total_t,
    })
}

/// Speed at each sample: the speed channel where it has a value, else distance over time.
fn speeds(streams: &SampleStreams, durations: &[f64]) -> Option<Vec<f64>> {
    let n = streams.len();
    let has_speed = streams.speed_mps.len() == n && streams.speed_mps.iter().any(|s| *s > 0.0);
    let has_distance = streams.distance_m.len() == n && streams.distance_m.iter().any(|d| *d > 0.0);
    if !has_speed && !has_distance {
        return None;
    }
    let mut out = vec![f64::NAN; n];
    for i in 1..n {
        let from_channel = if has_speed {
            streams.speed_mps[i]
        } else {
            f64::NAN
        };
        out[i] = if from_channel.is_finite() {
            from_channel
        } else if has_distance && durations[i] > 0.0 {
            (streams.distance_m[i] - streams.distance_m[i - 1]) / durations[i]
        } else {
            f64::NAN
        };
    }
    Some(out)
}

fn cumulative_distance(speeds: &[f64], durations: &[f64]) -> Vec<f64> {
    let mut total = 0.0;
    speeds
        .iter()
        .zip(durations)
        .map(|(speed, dt)| {
            if speed.is_finite() {
                total += speed * dt;
            }
            total
        })
        .collect()
}

/// Distances with gaps carried forward and never decreasing, so windows can slide.
fn monotone_filled(values: &[f64]) -> Vec<f64> {
    let mut last = 0.0_f64;
    values
        .iter()
        .map(|v| {
            if v.is_finite() {
                last = last.max(*v);
            }
            last
        })
        .collect()
}

/// Altitudes with gaps filled from the nearest earlier reading (or the first reading), and a
/// light 5-sample moving average against barometer steps. `None` without any reading.
fn filled(values: &[f64]) -> Option<Vec<f64>> {
    let first = values.iter().copied().find(|v| v.is_finite())?;
    let mut last = first;
    let raw: Vec<f64> = values
        .iter()
        .map(|v| {
            if v.is_finite() {
                last = *v;
            }
            last
        })
        .collect();
    let n = raw.len();
    Some(
        (0..n)
            .map(|i| {
                let (lo, hi) = (i.saturating_sub(2), (i + 2).min(n - 1));
                raw[lo..=hi].iter().sum::<f64>() / (hi - lo + 1) as f64
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_costs_one() {
        assert_eq!(grade_factor(0.0), 1.0);
    }

    #[test]
    fn uphill_ten_percent_by_hand() {
        // i = 0.1: 155.4e-5 − 30.4e-4 − 43.3e-3 + 46.3e-2 + 1.95 + 3.6
        //        = 0.001554 − 0.00304 − 0.0433 + 0.463 + 1.95 + 3.6 = 5.968214
        // factor = 5.968214 / 3.6 = 1.657837
        assert!((minetti_cost(0.1) - 5.968_214).abs() < 1e-6);
        assert!((grade_factor(0.1) - 1.657_837).abs() < 1e-6);
    }

    #[test]
    fn downhill_ten_percent_by_hand() {
        // i = −0.1: −0.001554 − 0.00304 + 0.0433 + 0.463 − 1.95 + 3.6 = 2.151706
        // factor = 2.151706 / 3.6 = 0.597696
        assert!((minetti_cost(-0.1) - 2.151_706).abs() < 1e-6);
        assert!((grade_factor(-0.1) - 0.597_696).abs() < 1e-6);
    }

    #[test]
    fn steep_grades_are_clamped() {
        assert_eq!(minetti_cost(0.9), minetti_cost(MAX_GRADE));
        assert_eq!(minetti_cost(-0.9), minetti_cost(-MAX_GRADE));
    }

    #[test]
    fn altitude_noise_does_not_make_a_flat_run_hilly() {
        // 1 km flat at 1 sample per 3 m with ±2 m alternating GPS noise. Raw sample-to-sample
        // grades would be ±133 %; over the 100 m window they stay within 4 m / 100 m.
        let distance: Vec<f64> = (0..334).map(|i| i as f64 * 3.0).collect();
        let altitude: Vec<f64> = (0..334)
            .map(|i| 100.0 + if i % 2 == 0 { 2.0 } else { -2.0 })
            .collect();
        let grades = smoothed_grades(&distance, &altitude);
        assert!(grades.iter().all(|g| g.abs() <= 0.04), "{grades:?}");
    }

    #[test]
    fn a_steady_climb_is_measured() {
        // 5 % climb: 5 m up per 100 m.
        let distance: Vec<f64> = (0..200).map(|i| i as f64 * 5.0).collect();
        let altitude: Vec<f64> = distance.iter().map(|d| d * 0.05).collect();
        let grades = smoothed_grades(&distance, &altitude);
        assert!((grades[100] - 0.05).abs() < 1e-3, "{}", grades[100]);
    }

    #[test]
    fn steady_flat_speed_normalises_to_itself() {
        let streams = SampleStreams {
            time_s: (0..600).map(f64::from).collect(),
            speed_mps: vec![3.5; 600],
            ..SampleStreams::default()
        };
        let graded = normalised_graded_speed(&streams).unwrap();
        assert!((graded.normalised_mps - 3.5).abs() < 1e-9);
        assert_eq!(graded.moving_s, 599.0);
    }
}
