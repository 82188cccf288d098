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
    /// What a session costs, in minor units of its currency.
    pub price: Option<crate::money::Money>,
    pub notes: Option<String>,
}

impl Therapist {
    pub fn validate(&self) -> Result<(), InvalidField> {
        if self.name.trim().is_empty() {
            return Err(InvalidField::new("name", "must not be empty"));
        }
        crate::limits::check_text("name", &self.name)?;
        if let Some(notes) = &self.notes {
            crate::limits::check_text("notes", notes)?;
        }
        Ok(())
    }
}

/// The clinic precautions checklist (ids from the knowledge base's `[[precaution]]` list) as
/// the runner answered it for one therapist's clinic, and the day they checked. Clinics change
/// their practice, so the date travels with the answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClinicCheck {
    pub checked_on: chrono::NaiveDate,
    pub answers: Vec<PrecautionAnswer>,
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrecautionAnswer {
    /// A precaution id from the knowledge base, e.g. `linens`.
    pub id: String,
    pub answer: CheckAnswer,
}

crate::vocab::vocabulary!(
    CheckAnswer, "answer" {
        Yes = "yes": "yes",
        No = "no": "no",
        /// Asked but not sure, or not asked yet.
        Unsure = "unsure": "not sure",
    }
);

impl ClinicCheck {
    /// Every id must be a known precaution, named once.
    pub fn validate(&self) -> Result<(), InvalidField> {
        let known = &crate::knowledge::knowledge().precautions;
        for (index, answer) in self.answers.iter().enumerate() {
            if !known.iter().any(|p| p.id == answer.id) {
                let expected: Vec<&str> = known.iter().map(|p| p.id.as_str()).collect();
                return Err(InvalidField::new(
                    "precaution",
                    format!(
                        "unknown precaution '{}' (expected one of: {})",
                        answer.id,
                        expected.join(", ")
                    ),
                ));
            }
            if self.answers[..index].iter().any(|a| a.id == answer.id) {
                return Err(InvalidField::new(
                    "precaution",
                    format!("'{}' is answered twice", answer.id),
                ));
            }
        }
        Ok(())
    }

    /// The answer for a precaution id, if the runner gave one.
    pub fn answer(&self, id: &str) -> Option<CheckAnswer> {
        self.answers.iter().find(|a| a.id == id).map(|a| a.answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(answers: &[(&str, CheckAnswer)]) -> ClinicCheck {
        ClinicCheck {
            checked_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("valid date"),
            answers: answers
                .iter()
                .map(|(id, answer)| PrecautionAnswer {
                    id: (*id).to_string(),
                    answer: *answer,
                })
                .collect(),
        }
    }

    #[test]
    fn known_precautions_validate_and_unknown_ones_are_named() {
        let good = check(&[
            ("linens", CheckAnswer::Yes),
            ("air_filtration", CheckAnswer::No),
        ]);
        assert_eq!(good.validate(), Ok(()));
        assert_eq!(good.answer("air_filtration"), Some(CheckAnswer::No));
        assert_eq!(good.answer("surfaces"), None);
        let error = check(&[("masks", CheckAnswer::Yes)])
            .validate()
            .unwrap_err();
        assert_eq!(error.field, "precaution");
        assert!(
            error.reason.contains("unknown precaution 'masks'"),
            "{error}"
        );
        assert!(error.reason.contains("prescreening"), "{error}");
    }

    #[test]
    fn a_precaution_answered_twice_is_refused() {
        let twice = check(&[("linens", CheckAnswer::Yes), ("linens", CheckAnswer::No)]);
        assert!(twice.validate().unwrap_err().reason.contains("twice"));
    }

    #[test]
    fn answers_parse_from_their_ids() {
        for answer in CheckAnswer::ALL {
            assert_eq!(answer.id().parse::<CheckAnswer>(), Ok(*answer));
        }
        assert_eq!(" YES ".parse::<CheckAnswer>(), Ok(CheckAnswer::Yes));
        assert!("maybe".parse::<CheckAnswer>().is_err());
    }
}
