//! Output that cannot be written: stdout on a full device, and a database file past the
//! file-size limit (`ulimit -f`). Each is a message on stderr and exit 1, never a panic or
//! a death by signal.

use super::*;

#[test]
fn a_full_stdout_is_an_error_not_a_panic() {
    let runner = Runner::new();
    runner.ok(&["demo"]);
    for args in [&["plan"][..], &["activities"], &["profile", "show"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_tuneup"))
            .arg("--database")
            .arg(&runner.db)
            .args(args)
            .env("TUNEUP_TODAY", "2026-11-27")
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        // Either the printer's own message or the OS error the command hit, named as such.
        assert!(
            stderr.contains("tuneup: error: cannot write the output")
                || stderr.contains("tuneup: error: No space left on device"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn an_import_past_the_file_size_limit_says_so() {
    let runner = Runner::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tuneup-formats/tests/fixtures");
    // 100 blocks of 512 bytes: the fixtures' database outgrows it.
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 100 && exec \"$0\" --database \"$1\" import \"$2\"")
        .arg(env!("CARGO_BIN_EXE_tuneup"))
        .arg(&runner.db)
        .arg(&fixtures)
        .env("TUNEUP_TODAY", "2026-11-27")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Not killed by SIGXFSZ (no exit code then), but a message and exit 1.
    assert_eq!(out.status.code(), Some(1), "{:?}: {stderr}", out.status);
    assert!(stderr.contains("tuneup: error:"), "{stderr}");
    assert!(stderr.contains("disk"), "{stderr}");
}
