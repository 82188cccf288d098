//! Therapists on the runner's list: edits, removal that keeps session history readable, and
//! the clinic precautions check.

use chrono::NaiveDate;
use tuneup_core::model::{
    CheckAnswer, ClinicCheck, InsuranceStatus, MassageSession, PrecautionAnswer, Therapist,
};
use tuneup_core::vocab::{BodyArea, MassagePurpose, Technique};
use tuneup_core::{AthleteId, Id, Record};
use tuneup_store::sqlite::SqliteStore;
use tuneup_store::{Listing, Page, Store, StoreError};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("valid test date")
}

fn fresh() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("tuneup.db")).unwrap();
    (dir, store)
}

fn alex() -> Therapist {
    Therapist {
        name: "Alex Kim".into(),
        licence: Some("LMT-1234".into()),
        licence_region: Some("OR".into()),
        techniques: vec![Technique::Swedish, Technique::DeepTissue],
        price: Some(tuneup_core::money::Money::new(
            9000,
            tuneup_core::money::Currency::DEFAULT,
        )),
        ..Therapist::default()
    }
}

fn session(date: NaiveDate, therapist: Id) -> MassageSession {
    MassageSession {
        date,
        therapist: Some(therapist),
        techniques: vec![Technique::Swedish],
        areas: vec![BodyArea::Calves],
        pressure: Some(3),
        purpose: MassagePurpose::Maintenance,
        cost: Some(tuneup_core::money::Money::new(
            9000,
            tuneup_core::money::Currency::DEFAULT,
        )),
        insurance: InsuranceStatus::Claimed,
        felt_after: Some("loose legs".into()),
        note: None,
    }
}

#[test]
fn editing_replaces_every_field() {
    let (_dir, mut store) = fresh();
    let id = store.add_therapist(AthleteId::LOCAL, &alex()).unwrap();
    let edited = Therapist {
        contact: Some("alex@example.org".into()),
        techniques: vec![Technique::TriggerPoint],
        price: None,
        insurance: Some("Blue Shield".into()),
        ..alex()
    };
    assert!(
        store
            .update_therapist(AthleteId::LOCAL, id, &edited)
            .unwrap()
    );
    assert_eq!(
        store.therapists(AthleteId::LOCAL, Page::ALL).unwrap(),
        vec![Record::new(id, edited.clone())]
    );
    assert!(
        !store
            .update_therapist(AthleteId::LOCAL, Id(99), &edited)
            .unwrap()
    );
}

#[test]
fn an_edit_is_validated() {
    let (_dir, mut store) = fresh();
    let id = store.add_therapist(AthleteId::LOCAL, &alex()).unwrap();
    let nameless = Therapist {
        name: " ".into(),
        ..alex()
    };
    let error = store
        .update_therapist(AthleteId::LOCAL, id, &nameless)
        .unwrap_err();
    assert!(
        matches!(error, StoreError::Invalid(ref f) if f.field == "name"),
        "{error}"
    );
    assert_eq!(
        store.therapists(AthleteId::LOCAL, Page::ALL).unwrap()[0].item,
        alex()
    );
}

#[test]
fn removing_a_therapist_keeps_session_history_readable() {
    let (dir, mut store) = fresh();
    let id = store.add_therapist(AthleteId::LOCAL, &alex()).unwrap();
    let other = store
        .add_therapist(
            AthleteId::LOCAL,
            &Therapist {
                name: "Sam Ortiz".into(),
                ..Therapist::default()
            },
        )
        .unwrap();
    store
        .add_massage(AthleteId::LOCAL, &session(day(3), id))
        .unwrap();
    store
        .add_massage(AthleteId::LOCAL, &session(day(17), id))
        .unwrap();

    assert!(store.remove_therapist(AthleteId::LOCAL, id).unwrap());
    assert!(
        !store.remove_therapist(AthleteId::LOCAL, id).unwrap(),
        "already removed"
    );

    // Off the list...
    let listed: Vec<Id> = store
        .therapists(AthleteId::LOCAL, Page::ALL)
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(listed, vec![other]);
    // ...but the sessions still point at the therapist, who can still be named.
    drop(store);
    let store = SqliteStore::open(&dir.path().join("tuneup.db")).unwrap();
    let sessions = store.massages(AthleteId::LOCAL, Page::ALL).unwrap();
    assert_eq!(sessions.len(), 2);
    for s in &sessions {
        assert_eq!(s.item.therapist, Some(id));
        let (record, listing) = store
            .therapist(AthleteId::LOCAL, id)
            .unwrap()
            .expect("kept for history");
        assert_eq!(record.item.name, "Alex Kim");
        assert_eq!(listing, Listing::Removed);
    }
    assert_eq!(
        store
            .therapist(AthleteId::LOCAL, other)
            .unwrap()
            .map(|(_, l)| l),
        Some(Listing::Listed)
    );
    assert!(store.therapist(AthleteId::LOCAL, Id(99)).unwrap().is_none());
}

#[test]
fn a_removed_therapist_cannot_be_edited_or_checked() {
    let (_dir, mut store) = fresh();
    let id = store.add_therapist(AthleteId::LOCAL, &alex()).unwrap();
    store.remove_therapist(AthleteId::LOCAL, id).unwrap();
    assert!(
        !store
            .update_therapist(AthleteId::LOCAL, id, &alex())
            .unwrap()
    );
    let check = ClinicCheck {
        checked_on: day(1),
        answers: vec![],
    };
    assert!(
        !store
            .set_clinic_check(AthleteId::LOCAL, id, &check)
            .unwrap()
    );
    assert_eq!(store.clinic_check(AthleteId::LOCAL, id).unwrap(), None);
}

#[test]
fn the_clinic_check_is_kept_per_therapist_and_replaced_by_a_newer_one() {
    let (_dir, mut store) = fresh();
    let alex_id = store.add_therapist(AthleteId::LOCAL, &alex()).unwrap();
    let sam_id = store
        .add_therapist(
            AthleteId::LOCAL,
            &Therapist {
                name: "Sam Ortiz".into(),
                ..Therapist::default()
            },
        )
        .unwrap();
    let answer = |id: &str, answer| PrecautionAnswer {
        id: id.into(),
        answer,
    };
    let first = ClinicCheck {
        checked_on: day(2),
        answers: vec![
            answer("prescreening", CheckAnswer::Yes),
            answer("air_filtration", CheckAnswer::Unsure),
        ],
    };
    assert!(
        store
            .set_clinic_check(AthleteId::LOCAL, alex_id, &first)
            .unwrap()
    );
    assert_eq!(
        store.clinic_check(AthleteId::LOCAL, alex_id).unwrap(),
        Some(first)
    );
    assert_eq!(store.clinic_check(AthleteId::LOCAL, sam_id).unwrap(), None);

    let second = ClinicCheck {
        checked_on: day(20),
        answers: vec![
            answer("prescreening", CheckAnswer::Yes),
            answer("air_filtration", CheckAnswer::Yes),
            answer("surfaces", CheckAnswer::Yes),
            answer("linens", CheckAnswer::Yes),
            answer("local_rules", CheckAnswer::No),
        ],
    };
    assert!(
        store
            .set_clinic_check(AthleteId::LOCAL, alex_id, &second)
            .unwrap()
    );
    assert_eq!(
        store.clinic_check(AthleteId::LOCAL, alex_id).unwrap(),
        Some(second)
    );
}

#[test]
fn an_unknown_precaution_is_refused() {
    let (_dir, mut store) = fresh();
    let id = store.add_therapist(AthleteId::LOCAL, &alex()).unwrap();
    let check = ClinicCheck {
        checked_on: day(2),
        answers: vec![PrecautionAnswer {
            id: "masks".into(),
            answer: CheckAnswer::Yes,
        }],
    };
    let error = store
        .set_clinic_check(AthleteId::LOCAL, id, &check)
        .unwrap_err();
    assert!(error.to_string().contains("precaution"), "{error}");
    assert_eq!(store.clinic_check(AthleteId::LOCAL, id).unwrap(), None);
}

#[test]
fn therapists_and_sessions_from_before_migration_3_stay_listed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A database as the two earlier schema versions left it, with a therapist and a session.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../src/sqlite/migrations/0001_init.sql"))
            .unwrap();
        conn.execute_batch(include_str!(
            "../src/sqlite/migrations/0002_import_decisions.sql"
        ))
        .unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute(
            "INSERT INTO therapists (name, techniques) VALUES ('Alex Kim', '[\"swedish\"]')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO massage_sessions (date, therapist_id, techniques, areas, purpose, insurance)
             VALUES ('2026-11-03', 1, '[\"swedish\"]', '[\"calves\"]', 'maintenance', 'none')",
            [],
        )
        .unwrap();
    }
    let mut store = SqliteStore::open(&path).unwrap();
    assert!(store.schema_version().unwrap() >= 3, "brought up to date");
    let listed = store.therapists(AthleteId::LOCAL, Page::ALL).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].item.name, "Alex Kim");
    assert_eq!(store.clinic_check(AthleteId::LOCAL, Id(1)).unwrap(), None);
    assert!(store.remove_therapist(AthleteId::LOCAL, Id(1)).unwrap());
    assert_eq!(
        store.massages(AthleteId::LOCAL, Page::ALL).unwrap()[0]
            .item
            .therapist,
        Some(Id(1))
    );
}
