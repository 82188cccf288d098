//! Replays every fuzz target's committed inputs (`fuzz/seeds/<target>/`, the crash inputs in
//! `fuzz/crashes/<target>/`, and for the file formats the device fixtures) through the same
//! entry functions the fuzzer calls (`tuneup_formats::fuzz_entry`), so a plain stable
//! `cargo test` checks them without a fuzzer. A panic fails the test and names the input.

use std::path::{Path, PathBuf};
use tuneup_formats::fuzz_entry;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every file under `dir`, recursively, sorted (none when the folder does not exist).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Runs `entry` on each committed input of `target` (plus `extra` folders); returns how many.
fn replay(target: &str, extra: &[&str], entry: fn(&[u8])) -> usize {
    let root = repo();
    let mut inputs = files_under(&root.join("fuzz/seeds").join(target));
    inputs.extend(files_under(&root.join("fuzz/crashes").join(target)));
    for dir in extra {
        inputs.extend(files_under(&root.join(dir)));
    }
    for path in &inputs {
        let bytes = std::fs::read(path).unwrap();
        let outcome = std::panic::catch_unwind(|| entry(&bytes));
        assert!(outcome.is_ok(), "{target}: {} panicked", path.display());
    }
    inputs.len()
}

const FIXTURES: &str = "crates/tuneup-formats/tests/fixtures";

#[test]
fn fit_inputs_replay() {
    let n = replay(
        "fit",
        &["crates/tuneup-formats/tests/fixtures/fit"],
        fuzz_entry::fit_file,
    );
    assert!(
        n >= 10,
        "only {n} FIT inputs under {FIXTURES}/fit and fuzz/"
    );
}

#[test]
fn gpx_inputs_replay() {
    let n = replay(
        "gpx",
        &["crates/tuneup-formats/tests/fixtures/gpx"],
        fuzz_entry::gpx_file,
    );
    assert!(n >= 10, "only {n} GPX inputs");
}

#[test]
fn tcx_inputs_replay() {
    let n = replay(
        "tcx",
        &["crates/tuneup-formats/tests/fixtures/tcx"],
        fuzz_entry::tcx_file,
    );
    assert!(n >= 3, "only {n} TCX inputs");
}

#[test]
fn archive_inputs_replay() {
    let n = replay("archive", &[], fuzz_entry::archive_walk);
    assert!(n >= 4, "only {n} archive inputs");
}

#[test]
fn strava_csv_inputs_replay() {
    let n = replay("strava_csv", &[], fuzz_entry::strava_csv);
    assert!(n >= 2, "only {n} Strava CSV inputs");
}

#[test]
fn training_plan_csv_inputs_replay() {
    let n = replay("plan_csv", &[], fuzz_entry::training_plan_csv);
    assert!(n >= 2, "only {n} plan CSV inputs");
}

#[test]
fn training_plan_ics_inputs_replay() {
    let n = replay("plan_ics", &[], fuzz_entry::training_plan_ics);
    assert!(n >= 1, "only {n} plan ICS inputs");
}
