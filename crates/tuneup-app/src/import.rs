//! Bringing watch files and whole exports into the store.

use crate::Result;
use std::path::PathBuf;
use tuneup_core::AthleteId;
use tuneup_core::timezone::Tz;
use tuneup_import::{ImportOptions, ImportReport, Progress};
use tuneup_store::Store;

/// Imports every file under `paths` for `athlete`. Never stops at a bad file: each one gets
/// its line in the report, and files found earlier stay stored whatever happens to later
/// ones. `progress` hears how far it got, for a progress bar. Files that say neither their
/// offset nor where they were recorded get the runner's zone (the profile's, else
/// `system_zone`). Activities the runner removed stay removed (the report says so), unless
/// `restore` asks for them back.
pub fn import(
    store: &mut dyn Store,
    athlete: AthleteId,
    paths: &[PathBuf],
    system_zone: Tz,
    restore: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let options = ImportOptions {
        runner_zone: crate::profile::runner_zone(store, athlete, system_zone)?,
        restore,
        ..ImportOptions::default()
    };
    Ok(tuneup_import::import(
        store, athlete, paths, &options, progress,
    ))
}
