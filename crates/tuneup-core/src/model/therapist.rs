//! A massage therapist the runner sees or considers.

use super::InvalidField;
use crate::vocab::Technique;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Therapist {
    pub name: String,
    pub contact: Option<String>,
    pub licence: Option<String>,
    /// Where the licence was issued (state or country).
    pub licence_region: Option<String>,
    pub techniques: Vec<Technique>,
    pub insurance: Option<String>,
    pub price: Option<f64>,
    pub notes: Option<String>,
}

impl Therapist {
    pub fn validate(&self) -> Result<(), InvalidField> {
        if self.name.trim().is_empty() {
            return Err(InvalidField::new("name", "must not be empty"));
        }
        Ok(())
    }
}
