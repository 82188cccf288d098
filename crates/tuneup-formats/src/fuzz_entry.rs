//! The entry points of the fuzz targets in `fuzz/` (one per reader), kept here so the fuzz
//! crate and the stable replay test (`tests/fuzz_replay.rs`) run exactly the same code.
//! Each takes any bytes and must return without panicking; errors are expected outcomes.

use crate::{SourceFile, archive, decode, fit, gpx, tcx, training_plan};

/// Most an archive fed to [`archive_walk`] may expand to: small, so one input stays quick
/// under the fuzzer, while the budget logic is the walker's own.
pub const FUZZ_ARCHIVE_BUDGET: u64 = 8 << 20;

/// FIT: the low-level parse, then the whole decode into activities.
pub fn fit_file(bytes: &[u8]) {
    let _ = fit::parse(bytes);
    let _ = decode(&SourceFile::new("fuzz.fit", bytes.to_vec()));
}

/// GPX: the reader, then the whole decode.
pub fn gpx_file(bytes: &[u8]) {
    let _ = gpx::parse("fuzz.gpx", bytes);
    let _ = decode(&SourceFile::new("fuzz.gpx", bytes.to_vec()));
}

/// TCX: the reader, then the whole decode.
pub fn tcx_file(bytes: &[u8]) {
    let _ = tcx::parse("fuzz.tcx", bytes);
    let _ = decode(&SourceFile::new("fuzz.tcx", bytes.to_vec()));
}

/// A zip (or gzip) archive held in memory: every member the walker yields is decoded.
pub fn archive_walk(bytes: &[u8]) {
    if crate::detect(bytes) == crate::Format::Gzip {
        let _ = decode(&SourceFile::new("fuzz.gz", bytes.to_vec()));
        return;
    }
    let Ok(walk) = archive::walk_zip_bytes("fuzz.zip", bytes.to_vec(), FUZZ_ARCHIVE_BUDGET) else {
        return;
    };
    for file in walk.flatten() {
        let _ = decode(&file);
    }
}

/// Strava's `activities.csv`.
pub fn strava_csv(bytes: &[u8]) {
    let _ = archive::strava_csv_rows("activities.csv", bytes);
}

/// The training-plan CSV reader (the CLI hands it UTF-8 text; other bytes are read lossily).
pub fn training_plan_csv(bytes: &[u8]) {
    let _ = training_plan::read_csv(&String::from_utf8_lossy(bytes));
}

/// The training-plan iCalendar reader, in UTC and in a zone with daylight saving.
pub fn training_plan_ics(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = training_plan::read_ics(&text);
    let _ = training_plan::read_ics_in_zone(&text, chrono_tz::America::Denver);
}
