//! Files that are not imported: each is named with its reason, grouped by reason in the
//! text summary, and one named on the command line makes the exit status 3.

use super::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tuneup-formats/tests/fixtures/fit/python-fitparse")
        .join(name)
}

#[test]
fn a_file_named_on_the_command_line_that_is_not_imported_exits_3() {
    let runner = Runner::new();
    let run = fixture("2013-02-06-12-11-14.fit");
    let settings = fixture("Settings.fit");
    let photo = runner.dir.path().join("photo.jpg");
    std::fs::write(&photo, b"\xff\xd8\xff\xe0 not an activity").unwrap();
    let (run, settings, photo) = (
        run.to_str().unwrap(),
        settings.to_str().unwrap(),
        photo.to_str().unwrap(),
    );

    // A settings file named on the command line: valid, but nothing to import.
    let out = runner.run(&["import", run, settings]);
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("skipped 1 (not an activity)"), "{text}");
    // Its reason is the group's heading, the file listed under it.
    let heading = text
        .lines()
        .position(|l| l.starts_with("skipped, "))
        .unwrap_or_else(|| panic!("no skipped group in {text}"));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[heading + 1].trim(), settings, "{text}");

    // A file of no activity format named on the command line is named too (no longer only
    // counted), and the run it came with is already stored: exit 3 still.
    let out = runner.run(&["import", run, photo]);
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("skipped, not a FIT, GPX, TCX, gzip or zip file:"),
        "{text}"
    );
    assert!(text.contains(&format!("  {photo}")), "{text}");

    // The same photo inside a folder is one of the export's other files: counted, exit 0.
    let folder = runner.dir.path().join("export");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(photo, folder.join("photo.jpg")).unwrap();
    std::fs::copy(run, folder.join("run.fit")).unwrap();
    let out = runner.run(&["import", folder.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("1 other files ignored"), "{text}");

    // Only files that were imported or are already stored: exit 0.
    let out = runner.run(&["import", run]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}
