//! The athlete's records: profile, activities, planned sessions, races, soreness, massage
//! sessions and therapists. Each type validates itself, so every way in (CLI, import, web)
//! enforces the same limits.

mod activity;
mod calendar;
mod care;
mod massage;
mod profile;
mod soreness;
mod streams;
mod therapist;

pub use activity::{Activity, ActivitySource, HeartRateSummary, OffsetSource, SourceKind};
pub use calendar::{PlannedSession, Race, TITLE_KINDS, kind_from_title};
pub use care::{AvoidKind, Avoidance, CarePlan, Exercise, Frequency};
pub use massage::{InsuranceStatus, MassageSession};
pub use profile::{AthleteProfile, ComfortPreferences, Conversation, MassageCadence};
pub use soreness::{SorenessEntry, still_open};
pub use streams::{SampleStreams, quantise, quantum, steps};
pub use therapist::{CheckAnswer, ClinicCheck, PrecautionAnswer, Therapist};

/// A value that breaks a rule of the model, naming the field and the reason.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct InvalidField {
    pub field: &'static str,
    pub reason: String,
}

impl InvalidField {
    pub fn new(field: &'static str, reason: impl Into<String>) -> Self {
        InvalidField {
            field,
            reason: reason.into(),
        }
    }
}

/// Checks that `value` lies in `min..=max`.
pub(crate) fn check_range<T: PartialOrd + std::fmt::Display>(
    field: &'static str,
    value: T,
    min: T,
    max: T,
) -> Result<(), InvalidField> {
    // NaN compares with nothing (`partial_cmp` is `None`): refused too.
    use std::cmp::Ordering::{Equal, Greater, Less};
    let inside = matches!(value.partial_cmp(&min), Some(Greater | Equal))
        && matches!(value.partial_cmp(&max), Some(Less | Equal));
    if !inside {
        return Err(InvalidField::new(
            field,
            format!(
                "{} is out of range (must be {min} to {max})",
                crate::limits::shown(&value)
            ),
        ));
    }
    Ok(())
}

/// Checks that a quantity is a finite number of at least zero.
pub(crate) fn check_non_negative(field: &'static str, value: f64) -> Result<(), InvalidField> {
    if !value.is_finite() || value < 0.0 {
        return Err(InvalidField::new(
            field,
            format!("{value} must be zero or more"),
        ));
    }
    Ok(())
}
