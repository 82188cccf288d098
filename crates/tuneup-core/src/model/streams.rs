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
