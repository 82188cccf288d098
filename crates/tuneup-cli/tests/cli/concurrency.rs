//! Several `tuneup import` processes into one database at once, with a reader running.

use super::*;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};

/// The repository's device files plus `runs` generated GPX runs (one a day): an export big
/// enough for imports to overlap.
pub(crate) fn export(dir: &Path, runs: usize) -> PathBuf {
    let export = dir.join("export");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tuneup-formats/tests/fixtures");
    copy_tree(&fixtures, &export.join("devices"));
    let generated = export.join("generated");
    std::fs::create_dir_all(&generated).unwrap();
    for i in 0..runs {
        std::fs::write(generated.join(format!("run{i:03}.gpx")), gpx_run(i)).unwrap();
    }
    export
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A 40-minute run on day `i` of 2025, a point a minute.
pub(crate) fn gpx_run(i: usize) -> String {
    let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(i as u64);
    let mut points = String::new();
    for minute in 0..=40 {
        let lat = 45.0 + minute as f64 * 0.002;
        points.push_str(&format!(
            "<trkpt lat=\"{lat:.5}\" lon=\"7.0\"><ele>200</ele><time>{day}T06:{minute:02}:00Z</time></trkpt>\n"
        ));
    }
    format!(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"test\"><trk><name>Run {i}</name><trkseg>\n{points}</trkseg></trk></gpx>\n"
    )
}

fn count(db: &Path, what: &[&str]) -> usize {
    let out = tuneup(db, what);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    list.as_array().unwrap().len()
}

#[test]
fn three_concurrent_imports_and_a_reader_store_an_export_once() {
    let dir = tempfile::tempdir().unwrap();
    let export = export(dir.path(), 150);
    let export = export.to_str().unwrap();

    let clean = Runner::new();
    let clean_out = clean.run(&["import", export, export]);
    let clean_status = clean_out.status.code();
    let clean_count = count(&clean.db, &["activities", "--json"]);
    assert!(clean_count > 150, "{clean_count}");

    for existing in [false, true] {
        let runner = Runner::new();
        if existing {
            runner.ok(&["profile", "set", "--max-hr", "190"]);
        }
        let importing = AtomicBool::new(true);
        let outputs = std::thread::scope(|scope| {
            let imports: Vec<_> = (0..3)
                .map(|_| {
                    scope.spawn(|| {
                        Command::new(env!("CARGO_BIN_EXE_tuneup"))
                            .arg("--database")
                            .arg(&runner.db)
                            .args(["import", export, export])
                            .env_remove("TUNEUP_DATABASE")
                            .env("TUNEUP_TODAY", "2026-11-27")
                            .stdin(Stdio::null())
                            .output()
                            .unwrap()
                    })
                })
                .collect();
            let reader = scope.spawn(|| {
                let mut reads = 0;
                while importing.load(Ordering::SeqCst) {
                    if runner.db.exists() {
                        let out = runner.run(&["activities", "--json"]);
                        assert!(
                            out.status.success(),
                            "a reader failed during the imports: {}",
                            String::from_utf8_lossy(&out.stderr)
                        );
                        reads += 1;
                    }
                }
                reads
            });
            let outputs: Vec<Output> = imports.into_iter().map(|i| i.join().unwrap()).collect();
            importing.store(false, Ordering::SeqCst);
            reader.join().unwrap();
            outputs
        });
        for out in &outputs {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert_eq!(
                out.status.code(),
                clean_status,
                "existing {existing}: {stdout}\n{stderr}"
            );
            assert!(
                stderr.lines().all(|line| line.starts_with("waiting: ")
                    || line.starts_with("tuneup: created a new database")),
                "only the notices that it waits or made the file: {stderr}"
            );
            for bad in ["locked", "already exists", "cannot store", "database error"] {
                assert!(
                    !stderr.contains(bad) && !stdout.contains(bad),
                    "existing {existing}: {stdout}\n{stderr}"
                );
            }
        }
        assert_eq!(
            count(&runner.db, &["activities", "--json"]),
            clean_count,
            "existing {existing}"
        );
    }
}

#[test]
fn a_folder_with_a_fifo_and_links_to_itself_imports_and_says_what_it_skipped() {
    let runner = Runner::new();
    let folder = runner.dir.path().join("watch");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("run.gpx"), gpx_run(0)).unwrap();
    std::os::unix::fs::symlink(&folder, folder.join("again1")).unwrap();
    std::os::unix::fs::symlink(&folder, folder.join("again2")).unwrap();
    let linked = runner.dir.path().join("elsewhere");
    std::fs::create_dir_all(&linked).unwrap();
    std::fs::write(linked.join("other.gpx"), gpx_run(1)).unwrap();
    std::os::unix::fs::symlink(&linked, folder.join("linked")).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(folder.join("pipe.gpx"))
            .status()
            .unwrap()
            .success()
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_tuneup"))
        .arg("--database")
        .arg(&runner.db)
        .args(["import", folder.to_str().unwrap()])
        .env("TUNEUP_TODAY", "2026-11-27")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed().as_secs() > 60 {
            child.kill().unwrap();
            panic!("the import blocked");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.starts_with("imported 2,"), "{text}");
    assert!(
        text.contains("skipped, a link to a folder already walked:"),
        "{text}"
    );
    assert!(
        text.contains("skipped, a named pipe (FIFO), not a regular file:\n  "),
        "{text}"
    );
}
