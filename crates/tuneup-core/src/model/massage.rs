//! A professional massage session, as logged by the runner.

use super::{InvalidField, check_non_negative, check_range};
use crate::id::Id;
use crate::vocab::{BodyArea, MassagePurpose, Technique};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MassageSession {
    pub date: NaiveDate,
    pub therapist: Option<Id>,
    /// The techniques used, main one first.
    pub techniques: Vec<Technique>,
    pub areas: Vec<BodyArea>,
    /// 1 (light) to 5 (very firm).
    pub pressure: Option<u8>,
    pub purpose: MassagePurpose,
    /// What it cost, in minor units of its currency (the runner's when it was logged).
    pub cost: Option<crate::money::Money>,
    pub insurance: InsuranceStatus,
    /// How the runner felt in the days after.
    pub felt_after: Option<String>,
    pub note: Option<String>,
}

crate::vocab::vocabulary!(
    /// Where the session stands with the runner's insurance or health savings account.
    InsuranceStatus, "insurance status", default None {
        None = "none": "no claim",
        ToClaim = "to_claim": "to claim",
        Claimed = "claimed": "claimed",
        Paid = "paid": "paid",
        Denied = "denied": "denied",
    }
);

impl MassageSession {
    /// A session is deep when any of its techniques is ([`Technique::is_deep`]): a Swedish
    /// massage with trigger-point work is deep work.
    pub fn is_deep(&self) -> bool {
        self.techniques.iter().any(|t| t.is_deep())
    }

    /// The technique the planner judges the session by: its first deep technique when it
    /// has one, else its main technique.
    pub fn judged_technique(&self) -> Technique {
        self.techniques
            .iter()
            .copied()
            .find(|t| t.is_deep())
            .or_else(|| self.techniques.first().copied())
            .unwrap_or(Technique::Swedish)
    }

    pub fn validate(&self) -> Result<(), InvalidField> {
        if self.techniques.is_empty() {
            return Err(InvalidField::new(
                "technique",
                "name at least one technique",
            ));
        }
        if let Some(pressure) = self.pressure {
            check_range("pressure", pressure, 1, 5)?;
        }
        if let Some(cost) = self.cost {
            check_non_negative("cost", cost.major())?;
            check_range("cost", cost.major(), 0.0, crate::limits::MAX_COST)?;
        }
        crate::limits::check_date("date", self.date)?;
        if let Some(note) = &self.note {
            crate::limits::check_text("note", note)?;
        }
        Ok(())
    }
}
