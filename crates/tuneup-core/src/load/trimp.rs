//! Banister's heart-rate TRIMP, and its scaling to the common load scale (TRIMP(100)).
//!
//! TRIMP = Σ minutes × HRr × a·e^(b·HRr), with HRr = (HR − rest) / (max − rest) (Banister
//! 1991). Scaled so that one hour at the lactate-threshold heart rate scores 100, as
//! GoldenCheetah's TRIMP(100) does: load = 100 × TRIMP / (60 × HRr_LT × a·e^(b·HRr_LT)).
//!
//! Because the same `a` is in the numerator and the divisor, it cancels: after scaling only
//! `b` (the steepness of the weighting) matters. That makes the disagreement over the female
//! `a` harmless here: we keep Banister's a = 0.86, Runalyze uses 0.821776 and GoldenCheetah
//! 0.64 for both sexes, and all three give the same scaled load. The `b` values differ
//! (1.92 male, 1.67 female) and are kept as published. When the runner has not set a sex we
//! use Banister's original constants (b 1.92), published first and measured on men, and say
//! so in every explanation. A midpoint of the two sets describes no one; the original set is
//! the one the method was built and validated with, and its steeper weighting counts time
//! above threshold more, so a planner that cannot tell errs towards calling hard work hard
//! (`profile set --sex f` switches to the female set).

use super::Load;
use crate::vocab::Sex;
use serde::Serialize;

/// The weighting constants of Banister's TRIMP.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrimpConstants {
    pub a: f64,
    pub b: f64,
    /// Which set this is, in words, for explanations.
    pub label: &'static str,
}

pub const MALE_TRIMP: TrimpConstants = TrimpConstants {
    a: 0.64,
    b: 1.92,
    label: "the male constants",
};

pub const FEMALE_TRIMP: TrimpConstants = TrimpConstants {
    a: 0.86,
    b: 1.67,
    label: "the female constants",
};

/// For a runner who has not set a sex: Banister's original constants (the male set; see the
/// module docs for why, not a midpoint).
pub const UNKNOWN_SEX_TRIMP: TrimpConstants = TrimpConstants {
    a: 0.64,
    b: 1.92,
    label: "Banister's original (male) constants, sex not set",
};

impl TrimpConstants {
    pub fn for_sex(sex: Option<Sex>) -> Self {
        match sex {
            Some(Sex::Male) => MALE_TRIMP,
            Some(Sex::Female) => FEMALE_TRIMP,
            None => UNKNOWN_SEX_TRIMP,
        }
    }

    /// TRIMP per minute at a heart-rate-reserve fraction.
    pub fn per_minute(&self, hrr: f64) -> f64 {
        hrr * self.a * (self.b * hrr).exp()
    }

    /// TRIMP of one hour at the threshold heart-rate-reserve fraction: the divisor that
    /// makes such an hour score 100.
    pub fn hour_at_threshold(&self, threshold_hrr: f64) -> f64 {
        60.0 * self.per_minute(threshold_hrr)
    }

    /// Scales a TRIMP to load points (TRIMP(100)).
    pub fn to_load(&self, trimp: f64, threshold_hrr: f64) -> Load {
        let hour = self.hour_at_threshold(threshold_hrr);
        if hour > 0.0 {
            Load(100.0 * trimp / hour)
        } else {
            Load(0.0)
        }
    }
}

/// The runner's heart-rate reserve: resting and maximum heart rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeartRateReserve {
    pub rest: f64,
    pub max: f64,
}

impl HeartRateReserve {
    /// The fraction of the reserve a heart rate uses, clamped to 0–1: a reading above the
    /// max (a glitch, or a max set too low) must not weigh exponentially more.
    pub fn fraction(&self, hr: f64) -> f64 {
        let reserve = (self.max - self.rest).max(1.0);
        ((hr - self.rest) / reserve).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn male_constants_by_hand() {
        // HRr = (150 − 50) / (190 − 50) = 100/140 = 0.714286.
        // per minute = 0.714286 × 0.64 × e^(1.92 × 0.714286) = 0.457143 × e^1.371429
        //            = 0.457143 × 3.940979 = 1.801591; × 60 min = 108.0955.
        let reserve = HeartRateReserve {
            rest: 50.0,
            max: 190.0,
        };
        let hrr = reserve.fraction(150.0);
        assert!((hrr - 0.714_286).abs() < 1e-6);
        let trimp = 60.0 * MALE_TRIMP.per_minute(hrr);
        assert!((trimp - 108.0955).abs() < 1e-3, "{trimp}");
    }

    #[test]
    fn female_constants_by_hand() {
        // HRr 0.714286: 0.714286 × 0.86 × e^(1.67 × 0.714286) = 0.614286 × e^1.192857
        //             = 0.614286 × 3.296486 = 2.024984; × 60 min = 121.4991.
        let trimp = 60.0 * FEMALE_TRIMP.per_minute(100.0 / 140.0);
        assert!((trimp - 121.4991).abs() < 1e-3, "{trimp}");
    }

    #[test]
    fn an_hour_at_threshold_scores_100_with_every_set() {
        for constants in [MALE_TRIMP, FEMALE_TRIMP, UNKNOWN_SEX_TRIMP] {
            let trimp = constants.hour_at_threshold(0.85);
            let load = constants.to_load(trimp, 0.85);
            assert!((load.0 - 100.0).abs() < 1e-9, "{}", constants.label);
        }
    }

    #[test]
    fn the_female_a_cancels_after_scaling() {
        // Runalyze's a = 0.821776 gives the same scaled load as Banister's 0.86.
        let runalyze = TrimpConstants {
            a: 0.821_776,
            ..FEMALE_TRIMP
        };
        let trimp_b = 45.0 * FEMALE_TRIMP.per_minute(0.7);
        let trimp_r = 45.0 * runalyze.per_minute(0.7);
        let diff = FEMALE_TRIMP.to_load(trimp_b, 0.85).0 - runalyze.to_load(trimp_r, 0.85).0;
        assert!(diff.abs() < 1e-9);
    }

    #[test]
    fn reserve_fraction_is_clamped() {
        let reserve = HeartRateReserve {
            rest: 60.0,
            max: 180.0,
        };
        assert_eq!(reserve.fraction(200.0), 1.0);
        assert_eq!(reserve.fraction(40.0), 0.0);
    }
}
