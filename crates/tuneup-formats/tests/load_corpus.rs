//! Training load on real device files: every running activity gets a load and a method, with
//! and without its streams, and nothing panics on files with no heart rate, zero length, gaps
//! or paused timers.
//!
//! The default tier runs on the fixture files kept in the repository (`tests/fixtures/`); the
//! full tier (`--include-ignored`, as `.ci/run` does) on the whole shared corpus, and fails
//! saying how to provide it when it is missing, never skips.

use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tuneup_core::id::{Id, Record};
use tuneup_core::load::{EffectiveProfile, LoadMethod, activity_load, analyse};
use tuneup_core::model::{Activity, AthleteProfile};
use tuneup_formats::{Decoded, decode, walk};

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The whole shared corpus, for the full tier: fails loudly when it is not there.
fn corpus_dir() -> PathBuf {
    let dir = std::env::var_os("TUNEUP_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
        });
    assert!(
        dir.join("expected.jsonl").is_file(),
        "full tier: the shared activity-file corpus is missing (no expected.jsonl in {}). \
         Check it out as ../shared/corpus beside the repository, or set \
         TUNEUP_CORPUS=/path/to/corpus; or run only the default tier (`cargo test --workspace`)",
        dir.display()
    );
    dir
}

/// Every activity the decoders read from the fixtures, named by file. Decoded once for both
/// tests.
fn fixture_activities() -> &'static [(String, Activity)] {
    static DECODED: OnceLock<Vec<(String, Activity)>> = OnceLock::new();
    DECODED.get_or_init(|| decode_all(&fixtures_dir()))
}

/// The same from the whole corpus: decoding it is the slow part.
fn corpus_activities() -> &'static [(String, Activity)] {
    static DECODED: OnceLock<Vec<(String, Activity)>> = OnceLock::new();
    DECODED.get_or_init(|| decode_all(&corpus_dir()))
}

fn decode_all(dir: &Path) -> Vec<(String, Activity)> {
    let mut out = Vec::new();
    for sub in ["fit", "gpx", "tcx"] {
        for file in walk([dir.join(sub)]).flatten() {
            if let Ok(Decoded::Activities { activities, .. }) = decode(&file) {
                out.extend(activities.into_iter().map(|a| (file.name.clone(), a)));
            }
        }
    }
    out
}

/// Far enough ahead that every corpus activity is in the past.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2030, 1, 1).expect("valid date")
}

#[test]
fn every_running_fixture_activity_gets_a_load_and_a_method() {
    every_running_activity_gets_a_load_and_a_method(fixture_activities(), 4);
}

#[test]
#[ignore = "full tier: needs the shared corpus (../shared/corpus or TUNEUP_CORPUS); run with --include-ignored (.ci/run does)"]
fn every_running_corpus_activity_gets_a_load_and_a_method() {
    every_running_activity_gets_a_load_and_a_method(corpus_activities(), 5);
}

#[test]
fn degraded_copies_of_fixture_runs_do_not_panic() {
    degraded_copies_do_not_panic(fixture_activities());
}

#[test]
#[ignore = "full tier: needs the shared corpus (../shared/corpus or TUNEUP_CORPUS); run with --include-ignored (.ci/run does)"]
fn degraded_copies_of_corpus_runs_do_not_panic() {
    degraded_copies_do_not_panic(corpus_activities());
}

fn every_running_activity_gets_a_load_and_a_method(
    activities: &[(String, Activity)],
    min_runs: usize,
) {
    let runs: Vec<&(String, Activity)> = activities
        .iter()
        .filter(|(_, a)| a.sport.is_running())
        .collect();
    assert!(
        runs.len() >= min_runs,
        "expected at least {min_runs} running activities, found {}",
        runs.len()
    );
    let records: Vec<Record<Activity>> = activities
        .iter()
        .enumerate()
        .map(|(i, (_, a))| Record::new(Id(i as i64), a.clone()))
        .collect();
    let profile = AthleteProfile::default();
    let effective = EffectiveProfile::resolve(&profile, &records, &[], today());
    let mut methods = std::collections::BTreeMap::new();
    for (name, run) in &runs {
        let load = activity_load(run, &effective);
        assert!(
            load.load.0.is_finite() && load.load.0 >= 0.0,
            "{name}: load {:?}",
            load.load
        );
        assert!(load.intensity.is_finite(), "{name}: intensity");
        assert!(!load.explanation.is_empty(), "{name}: no explanation");
        // A run with heart-rate samples is loaded from them.
        if run.streams.as_ref().is_some_and(|s| s.has_heart_rate()) {
            assert_eq!(
                load.method,
                LoadMethod::HrTrimp,
                "{name}: {}",
                load.explanation
            );
        }
        *methods.entry(load.method.id()).or_insert(0) += 1;

        // Without streams (as in listings) the summaries still give a load.
        let mut summary_only = run.clone();
        summary_only.streams = None;
        let summary = activity_load(&summary_only, &effective);
        assert!(
            summary.load.0.is_finite() && summary.load.0 >= 0.0,
            "{name}"
        );
    }
    // The files hold runs with and without heart rate: both main methods are exercised.
    assert!(methods.contains_key("hr_trimp"), "{methods:?}");
    assert!(methods.contains_key("pace_rtss"), "{methods:?}");
}

fn degraded_copies_do_not_panic(activities: &[(String, Activity)]) {
    let profile = AthleteProfile::default();
    let mut degraded = Vec::new();
    for (_, run) in activities.iter().filter(|(_, a)| a.sport.is_running()) {
        // No heart rate at all.
        let mut no_hr = run.clone();
        no_hr.heart_rate = None;
        if let Some(streams) = no_hr.streams.as_mut() {
            streams.heart_rate_bpm.clear();
        }
        // Zero length.
        let mut empty = run.clone();
        empty.elapsed.0 = 0.0;
        empty.moving.0 = 0.0;
        empty.distance.0 = 0.0;
        if let Some(streams) = empty.streams.as_mut() {
            *streams = Default::default();
        }
        // A ten-minute gap (paused timer) in the middle of the samples.
        let mut paused = run.clone();
        if let Some(streams) = paused.streams.as_mut() {
            let half = streams.time_s.len() / 2;
            for t in streams.time_s.iter_mut().skip(half) {
                *t += 600.0;
            }
        }
        degraded.extend([no_hr, empty, paused]);
    }
    let records: Vec<Record<Activity>> = degraded
        .into_iter()
        .enumerate()
        .map(|(i, a)| Record::new(Id(i as i64), a))
        .collect();
    let analysis = analyse(&profile, &records, &[], today());
    assert_eq!(analysis.activities.len(), records.len());
    for analysed in &analysis.activities {
        assert!(analysed.load.load.0.is_finite() && analysed.load.load.0 >= 0.0);
    }
}
