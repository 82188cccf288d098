//! The store's contract, written against the [`Store`] trait only: what every backend must
//! do, as functions a backend's test file runs (`tests/contract_sqlite.rs` for SQLite,
//! `tests/contract_postgres.rs` for PostgreSQL). Each takes a factory that returns a new,
//! empty store on every call, and panics (as a test does) when the backend breaks the contract.
//!
//! Built only with the `contract` feature. The helpers leak a few small values (digests and
//! hashes borrowed by [`NewActivity`]) to keep the test data simple; fine in tests.

use crate::{ActivityQuery, NewActivity, Original, Page, Store, StoreError, Streams};
use chrono::{NaiveDate, TimeZone, Utc};
use tuneup_core::load::LoadDigest;
use tuneup_core::model::*;
use tuneup_core::units::*;
use tuneup_core::vocab::*;
use tuneup_core::{AthleteId, Id, Record};

/// A factory of new, empty stores.
pub type NewStore<'a> = &'a dyn Fn() -> Box<dyn Store>;

/// One contract: runs it against stores from the factory.
pub type Contract = fn(NewStore<'_>);

/// Every contract, by name, for a backend's test file to run (or to list what it skips).
pub const ALL: &[(&str, Contract)] = &[
    ("every_entity_round_trips", every_entity_round_trips),
    (
        "a_failed_transaction_leaves_no_partial_rows",
        a_failed_transaction_leaves_no_partial_rows,
    ),
    (
        "a_panic_inside_a_transaction_rolls_it_back",
        a_panic_inside_a_transaction_rolls_it_back,
    ),
    (
        "a_duplicate_keeps_its_bytes_and_the_decision",
        a_duplicate_keeps_its_bytes_and_the_decision,
    ),
    (
        "a_richer_recording_replaces_the_activity_under_the_same_id",
        a_richer_recording_replaces_the_activity_under_the_same_id,
    ),
    (
        "a_large_batch_keeps_its_order_and_fails_whole",
        a_large_batch_keeps_its_order_and_fails_whole,
    ),
    (
        "listings_come_in_pages_that_do_not_overlap",
        listings_come_in_pages_that_do_not_overlap,
    ),
    (
        "what_is_not_there_is_not_found",
        what_is_not_there_is_not_found,
    ),
    (
        "an_athlete_sees_only_their_own_rows",
        an_athlete_sees_only_their_own_rows,
    ),
    ("digests_are_kept_as_given", digests_are_kept_as_given),
    (
        "corrections_replace_what_they_name_and_keep_the_rest",
        corrections_replace_what_they_name_and_keep_the_rest,
    ),
    (
        "local_time_is_kept_and_replaced_with_its_source",
        local_time_is_kept_and_replaced_with_its_source,
    ),
    (
        "a_session_of_a_file_is_placed_once",
        a_session_of_a_file_is_placed_once,
    ),
    (
        "a_removed_session_stays_removed_until_restored",
        a_removed_session_stays_removed_until_restored,
    ),
];

/// Opens another connection (another store) to one and the same database, new on the first
/// call: what several processes or threads sharing a database file (or server) each hold.
pub type SameDatabase<'a> = &'a (dyn Fn() -> Box<dyn Store> + Sync);

/// A contract about several stores on one database at once.
pub type SharedContract = fn(SameDatabase<'_>);

/// Every contract about concurrent stores on one database, by name.
pub const SHARED: &[(&str, SharedContract)] = &[
    (
        "writers_take_turns_and_a_checked_import_lands_once",
        writers_take_turns_and_a_checked_import_lands_once,
    ),
    (
        "racing_writers_of_one_file_store_it_once",
        racing_writers_of_one_file_store_it_once,
    ),
];

/// An activity keeps where its offset came from, its implausibility and its CRC flag; a new
/// offset moves its local date (and so the date listings filter on), for this athlete only.
pub fn local_time_is_kept_and_replaced_with_its_source(new_store: NewStore<'_>) {
    use crate::LocalTime;
    use tuneup_core::model::OffsetSource;
    let me = AthleteId::LOCAL;
    let mut store = new_store();
    let mut run = run_with_streams();
    // 03:00 UTC on 21 November: the 20th in Denver (UTC-7).
    run.start = Utc.with_ymd_and_hms(2026, 11, 21, 3, 0, 0).unwrap();
    run.utc_offset_s = 0;
    run.offset_source = OffsetSource::File;
    run.implausible = Some("too fast".into());
    run.crc_mismatch = true;
    let ids = store.add_activities(me, &[no_file(&run)]).unwrap();
    let stored = store.activity(me, ids[0]).unwrap().unwrap().item;
    assert_eq!(stored.offset_source, OffsetSource::File);
    assert_eq!(stored.implausible.as_deref(), Some("too fast"));
    assert!(stored.crc_mismatch);
    assert_eq!(
        store
            .activities_by_offset_source(me, Some(OffsetSource::File))
            .unwrap(),
        ids
    );
    assert!(
        store
            .activities_by_offset_source(me, Some(OffsetSource::Position))
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .activities_by_offset_source(me, None)
            .unwrap()
            .is_empty()
    );
    let denver = LocalTime {
        utc_offset_s: -7 * 3600,
        source: OffsetSource::Position,
        implausible: None,
    };
    store.set_local_time(me, ids[0], &denver).unwrap();
    let moved = store.activity(me, ids[0]).unwrap().unwrap().item;
    assert_eq!(moved.utc_offset_s, -7 * 3600);
    assert_eq!(moved.offset_source, OffsetSource::Position);
    assert_eq!(moved.implausible, None);
    assert_eq!(moved.local_date(), day(20));
    let on_the_20th = ActivityQuery {
        since: Some(day(20)),
        until: Some(day(20)),
        ..ActivityQuery::default()
    };
    assert_eq!(store.activities(me, &on_the_20th).unwrap().len(), 1);
    let other = AthleteId(2);
    assert!(matches!(
        store.set_local_time(other, ids[0], &denver),
        Err(StoreError::NotFound { .. })
    ));
    let too_far = LocalTime {
        utc_offset_s: 15 * 3600,
        ..denver
    };
    assert!(store.set_local_time(me, ids[0], &too_far).is_err());
}

/// The digest the pipeline hands the store: of the streams as they will be stored.
pub fn digest_of(activity: &Activity) -> Option<&'static tuneup_core::load::LoadDigest> {
    let streams = activity.streams.as_ref()?;
    Some(Box::leak(Box::new(tuneup_core::load::digest(
        &streams.quantised(),
    ))))
}

pub fn with_file<'a>(activity: &'a Activity, bytes: &'a [u8]) -> NewActivity<'a> {
    NewActivity {
        activity,
        original: Some(Original {
            bytes,
            sha256: Box::leak(sha(bytes).into_boxed_str()),
            name: activity.source.file_name.as_deref(),
            index: 0,
        }),
        digest: digest_of(activity),
    }
}

/// The `index`th activity of the file `bytes` (see [`Original::index`]).
pub fn with_file_at<'a>(activity: &'a Activity, bytes: &'a [u8], index: u32) -> NewActivity<'a> {
    let mut new = with_file(activity, bytes);
    if let Some(original) = new.original.as_mut() {
        original.index = index;
    }
    new
}

pub fn no_file(activity: &Activity) -> NewActivity<'_> {
    NewActivity {
        activity,
        original: None,
        digest: digest_of(activity),
    }
}

pub fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("valid test date")
}

pub fn run_with_streams() -> Activity {
    Activity {
        sport: Sport::Running,
        start: Utc.with_ymd_and_hms(2026, 11, 21, 7, 0, 0).unwrap(),
        utc_offset_s: 3600,
        offset_source: tuneup_core::model::OffsetSource::Profile,
        implausible: None,
        crc_mismatch: false,
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

/// SHA-256 as lowercase hex, as the import pipeline gives it.
pub fn sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// See the module docs.
pub fn every_entity_round_trips(new_store: NewStore<'_>) {
    let mut store = new_store();

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
        distance: Some(Meters(9_600.0)),
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
        price: Some(tuneup_core::money::Money::new(9000, "EUR".parse().unwrap())),
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
        cost: Some(tuneup_core::money::Money::new(9050, "EUR".parse().unwrap())),
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
    assert!(
        store
            .remove_activity(AthleteId::LOCAL, ids[0], removal_time())
            .unwrap()
    );
    assert!(store.activity(AthleteId::LOCAL, ids[0]).unwrap().is_none());
}

/// See the module docs.
pub fn a_failed_transaction_leaves_no_partial_rows(new_store: NewStore<'_>) {
    let mut store = new_store();
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
                distance: None,
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

/// See the module docs.
pub fn a_duplicate_keeps_its_bytes_and_the_decision(new_store: NewStore<'_>) {
    let mut store = new_store();
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

/// See the module docs.
pub fn a_richer_recording_replaces_the_activity_under_the_same_id(new_store: NewStore<'_>) {
    let mut store = new_store();
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

    store
        .remove_activity(AthleteId::LOCAL, ids[0], removal_time())
        .unwrap();
    assert!(
        store
            .duplicate_decisions(AthleteId::LOCAL, Page::ALL)
            .unwrap()
            .is_empty(),
        "decisions go with their activity"
    );
}

/// See the module docs.
pub fn a_large_batch_keeps_its_order_and_fails_whole(new_store: NewStore<'_>) {
    // Twenty activities are prepared on several threads; ids must still follow the batch.
    let mut store = new_store();
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

    let mut store = new_store();
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

/// See the module docs.
pub fn a_panic_inside_a_transaction_rolls_it_back(new_store: NewStore<'_>) {
    let mut store = new_store();
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

fn race_on(d: u32, name: &str) -> Race {
    Race {
        date: day(d),
        name: name.into(),
        distance: Meters(10_000.0),
        priority: RacePriority::B,
    }
}

fn soreness_on(d: u32) -> SorenessEntry {
    SorenessEntry {
        date: day(d),
        area: BodyArea::Calves,
        side: Side::Left,
        level: 4,
        kind: SorenessKind::Tight,
        note: None,
    }
}

fn run_on(d: u32, title: &str) -> Activity {
    let mut run = run_with_streams();
    run.start = Utc.with_ymd_and_hms(2026, 11, d, 7, 0, 0).unwrap();
    run.title = Some(title.into());
    run
}

/// Every listing in pages: `Page::new(offset, limit)` pages put together equal the whole
/// listing, in (date, id) order, with no row twice. Same-day rows keep id order.
pub fn listings_come_in_pages_that_do_not_overlap(new_store: NewStore<'_>) {
    let me = AthleteId::LOCAL;
    let mut store = new_store();
    // Added out of date order, with ties, so the order is the store's, not the insertion's.
    for (d, name) in [
        (9, "c"),
        (3, "a"),
        (9, "d"),
        (5, "b"),
        (12, "e"),
        (3, "a2"),
        (20, "f"),
    ] {
        store.add_race(me, &race_on(d, name)).unwrap();
        store.add_soreness(me, &soreness_on(d)).unwrap();
        store
            .add_planned(
                me,
                &PlannedSession {
                    date: day(d),
                    kind: SessionKind::Easy,
                    title: name.into(),
                    distance: None,
                },
            )
            .unwrap();
        store
            .add_therapist(
                me,
                &Therapist {
                    name: name.into(),
                    ..Therapist::default()
                },
            )
            .unwrap();
        store
            .add_massage(
                me,
                &MassageSession {
                    date: day(d),
                    therapist: None,
                    techniques: vec![Technique::Swedish],
                    areas: vec![BodyArea::Calves],
                    pressure: None,
                    purpose: MassagePurpose::Maintenance,
                    cost: None,
                    insurance: InsuranceStatus::None,
                    felt_after: None,
                    note: None,
                },
            )
            .unwrap();
    }
    let runs: Vec<Activity> = [9, 3, 9, 5, 12, 3, 20]
        .iter()
        .enumerate()
        .map(|(i, d)| run_on(*d, &format!("run {i}")))
        .collect();
    let ids = store
        .add_activities(me, &runs.iter().map(no_file).collect::<Vec<_>>())
        .unwrap();
    for (index, id) in (1..).zip(&ids[1..]) {
        store
            .record_duplicate(me, *id, with_file_at(&runs[0], b"dup", index), "same run")
            .unwrap();
    }

    fn check<T: PartialEq + std::fmt::Debug>(what: &str, list: &dyn Fn(Page) -> Vec<T>) {
        let all = list(Page::ALL);
        assert!(all.len() >= 6, "{what}: {all:?}");
        for size in 1..=4 {
            let mut paged = Vec::new();
            let mut offset = 0;
            loop {
                let page = list(Page::new(offset, size));
                assert!(page.len() as u64 <= size, "{what}: page over its limit");
                if page.is_empty() {
                    break;
                }
                offset += page.len() as u64;
                paged.extend(page);
            }
            assert_eq!(paged, all, "{what}: pages of {size}");
        }
        assert!(list(Page::new(100, 5)).is_empty(), "{what}: past the end");
        assert!(list(Page::new(0, 0)).is_empty(), "{what}: limit 0");
    }
    let store = &*store;
    let dated = |records: Vec<(NaiveDate, Id)>| {
        let mut sorted = records.clone();
        sorted.sort();
        assert_eq!(records, sorted, "listed by (date, id)");
    };
    dated(
        store
            .races(me, Page::ALL)
            .unwrap()
            .iter()
            .map(|r| (r.item.date, r.id))
            .collect(),
    );
    dated(
        store
            .soreness(me, Page::ALL)
            .unwrap()
            .iter()
            .map(|r| (r.item.date, r.id))
            .collect(),
    );
    check("races", &|p| store.races(me, p).unwrap());
    check("planned", &|p| store.planned(me, p).unwrap());
    check("soreness", &|p| store.soreness(me, p).unwrap());
    check("massages", &|p| store.massages(me, p).unwrap());
    check("therapists", &|p| store.therapists(me, p).unwrap());
    check("duplicate decisions", &|p| {
        store.duplicate_decisions(me, p).unwrap()
    });
    check("activities", &|page| {
        store
            .activities(
                me,
                &ActivityQuery {
                    page,
                    ..ActivityQuery::default()
                },
            )
            .unwrap()
    });
    let starts: Vec<_> = store
        .activities(me, &ActivityQuery::default())
        .unwrap()
        .iter()
        .map(|r| (r.item.start, r.id))
        .collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted, "activities by (start, id)");
    // A page of a date range pages within the range.
    let ranged = store
        .activities(
            me,
            &ActivityQuery {
                since: Some(day(5)),
                until: Some(day(12)),
                page: Page::new(1, 2),
                ..ActivityQuery::default()
            },
        )
        .unwrap();
    let titles: Vec<_> = ranged
        .iter()
        .map(|r| r.item.title.clone().unwrap())
        .collect();
    assert_eq!(titles, ["run 0", "run 2"]);
}

/// A call naming a record that is not there says so: `NotFound` for the writes that need it,
/// `None` or `false` for lookups and removals; nothing is written on the way.
pub fn what_is_not_there_is_not_found(new_store: NewStore<'_>) {
    let me = AthleteId::LOCAL;
    let mut store = new_store();
    let run = run_with_streams();
    let missing = Id(4242);
    let error = store
        .record_duplicate(me, missing, with_file(&run, b"dup bytes"), "x")
        .unwrap_err();
    assert!(
        matches!(
            error,
            StoreError::NotFound {
                what: "activity",
                id: 4242
            }
        ),
        "{error:?}"
    );
    assert!(!store.has_original(me, &sha(b"dup bytes")).unwrap());
    let error = store
        .replace_activity(me, missing, with_file(&run, b"richer"), "x")
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    let error = store
        .set_load_digest(me, missing, &LoadDigest::default())
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    let session = MassageSession {
        date: day(3),
        therapist: Some(missing),
        techniques: vec![Technique::Swedish],
        areas: vec![BodyArea::Calves],
        pressure: None,
        purpose: MassagePurpose::Maintenance,
        cost: None,
        insurance: InsuranceStatus::None,
        felt_after: None,
        note: None,
    };
    let error = store.add_massage(me, &session).unwrap_err();
    assert!(
        matches!(
            error,
            StoreError::NotFound {
                what: "therapist",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(store.massages(me, Page::ALL).unwrap().is_empty());

    assert!(store.activity(me, missing).unwrap().is_none());
    assert!(store.therapist(me, missing).unwrap().is_none());
    assert!(store.clinic_check(me, missing).unwrap().is_none());
    assert!(store.original(me, &sha(b"never")).unwrap().is_none());
    assert!(!store.remove_activity(me, missing, removal_time()).unwrap());
    assert!(!store.remove_race(me, missing).unwrap());
    assert!(!store.remove_planned(me, missing).unwrap());
    assert!(!store.remove_therapist(me, missing).unwrap());
    assert!(
        !store
            .update_therapist(
                me,
                missing,
                &Therapist {
                    name: "X".into(),
                    ..Therapist::default()
                }
            )
            .unwrap()
    );
    assert_eq!(store.profile(me).unwrap(), AthleteProfile::default());
}

/// Two athletes in one store: each sees, changes and removes only their own rows, through
/// every listing and lookup, even with the other's ids in hand.
pub fn an_athlete_sees_only_their_own_rows(new_store: NewStore<'_>) {
    let (one, two) = (AthleteId::LOCAL, AthleteId(2));
    let mut store = new_store();
    let profile = AthleteProfile {
        name: Some("Two".into()),
        ..AthleteProfile::default()
    };
    store.set_profile(two, &profile).unwrap();
    let run = run_with_streams();
    let ids = store
        .add_activities(two, &[with_file(&run, b"two's file")])
        .unwrap();
    store
        .record_duplicate(
            two,
            ids[0],
            with_file(&run, b"two's other file"),
            "same run",
        )
        .unwrap();
    let race = store.add_race(two, &race_on(29, "Two's race")).unwrap();
    let planned = store
        .add_planned(
            two,
            &PlannedSession {
                date: day(24),
                kind: SessionKind::Hard,
                title: "intervals".into(),
                distance: None,
            },
        )
        .unwrap();
    store.add_soreness(two, &soreness_on(22)).unwrap();
    let therapist = store
        .add_therapist(
            two,
            &Therapist {
                name: "Two's therapist".into(),
                ..Therapist::default()
            },
        )
        .unwrap();
    let check = ClinicCheck {
        checked_on: day(2),
        answers: Vec::new(),
    };
    assert!(store.set_clinic_check(two, therapist, &check).unwrap());
    store
        .add_massage(
            two,
            &MassageSession {
                date: day(20),
                therapist: Some(therapist),
                techniques: vec![Technique::Swedish],
                areas: vec![BodyArea::Calves],
                pressure: None,
                purpose: MassagePurpose::Maintenance,
                cost: None,
                insurance: InsuranceStatus::None,
                felt_after: None,
                note: None,
            },
        )
        .unwrap();

    // Athlete one sees none of it.
    assert_eq!(store.profile(one).unwrap(), AthleteProfile::default());
    assert!(
        store
            .activities(one, &ActivityQuery::default())
            .unwrap()
            .is_empty()
    );
    assert!(store.activity(one, ids[0]).unwrap().is_none());
    let window = run.start - chrono::Duration::hours(1)..=run.start + chrono::Duration::hours(1);
    assert!(
        store
            .activities_starting_between(one, *window.start(), *window.end())
            .unwrap()
            .is_empty()
    );
    assert!(!store.has_original(one, &sha(b"two's file")).unwrap());
    assert!(store.original(one, &sha(b"two's file")).unwrap().is_none());
    assert!(
        store
            .duplicate_decisions(one, Page::ALL)
            .unwrap()
            .is_empty()
    );
    assert!(store.races(one, Page::ALL).unwrap().is_empty());
    assert!(store.planned(one, Page::ALL).unwrap().is_empty());
    assert!(store.soreness(one, Page::ALL).unwrap().is_empty());
    assert!(store.massages(one, Page::ALL).unwrap().is_empty());
    assert!(store.therapists(one, Page::ALL).unwrap().is_empty());
    assert!(store.therapist(one, therapist).unwrap().is_none());
    assert!(store.clinic_check(one, therapist).unwrap().is_none());
    assert!(
        store
            .activities_with_stale_digest(one, LoadDigest::VERSION)
            .unwrap()
            .is_empty()
    );

    // Nor can athlete one change or remove it.
    assert!(!store.remove_activity(one, ids[0], removal_time()).unwrap());
    assert!(!store.remove_race(one, race).unwrap());
    assert!(!store.remove_planned(one, planned).unwrap());
    assert!(!store.remove_therapist(one, therapist).unwrap());
    assert!(
        !store
            .update_therapist(
                one,
                therapist,
                &Therapist {
                    name: "Renamed".into(),
                    ..Therapist::default()
                }
            )
            .unwrap()
    );
    assert!(!store.set_clinic_check(one, therapist, &check).unwrap());
    assert!(
        store
            .record_duplicate(one, ids[0], with_file(&run, b"one's file"), "x")
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        store
            .replace_activity(one, ids[0], with_file(&run, b"one's file"), "x")
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        store
            .set_load_digest(one, ids[0], &LoadDigest::default())
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        store
            .add_massage(
                one,
                &MassageSession {
                    date: day(21),
                    therapist: Some(therapist),
                    techniques: vec![Technique::Swedish],
                    areas: vec![BodyArea::Calves],
                    pressure: None,
                    purpose: MassagePurpose::Maintenance,
                    cost: None,
                    insurance: InsuranceStatus::None,
                    felt_after: None,
                    note: None,
                },
            )
            .unwrap_err()
            .is_not_found(),
        "a session cannot name another athlete's therapist"
    );

    // The same file imported by athlete one is theirs too, and athlete two still has it.
    store
        .add_activities(one, &[with_file(&run, b"two's file")])
        .unwrap();
    assert!(store.has_original(one, &sha(b"two's file")).unwrap());

    // Athlete two's data is all still there.
    assert_eq!(store.profile(two).unwrap(), profile);
    assert_eq!(
        store
            .activities(two, &ActivityQuery::default())
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .activities(one, &ActivityQuery::default())
            .unwrap()
            .len(),
        1
    );
    assert!(store.has_original(two, &sha(b"two's file")).unwrap());
    assert_eq!(store.duplicate_decisions(two, Page::ALL).unwrap().len(), 1);
    assert_eq!(store.races(two, Page::ALL).unwrap().len(), 1);
    assert_eq!(store.planned(two, Page::ALL).unwrap().len(), 1);
    assert_eq!(store.soreness(two, Page::ALL).unwrap().len(), 1);
    assert_eq!(store.massages(two, Page::ALL).unwrap().len(), 1);
    assert_eq!(
        store.therapists(two, Page::ALL).unwrap()[0].item.name,
        "Two's therapist"
    );
    assert_eq!(store.clinic_check(two, therapist).unwrap(), Some(check));
}

/// The store keeps the digest it is handed, never computes one: a digest with streams that
/// do not match it comes back as given, an activity with streams but no digest has none (and
/// is listed as stale), and `set_load_digest` replaces it.
pub fn digests_are_kept_as_given(new_store: NewStore<'_>) {
    let me = AthleteId::LOCAL;
    let mut store = new_store();
    let run = run_with_streams();
    let given = LoadDigest {
        sampled_s: 12_345.0,
        ..LoadDigest::default()
    };
    let ids = store
        .add_activities(
            me,
            &[
                NewActivity {
                    activity: &run,
                    original: None,
                    digest: Some(&given),
                },
                NewActivity {
                    activity: &run,
                    original: None,
                    digest: None,
                },
            ],
        )
        .unwrap();
    let listed = store.activities(me, &ActivityQuery::default()).unwrap();
    assert_eq!(listed[0].item.digest.as_ref(), Some(&given));
    assert_eq!(
        listed[1].item.digest, None,
        "no digest handed, none computed"
    );
    assert_eq!(
        store
            .activity(me, ids[0])
            .unwrap()
            .unwrap()
            .item
            .digest
            .as_ref(),
        Some(&given)
    );
    assert_eq!(
        store
            .activities_with_stale_digest(me, LoadDigest::VERSION)
            .unwrap(),
        vec![ids[1]]
    );
    assert_eq!(
        store
            .activities_with_stale_digest(me, LoadDigest::VERSION + 1)
            .unwrap(),
        ids,
        "a newer version makes every digest stale"
    );
    let fresh = tuneup_core::load::digest(
        store
            .activity(me, ids[1])
            .unwrap()
            .unwrap()
            .item
            .streams
            .as_ref()
            .unwrap(),
    );
    store.set_load_digest(me, ids[1], &fresh).unwrap();
    assert_eq!(
        store.activity(me, ids[1]).unwrap().unwrap().item.digest,
        Some(fresh)
    );
    assert!(
        store
            .activities_with_stale_digest(me, LoadDigest::VERSION)
            .unwrap()
            .is_empty()
    );
    // A replacement carries its own digest (or none).
    store
        .replace_activity(me, ids[0], with_file(&run, b"richer"), "more channels")
        .unwrap();
    assert_eq!(
        store
            .activity(me, ids[0])
            .unwrap()
            .unwrap()
            .item
            .digest
            .as_ref(),
        digest_of(&run)
    );
}

fn count(store: &dyn Store, athlete: AthleteId) -> usize {
    store
        .activities(athlete, &ActivityQuery::default())
        .unwrap()
        .len()
}

/// Each session of a file is placed once per athlete, as an activity, a replacement or a
/// duplicate set aside: placing it again is a `Conflict` and changes nothing.
pub fn a_session_of_a_file_is_placed_once(new_store: NewStore<'_>) {
    let mut store = new_store();
    let me = AthleteId::LOCAL;
    let run = run_with_streams();
    let mut second = run.clone();
    second.start += chrono::Duration::hours(3);
    let bytes = b"two sessions";
    let ids = store
        .add_activities(me, &[with_file_at(&run, bytes, 0)])
        .unwrap();

    let again = store.add_activities(me, &[with_file_at(&run, bytes, 0)]);
    assert!(
        matches!(again, Err(StoreError::Conflict { .. })),
        "{again:?}"
    );
    let as_duplicate = store.record_duplicate(me, ids[0], with_file_at(&run, bytes, 0), "x");
    assert!(
        matches!(as_duplicate, Err(StoreError::Conflict { .. })),
        "{as_duplicate:?}"
    );
    let as_replacement = store.replace_activity(me, ids[0], with_file_at(&run, bytes, 0), "x");
    assert!(
        matches!(as_replacement, Err(StoreError::Conflict { .. })),
        "{as_replacement:?}"
    );
    // A batch that holds one placed session fails whole.
    let batch = store.add_activities(
        me,
        &[
            with_file_at(&second, bytes, 1),
            with_file_at(&run, bytes, 0),
        ],
    );
    assert!(
        matches!(batch, Err(StoreError::Conflict { .. })),
        "{batch:?}"
    );
    assert_eq!(count(store.as_ref(), me), 1);
    assert!(store.duplicate_decisions(me, Page::ALL).unwrap().is_empty());

    // The file's other session, and the same session for another athlete, are new.
    store
        .add_activities(me, &[with_file_at(&second, bytes, 1)])
        .unwrap();
    assert_eq!(count(store.as_ref(), me), 2);
    let other = AthleteId(2);
    store
        .add_activities(other, &[with_file_at(&run, bytes, 0)])
        .unwrap();
    assert_eq!(count(store.as_ref(), other), 1);
}

/// When the runner removed an activity (the instant of [`removal_time`]).
fn removal_time() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap()
}

/// Removing an activity that came from a file remembers the removal, per athlete and per
/// session: the session stays placed (placing it again is a conflict), the removal is listed
/// with its time, and restoring it lets the session be placed again. An activity typed in
/// leaves nothing behind.
pub fn a_removed_session_stays_removed_until_restored(new_store: NewStore<'_>) {
    let mut store = new_store();
    let me = AthleteId::LOCAL;
    let run = run_with_streams();
    let mut second = run.clone();
    second.start += chrono::Duration::hours(3);
    let bytes = b"a file of two sessions";
    let file = sha(bytes);
    let ids = store
        .add_activities(
            me,
            &[
                with_file_at(&run, bytes, 0),
                with_file_at(&second, bytes, 1),
            ],
        )
        .unwrap();
    assert!(store.removed_sessions(me, &file).unwrap().is_empty());

    assert!(store.remove_activity(me, ids[1], removal_time()).unwrap());
    assert_eq!(
        store.removed_sessions(me, &file).unwrap(),
        vec![crate::RemovedSession {
            index: 1,
            removed_at: removal_time()
        }]
    );
    assert!(store.has_original(me, &file).unwrap(), "the bytes stay");
    let again = store.add_activities(me, &[with_file_at(&second, bytes, 1)]);
    assert!(
        matches!(again, Err(StoreError::Conflict { .. })),
        "a removed session stays placed: {again:?}"
    );
    // Another athlete's removals are their own.
    assert!(
        store
            .removed_sessions(AthleteId(2), &file)
            .unwrap()
            .is_empty()
    );
    assert!(!store.restore_session(AthleteId(2), &file, 1).unwrap());
    // Only a removed session can be restored.
    assert!(!store.restore_session(me, &file, 0).unwrap());

    assert!(store.restore_session(me, &file, 1).unwrap());
    assert!(store.removed_sessions(me, &file).unwrap().is_empty());
    let back = store
        .add_activities(me, &[with_file_at(&second, bytes, 1)])
        .unwrap();
    assert_eq!(count(store.as_ref(), me), 2);
    assert!(store.activity(me, back[0]).unwrap().is_some());

    // A replacement's session is the one its removal names.
    let richer = b"the richer recording";
    let mut replacement = run.clone();
    replacement.title = Some("richer".into());
    store
        .replace_activity(me, ids[0], with_file_at(&replacement, richer, 0), "richer")
        .unwrap();
    assert!(store.remove_activity(me, ids[0], removal_time()).unwrap());
    assert_eq!(store.removed_sessions(me, &sha(richer)).unwrap().len(), 1);
    assert!(store.removed_sessions(me, &file).unwrap().is_empty());

    // A typed-in run has no file to remember.
    let typed = store
        .add_activities(me, &[NewActivity::without_file(&run)])
        .unwrap();
    assert!(store.remove_activity(me, typed[0], removal_time()).unwrap());
}

/// Threads each holding their own store write the same file, checking first whether it is
/// there, inside one transaction each (as an import does), while another reads: every
/// writer waits its turn (no "locked" errors), the file lands once, and the reader never
/// fails or sees a half-written file.
pub fn writers_take_turns_and_a_checked_import_lands_once(open: SameDatabase<'_>) {
    let me = AthleteId::LOCAL;
    let bytes: &[u8] = b"one export";
    let file_sha = sha(bytes);
    let run = run_with_streams();
    let mut later = run.clone();
    later.start += chrono::Duration::hours(5);
    let writing = std::sync::atomic::AtomicUsize::new(4);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                // Counted down however the writer ends, so a failing writer fails the test
                // instead of leaving the reader waiting for ever.
                struct Done<'a>(&'a std::sync::atomic::AtomicUsize);
                impl Drop for Done<'_> {
                    fn drop(&mut self) {
                        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                    }
                }
                let _done = Done(&writing);
                let mut store = open();
                for _ in 0..5 {
                    store
                        .in_transaction(&mut |tx| {
                            if !tx.has_original(me, &file_sha)? {
                                tx.add_activities(me, &[with_file_at(&run, bytes, 0)])?;
                                tx.add_activities(me, &[with_file_at(&later, bytes, 1)])?;
                            }
                            Ok(())
                        })
                        .expect("a writer waits for the others instead of failing");
                }
            });
        }
        scope.spawn(|| {
            let store = open();
            while writing.load(std::sync::atomic::Ordering::SeqCst) > 0 {
                let seen = count(store.as_ref(), me);
                assert!(seen == 0 || seen == 2, "a reader saw {seen} activities");
            }
        });
    });
    assert_eq!(count(open().as_ref(), me), 2);
}

/// Threads that skip the check and all write the same file: one lands, every other gets a
/// `Conflict` (never a locking error), and the file is stored once.
pub fn racing_writers_of_one_file_store_it_once(open: SameDatabase<'_>) {
    let me = AthleteId::LOCAL;
    let bytes: &[u8] = b"one file, raced";
    let run = run_with_streams();
    let outcomes: Vec<std::result::Result<(), StoreError>> = std::thread::scope(|scope| {
        let writers: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    let mut store = open();
                    store
                        .add_activities(me, &[with_file_at(&run, bytes, 0)])
                        .map(|_| ())
                })
            })
            .collect();
        writers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let landed = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(landed, 1, "{outcomes:?}");
    for outcome in &outcomes {
        assert!(
            matches!(outcome, Ok(()) | Err(StoreError::Conflict { .. })),
            "{outcome:?}"
        );
    }
    assert_eq!(count(open().as_ref(), me), 1);
}

/// Corrections: every record can be replaced or removed by id, only the athlete's own, and an
/// edited activity keeps its file, streams and digest. An excluded activity stays listed.
pub fn corrections_replace_what_they_name_and_keep_the_rest(new_store: NewStore<'_>) {
    let (me, other) = (AthleteId::LOCAL, AthleteId(2));
    let mut store = new_store();
    let bytes = b"a recording".to_vec();
    let run = run_on(4, "Tempo");
    let id = store
        .add_activities(me, &[with_file(&run, &bytes)])
        .unwrap()[0];
    let before = store.activity(me, id).unwrap().unwrap().item;
    let mut edited = run.clone();
    edited.sport = Sport::Cycling;
    edited.title = Some("Commute".into());
    edited.kind = Some(SessionKind::Easy);
    edited.distance = Meters(12_345.0);
    edited.rpe = Some(3);
    store.update_activity(me, id, &edited).unwrap();
    let kept = store.activity(me, id).unwrap().unwrap().item;
    assert_eq!(kept.sport, Sport::Cycling);
    assert_eq!(kept.title.as_deref(), Some("Commute"));
    assert_eq!(kept.kind, Some(SessionKind::Easy));
    assert_eq!(kept.distance, Meters(12_345.0));
    assert_eq!(kept.rpe, Some(3));
    assert_eq!(kept.source, before.source, "the file it came from stays");
    assert!(kept.source.file_sha256.is_some());
    assert_eq!(kept.streams, before.streams);
    assert!(kept.streams.is_some());
    assert_eq!(kept.digest, before.digest);
    let mut broken = edited.clone();
    broken.distance = Meters(-1.0);
    assert!(matches!(
        store.update_activity(me, id, &broken),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.update_activity(other, id, &edited),
        Err(StoreError::NotFound { .. })
    ));

    assert!(store.excluded_activities(me).unwrap().is_empty());
    store.set_activity_excluded(me, id, true).unwrap();
    assert_eq!(store.excluded_activities(me).unwrap(), vec![id]);
    assert!(store.excluded_activities(other).unwrap().is_empty());
    let listed = store.activities(me, &ActivityQuery::default()).unwrap();
    assert_eq!(listed.len(), 1, "an excluded activity is still listed");
    store.set_activity_excluded(me, id, false).unwrap();
    assert!(store.excluded_activities(me).unwrap().is_empty());
    assert!(matches!(
        store.set_activity_excluded(other, id, true),
        Err(StoreError::NotFound { .. })
    ));

    let race = store.add_race(me, &race_on(20, "City 10k")).unwrap();
    store
        .update_race(me, race, &race_on(21, "City 10 km"))
        .unwrap();
    assert_eq!(
        store.races(me, Page::ALL).unwrap()[0].item,
        race_on(21, "City 10 km")
    );
    assert!(matches!(
        store.update_race(other, race, &race_on(22, "x")),
        Err(StoreError::NotFound { what: "race", .. })
    ));

    let planned = PlannedSession {
        date: day(6),
        kind: SessionKind::Easy,
        title: "6x800".into(),
        distance: None,
    };
    let pid = store.add_planned(me, &planned).unwrap();
    let hard = PlannedSession {
        kind: SessionKind::Hard,
        distance: Some(Meters(9_000.0)),
        ..planned
    };
    store.update_planned(me, pid, &hard).unwrap();
    assert_eq!(store.planned(me, Page::ALL).unwrap()[0].item, hard);
    assert!(store.update_planned(other, pid, &hard).is_err());

    let sore = store.add_soreness(me, &soreness_on(5)).unwrap();
    let mut resolved = soreness_on(5);
    resolved.level = 0;
    store.update_soreness(me, sore, &resolved).unwrap();
    assert_eq!(store.soreness(me, Page::ALL).unwrap()[0].item, resolved);
    assert!(store.update_soreness(other, sore, &resolved).is_err());
    assert!(!store.remove_soreness(other, sore).unwrap());
    assert!(store.remove_soreness(me, sore).unwrap());
    assert!(store.soreness(me, Page::ALL).unwrap().is_empty());

    let massage = MassageSession {
        date: day(7),
        therapist: None,
        techniques: vec![Technique::Swedish],
        areas: vec![BodyArea::Calves],
        pressure: Some(2),
        purpose: MassagePurpose::Maintenance,
        cost: Some(tuneup_core::money::Money::new(
            8000,
            tuneup_core::money::Currency::DEFAULT,
        )),
        insurance: InsuranceStatus::None,
        felt_after: None,
        note: None,
    };
    let mid = store.add_massage(me, &massage).unwrap();
    let deeper = MassageSession {
        techniques: vec![Technique::DeepTissue],
        pressure: Some(4),
        ..massage.clone()
    };
    store.update_massage(me, mid, &deeper).unwrap();
    assert_eq!(store.massages(me, Page::ALL).unwrap()[0].item, deeper);
    let unknown_therapist = MassageSession {
        therapist: Some(Id(99)),
        ..massage
    };
    assert!(matches!(
        store.update_massage(me, mid, &unknown_therapist),
        Err(StoreError::NotFound {
            what: "therapist",
            ..
        })
    ));
    assert!(!store.remove_massage(other, mid).unwrap());
    assert!(store.remove_massage(me, mid).unwrap());
    assert!(store.massages(me, Page::ALL).unwrap().is_empty());
}
