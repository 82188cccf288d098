//! Ctrl-C during an import: the import stops with status 130, says how far it got and that
//! running it again finishes it, and the re-run does.

use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn ctrl_c_during_an_import_says_how_far_it_got_and_a_rerun_finishes_it() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir_all(&export).unwrap();
    let files = 150;
    for i in 0..files {
        std::fs::write(
            export.join(format!("run{i:03}.gpx")),
            super::kill::long_gpx(i),
        )
        .unwrap();
    }
    let db = dir.path().join("a.db");
    let mut wait = Duration::from_millis(1500);
    let stderr = loop {
        let _ = std::fs::remove_file(&db);
        let child = Command::new(env!("CARGO_BIN_EXE_tuneup"))
            .arg("--database")
            .arg(&db)
            .arg("import")
            .arg(&export)
            .env_remove("TUNEUP_DATABASE")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(wait);
        let sent = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        if out.status.code() == Some(130) {
            break stderr;
        }
        // The import finished before the signal (a fast machine): interrupt sooner.
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(
            wait > Duration::from_millis(20),
            "the import never ran long enough"
        );
        wait /= 2;
    };
    assert!(
        stderr.contains(&format!(" of {files} files finished")),
        "{stderr}"
    );
    assert!(stderr.contains(" stored."), "{stderr}");
    assert!(
        stderr.contains("Run the same import again to finish it"),
        "{stderr}"
    );
    let rerun = super::tuneup(&db, &["import", export.to_str().unwrap()]);
    assert!(
        rerun.status.success(),
        "{}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    let listed = super::tuneup(&db, &["activities", "--json"]);
    let activities: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(activities.as_array().unwrap().len(), files);
}
