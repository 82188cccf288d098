//! Checks our decoders against the reference readings of real device files
//! (`expected.jsonl`, made with fitdecode, gpxpy, lxml and tcxreader).
//!
//! Two tiers. The default tier runs on the fixture files kept in the repository
//! (`tests/fixtures/`: the MIT, BSD and Apache files of the shared corpus, with their
//! reference lines). The full tier (ignored unless asked for with `--include-ignored`, as
//! `.ci/run` does) runs on the whole shared corpus (`../shared/corpus`, or `TUNEUP_CORPUS`);
//! asked for without it, it fails and says how to provide it, it never skips.

use chrono::{DateTime, Utc};
use serde_json::Value;
use std::path::{Path, PathBuf};
use tuneup_core::vocab::Sport;
use tuneup_formats::{Decoded, SourceFile, decode, fit, gpx, tcx};

/// Checks where we deliberately read differently from the reference: (file, check, why).
/// A listed check that fails is reported, not fatal; a listed check that passes fails the
/// test, so the list cannot go stale.
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[
    (
        "tcx/gpsbabel/gtrnctr-readcp.tcx",
        "laps",
        "its only lap is inside a Course; we count courses, not their laps",
    ),
    (
        "tcx/gpsbabel/gtrnctr-readcp.tcx",
        "tracks",
        "its only track is inside a Course",
    ),
    (
        "tcx/gpsbabel/gtrnctr-readcp.tcx",
        "trackpoints",
        "its 18 trackpoints are a Course's planned points, not a recording",
    ),
    (
        "tcx/gpsbabel/gtrnctr-readcp.tcx",
        "trackpoints with position",
        "course points, as above",
    ),
    (
        "tcx/gpsbabel/gtrnctr-readcp.tcx",
        "first time",
        "course points, as above",
    ),
    (
        "tcx/gpsbabel/gtrnctr-readcp.tcx",
        "last time",
        "course points, as above",
    ),
    (
        "tcx/gpsbabel/gtrnctr-readcp.tcx",
        "lap distance sum",
        "course lap, as above",
    ),
    (
        "tcx/gpsbabel/gtrnctr-readcp.tcx",
        "lap time sum",
        "course lap, as above",
    ),
    (
        "gpx/gpxpy/first_and_last_elevation.gpx",
        "activity elapsed",
        "its last point is an hour earlier than the one before it; we put samples in time \
         order, so the activity spans two hours where gpxpy's file-order bounds give one",
    ),
    (
        "gpx/gpxpy/first_and_last_elevation.gpx",
        "activity distance",
        "same file: in time order the path doubles back, so it is longer than in file order",
    ),
    (
        "fit/sports-lib/27-days-activity.fit",
        "decodes",
        "one session of 27 days: over the 7-day limit every tuneup duration keeps (issue 14), \
         so the file is refused with the field named",
    ),
    (
        "fit/sports-lib/31-days-activity.fit",
        "decodes",
        "one session of 31 days: over the 7-day limit, as above",
    ),
    (
        "fit/python-fitparse/compressed-speed-distance.fit",
        "not an activity",
        "its times are device-relative and no message gives a date: an activity needs a \
         start date, so we decline it (the reference only lists raw numbers)",
    ),
];

/// The fixture files kept in the repository, in the corpus's layout, with their own
/// `expected.jsonl` (the corpus's lines for these files).
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

struct Checker {
    path: String,
    failures: Vec<String>,
    known: Vec<String>,
    agreements: usize,
}

impl Checker {
    fn check(&mut self, what: &str, ok: bool, detail: impl FnOnce() -> String) {
        let known = KNOWN_DIFFERENCES
            .iter()
            .find(|(path, check, _)| *path == self.path && *check == what);
        match (ok, known) {
            (true, None) => self.agreements += 1,
            (false, None) => self
                .failures
                .push(format!("{}: {what}: {}", self.path, detail())),
            (false, Some((_, _, why))) => {
                self.known
                    .push(format!("{}: {what}: {} ({why})", self.path, detail()))
            }
            (true, Some(_)) => self.failures.push(format!(
                "{}: {what}: listed as a known difference but agrees now; remove it from the list",
                self.path
            )),
        }
    }

    fn eq<T: PartialEq + std::fmt::Debug>(&mut self, what: &str, ours: T, theirs: T) {
        let ok = ours == theirs;
        self.check(what, ok, || format!("ours {ours:?}, reference {theirs:?}"));
    }

    /// Relative tolerance `rel` with an absolute floor `abs`.
    fn close(&mut self, what: &str, ours: Option<f64>, theirs: Option<f64>, rel: f64, abs: f64) {
        let ok = match (ours, theirs) {
            (Some(a), Some(b)) => (a - b).abs() <= (b.abs() * rel).max(abs),
            (None, None) => true,
            _ => false,
        };
        self.check(what, ok, || format!("ours {ours:?}, reference {theirs:?}"));
    }
}

fn time(value: &Value) -> Option<DateTime<Utc>> {
    value
        .as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
}

fn fit_time_repr(t: Option<u32>) -> Value {
    match t {
        None => Value::Null,
        Some(t) if t < fit::MIN_ABSOLUTE_TIME => Value::from(t),
        Some(t) => {
            let when = DateTime::from_timestamp(i64::from(t) + fit::FIT_EPOCH_OFFSET, 0)
                .expect("FIT times fit in chrono");
            Value::from(when.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        }
    }
}

/// FIT sport names as fitdecode prints them, for the sports the corpus holds.
fn fit_sport_name(sport: Option<u8>) -> Option<&'static str> {
    sport.map(|s| match s {
        0 => "generic",
        1 => "running",
        2 => "cycling",
        3 => "transition",
        4 => "fitness_equipment",
        5 => "swimming",
        10 => "training",
        11 => "walking",
        17 => "hiking",
        _ => "unexpected",
    })
}

/// Our sport for the reference's sport and sub_sport names.
fn our_sport(sport: Option<&str>, sub_sport: Option<&str>) -> Sport {
    match (sport, sub_sport) {
        (Some("running"), Some("trail")) => Sport::TrailRunning,
        (Some("running"), Some("treadmill" | "indoor_running")) => Sport::TreadmillRunning,
        (Some("running"), _) => Sport::Running,
        (Some("cycling"), _) => Sport::Cycling,
        (Some("swimming"), _) => Sport::Swimming,
        (Some("walking"), _) => Sport::Walking,
        (Some("hiking"), _) => Sport::Hiking,
        (Some("training"), _) => Sport::Strength,
        _ => Sport::Other,
    }
}

fn opt_f64(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn check_fit(c: &mut Checker, expected: &Value, bytes: &[u8]) {
    let parsed = match fit::parse(bytes) {
        Ok(parsed) => parsed,
        Err(err) => {
            let header_seen = expected["fit_files"].as_u64().unwrap_or(0) > 0;
            c.check("readable header", !header_seen, || {
                format!("ours failed: {err}")
            });
            return;
        }
    };
    let strict_ok = expected["ok"].as_bool() == Some(true);
    c.eq(
        "FIT headers",
        parsed.headers as u64,
        expected["fit_files"].as_u64().unwrap_or(0),
    );
    let records = parsed.records.len() as u64;
    let theirs = expected["records"].as_u64().unwrap_or(0);
    if strict_ok {
        c.eq("records", records, theirs);
        c.eq(
            "crc mismatch",
            parsed.crc_mismatch,
            expected["crc_mismatch"] == true,
        );
    } else {
        // The reference's lenient pass stopped at the damage; we must keep at least as much.
        c.check("records (partial read)", records >= theirs, || {
            format!("ours {records}, reference lenient {theirs}")
        });
        c.check(
            "damage reported",
            !parsed.warnings.is_empty() || records > theirs,
            || "no warning for a file the reference rejects".to_string(),
        );
    }
    let timed: Vec<u32> = parsed.records.iter().filter_map(|r| r.timestamp).collect();
    c.eq(
        "first record time",
        fit_time_repr(timed.first().copied()),
        expected["first_record_time"].clone(),
    );
    if strict_ok {
        c.eq(
            "last record time",
            fit_time_repr(timed.last().copied()),
            expected["last_record_time"].clone(),
        );
    }
    c.eq(
        "compressed timestamp messages",
        parsed.compressed_timestamp_messages as u64,
        expected["compressed_timestamp_messages"]
            .as_u64()
            .unwrap_or(0),
    );
    let sessions = expected["sessions"].as_array().cloned().unwrap_or_default();
    c.eq("sessions", parsed.sessions.len(), sessions.len());
    for (ours, theirs) in parsed.sessions.iter().zip(&sessions) {
        c.eq(
            "session sport",
            fit_sport_name(ours.sport),
            theirs["sport"].as_str(),
        );
        c.eq(
            "session start",
            fit_time_repr(ours.start_time),
            theirs["start_time"].clone(),
        );
        let tol = 1e-3;
        c.close(
            "session distance",
            ours.total_distance_m,
            opt_f64(&theirs["total_distance"]),
            tol,
            0.01,
        );
        c.close(
            "session timer time",
            ours.total_timer_time_s,
            opt_f64(&theirs["total_timer_time"]),
            tol,
            0.01,
        );
        c.close(
            "session elapsed time",
            ours.total_elapsed_time_s,
            opt_f64(&theirs["total_elapsed_time"]),
            tol,
            0.01,
        );
        c.close(
            "session avg HR",
            ours.avg_heart_rate.map(f64::from),
            opt_f64(&theirs["avg_heart_rate"]),
            0.0,
            0.0,
        );
        c.close(
            "session max HR",
            ours.max_heart_rate.map(f64::from),
            opt_f64(&theirs["max_heart_rate"]),
            0.0,
            0.0,
        );
        c.close(
            "session ascent",
            ours.total_ascent_m,
            opt_f64(&theirs["total_ascent"]),
            0.0,
            0.0,
        );
    }
}

fn check_fit_activities(c: &mut Checker, expected: &Value, decoded: &Decoded) {
    let file_type = expected["file_id"]["type"].as_str();
    let sessions = expected["sessions"].as_array().cloned().unwrap_or_default();
    let legs: Vec<&Value> = sessions
        .iter()
        .filter(|s| s["sport"] != "transition")
        .collect();
    match decoded {
        Decoded::Activities { activities, .. } => {
            c.check(
                "is an activity",
                file_type != Some("settings") && file_type != Some("course"),
                || format!("file type {file_type:?} decoded as activities"),
            );
            if !legs.is_empty() {
                c.eq(
                    "one activity per non-transition session",
                    activities.len(),
                    legs.len(),
                );
            }
            if legs.len() == 1 && activities.len() == 1 {
                let theirs = legs[0];
                let a = &activities[0];
                let sport = our_sport(theirs["sport"].as_str(), theirs["sub_sport"].as_str());
                c.eq("activity sport", a.sport, sport);
                c.close(
                    "activity distance",
                    Some(a.distance.0),
                    opt_f64(&theirs["total_distance"]).or(Some(a.distance.0)),
                    1e-3,
                    0.01,
                );
                if let Some(elapsed) = opt_f64(&theirs["total_elapsed_time"]) {
                    c.close(
                        "activity elapsed",
                        Some(a.elapsed.0),
                        Some(elapsed),
                        1e-3,
                        0.01,
                    );
                }
                c.check(
                    "moving within elapsed",
                    a.moving.0 <= a.elapsed.0 + 1.0,
                    || format!("{} > {}", a.moving.0, a.elapsed.0),
                );
                if let (Some(avg), Some(max)) = (
                    opt_f64(&theirs["avg_heart_rate"]),
                    opt_f64(&theirs["max_heart_rate"]),
                ) {
                    let hr = a.heart_rate.map(|h| (h.average.0, h.max.0));
                    // A stated 0 bpm is no reading: we keep no heart rate rather than zero.
                    let want = (avg > 0.0 && max > 0.0).then_some((avg, max));
                    c.eq("activity heart rate", hr, want);
                }
                if let Some(ascent) = opt_f64(&theirs["total_ascent"]) {
                    c.close(
                        "activity elevation gain",
                        a.elevation_gain.map(|g| g.0),
                        Some(ascent),
                        0.0,
                        0.0,
                    );
                }
            }
            for a in activities {
                let streams = a
                    .streams
                    .as_ref()
                    .expect("decoded activities carry streams");
                c.check("consistent streams", streams.is_consistent(), || {
                    "columns of different lengths".to_string()
                });
            }
        }
        Decoded::NotAnActivity { reason } => {
            // Not an activity: another file type, or nothing to date or measure (fewer than
            // two records and no session with a start time).
            let undated_sessions = sessions.iter().all(|s| s["start_time"].is_null());
            let expected_not = file_type.is_some_and(|t| t != "activity")
                || (undated_sessions && expected["records"].as_u64().unwrap_or(0) < 2);
            c.check("not an activity", expected_not, || {
                format!("we said: {reason}")
            });
        }
    }
}

fn check_gpx(c: &mut Checker, expected: &Value, bytes: &[u8]) {
    let g = match gpx::parse(&c.path.clone(), bytes) {
        Ok(g) => g,
        Err(err) => {
            c.check("parses", false, || err.to_string());
            return;
        }
    };
    c.eq(
        "version",
        g.version.as_deref(),
        expected["gpx_version"].as_str(),
    );
    c.eq(
        "creator",
        g.creator.as_deref(),
        expected["creator"].as_str(),
    );
    c.eq(
        "tracks",
        g.tracks.len() as u64,
        expected["tracks"].as_u64().unwrap_or(0),
    );
    let segments: usize = g.tracks.iter().map(|t| t.segments.len()).sum();
    c.eq(
        "segments",
        segments as u64,
        expected["segments"].as_u64().unwrap_or(0),
    );
    c.eq(
        "points",
        g.points().count() as u64,
        expected["points"].as_u64().unwrap_or(0),
    );
    c.eq(
        "points with time",
        g.points().filter(|p| p.time.is_some()).count() as u64,
        expected["points_with_time"].as_u64().unwrap_or(0),
    );
    c.eq(
        "points with elevation",
        g.points().filter(|p| p.elevation.is_some()).count() as u64,
        expected["points_with_elevation"].as_u64().unwrap_or(0),
    );
    c.eq(
        "routes",
        g.routes as u64,
        expected["routes"].as_u64().unwrap_or(0),
    );
    c.eq(
        "route points",
        g.route_points as u64,
        expected["route_points"].as_u64().unwrap_or(0),
    );
    c.eq(
        "waypoints",
        g.waypoints as u64,
        expected["waypoints"].as_u64().unwrap_or(0),
    );
    let times: Vec<DateTime<Utc>> = g.points().filter_map(|p| p.time).collect();
    // gpxpy's time bounds are the first and last timed points in file order.
    c.eq(
        "first time",
        times.first().copied(),
        time(&expected["first_time"]),
    );
    c.eq(
        "last time",
        times.last().copied(),
        time(&expected["last_time"]),
    );
    // gpxpy measures with a flat-earth approximation (111.12 km per degree); ours is
    // haversine, so allow half a percent.
    c.close(
        "length 2d",
        Some(g.length_2d()),
        opt_f64(&expected["length_2d_m"]),
        5e-3,
        1.0,
    );
    c.eq(
        "has heart rate",
        g.points().any(|p| p.heart_rate.is_some()),
        expected["has_heart_rate"] == true,
    );
    c.eq(
        "has cadence",
        g.points().any(|p| p.cadence.is_some()),
        expected["has_cadence"] == true,
    );
}

fn check_tcx(c: &mut Checker, expected: &Value, bytes: &[u8]) {
    let t = match tcx::parse(&c.path.clone(), bytes) {
        Ok(t) => t,
        Err(err) => {
            c.check("parses", false, || err.to_string());
            return;
        }
    };
    let n = |key: &str| expected[key].as_u64().unwrap_or(0);
    c.eq("activities", t.activities.len() as u64, n("activities"));
    c.eq("courses", t.courses as u64, n("courses"));
    let sports: Vec<Value> = t
        .activities
        .iter()
        .map(|a| a.sport.clone().map_or(Value::Null, Value::from))
        .collect();
    c.eq("sports", Value::from(sports), expected["sports"].clone());
    c.eq(
        "laps",
        t.activities.iter().map(|a| a.laps.len()).sum::<usize>() as u64,
        n("laps"),
    );
    c.eq(
        "tracks",
        t.activities.iter().map(|a| a.tracks).sum::<usize>() as u64,
        n("tracks"),
    );
    let points: Vec<&tcx::Trackpoint> = t.activities.iter().flat_map(|a| &a.trackpoints).collect();
    c.eq("trackpoints", points.len() as u64, n("trackpoints"));
    c.eq(
        "trackpoints with position",
        points.iter().filter(|p| p.latitude_deg.is_some()).count() as u64,
        n("trackpoints_with_position"),
    );
    c.eq(
        "first time",
        points.first().and_then(|p| p.time),
        time(&expected["first_time"]),
    );
    c.eq(
        "last time",
        points.last().and_then(|p| p.time),
        time(&expected["last_time"]),
    );
    let laps: Vec<&tcx::Lap> = t.activities.iter().flat_map(|a| &a.laps).collect();
    let distance: f64 = laps.iter().filter_map(|l| l.distance_m).sum();
    let timer: f64 = laps.iter().filter_map(|l| l.total_time_s).sum();
    c.close(
        "lap distance sum",
        Some(distance),
        opt_f64(&expected["lap_distance_sum_m"]),
        1e-6,
        0.01,
    );
    c.close(
        "lap time sum",
        Some(timer),
        opt_f64(&expected["lap_time_sum_s"]),
        1e-6,
        0.01,
    );
    c.eq(
        "has heart rate",
        points.iter().any(|p| p.heart_rate.is_some()),
        expected["has_heart_rate"] == true,
    );
    c.eq(
        "has cadence",
        points.iter().any(|p| p.cadence.is_some()),
        expected["has_cadence"] == true,
    );
    c.eq(
        "has power",
        points.iter().any(|p| p.power_w.is_some()),
        expected["has_power"] == true,
    );
}

/// Our activity against tcxreader's reading of a single-activity TCX.
fn check_tcx_activity(c: &mut Checker, expected: &Value, decoded: &Decoded) {
    let reader = &expected["tcxreader"];
    let Decoded::Activities { activities, .. } = decoded else {
        return;
    };
    if activities.len() != 1 || !reader["error"].is_null() {
        return;
    }
    let a = &activities[0];
    // tcxreader sums the laps' DistanceMeters, as we do.
    c.close(
        "activity distance (tcxreader)",
        Some(a.distance.0),
        opt_f64(&reader["distance_m"]),
        1e-6,
        0.01,
    );
    // tcxreader's duration runs from the first to the last trackpoint. Ours runs from the
    // activity's Id (its start, which can come before the first trackpoint) and is never
    // less than the laps' timer time (pool swims stop recording points before the end).
    let lap_time = opt_f64(&expected["lap_time_sum_s"]).unwrap_or(0.0);
    if let Some(duration) = opt_f64(&reader["duration_s"]) {
        let ok = a.elapsed.0 >= duration - 2.0 && a.elapsed.0 >= lap_time - 0.01;
        c.check(
            "activity elapsed covers tcxreader's and the laps'",
            ok,
            || {
                format!(
                    "ours {}, tcxreader {duration}, laps {lap_time}",
                    a.elapsed.0
                )
            },
        );
    }
    // The laps' stated maximum wins over the trackpoints' (which tcxreader uses), and a
    // device's lap maximum can only be at or above its sampled points.
    if let Some(max) = opt_f64(&reader["hr_max"]) {
        let ours = a.heart_rate.map_or(0.0, |h| h.max.0);
        c.check("activity max HR at least tcxreader's", ours >= max, || {
            format!("ours {ours}, tcxreader {max}")
        });
    }
}

/// Our activity against gpxpy's length and time bounds.
fn check_gpx_activity(c: &mut Checker, expected: &Value, decoded: &Decoded) {
    let Decoded::Activities { activities, .. } = decoded else {
        return;
    };
    let a = &activities[0];
    if let (Some(first), Some(last)) = (time(&expected["first_time"]), time(&expected["last_time"]))
    {
        c.eq("activity start", a.start, first);
        let span = (last - first).num_milliseconds() as f64 / 1000.0;
        c.close(
            "activity elapsed",
            Some(a.elapsed.0),
            Some(span.max(0.0)),
            0.0,
            0.001,
        );
    }
    // Only when every point is timed: untimed points are not part of the activity.
    if expected["points_with_time"] == expected["points"] {
        c.close(
            "activity distance",
            Some(a.distance.0),
            opt_f64(&expected["length_2d_m"]),
            5e-3,
            1.0,
        );
    }
}

/// Cut copies of real files must still decode or fail cleanly, never panic.
fn truncated_files_never_panic(dir: &Path, min_files: usize) {
    let lines = std::fs::read_to_string(dir.join("expected.jsonl")).expect("read expected.jsonl");
    let mut cut_files = 0;
    for line in lines.lines() {
        let expected: Value = serde_json::from_str(line).expect("JSON line");
        let path = expected["path"].as_str().expect("path");
        if expected["format"] == "csv" || expected["bytes"].as_u64().unwrap_or(0) > 400_000 {
            continue;
        }
        let raw = std::fs::read(dir.join(path)).expect("corpus file");
        let plain = tuneup_formats::decompress(path, &raw)
            .expect("gzip")
            .into_owned();
        for cut in [
            plain.len() / 3,
            plain.len() * 2 / 3,
            plain.len().saturating_sub(1),
        ] {
            let result =
                std::panic::catch_unwind(|| decode(&SourceFile::new(path, plain[..cut].to_vec())));
            assert!(result.is_ok(), "{path} cut at {cut} bytes panicked");
        }
        cut_files += 1;
    }
    println!("truncation: {cut_files} files cut at three points, no panic");
    assert!(
        cut_files >= min_files,
        "only {cut_files} files cut in {}",
        dir.display()
    );
}

#[test]
fn truncated_fixture_files_never_panic() {
    truncated_files_never_panic(&fixtures_dir(), 40);
}

#[test]
#[ignore = "full tier: needs the shared corpus (../shared/corpus or TUNEUP_CORPUS); run with --include-ignored (.ci/run does)"]
fn truncated_corpus_files_never_panic() {
    truncated_files_never_panic(&corpus_dir(), 100);
}

#[test]
fn fixtures_agree_with_the_reference_decoders() {
    let dir = fixtures_dir();
    let files = agreement(&dir);
    let listed = fixture_files(&dir).len();
    assert_eq!(
        files, listed,
        "every fixture file needs its line in tests/fixtures/expected.jsonl"
    );
    assert!(files >= 50, "expected the 50 fixture files, found {files}");
}

#[test]
#[ignore = "full tier: needs the shared corpus (../shared/corpus or TUNEUP_CORPUS); run with --include-ignored (.ci/run does)"]
fn corpus_agrees_with_the_reference_decoders() {
    let files = agreement(&corpus_dir());
    assert!(
        files >= 200,
        "expected the 200-file corpus, found {files} lines"
    );
}

/// The fixtures are byte-identical copies of corpus files, and their reference lines are the
/// corpus's lines: neither may drift from the corpus.
#[test]
#[ignore = "full tier: needs the shared corpus (../shared/corpus or TUNEUP_CORPUS); run with --include-ignored (.ci/run does)"]
fn fixtures_are_unchanged_copies_of_corpus_files() {
    let corpus = corpus_dir();
    let theirs = std::fs::read_to_string(corpus.join("expected.jsonl")).expect("corpus lines");
    let theirs: std::collections::HashMap<String, Value> = theirs
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("JSON line");
            (v["path"].as_str().expect("path").to_string(), v)
        })
        .collect();
    let fixtures = fixtures_dir();
    let ours = std::fs::read_to_string(fixtures.join("expected.jsonl")).expect("fixture lines");
    for line in ours.lines().filter(|l| !l.trim().is_empty()) {
        let ours: Value = serde_json::from_str(line).expect("JSON line");
        let path = ours["path"].as_str().expect("path");
        assert_eq!(
            Some(&ours),
            theirs.get(path),
            "{path}: reference line differs"
        );
        let bytes = std::fs::read(fixtures.join(path)).expect("fixture file");
        let corpus_bytes = std::fs::read(corpus.join(path)).expect("corpus file");
        assert!(
            bytes == corpus_bytes,
            "{path}: bytes differ from the corpus"
        );
    }
}

/// Every activity file under the fixture folder (what `expected.jsonl` must list).
fn fixture_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for format in ["fit", "gpx", "tcx"] {
        for file in tuneup_formats::walk([dir.join(format)]).flatten() {
            out.push(file.name);
        }
    }
    out
}

/// A gzipped device file decodes exactly as the plain one (the corpus's `.gz` files are all
/// from GPL sources, so the default tier makes its own).
#[test]
fn gzipped_fixtures_decode_as_the_plain_files() {
    use std::io::Write;
    let dir = fixtures_dir();
    let mut checked = 0;
    for rel in [
        "fit/python-fitparse/2013-02-06-12-11-14.fit",
        "gpx/gpxpy/korita-zbevnica.gpx",
        "tcx/python-tcxparser/test.tcx",
    ] {
        let plain = std::fs::read(dir.join(rel)).expect("fixture");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&plain).expect("gzip");
        let gz = gz.finish().expect("gzip");
        let a = decode(&SourceFile::new(rel, plain)).expect("plain decodes");
        let b = decode(&SourceFile::new(format!("{rel}.gz"), gz)).expect("gzip decodes");
        let (Decoded::Activities { activities: a, .. }, Decoded::Activities { activities: b, .. }) =
            (a, b)
        else {
            panic!("{rel}: not an activity");
        };
        assert_eq!(a.len(), b.len(), "{rel}");
        for (a, b) in a.iter().zip(&b) {
            assert_eq!(a.start, b.start, "{rel}");
            assert_eq!(a.distance, b.distance, "{rel}");
            // Compared as text: a missing position is NaN, which is never equal to itself.
            let (sa, sb) = (format!("{:?}", a.streams), format!("{:?}", b.streams));
            assert!(sa == sb, "{rel}: the gzipped copy's streams differ");
        }
        checked += 1;
    }
    assert_eq!(checked, 3);
}

/// Checks every file listed in `dir/expected.jsonl`; returns how many it checked.
fn agreement(dir: &Path) -> usize {
    let lines = std::fs::read_to_string(dir.join("expected.jsonl")).expect("read expected.jsonl");
    let mut files = 0;
    let mut agreements = 0;
    let mut failures = Vec::new();
    let mut known = Vec::new();
    for line in lines.lines().filter(|l| !l.trim().is_empty()) {
        let expected: Value = serde_json::from_str(line).expect("expected.jsonl lines are JSON");
        let path = expected["path"]
            .as_str()
            .expect("every line has a path")
            .to_string();
        let bytes = std::fs::read(dir.join(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        files += 1;
        let mut c = Checker {
            path: path.clone(),
            failures: Vec::new(),
            known: Vec::new(),
            agreements: 0,
        };
        let file = SourceFile::new(path.clone(), bytes);
        let decoded = decode(&file);
        let plain = tuneup_formats::decompress(&path, &file.bytes).map(|b| b.into_owned());
        match expected["format"].as_str() {
            Some("csv") => {
                c.check("csv is not an activity file", decoded.is_err(), || {
                    format!("{decoded:?}")
                });
            }
            Some(format) => {
                let plain = plain.unwrap_or_else(|e| panic!("{e}"));
                match format {
                    "fit" => check_fit(&mut c, &expected, &plain),
                    "gpx" => check_gpx(&mut c, &expected, &plain),
                    "tcx" => check_tcx(&mut c, &expected, &plain),
                    other => panic!("{path}: unknown format {other}"),
                }
                match &decoded {
                    Ok(decoded) => {
                        if let Decoded::Activities { activities, .. } = decoded {
                            for a in activities {
                                c.eq(
                                    "sha256",
                                    a.source.file_sha256.as_deref(),
                                    expected["sha256"].as_str(),
                                );
                                let times = &a.streams.as_ref().expect("streams").time_s;
                                let ordered = times.first().is_none_or(|t| *t >= 0.0)
                                    && times.windows(2).all(|w| w[1] >= w[0]);
                                c.check("time_s from 0 and never decreasing", ordered, || {
                                    format!("{:?}", &times[..times.len().min(5)])
                                });
                                c.check("valid activity", a.validate().is_ok(), || {
                                    format!("{:?}", a.validate())
                                });
                            }
                        }
                        match format {
                            "fit" => check_fit_activities(&mut c, &expected, decoded),
                            "gpx" => {
                                let timed = expected["points_with_time"].as_u64().unwrap_or(0) > 0;
                                check_gpx_activity(&mut c, &expected, decoded);
                                c.eq(
                                    "gpx with times is an activity",
                                    matches!(decoded, Decoded::Activities { .. }),
                                    timed,
                                );
                            }
                            _ => {
                                let any = expected["activities"].as_u64().unwrap_or(0) > 0;
                                c.eq(
                                    "tcx with activities is an activity",
                                    matches!(decoded, Decoded::Activities { .. }),
                                    any,
                                );
                                check_tcx_activity(&mut c, &expected, decoded);
                            }
                        }
                    }
                    Err(err) => {
                        // Only files the reference could not read either may fail.
                        let reference_failed =
                            expected["ok"] == false || expected["fit_files"].as_u64() == Some(0);
                        c.check("decodes", reference_failed, || err.to_string());
                    }
                }
            }
            None => panic!("{path}: no format"),
        }
        agreements += c.agreements;
        failures.extend(c.failures);
        known.extend(c.known);
    }
    for k in &known {
        println!("known difference: {k}");
    }
    println!(
        "corpus: {files} files checked, {agreements} agreements, {} disagreements, {} documented differences",
        failures.len(),
        known.len()
    );
    assert!(
        failures.is_empty(),
        "disagreements with the reference:\n{}",
        failures.join("\n")
    );
    files
}
