//! Bringing watch files and whole exports into the store.

use std::path::PathBuf;
use tuneup_core::AthleteId;
use tuneup_import::{ImportOptions, ImportReport, Progress};
use tuneup_store::Store;

/// Imports every file under `paths` for `athlete`. Never stops at a bad file: each one gets
/// its line in the report, and files found earlier stay stored whatever happens to later
/// ones. `progress` hears how far it got, for a progress bar.
pub fn import(
    store: &mut dyn Store,
    athlete: AthleteId,
    paths: &[PathBuf],
    progress: &mut dyn FnMut(Progress),
) -> ImportReport {
    tuneup_import::import(store, athlete, paths, &ImportOptions::default(), progress)
}
