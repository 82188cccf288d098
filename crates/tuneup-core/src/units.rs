//! SI unit newtypes. Every quantity in the model is one of these, so a pace can never be
//! added to a distance by mistake. Values are stored and serialised in SI units.

use crate::vocab::UnitSystem;
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! unit {
    ($(#[$doc:meta])* $name:ident, $suffix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub f64);

        impl $name {
            pub fn value(self) -> f64 {
                self.0
            }
        }

        impl std::ops::Add for $name {
            type Output = Self;
            fn add(self, other: Self) -> Self {
                $name(self.0 + other.0)
            }
        }

        impl std::ops::Sub for $name {
            type Output = Self;
            fn sub(self, other: Self) -> Self {
                $name(self.0 - other.0)
            }
        }

        impl std::iter::Sum for $name {
            fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
                $name(iter.map(|v| v.0).sum())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}{}", self.0, $suffix)
            }
        }
    };
}

unit!(
    /// A distance or an elevation in metres.
    Meters,
    " m"
);
unit!(
    /// A duration in seconds.
    Seconds,
    " s"
);
unit!(
    /// A speed in metres per second. Paces are speeds too: a pace is shown, never stored.
    MetersPerSecond,
    " m/s"
);
unit!(
    /// A heart rate in beats per minute.
    Bpm,
    " bpm"
);

impl Meters {
    pub fn km(self) -> f64 {
        self.0 / 1000.0
    }
    pub fn from_km(km: f64) -> Self {
        Meters(km * 1000.0)
    }
}

impl Seconds {
    pub fn minutes(self) -> f64 {
        self.0 / 60.0
    }
    pub fn hours(self) -> f64 {
        self.0 / 3600.0
    }
    pub fn from_minutes(minutes: f64) -> Self {
        Seconds(minutes * 60.0)
    }
}

impl MetersPerSecond {
    /// Seconds per kilometre, the way runners read speed. `None` for a standstill.
    pub fn seconds_per_km(self) -> Option<f64> {
        (self.0 > 0.0).then(|| 1000.0 / self.0)
    }
    pub fn from_seconds_per_km(seconds: f64) -> Self {
        MetersPerSecond(1000.0 / seconds)
    }
}

/// Metres in one statute mile.
pub const METERS_PER_MILE: f64 = 1609.344;

/// Formats seconds as `h:mm:ss`, or `m:ss` under an hour.
pub fn format_duration(duration: Seconds) -> String {
    let total = duration.0.max(0.0).round() as u64;
    let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Formats a speed as a pace, `4:30/km`.
pub fn format_pace(speed: MetersPerSecond) -> String {
    match speed.seconds_per_km() {
        Some(spk) => format!("{}/km", format_duration(Seconds(spk))),
        None => "-".to_string(),
    }
}

/// A distance in the runner's units, two decimals: `8.00 km`, `4.97 mi`.
pub fn format_distance(distance: Meters, units: UnitSystem) -> String {
    match units {
        UnitSystem::Metric => format!("{:.2} km", distance.km()),
        UnitSystem::Imperial => format!("{:.2} mi", distance.0 / METERS_PER_MILE),
    }
}

/// A pace in the runner's units: `4:30/km` or `7:15/mi`.
pub fn format_pace_in(speed: MetersPerSecond, units: UnitSystem) -> String {
    match (units, speed.seconds_per_km()) {
        (UnitSystem::Metric, _) => format_pace(speed),
        (UnitSystem::Imperial, Some(per_km)) => format!(
            "{}/mi",
            format_duration(Seconds(per_km * METERS_PER_MILE / 1000.0))
        ),
        (UnitSystem::Imperial, None) => "-".to_string(),
    }
}

/// A speed in the runner's units: `30.1 km/h` or `18.7 mph`.
pub fn format_speed_in(speed: MetersPerSecond, units: UnitSystem) -> String {
    match units {
        UnitSystem::Metric => format!("{:.1} km/h", speed.0 * 3.6),
        UnitSystem::Imperial => format!("{:.1} mph", speed.0 * 3600.0 / METERS_PER_MILE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imperial_runners_read_miles() {
        // 8 km = 8000 / 1609.344 = 4.97 mi; 4:30/km = 270 s × 1.609344 = 434.5 s = 7:15/mi.
        assert_eq!(
            format_distance(Meters(8000.0), UnitSystem::Imperial),
            "4.97 mi"
        );
        assert_eq!(
            format_distance(Meters(8000.0), UnitSystem::Metric),
            "8.00 km"
        );
        let pace = MetersPerSecond::from_seconds_per_km(270.0);
        assert_eq!(format_pace_in(pace, UnitSystem::Imperial), "7:15/mi");
        // 30 km/h = 8.333 m/s = 18.64 mph.
        assert_eq!(
            format_speed_in(MetersPerSecond(30.0 / 3.6), UnitSystem::Imperial),
            "18.6 mph"
        );
    }

    #[test]
    fn pace_round_trip() {
        // 4:30/km = 270 s per 1000 m = 3.7037 m/s.
        let speed = MetersPerSecond::from_seconds_per_km(270.0);
        assert!((speed.0 - 3.703_703).abs() < 1e-5);
        assert_eq!(format_pace(speed), "4:30/km");
    }

    #[test]
    fn durations_format_like_a_watch() {
        assert_eq!(format_duration(Seconds(3900.0)), "1:05:00");
        assert_eq!(format_duration(Seconds(59.4)), "0:59");
    }
}
