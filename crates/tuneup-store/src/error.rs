//! The store's error type.

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
        source: rusqlite::Error,
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
    #[error(
        "'{url}' names a PostgreSQL database, but this build of tuneup has no PostgreSQL backend yet"
    )]
    BackendNotBuilt { url: String },
    #[error("invalid value for {0}")]
    Invalid(#[from] InvalidField),
    #[error("stored data is damaged: {what}")]
    Corrupt { what: String },
    #[error("database error")]
    Sqlite(#[from] rusqlite::Error),
}
