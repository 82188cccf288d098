//! A removal is remembered: an activity the runner removed stays removed when the same export
//! is imported again (the report says so, and when), and `restore` brings it back. Real
//! device files (the repository's fixtures) in a zip made here, and a real SQLite file.

use chrono::{TimeZone, Utc};
use std::io::Write;
use std::path::{Path, PathBuf};
use tuneup_core::AthleteId;
use tuneup_import::{FileOutcome, ImportOptions, ImportReport, import};
use tuneup_store::sqlite::SqliteStore;
use tuneup_store::{ActivityQuery, Store};

const ME: AthleteId = AthleteId::LOCAL;

fn fixture(rel: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tuneup-formats/tests/fixtures")
        .join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// An export of two runs, as one zip.
fn export(dir: &Path) -> PathBuf {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for rel in [
        "fit/python-fitparse/2013-02-06-12-11-14.fit",
        "fit/python-fitparse/activity-small-fenix2-run.fit",
    ] {
        let name = rel.rsplit('/').next().unwrap();
        writer
            .start_file(
                format!("activities/{name}"),
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
        writer.write_all(&fixture(rel)).unwrap();
    }
    let path = dir.join("export.zip");
    std::fs::write(&path, writer.finish().unwrap().into_inner()).unwrap();
    path
}

fn run(store: &mut SqliteStore, path: &Path, restore: bool) -> ImportReport {
    let options = ImportOptions {
        workers: 2,
        restore,
        ..ImportOptions::default()
    };
    import(store, ME, &[path.to_path_buf()], &options, &mut |_| {})
}

fn titles_and_starts(store: &SqliteStore) -> Vec<(chrono::DateTime<Utc>, Option<String>)> {
    store
        .activities(ME, &ActivityQuery::default())
        .unwrap()
        .into_iter()
        .map(|r| (r.item.start, r.item.source.file_name))
        .collect()
}

#[test]
fn a_removed_activity_stays_removed_until_restored() {
    let dir = tempfile::tempdir().unwrap();
    let zip = export(dir.path());
    let mut store = SqliteStore::open(&dir.path().join("tuneup.db")).unwrap();
    let first = run(&mut store, &zip, false);
    assert_eq!(first.counts().imported, 2, "{first:#?}");
    let before = titles_and_starts(&store);
    assert_eq!(before.len(), 2);

    let listed = store.activities(ME, &ActivityQuery::default()).unwrap();
    let removed = &listed[1];
    let when = Utc.with_ymd_and_hms(2026, 12, 2, 18, 0, 0).unwrap();
    assert!(store.remove_activity(ME, removed.id, when).unwrap());

    // The same export again: the removed run stays out, and the report says when it left.
    let again = run(&mut store, &zip, false);
    let counts = again.counts();
    assert_eq!(
        (counts.imported, counts.already_imported, counts.removed),
        (0, 1, 1),
        "{again:#?}"
    );
    let file = removed.item.source.file_name.as_deref().unwrap();
    let outcome = &again
        .files
        .iter()
        .find(|f| f.file.ends_with(file))
        .unwrap()
        .outcome;
    assert_eq!(
        outcome,
        &FileOutcome::Removed {
            sessions: 1,
            of: 1,
            removed_at: when
        }
    );
    assert!(
        again.summary().contains("1 removed by you"),
        "{}",
        again.summary()
    );
    assert_eq!(titles_and_starts(&store), before[..1].to_vec());

    // Restored: the run is back, as it was, and a third import adds nothing.
    let restored = run(&mut store, &zip, true);
    assert_eq!(restored.counts().imported, 1, "{restored:#?}");
    assert_eq!(restored.counts().already_imported, 1, "{restored:#?}");
    assert_eq!(titles_and_starts(&store), before);
    let third = run(&mut store, &zip, false);
    assert_eq!(third.counts().already_imported, 2, "{third:#?}");
    assert_eq!(third.counts().removed, 0);
}
