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
    /// What it cost, in the runner's currency.
    pub cost: Option<f64>,
    pub insurance: InsuranceStatus,
    /// How the runner felt in the days after.
    pub felt_after: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InsuranceStatus {
    #[default]
    None,
    ToClaim,
    Claimed,
    Paid,
    Denied,
}

impl InsuranceStatus {
    pub const ALL: &'static [InsuranceStatus] = &[
        InsuranceStatus::None,
        InsuranceStatus::ToClaim,
        InsuranceStatus::Claimed,
        InsuranceStatus::Paid,
        InsuranceStatus::Denied,
    ];

    pub fn id(self) -> &'static str {
        match self {
            InsuranceStatus::None => "none",
            InsuranceStatus::ToClaim => "to_claim",
            InsuranceStatus::Claimed => "claimed",
            InsuranceStatus::Paid => "paid",
            InsuranceStatus::Denied => "denied",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.id() == id)
    }
}

impl MassageSession {
    pub fn is_deep(&self) -> bool {
        self.techniques.contains(&Technique::DeepTissue)
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
            check_non_negative("cost", cost)?;
        }
        Ok(())
    }
}
