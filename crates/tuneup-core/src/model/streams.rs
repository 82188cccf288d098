//! Per-sample data of an activity, stored column by column.

use serde::{Deserialize, Serialize};

/// Sample streams in columns of equal length (`time_s.len()`), or empty when the file had
/// no such channel. Missing single samples are `NaN` in float columns and 0 in integer ones
/// (a heart rate, cadence or power of 0 is no reading).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SampleStreams {
    /// Seconds since the activity's start.
    pub time_s: Vec<f64>,
    pub distance_m: Vec<f64>,
    pub speed_mps: Vec<f64>,
    pub altitude_m: Vec<f64>,
    pub heart_rate_bpm: Vec<u8>,
    /// Steps per minute (both feet).
    pub cadence_spm: Vec<u8>,
    pub power_w: Vec<u16>,
    pub latitude_deg: Vec<f64>,
    pub longitude_deg: Vec<f64>,
}

impl SampleStreams {
    pub fn len(&self) -> usize {
        self.time_s.len()
    }

    pub fn is_empty(&self) -> bool {
        self.time_s.is_empty()
    }

    pub fn has_heart_rate(&self) -> bool {
        self.heart_rate_bpm.iter().any(|&hr| hr > 0)
    }

    /// The streams as a store keeps them: every float column rounded to its step in
    /// [`steps`] (a missing or non-finite sample stays `NaN`). Stores encode to these steps,
    /// so a digest of the quantised streams equals a digest of the streams read back, and
    /// quantising twice changes nothing.
    pub fn quantised(&self) -> SampleStreams {
        let column =
            |values: &[f64], step: f64| values.iter().map(|&v| quantise(v, step)).collect();
        SampleStreams {
            time_s: column(&self.time_s, steps::TIME_S),
            distance_m: column(&self.distance_m, steps::DISTANCE_M),
            speed_mps: column(&self.speed_mps, steps::SPEED_MPS),
            altitude_m: column(&self.altitude_m, steps::ALTITUDE_M),
            heart_rate_bpm: self.heart_rate_bpm.clone(),
            cadence_spm: self.cadence_spm.clone(),
            power_w: self.power_w.clone(),
            latitude_deg: column(&self.latitude_deg, steps::DEGREES),
            longitude_deg: column(&self.longitude_deg, steps::DEGREES),
        }
    }

    /// Every non-empty column has one value per time sample.
    pub fn is_consistent(&self) -> bool {
        let n = self.len();
        let ok = |len: usize| len == 0 || len == n;
        ok(self.distance_m.len())
            && ok(self.speed_mps.len())
            && ok(self.altitude_m.len())
            && ok(self.heart_rate_bpm.len())
            && ok(self.cadence_spm.len())
            && ok(self.power_w.len())
            && ok(self.latitude_deg.len())
            && self.latitude_deg.len() == self.longitude_deg.len()
    }
}

/// The resolution samples are stored at (the streams codec's quantisation steps).
pub mod steps {
    /// Time: 1 ms.
    pub const TIME_S: f64 = 1e-3;
    /// Distance: 1 cm.
    pub const DISTANCE_M: f64 = 1e-2;
    /// Speed: 1 mm/s.
    pub const SPEED_MPS: f64 = 1e-3;
    /// Altitude: 1 cm.
    pub const ALTITUDE_M: f64 = 1e-2;
    /// Latitude and longitude: 1e-7 degree (about 1 cm).
    pub const DEGREES: f64 = 1e-7;
}

/// The whole number of `step`s nearest to `value` (`NaN` stays `NaN`, and so do infinities).
pub fn quantum(value: f64, step: f64) -> Option<i64> {
    value.is_finite().then(|| (value / step).round() as i64)
}

/// `value` rounded to a whole number of `step`s, computed exactly as a stored sample is read
/// back (`quantum × step`); `NaN` when the value is not finite.
pub fn quantise(value: f64, step: f64) -> f64 {
    match quantum(value, step) {
        Some(q) => q as f64 * step,
        None => f64::NAN,
    }
}

#[cfg(test)]
mod quantise_tests {
    use super::*;

    #[test]
    fn quantising_rounds_to_the_step_and_is_idempotent() {
        assert_eq!(quantise(1.23456, steps::DISTANCE_M), 123.0 * 0.01);
        assert!(quantise(f64::NAN, steps::TIME_S).is_nan());
        assert!(quantise(f64::INFINITY, steps::TIME_S).is_nan());
        let streams = SampleStreams {
            time_s: vec![0.0, 1.0004, 2.0006],
            distance_m: vec![0.0, 3.3333, f64::NAN],
            latitude_deg: vec![52.123456789, 52.1234568, 52.12345681],
            longitude_deg: vec![4.1, 4.2, 4.3],
            heart_rate_bpm: vec![140, 141, 0],
            ..SampleStreams::default()
        };
        let once = streams.quantised();
        let twice = once.quantised();
        assert_eq!(format!("{once:?}"), format!("{twice:?}"));
        assert_eq!(once.time_s[1], 1000.0 * 0.001);
    }
}
