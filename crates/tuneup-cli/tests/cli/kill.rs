//! The kill test (full tier): the release binary's `tuneup import` of about 300 files is
//! killed with SIGKILL at 50 seeded random points. Each time the database passes
//! `PRAGMA integrity_check` and holds whole files only (every session of a file, or none of
//! it, each with its original and its streams), and a re-run ends with exactly the clean
//! import's count.

use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// The release binary: `target/release/tuneup` beside this workspace (`.ci/run` builds it),
/// or `TUNEUP_RELEASE_BIN`.
fn release_binary() -> PathBuf {
    let path = std::env::var_os("TUNEUP_RELEASE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release/tuneup")
        });
    assert!(
        path.is_file(),
        "the kill test needs the release binary at {} (cargo build --release -p tuneup-cli, or set TUNEUP_RELEASE_BIN)",
        path.display()
    );
    path
}

/// A 40-minute run on day `i`, a point every 2 s with heart rate (about 150 KB).
pub(super) fn long_gpx(i: usize) -> String {
    let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(i as u64);
    let mut gpx = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"kill\" xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\"><trk><trkseg>\n",
    );
    for s in (0..2400).step_by(2) {
        gpx.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"7.0\"><ele>{}</ele><time>{day}T06:{:02}:{:02}Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>\n",
            45.0 + s as f64 * 0.00003,
            200 + s % 17,
            s / 60,
            s % 60,
            130 + s % 30
        ));
    }
    gpx.push_str("</trkseg></trk></gpx>\n");
    gpx
}

fn import(binary: &Path, db: &Path, export: &Path) -> std::process::Child {
    Command::new(binary)
        .arg("--database")
        .arg(db)
        .arg("import")
        .arg(export)
        .env_remove("TUNEUP_DATABASE")
        .env("TUNEUP_TODAY", "2026-11-27")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Each imported file's placed sessions, by hash.
fn sessions(db: &Path) -> BTreeMap<String, BTreeSet<i64>> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut statement = conn
        .prepare("SELECT sha256, session_index FROM imported_sessions")
        .unwrap();
    let mut out: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
    for row in statement
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .unwrap()
    {
        let (sha, index) = row.unwrap();
        out.entry(sha).or_default().insert(index);
    }
    out
}

fn activity_count(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM activities", [], |r| r.get(0))
        .unwrap()
}

/// Integrity, and whole files only: every file imported has all the sessions the clean
/// import placed for it; every activity has its original and its streams.
fn check_whole(db: &Path, clean: &BTreeMap<String, BTreeSet<i64>>, point: usize) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "kill point {point}");
    // Killed while the new file was being migrated: the migration is one transaction, so
    // either every table is there or none is.
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    if version == 0 {
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0, "kill point {point}: a half-migrated database");
        return;
    }
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM activities a
             WHERE a.source_sha256 IS NOT NULL
               AND (NOT EXISTS (SELECT 1 FROM original_files f WHERE f.sha256 = a.source_sha256)
                 OR NOT EXISTS (SELECT 1 FROM activity_streams s WHERE s.activity_id = a.id))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        orphans, 0,
        "kill point {point}: activities without their file or streams"
    );
    let originals: i64 = conn
        .query_row(
            "SELECT count(*) FROM athlete_originals o
             WHERE NOT EXISTS (SELECT 1 FROM imported_sessions s WHERE s.sha256 = o.sha256)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        originals, 0,
        "kill point {point}: a file kept with nothing placed"
    );
    drop(conn);
    for (sha, placed) in sessions(db) {
        assert_eq!(
            Some(&placed),
            clean.get(&sha),
            "kill point {point}: file {sha} is part-imported"
        );
    }
}

#[test]
#[ignore = "full tier: kills the release binary 50 times (needs target/release/tuneup)"]
fn an_import_killed_at_50_random_points_leaves_whole_files_and_a_rerun_completes() {
    let binary = release_binary();
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir_all(&export).unwrap();
    // About 300 files: generated runs, plus the repository's device files (some holding
    // several sessions, some the same run as another).
    for i in 0..270 {
        std::fs::write(export.join(format!("run{i:03}.gpx")), long_gpx(i)).unwrap();
    }
    let devices = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tuneup-formats/tests/fixtures");
    let copied = Command::new("cp")
        .arg("-r")
        .arg(&devices)
        .arg(export.join("devices"))
        .status()
        .unwrap();
    assert!(copied.success());

    let clean_db = dir.path().join("clean.db");
    let started = Instant::now();
    let clean_status = import(&binary, &clean_db, &export).wait().unwrap();
    let clean_time = started.elapsed();
    assert!(
        matches!(clean_status.code(), Some(0 | 3)),
        "{clean_status:?}"
    );
    let clean_count = activity_count(&clean_db);
    let clean_sessions = sessions(&clean_db);
    assert!(clean_count > 270, "{clean_count}");

    // A fixed seed: the same 50 points on every run (xorshift).
    let mut state: u64 = 0x5eed_1234_abcd_0001;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let span_ms = (clean_time.as_millis() as u64).max(50);
    let mut killed_midway = 0;
    for point in 0..50 {
        let db = dir.path().join(format!("killed{point}.db"));
        let mut at = Duration::from_millis(next() % span_ms);
        // The point is a time into the import; on a busy machine the import may finish
        // first, and then the point moves earlier until the kill lands mid-import.
        loop {
            let mut child = import(&binary, &db, &export);
            std::thread::sleep(at);
            if child.try_wait().unwrap().is_none() {
                // SIGKILL: no destructor, no rollback, no flush.
                child.kill().unwrap();
                let status = child.wait().unwrap();
                assert!(status.code().is_none(), "killed by a signal");
                killed_midway += 1;
                break;
            }
            for suffix in ["", "-wal", "-shm"] {
                std::fs::remove_file(format!("{}{suffix}", db.display())).ok();
            }
            at /= 2;
        }
        if db.exists() {
            check_whole(&db, &clean_sessions, point);
        }
        let rerun = Command::new(&binary)
            .arg("--database")
            .arg(&db)
            .arg("import")
            .arg(&export)
            .env_remove("TUNEUP_DATABASE")
            .env("TUNEUP_TODAY", "2026-11-27")
            .output()
            .unwrap();
        assert_eq!(
            rerun.status.code(),
            clean_status.code(),
            "kill point {point} ({at:?}): {}{}",
            String::from_utf8_lossy(&rerun.stdout),
            String::from_utf8_lossy(&rerun.stderr)
        );
        assert_eq!(
            activity_count(&db),
            clean_count,
            "kill point {point} ({at:?})"
        );
        assert_eq!(sessions(&db), clean_sessions, "kill point {point}");
        std::fs::remove_file(&db).ok();
    }
    eprintln!(
        "kill test: clean import {clean_time:?}, {clean_count} activities; {killed_midway} of 50 kills landed mid-import"
    );
    assert_eq!(killed_midway, 50);
}
