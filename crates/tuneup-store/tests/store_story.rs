//! One story of the store's behaviour, told against a real SQLite file.

use chrono::{NaiveDate, TimeZone, Utc};
use tuneup_core::AthleteId;
use tuneup_core::model::*;
use tuneup_core::units::*;
use tuneup_core::vocab::*;
use tuneup_core::{Id, Record};
use tuneup_store::sqlite::SqliteStore;
use tuneup_store::{ActivityQuery, NewActivity, Original, Page, Store, StoreError, Streams};

/// The digest the pipeline hands the store: of the streams as they will be stored.
fn digest_of(activity: &Activity) -> Option<&'static tuneup_core::load::LoadDigest> {
    let streams = activity.streams.as_ref()?;
    Some(Box::leak(Box::new(tuneup_core::load::digest(
        &streams.quantised(),
    ))))
}

fn with_file<'a>(activity: &'a Activity, bytes: &'a [u8]) -> NewActivity<'a> {
    NewActivity {
        activity,
        original: Some(Original {
            bytes,
            sha256: Box::leak(sha(bytes).into_boxed_str()),
            name: activity.source.file_name.as_deref(),
        }),
        digest: digest_of(activity),
    }
}

fn no_file(activity: &Activity) -> NewActivity<'_> {
    NewActivity {
        activity,
        original: None,
        digest: digest_of(activity),
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("valid test date")
}

fn fresh() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("tuneup.db")).unwrap();
    (dir, store)
}

fn run_with_streams() -> Activity {
    Activity {
        sport: Sport::Running,
        start: Utc.with_ymd_and_hms(2026, 11, 21, 7, 0, 0).unwrap(),
        utc_offset_s: 3600,
        elapsed: Seconds(3600.0),
        moving: Seconds(3500.0),
        distance: Meters(12_000.0),
        elevation_gain: Some(Meters(80.0)),
        heart_rate: Some(HeartRateSummary {
            average: Bpm(148.0),
            max: Bpm(171.0),
        }),
        rpe: None,
        title: Some("Saturday long run".into()),
        kind: Some(SessionKind::Long),
        source: ActivitySource {
            kind: SourceKind::Fit,
            file_sha256: None,
            file_name: Some("run.fit".into()),
            device: Some("garmin fr955".into()),
        },
        streams: Some(SampleStreams {
            time_s: vec![0.0, 1.0, 2.0],
            distance_m: vec![0.0, 3.33, 6.67],
            heart_rate_bpm: vec![140, 141, 0],
            ..Default::default()
        }),
        digest: None,
    }
}

#[test]
fn migrates_an_empty_file_and_reopens_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.db");
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 6);
    drop(store);
    let again = SqliteStore::open(&path).unwrap();
    assert_eq!(again.schema_version().unwrap(), 6);
    assert_eq!(
        again.profile(AthleteId::LOCAL).unwrap(),
        AthleteProfile::default()
    );
}

#[test]
fn a_missing_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/folder/x.db");
    let err = SqliteStore::open(&path).err().expect("must fail");
    assert!(matches!(err, StoreError::MissingFolder { .. }));
    assert!(err.to_string().contains("no/such/folder"), "{err}");
    assert!(!path.exists());
}

#[test]
fn every_entity_round_trips() {
    let (_dir, mut store) = fresh();

    let profile = AthleteProfile {
        name: Some("Sam".into()),
        max_hr: Some(Bpm(190.0)),
        rest_hr: Some(Bpm(50.0)),
        threshold_pace: Some(MetersPerSecond(1000.0 / 270.0)),
        sex: Some(Sex::Female),
        tools: vec![Tool::FoamRoller, Tool::Hands],
        ..AthleteProfile::default()
    };
    store.set_profile(AthleteId::LOCAL, &profile).unwrap();
    assert_eq!(store.profile(AthleteId::LOCAL).unwrap(), profile);

    let run = run_with_streams();
    let bytes = b"original file bytes";
    let ids = store
        .add_activities(AthleteId::LOCAL, &[with_file(&run, bytes)])
        .unwrap();
    let stored = store.activity(AthleteId::LOCAL, ids[0]).unwrap().unwrap();
    let sha = stored.item.source.file_sha256.clone().unwrap();
    assert_eq!(
        store.original(AthleteId::LOCAL, &sha).unwrap().unwrap(),
        bytes
    );
    assert!(store.has_original(AthleteId::LOCAL, &sha).unwrap());
    let mut expected = run.clone();
    expected.source.file_sha256 = Some(sha);
    // The digest is of the streams as stored (quantised), so the loads match a reload.
    expected.digest = Some(tuneup_core::load::digest(
        stored.item.streams.as_ref().unwrap(),
    ));
    // Streams are quantised to 1 cm; compare the summary exactly and the streams closely.
    let streams = stored.item.streams.clone().unwrap();
    assert_eq!(streams.heart_rate_bpm, vec![140, 141, 0]);
    assert!((streams.distance_m[2] - 6.67).abs() < 1e-9);
    assert_eq!(
        Activity {
            streams: None,
            ..stored.item.clone()
        },
        Activity {
            streams: None,
            ..expected.clone()
        }
    );
    let listed = store
        .activities(AthleteId::LOCAL, &ActivityQuery::default())
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].item.streams.is_none());
    assert_eq!(
        listed[0].item.digest, expected.digest,
        "listings carry the digest"
    );
    let with = store
        .activities(
            AthleteId::LOCAL,
            &ActivityQuery {
                streams: Streams::With,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(with[0].item.streams.is_some());
    let since_later = store
        .activities(
            AthleteId::LOCAL,
            &ActivityQuery {
                since: Some(day(22)),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(since_later.is_empty());

    let race = Race {
        date: day(29),
        name: "City Marathon".into(),
        distance: Meters(42_195.0),
        priority: RacePriority::A,
    };
    let race_id = store.add_race(AthleteId::LOCAL, &race).unwrap();
    assert_eq!(
        store.races(AthleteId::LOCAL, Page::ALL).unwrap(),
        vec![Record::new(race_id, race)]
    );

    let planned = PlannedSession {
        date: day(24),
        kind: SessionKind::Hard,
        title: "6x800 intervals".into(),
    };
    let planned_id = store.add_planned(AthleteId::LOCAL, &planned).unwrap();
    assert_eq!(
        store.planned(AthleteId::LOCAL, Page::ALL).unwrap(),
        vec![Record::new(planned_id, planned)]
    );

    let sore = SorenessEntry {
        date: day(22),
        area: BodyArea::Calves,
        side: Side::Left,
        level: 6,
        kind: SorenessKind::Tight,
        note: Some("after the hills".into()),
    };
    let sore_id = store.add_soreness(AthleteId::LOCAL, &sore).unwrap();
    assert_eq!(
        store.soreness(AthleteId::LOCAL, Page::ALL).unwrap(),
        vec![Record::new(sore_id, sore)]
    );

    let therapist = Therapist {
        name: "Alex Kim".into(),
        licence: Some("LMT-1234".into()),
        techniques: vec![Technique::Swedish, Technique::DeepTissue],
        price: Some(90.0),
        ..Therapist::default()
    };
    let therapist_id = store.add_therapist(AthleteId::LOCAL, &therapist).unwrap();
    assert_eq!(
        store.therapists(AthleteId::LOCAL, Page::ALL).unwrap(),
        vec![Record::new(therapist_id, therapist)]
    );

    let massage = MassageSession {
        date: day(20),
        therapist: Some(therapist_id),
        techniques: vec![Technique::Swedish],
        areas: vec![BodyArea::Calves, BodyArea::Quads],
        pressure: Some(3),
        purpose: MassagePurpose::Maintenance,
        cost: Some(90.0),
        insurance: InsuranceStatus::ToClaim,
        felt_after: None,
        note: None,
    };
    let massage_id = store.add_massage(AthleteId::LOCAL, &massage).unwrap();
    assert_eq!(
        store.massages(AthleteId::LOCAL, Page::ALL).unwrap(),
        vec![Record::new(massage_id, massage)]
    );

    assert!(store.remove_race(AthleteId::LOCAL, race_id).unwrap());
    assert!(!store.remove_race(AthleteId::LOCAL, race_id).unwrap());
    assert!(store.remove_planned(AthleteId::LOCAL, planned_id).unwrap());
    assert!(store.races(AthleteId::LOCAL, Page::ALL).unwrap().is_empty());
    assert!(store.remove_activity(AthleteId::LOCAL, ids[0]).unwrap());
    assert!(store.activity(AthleteId::LOCAL, ids[0]).unwrap().is_none());
}

#[test]
fn a_failed_transaction_leaves_no_partial_rows() {
    let (_dir, mut store) = fresh();
    let race = Race {
        date: day(29),
        name: "Turkey Trot".into(),
        distance: Meters(5000.0),
        priority: RacePriority::C,
    };
    let result = store.in_transaction(&mut |store| {
        store.add_race(AthleteId::LOCAL, &race)?;
        store.add_planned(
            AthleteId::LOCAL,
            &PlannedSession {
                date: day(24),
                kind: SessionKind::Easy,
                title: "shakeout".into(),
            },
        )?;
        // The third write is invalid: the whole action must vanish.
        store.add_soreness(
            AthleteId::LOCAL,
            &SorenessEntry {
                date: day(22),
                area: BodyArea::Neck,
                side: Side::Both,
                level: 11,
                kind: SorenessKind::Sore,
                note: None,
            },
        )?;
        Ok(())
    });
    let err = result.unwrap_err();
    assert!(err.to_string().contains("level"), "{err}");
    assert!(store.races(AthleteId::LOCAL, Page::ALL).unwrap().is_empty());
    assert!(
        store
            .planned(AthleteId::LOCAL, Page::ALL)
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .soreness(AthleteId::LOCAL, Page::ALL)
            .unwrap()
            .is_empty()
    );

    // A batch with one bad activity adds none of them.
    let good = run_with_streams();
    let mut bad = run_with_streams();
    bad.rpe = Some(11);
    let err = store
        .add_activities(
            AthleteId::LOCAL,
            &[with_file(&good, b"good"), with_file(&bad, b"bad")],
        )
        .unwrap_err();
    assert!(err.to_string().contains("rpe"), "{err}");
    assert!(
        store
            .activities(AthleteId::LOCAL, &ActivityQuery::default())
            .unwrap()
            .is_empty()
    );
    assert!(!store.has_original(AthleteId::LOCAL, "anything").unwrap());

    // And a successful transaction keeps everything.
    store
        .in_transaction(&mut |store| {
            store.add_race(AthleteId::LOCAL, &race)?;
            Ok(())
        })
        .unwrap();
    assert_eq!(store.races(AthleteId::LOCAL, Page::ALL).unwrap().len(), 1);
}

#[test]
fn ids_are_per_database() {
    let (_dir, mut store) = fresh();
    let id = store
        .add_therapist(
            AthleteId::LOCAL,
            &Therapist {
                name: "Jo".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(id, Id(1));
}

#[test]
fn a_duplicate_keeps_its_bytes_and_the_decision() {
    let (_dir, mut store) = fresh();
    let run = run_with_streams();
    let ids = store
        .add_activities(AthleteId::LOCAL, &[with_file(&run, b"fit bytes")])
        .unwrap();
    let mut gpx = run.clone();
    gpx.source.kind = SourceKind::Gpx;
    gpx.source.file_name = Some("run.gpx".into());
    store
        .record_duplicate(
            AthleteId::LOCAL,
            ids[0],
            with_file(&gpx, b"gpx bytes"),
            "fewer channels",
        )
        .unwrap();

    assert_eq!(
        store
            .activities(AthleteId::LOCAL, &ActivityQuery::default())
            .unwrap()
            .len(),
        1
    );
    let gpx_sha = sha(b"gpx bytes");
    assert!(store.has_original(AthleteId::LOCAL, &gpx_sha).unwrap());
    let decisions = store
        .duplicate_decisions(AthleteId::LOCAL, Page::ALL)
        .unwrap();
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].kept, ids[0]);
    assert_eq!(
        decisions[0].dropped_sha256.as_deref(),
        Some(gpx_sha.as_str())
    );
    assert_eq!(decisions[0].dropped_name.as_deref(), Some("run.gpx"));
    assert_eq!(decisions[0].dropped_kind, SourceKind::Gpx);
    assert_eq!(decisions[0].reason, "fewer channels");

    let err = store
        .record_duplicate(
            AthleteId::LOCAL,
            Id(999),
            with_file(&gpx, b"other bytes"),
            "x",
        )
        .unwrap_err();
    assert!(err.to_string().contains("activity"), "{err}");
    let other_sha = sha(b"other bytes");
    assert!(
        !store.has_original(AthleteId::LOCAL, &other_sha).unwrap(),
        "nothing half-written"
    );
}

#[test]
fn a_richer_recording_replaces_the_activity_under_the_same_id() {
    let (_dir, mut store) = fresh();
    let mut gpx = run_with_streams();
    gpx.source.kind = SourceKind::Gpx;
    gpx.heart_rate = None;
    gpx.rpe = Some(6);
    gpx.streams = Some(SampleStreams {
        time_s: vec![0.0, 1.0],
        ..Default::default()
    });
    let ids = store
        .add_activities(AthleteId::LOCAL, &[with_file(&gpx, b"gpx bytes")])
        .unwrap();
    let mut fit = run_with_streams();
    fit.rpe = None;
    store
        .replace_activity(
            AthleteId::LOCAL,
            ids[0],
            with_file(&fit, b"fit bytes"),
            "more channels",
        )
        .unwrap();

    let stored = store
        .activity(AthleteId::LOCAL, ids[0])
        .unwrap()
        .unwrap()
        .item;
    assert_eq!(stored.source.kind, SourceKind::Fit);
    assert_eq!(stored.heart_rate, fit.heart_rate);
    assert_eq!(stored.rpe, Some(6), "the runner's rating outlives the file");
    assert_eq!(stored.streams, fit.streams);
    assert_eq!(
        stored.digest,
        Some(tuneup_core::load::digest(stored.streams.as_ref().unwrap())),
        "the replacement's digest, not the first file's"
    );
    assert_eq!(
        store
            .activities(AthleteId::LOCAL, &ActivityQuery::default())
            .unwrap()
            .len(),
        1
    );
    let decisions = store
        .duplicate_decisions(AthleteId::LOCAL, Page::ALL)
        .unwrap();
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].dropped_kind, SourceKind::Gpx);
    let fit_sha = sha(b"fit bytes");
    assert_eq!(decisions[0].kept_sha256.as_deref(), Some(fit_sha.as_str()));
    assert!(
        store
            .has_original(AthleteId::LOCAL, &sha(b"gpx bytes"))
            .unwrap()
    );

    store.remove_activity(AthleteId::LOCAL, ids[0]).unwrap();
    assert!(
        store
            .duplicate_decisions(AthleteId::LOCAL, Page::ALL)
            .unwrap()
            .is_empty(),
        "decisions go with their activity"
    );
}

fn sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[test]
fn a_new_database_uses_16_kib_pages_for_its_blobs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pages.db");
    drop(SqliteStore::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let page_size: i64 = conn
        .pragma_query_value(None, "page_size", |row| row.get(0))
        .unwrap();
    assert_eq!(page_size, 16384);
}

#[test]
fn a_large_batch_keeps_its_order_and_fails_whole() {
    // Twenty activities are prepared on several threads; ids must still follow the batch.
    let (_dir, mut store) = fresh();
    let runs: Vec<Activity> = (0..20)
        .map(|i| {
            let mut run = run_with_streams();
            run.title = Some(format!("run {i}"));
            run.start += chrono::Duration::days(i);
            run
        })
        .collect();
    let originals: Vec<Vec<u8>> = (0..20).map(|i| format!("file {i}").into_bytes()).collect();
    let batch: Vec<NewActivity<'_>> = runs
        .iter()
        .zip(&originals)
        .map(|(activity, bytes)| with_file(activity, bytes))
        .collect();
    let ids = store.add_activities(AthleteId::LOCAL, &batch).unwrap();
    for (i, id) in ids.iter().enumerate() {
        let stored = store.activity(AthleteId::LOCAL, *id).unwrap().unwrap();
        assert_eq!(
            stored.item.title.as_deref(),
            Some(format!("run {i}").as_str())
        );
        let sha = stored.item.source.file_sha256.unwrap();
        assert_eq!(
            store.original(AthleteId::LOCAL, &sha).unwrap().unwrap(),
            originals[i]
        );
        assert!(stored.item.digest.is_some(), "run {i} has its load digest");
    }

    let (_dir, mut store) = fresh();
    let mut bad_runs = runs.clone();
    bad_runs[15].rpe = Some(11);
    let batch: Vec<NewActivity<'_>> = bad_runs.iter().map(|activity| no_file(activity)).collect();
    let err = store.add_activities(AthleteId::LOCAL, &batch).unwrap_err();
    assert!(err.to_string().contains("rpe"), "{err}");
    assert!(
        store
            .activities(AthleteId::LOCAL, &ActivityQuery::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_panic_inside_a_transaction_rolls_it_back() {
    let (_dir, mut store) = fresh();
    let race = Race {
        date: day(29),
        name: "City Marathon".into(),
        distance: Meters(42_195.0),
        priority: RacePriority::A,
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = store.in_transaction(&mut |store| {
            store.add_race(AthleteId::LOCAL, &race)?;
            panic!("a bug in the middle of a user action");
        });
    }));
    assert!(outcome.is_err(), "the panic carries on");
    assert!(store.races(AthleteId::LOCAL, Page::ALL).unwrap().is_empty());
    // The connection is clean: the next action commits on its own.
    store.add_race(AthleteId::LOCAL, &race).unwrap();
    assert_eq!(store.races(AthleteId::LOCAL, Page::ALL).unwrap().len(), 1);
}
