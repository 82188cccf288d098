//! The store's error type. Backend-neutral: no backend's own error type appears in it, so a
//! caller (the app layer, a web handler) can match on it whatever the backend is.

use std::path::PathBuf;
use tuneup_core::model::InvalidField;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database folder '{}' does not exist (create it first, or choose another --database path)", .folder.display())]
    MissingFolder { folder: PathBuf },
    #[error("could not open database '{}'", .path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("database '{}' was written by a newer tuneup (schema version {found}, this build knows up to {known})", .path.display())]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "unsupported database location '{given}': expected a file path, sqlite://PATH or postgres://…"
    )]
    UnknownScheme { given: String },
    /// The server could not be reached or refused us; `url` is shown without its password.
    #[error("could not connect to PostgreSQL at '{url}': {reason}")]
    Connect { url: String, reason: String },
    /// A location SQLite would open as a throwaway database (`sqlite://` with no path,
    /// `:memory:`): what is saved there is gone when the command ends.
    #[error("'{given}' names no database file ({reason}): give a file path, or sqlite://PATH")]
    Throwaway { given: String, reason: &'static str },
    /// The record the call names does not exist (for this athlete).
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: i64 },
    /// A value refused before it was written; names the field.
    #[error("invalid value for {0}")]
    Invalid(#[from] InvalidField),
    /// The write would break a uniqueness rule.
    #[error("{what} already exists")]
    Conflict { what: String },
    /// A stored vocabulary id this build does not know (written by a newer tuneup, or by
    /// hand): reading it is an error rather than a silent default.
    #[error("stored {field} '{value}' is not one this version of tuneup knows")]
    UnknownValue { field: &'static str, value: String },
    #[error("stored data is damaged: {what}")]
    Corrupt { what: String },
    /// The backend failed (I/O, locking, a bug); the source says how.
    #[error("database error")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    /// Whether this is [`StoreError::NotFound`].
    pub fn is_not_found(&self) -> bool {
        matches!(self, StoreError::NotFound { .. })
    }
}
