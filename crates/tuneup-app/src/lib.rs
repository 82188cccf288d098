//! tuneup's use cases: what a runner can ask of tuneup, one function each, shared by every
//! front end. The CLI is a thin shell over this crate; the web app and the club server call
//! the same functions through the same [`tuneup_store::Store`] seam.
//!
//! Every function takes the store it works on and the athlete it acts for, returns plain
//! data (serialisable where a front end shows it as JSON) and a typed [`AppError`]. Nothing
//! here reads the clock, the environment or the terminal: "today" and the runner's UTC offset
//! are parameters, given by the edge.

pub mod activities;
pub mod analysis;
pub mod card;
mod error;
pub mod faq;
pub mod import;
pub mod load;
pub mod massages;
pub mod overview;
pub mod plan;
pub mod profile;
pub mod records;
pub mod routine;
pub mod sample;
pub mod settings;
pub mod therapists;
pub mod training_plan;
pub mod why;

pub use error::{AppError, Result};

use tuneup_core::AthleteId;
use tuneup_store::{DatabaseLocation, Store};

/// Opens the store at `location`, creating and migrating it as needed, and brings
/// `athlete`'s load digests up to date (missing ones, or ones an older build worked out): the
/// one way a front end gets a store.
pub fn open_store(location: &DatabaseLocation, athlete: AthleteId) -> Result<Box<dyn Store>> {
    let mut store = tuneup_store::open(location)?;
    tuneup_import::refresh_digests(store.as_mut(), athlete)?;
    Ok(store)
}

#[cfg(test)]
mod testing {
    use tuneup_store::{DatabaseLocation, Store};

    /// A real SQLite file in `dir`, opened the way a front end opens one.
    pub fn store(dir: &tempfile::TempDir) -> Box<dyn Store> {
        crate::open_store(
            &DatabaseLocation::Sqlite(dir.path().join("test.db")),
            tuneup_core::AthleteId::LOCAL,
        )
        .expect("open a fresh database")
    }
}
