//! Daniels/Gilbert VDOT: fitness from a race result, and the training speeds it implies.

use crate::units::{Meters, MetersPerSecond, Seconds};

/// Threshold (T) pace as a fraction of the speed at VDOT (Daniels). Daniels defines T at
/// about 88 % of VO2max; solving the oxygen-cost equation there gives 0.90 of vVDOT.
pub const THRESHOLD_FRACTION: f64 = 0.90;
/// The race formulas are fitted to efforts of about 3.5 minutes to a few hours.
pub const MIN_RACE_MINUTES: f64 = 3.5;
pub const MAX_RACE_MINUTES: f64 = 300.0;

/// VDOT from a performance: `distance` covered in `time`. `None` outside the range the
/// formulas were fitted to (see [`MIN_RACE_MINUTES`]).
pub fn vdot(distance: Meters, time: Seconds) -> Option<f64> {
    let minutes = time.minutes();
    if !(MIN_RACE_MINUTES..=MAX_RACE_MINUTES).contains(&minutes) || distance.0 <= 0.0 {
        return None;
    }
    let v = distance.0 / minutes;
    let vo2 = -4.6 + 0.182_258 * v + 0.000_104 * v * v;
    let fraction = 0.8
        + 0.189_439_3 * (-0.012_778 * minutes).exp()
        + 0.298_955_8 * (-0.193_260_5 * minutes).exp();
    Some(vo2 / fraction)
}

/// The running speed at VO2max for a VDOT (vVDOT).
pub fn speed_at_vdot(vdot: f64) -> MetersPerSecond {
    let meters_per_minute = 29.54 + 5.000_663 * vdot - 0.007_546 * vdot * vdot;
    MetersPerSecond(meters_per_minute / 60.0)
}

/// Threshold speed for a VDOT.
pub fn threshold_speed(vdot: f64) -> MetersPerSecond {
    MetersPerSecond(THRESHOLD_FRACTION * speed_at_vdot(vdot).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_twenty_minute_5k_by_hand() {
        // v = 5000 / 20 = 250 m/min.
        // VO2 = −4.6 + 0.182258 × 250 + 0.000104 × 250² = −4.6 + 45.5645 + 6.5 = 47.4645.
        // %max = 0.8 + 0.1894393 × e^(−0.25556) + 0.2989558 × e^(−3.86521)
        //      = 0.8 + 0.1894393 × 0.774500 + 0.2989558 × 0.020961 = 0.952987.
        // VDOT = 47.4645 / 0.952987 = 49.806 (Daniels' table: 19:57 for VDOT 50).
        let v = vdot(Meters(5000.0), Seconds(1200.0)).unwrap();
        assert!((v - 49.806).abs() < 0.01, "{v}");
    }

    #[test]
    fn threshold_speed_by_hand() {
        // vVDOT(50) = 29.54 + 250.03315 − 18.865 = 260.70815 m/min = 4.345136 m/s;
        // T = 0.90 × 4.345136 = 3.910622 m/s (4:15.7/km; Daniels lists 4:15 for VDOT 50).
        let t = threshold_speed(50.0);
        assert!((t.0 - 3.910_622).abs() < 1e-5, "{}", t.0);
    }

    #[test]
    fn out_of_range_efforts_are_refused() {
        assert_eq!(vdot(Meters(400.0), Seconds(60.0)), None);
        assert_eq!(vdot(Meters(100_000.0), Seconds(8.0 * 3600.0)), None);
    }
}
