//! The soreness log: where it hurts, how much, and what kind of pain.

use super::{InvalidField, check_range};
use crate::vocab::{BodyArea, Side, SorenessKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SorenessEntry {
    pub date: NaiveDate,
    pub area: BodyArea,
    pub side: Side,
    /// 0 (nothing) to 10 (worst imaginable).
    pub level: u8,
    pub kind: SorenessKind,
    pub note: Option<String>,
}

impl SorenessEntry {
    pub fn validate(&self) -> Result<(), InvalidField> {
        crate::limits::check_date("date", self.date)?;
        if let Some(note) = &self.note {
            crate::limits::check_text("note", note)?;
        }
        check_range("level", self.level, 0, 10)
    }
}
