//! What is on the runner's calendar: planned sessions and races.

use super::InvalidField;
use crate::units::Meters;
use crate::vocab::{RacePriority, SessionKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A training session the runner plans to do. The planner keeps massage away from hard ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedSession {
    pub date: NaiveDate,
    pub kind: SessionKind,
    pub title: String,
}

/// A race the runner has entered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Race {
    pub date: NaiveDate,
    pub name: String,
    pub distance: Meters,
    pub priority: RacePriority,
}

impl PlannedSession {
    pub fn validate(&self) -> Result<(), InvalidField> {
        crate::limits::check_date("date", self.date)?;
        if self.title.trim().is_empty() {
            return Err(InvalidField::new("title", "must not be empty"));
        }
        crate::limits::check_text("title", &self.title)?;
        Ok(())
    }
}

impl Race {
    /// A marathon or longer: recovery after it takes longer.
    pub fn is_marathon_or_longer(&self) -> bool {
        self.distance.0 >= 42_000.0
    }

    pub fn validate(&self) -> Result<(), InvalidField> {
        crate::limits::check_date("date", self.date)?;
        if self.name.trim().is_empty() {
            return Err(InvalidField::new("name", "must not be empty"));
        }
        crate::limits::check_text("name", &self.name)?;
        crate::limits::check_distance("distance", self.distance.0)?;
        if self.distance.0 == 0.0 {
            return Err(InvalidField::new("distance", "must be more than zero"));
        }
        Ok(())
    }
}
