//! The use cases' error type: what went wrong, in terms a front end can map to a message, an
//! exit status or an HTTP status without knowing the storage or the file formats.

use tuneup_core::model::InvalidField;
use tuneup_core::vocab::UnknownId;
use tuneup_store::StoreError;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A record the request names does not exist for this athlete.
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: i64 },
    /// A value the runner gave breaks a rule; `field` names it.
    #[error("{field}: {reason}")]
    InvalidInput { field: String, reason: String },
    /// A value breaks a rule of the model.
    #[error(transparent)]
    Invalid(#[from] InvalidField),
    /// An id that is not in a closed vocabulary (an area, a tool, a symptom).
    #[error(transparent)]
    Unknown(#[from] UnknownId),
    /// The request is valid but clashes with what is stored (a removed therapist, say).
    #[error("{0}")]
    Conflict(String),
    /// The planner refused its input (rule values, plan length).
    #[error(transparent)]
    Plan(#[from] tuneup_core::plan::PlanError),
    /// A training-plan file could not be read.
    #[error(transparent)]
    TrainingPlan(#[from] tuneup_formats::training_plan::TrainingPlanError),
    /// A CSV export could not be written.
    #[error(transparent)]
    Csv(#[from] csv::Error),
    /// The store failed.
    #[error(transparent)]
    Storage(StoreError),
}

impl AppError {
    pub fn invalid_input(field: impl Into<String>, reason: impl Into<String>) -> Self {
        AppError::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Invalid(invalid) => AppError::Invalid(invalid),
            StoreError::NotFound { what, id } => AppError::NotFound { what, id },
            other => AppError::Storage(other),
        }
    }
}
