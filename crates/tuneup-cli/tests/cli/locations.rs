//! Database locations: throwaway ones are refused (nothing is reported saved that is not
//! kept), and a database in a folder that cannot be written is still read.

use super::*;

#[test]
fn throwaway_databases_are_refused_before_any_work() {
    for given in ["sqlite://", ":memory:", "sqlite://:memory:"] {
        let out = Command::new(env!("CARGO_BIN_EXE_tuneup"))
            .args([
                "--database",
                given,
                "activity",
                "add",
                "--date",
                "2026-11-20",
            ])
            .args(["--duration", "45m", "--distance", "8k"])
            .env("TUNEUP_TODAY", "2026-11-27")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{given}: {stderr}");
        assert!(
            stderr.contains("names no database file"),
            "{given}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{given}: reported {:?}", out.stdout);
    }
    // sqlite://PATH is the file at PATH.
    let runner = Runner::new();
    let url = format!("sqlite://{}", runner.db.display());
    let out = Command::new(env!("CARGO_BIN_EXE_tuneup"))
        .args([
            "--database",
            &url,
            "activity",
            "add",
            "--date",
            "2026-11-20",
        ])
        .args(["--duration", "45m", "--distance", "8k"])
        .env("TUNEUP_TODAY", "2026-11-27")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(runner.db.is_file());
    assert!(runner.ok(&["activities"]).contains("8.00 km"));
}

/// Makes `folder` read-only: by its mode, or (for root, whom modes do not stop) by a
/// read-only bind mount. Returns whether a mount must be undone.
fn make_read_only(folder: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(folder.join("probe"), b"x").is_err() {
        return false;
    }
    std::fs::remove_file(folder.join("probe")).unwrap();
    let mounted = Command::new("mount")
        .args(["-o", "bind,ro"])
        .arg(folder)
        .arg(folder)
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        mounted,
        "running as root, and `mount -o bind,ro` failed: cannot make a read-only folder"
    );
    true
}

#[test]
fn a_database_in_a_read_only_folder_is_read() {
    let runner = Runner::new();
    let folder = runner.dir.path().join("shared");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("a.db");
    let db_arg = db.to_str().unwrap();
    let add = [
        "activity",
        "add",
        "--date",
        "2026-11-20",
        "--duration",
        "45m",
    ];
    let out = tuneup(&db, &[&add[..], &["--distance", "8k"]].concat());
    assert!(out.status.success(), "{out:?}");
    let mounted = make_read_only(&folder);
    let read = tuneup(&db, &["activities"]);
    let write = tuneup(&db, &[&add[..], &["--distance", "9k"]].concat());
    if mounted {
        Command::new("umount").arg(&folder).status().unwrap();
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let listed = String::from_utf8_lossy(&read.stdout);
    assert!(read.status.success(), "{db_arg}: {read:?}");
    assert!(listed.contains("8.00 km"), "{listed}");
    // Writing is refused with a message, and nothing is reported saved.
    let stderr = String::from_utf8_lossy(&write.stderr);
    assert_eq!(write.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("readonly"), "{stderr}");
}
