//! The import pipeline against real device files and real SQLite files in temp folders:
//! folders, re-imports, one run in two formats, a broken file among good ones, and Strava
//! and Garmin bulk exports built here from device files (no public export exists to ship).
//! The device files are the fixtures kept in the repository
//! (`crates/tuneup-formats/tests/fixtures/`, MIT, BSD and Apache files of the shared
//! corpus), so these tests need nothing outside the checkout.

use std::io::Write;
use std::path::{Path, PathBuf};
use tuneup_core::AthleteId;
use tuneup_core::model::SourceKind;
use tuneup_import::{FileOutcome, ImportOptions, ImportReport, Location, import};
use tuneup_store::sqlite::SqliteStore;
use tuneup_store::{ActivityQuery, Page, Store};

fn fixture(rel: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tuneup-formats/tests/fixtures")
        .join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The same run as a GPX file, written here from a FIT file's first activity: its positions,
/// altitudes and times, and nothing else (as a platform's GPX export without heart rate).
fn gpx_of(fit: &[u8]) -> Vec<u8> {
    let decoded = tuneup_formats::decode(&tuneup_formats::SourceFile::new("run.fit", fit.to_vec()))
        .expect("the FIT decodes");
    let tuneup_formats::Decoded::Activities { activities, .. } = decoded else {
        panic!("not an activity");
    };
    let a = &activities[0];
    let s = a.streams.as_ref().expect("streams");
    let mut gpx = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"tuneup test\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n<trk><trkseg>\n",
    );
    for i in 0..s.len() {
        let (lat, lon) = (s.latitude_deg[i], s.longitude_deg[i]);
        if !(lat.is_finite() && lon.is_finite()) {
            continue;
        }
        let when = a.start + chrono::Duration::milliseconds((s.time_s[i] * 1000.0) as i64);
        gpx.push_str(&format!(
            "<trkpt lat=\"{lat}\" lon=\"{lon}\">{}<time>{}</time></trkpt>\n",
            s.altitude_m
                .get(i)
                .filter(|e| e.is_finite())
                .map(|e| format!("<ele>{e}</ele>"))
                .unwrap_or_default(),
            when.format("%Y-%m-%dT%H:%M:%S%.3fZ")
        ));
    }
    gpx.push_str("</trkseg></trk>\n</gpx>\n");
    gpx.into_bytes()
}

fn put(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn zip(members: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        writer
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

struct Db {
    _dir: tempfile::TempDir,
    store: SqliteStore,
}

fn fresh_db() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("tuneup.db")).unwrap();
    Db { _dir: dir, store }
}

/// Two workers and tiny batches, so the tests exercise batching and ordering.
fn options() -> ImportOptions {
    ImportOptions {
        workers: 2,
        batch_activities: 2,
        ..ImportOptions::default()
    }
}

fn run(store: &mut SqliteStore, paths: &[PathBuf]) -> ImportReport {
    let mut calls = 0;
    let report = import(
        store,
        tuneup_core::AthleteId::LOCAL,
        paths,
        &options(),
        &mut |_| calls += 1,
    );
    assert_eq!(calls, report.files.len(), "one progress call per file");
    report
}

fn outcome_of<'r>(report: &'r ImportReport, name_end: &str) -> &'r FileOutcome {
    &report
        .files
        .iter()
        .find(|f| f.file.ends_with(name_end))
        .unwrap_or_else(|| panic!("{name_end} not in {report:#?}"))
        .outcome
}

fn activity_count(store: &SqliteStore) -> usize {
    store
        .activities(AthleteId::LOCAL, &ActivityQuery::default())
        .unwrap()
        .len()
}

const GOOD: [&str; 4] = [
    "fit/python-fitparse/2013-02-06-12-11-14.fit",
    "fit/python-fitparse/activity-small-fenix2-run.fit",
    "gpx/gpxpy/korita-zbevnica.gpx",
    "tcx/python-tcxparser/test.tcx",
];

/// A run with heart rate and positions, for the FIT-and-GPX pair.
const RUN_WITH_GPS: &str = "fit/python-fitparse/2013-02-06-12-11-14.fit";

fn good_folder(dir: &Path) -> PathBuf {
    let root = dir.join("runs");
    for (i, rel) in GOOD.iter().enumerate() {
        let name = rel.rsplit('/').next().unwrap();
        // Some nested, one gzipped: the walk goes into folders and unwraps gzip.
        match i {
            0 => put(&root, &format!("2019/{name}.gz"), &gzip(&fixture(rel))),
            1 => put(&root, &format!("2019/06/{name}"), &fixture(rel)),
            _ => put(&root, name, &fixture(rel)),
        };
    }
    put(
        &root,
        "Settings.fit",
        &fixture("fit/python-fitparse/Settings.fit"),
    );
    put(&root, "notes.txt", b"shoes: 412 km");
    root
}

#[test]
fn a_folder_imports_and_importing_it_again_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = good_folder(dir.path());
    let mut db = fresh_db();

    let first = run(&mut db.store, std::slice::from_ref(&root));
    let counts = first.counts();
    assert_eq!(counts.imported, 4, "{first:#?}");
    assert_eq!(counts.skipped, 1, "{first:#?}");
    assert_eq!(counts.failed, 0, "{first:#?}");
    assert!(first.all_handled());
    assert_eq!(first.unrecognised_files, 1, "notes.txt");
    assert!(matches!(
        outcome_of(&first, "Settings.fit"),
        FileOutcome::Skipped { reason } if reason.contains("settings")
    ));
    // Walk order: the report lists files as the folder sorts them, whatever thread ended first.
    let names: Vec<&str> = first.files.iter().map(|f| f.file.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let stored = activity_count(&db.store);
    assert_eq!(stored, counts.activities_added);
    assert!(stored >= 4);
    let ids: Vec<_> = db
        .store
        .activities(AthleteId::LOCAL, &ActivityQuery::default())
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let with_streams = ids
        .iter()
        .filter(|id| {
            db.store
                .activity(AthleteId::LOCAL, **id)
                .unwrap()
                .unwrap()
                .item
                .streams
                .is_some_and(|s| !s.is_empty())
        })
        .count();
    assert_eq!(
        with_streams,
        ids.len(),
        "every imported activity keeps its samples"
    );

    let again = run(&mut db.store, &[root]);
    let counts = again.counts();
    assert_eq!(counts.already_imported, 4, "{again:#?}");
    assert_eq!(counts.imported + counts.duplicates + counts.failed, 0);
    assert!(
        again.summary().contains("already imported 4"),
        "{}",
        again.summary()
    );
    assert_eq!(activity_count(&db.store), stored);
}

#[test]
fn one_run_in_two_formats_counts_once_and_the_richer_file_wins() {
    // The same run as the watch's FIT and as a GPX export of it (positions only).
    let dir = tempfile::tempdir().unwrap();
    let original = fixture(RUN_WITH_GPS);
    let fit = put(dir.path(), "a/run.fit", &original);
    let gpx = put(dir.path(), "b/run.gpx", &gpx_of(&original));

    // The poorer file first, the richer later in another import: the richer one takes over
    // the activity, which keeps its id.
    let mut db = fresh_db();
    let first = run(&mut db.store, std::slice::from_ref(&gpx));
    let FileOutcome::Imported { activities, .. } = outcome_of(&first, ".gpx") else {
        panic!("{first:#?}")
    };
    let id = activities[0];
    let second = run(&mut db.store, std::slice::from_ref(&fit));
    assert_eq!(
        outcome_of(&second, ".fit"),
        &FileOutcome::Imported {
            activities: vec![id],
            replaced: vec![id],
            duplicate_of: vec![],
        },
        "{second:#?}"
    );
    assert_eq!(activity_count(&db.store), 1);
    let kept = db
        .store
        .activity(AthleteId::LOCAL, id)
        .unwrap()
        .unwrap()
        .item;
    assert_eq!(kept.source.kind, SourceKind::Fit);
    let decisions = db
        .store
        .duplicate_decisions(AthleteId::LOCAL, Page::ALL)
        .unwrap();
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].kept, id);
    assert_eq!(decisions[0].dropped_kind, SourceKind::Gpx);
    assert!(
        decisions[0].reason.contains("same run"),
        "{}",
        decisions[0].reason
    );

    // Both in one import, richer first: the GPX is a duplicate of the FIT's activity.
    let mut db = fresh_db();
    let both = run(&mut db.store, &[fit.clone(), gpx.clone()]);
    assert_eq!(both.counts().imported, 1, "{both:#?}");
    assert_eq!(both.counts().duplicates, 1, "{both:#?}");
    assert_eq!(activity_count(&db.store), 1);
    let stored = db
        .store
        .activities(AthleteId::LOCAL, &ActivityQuery::default())
        .unwrap();
    assert_eq!(stored[0].item.source.kind, SourceKind::Fit);
    assert_eq!(
        outcome_of(&both, ".gpx"),
        &FileOutcome::Duplicate {
            of: vec![stored[0].id]
        }
    );
    // Both files are now known: a third import of either adds nothing.
    let third = run(&mut db.store, &[gpx, fit]);
    assert_eq!(third.counts().already_imported, 2, "{third:#?}");
    assert_eq!(
        db.store
            .duplicate_decisions(AthleteId::LOCAL, Page::ALL)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_broken_file_is_reported_with_its_place_and_the_rest_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = fresh_db();
    let earlier = put(dir.path(), "earlier/run.fit", &fixture(GOOD[0]));
    run(&mut db.store, &[earlier]);
    let before = db
        .store
        .activities(AthleteId::LOCAL, &ActivityQuery::default())
        .unwrap();
    assert_eq!(before.len(), 1);

    let batch = dir.path().join("batch");
    put(&batch, "a.fit", &fixture(GOOD[1]));
    put(
        &batch,
        "b-broken.gpx",
        b"<?xml version=\"1.0\"?>\n<gpx version=\"1.1\">\n<trk><trkseg>\n<trkpt lat=\"45.0\" lon=\"7.0\"><time>2024-05-01T06:00:00Z</time></trkpt>\n<trkpt lat=\"45.1\" lon=\"7.0\"><time>2024-05-01T06:00:10Z</trkpt>\n</trkseg></trk></gpx>\n",
    );
    put(&batch, "c.gpx", &fixture(GOOD[2]));
    let report = run(&mut db.store, &[batch]);

    let counts = report.counts();
    assert_eq!((counts.imported, counts.failed), (2, 1), "{report:#?}");
    assert!(!report.all_handled());
    let FileOutcome::Failed { reason, at } = outcome_of(&report, "b-broken.gpx") else {
        panic!("{report:#?}")
    };
    assert_eq!(*at, Some(Location::Line(5)), "{reason}");
    assert!(!reason.is_empty());
    let after = db
        .store
        .activities(AthleteId::LOCAL, &ActivityQuery::default())
        .unwrap();
    assert_eq!(after.len(), 3);
    assert_eq!(
        after.iter().find(|r| r.id == before[0].id),
        Some(&before[0])
    );
}

#[test]
fn a_strava_bulk_export_brings_names_and_effort() {
    // Strava's layout: activities.csv at the root, the files under activities/, most of
    // them gzipped.
    let csv = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Filename,Perceived Exertion\n\
        101,\"Feb 6, 2013, 12:11:14 PM\",Lunch loop,Run,3000,activities/101.fit.gz,4\n\
        102,\"Oct 3, 2010, 9:36:30 AM\",Korita hike,Hike,4000,activities/102.gpx.gz,\n\
        103,\"Dec 26, 2012, 9:29:53 PM\",Boxing Day,Run,1000,activities/103.tcx,7\n";
    let export = zip(&[
        ("activities.csv", csv.as_bytes().to_vec()),
        ("activities/101.fit.gz", gzip(&fixture(GOOD[1]))),
        ("activities/102.gpx.gz", gzip(&fixture(GOOD[2]))),
        ("activities/103.tcx", fixture(GOOD[3])),
        ("profile.csv", b"Athlete ID\n1\n".to_vec()),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let path = put(dir.path(), "export_12345.zip", &export);
    let mut db = fresh_db();
    let report = run(&mut db.store, std::slice::from_ref(&path));
    assert_eq!(report.counts().imported, 3, "{report:#?}");
    assert_eq!(report.counts().failed, 0, "{report:#?}");
    assert!(
        report.files[0]
            .file
            .ends_with("export_12345.zip!activities/101.fit.gz")
    );
    let stored = db
        .store
        .activities(AthleteId::LOCAL, &ActivityQuery::default())
        .unwrap();
    let titled = |title: &str| {
        stored
            .iter()
            .find(|r| r.item.title.as_deref() == Some(title))
            .unwrap_or_else(|| panic!("no {title} in {stored:#?}"))
    };
    assert_eq!(titled("Lunch loop").item.rpe, Some(4));
    assert_eq!(titled("Boxing Day").item.rpe, Some(7));
    assert_eq!(
        titled("Korita hike").item.sport,
        tuneup_core::vocab::Sport::Hiking
    );

    let again = run(&mut db.store, &[path]);
    assert_eq!(again.counts().already_imported, 3, "{again:#?}");
}

#[test]
fn a_garmin_account_export_is_read_through_its_nested_zips() {
    // Garmin's layout: the account zip holds DI_CONNECT/DI-Connect-Uploaded-Files/, whose
    // UploadedFiles_*_Part*.zip hold the FIT files as uploaded.
    let uploaded = zip(&[
        (
            "2019-06-15-run.fit",
            fixture("fit/python-fitparse/developer-types-sample.fit"),
        ),
        ("2019-07-03-run.fit", fixture(GOOD[0])),
        ("2013-02-06-run.fit", fixture(GOOD[1])),
    ]);
    let account = zip(&[
        (
            "DI_CONNECT/DI-Connect-User/user_profile.json",
            b"{\"userName\":\"runner\"}".to_vec(),
        ),
        (
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip",
            uploaded,
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let path = put(dir.path(), "garmin_export.zip", &account);
    let mut db = fresh_db();
    let report = run(&mut db.store, &[path]);
    assert_eq!(report.counts().imported, 3, "{report:#?}");
    assert_eq!(activity_count(&db.store), 3);
    assert!(
        report.files[0]
            .file
            .contains("UploadedFiles_0-_Part1.zip!2019-06-15-run.fit"),
        "{report:#?}"
    );
    assert!(report.files.iter().all(|f| f.bytes > 0));
}

#[test]
fn the_digest_worked_out_upstream_equals_one_from_the_stored_streams() {
    // The decoding threads digest the streams as they will be stored (quantised); the store
    // keeps that digest as given. Recomputing it from the blob the store kept must agree,
    // to the last bit, or listings (digest) and a reload (streams) would give other loads.
    let dir = tempfile::tempdir().unwrap();
    let mut db = fresh_db();
    let report = run(&mut db.store, &[good_folder(dir.path())]);
    assert!(report.files.len() >= GOOD.len(), "{report:#?}");
    let listed = db
        .store
        .activities(AthleteId::LOCAL, &ActivityQuery::default())
        .unwrap();
    assert!(!listed.is_empty());
    let mut with_streams = 0;
    for record in listed {
        let stored = db
            .store
            .activity(AthleteId::LOCAL, record.id)
            .unwrap()
            .unwrap();
        let Some(streams) = stored.item.streams.as_ref() else {
            assert_eq!(record.item.digest, None);
            continue;
        };
        with_streams += 1;
        let recomputed = tuneup_core::load::digest(streams);
        assert_eq!(
            serde_json::to_string(&record.item.digest).unwrap(),
            serde_json::to_string(&Some(recomputed)).unwrap(),
            "{:?}",
            record.item.source.file_name
        );
    }
    assert!(with_streams >= GOOD.len(), "{with_streams}");
}

#[test]
fn outdated_or_missing_digests_are_recomputed_and_equal_fresh_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tuneup.db");
    let mut store = SqliteStore::open(&path).unwrap();
    run(&mut store, &[good_folder(dir.path())]);
    let fresh: Vec<_> = store
        .activities(AthleteId::LOCAL, &ActivityQuery::default())
        .unwrap();
    assert!(fresh.len() >= 3);
    assert_eq!(
        tuneup_import::refresh_digests(&mut store, AthleteId::LOCAL).unwrap(),
        0,
        "nothing stale after an import"
    );
    drop(store);
    // One digest from an older version of the digest (and wrong), one missing.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE activities SET load_digest = '{\"sampled_s\":1.0}', load_digest_version = 0
             WHERE id = ?1",
            [fresh[0].id.0],
        )
        .unwrap();
        conn.execute(
            "UPDATE activities SET load_digest = NULL, load_digest_version = NULL WHERE id = ?1",
            [fresh[1].id.0],
        )
        .unwrap();
    }
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(
        tuneup_import::refresh_digests(&mut store, AthleteId::LOCAL).unwrap(),
        2
    );
    let refreshed = store
        .activities(AthleteId::LOCAL, &ActivityQuery::default())
        .unwrap();
    assert_eq!(
        serde_json::to_string(&refreshed).unwrap(),
        serde_json::to_string(&fresh).unwrap()
    );
    assert!(
        store
            .activities_with_stale_digest(AthleteId::LOCAL, tuneup_core::load::LoadDigest::VERSION)
            .unwrap()
            .is_empty()
    );
}
