//! A stored vocabulary id this build does not know is an error naming the field and the
//! value, never a silent default. The values are written with plain SQL into a real file, as
//! a newer tuneup (or a hand edit) would leave them.

use tuneup_core::{AthleteId, Id};
use tuneup_store::sqlite::SqliteStore;
use tuneup_store::{ActivityQuery, Page, Store, StoreError};

const ME: AthleteId = AthleteId::LOCAL;

fn database(sql: &str) -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tuneup.db");
    drop(SqliteStore::open(&path).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(sql)
        .unwrap();
    let store = SqliteStore::open(&path).unwrap();
    (dir, store)
}

fn activity(sport: &str, source_kind: &str) -> String {
    format!(
        "INSERT INTO activities (id, sport, start_utc_ms, utc_offset_s, local_date, elapsed_s,
            moving_s, distance_m, source_kind)
         VALUES (1, '{sport}', 1764000000000, 0, '2025-11-24', 3600, 3500, 10000, '{source_kind}');"
    )
}

fn massage(techniques: &str, areas: &str, insurance: &str) -> String {
    format!(
        "INSERT INTO massage_sessions (date, techniques, areas, purpose, insurance)
         VALUES ('2025-11-20', '{techniques}', '{areas}', 'maintenance', '{insurance}');"
    )
}

#[track_caller]
fn assert_unknown<T: std::fmt::Debug>(result: Result<T, StoreError>, field: &str, value: &str) {
    match result {
        Err(StoreError::UnknownValue {
            field: named,
            value: found,
        }) => {
            assert_eq!(named, field);
            assert_eq!(found, value);
            let error = StoreError::UnknownValue {
                field: named,
                value: found,
            };
            assert!(error.to_string().contains(value), "{error}");
        }
        other => panic!("expected UnknownValue {field} {value}, got {other:?}"),
    }
}

#[test]
fn an_unknown_sport_is_named() {
    let (_dir, store) = database(&activity("kayak_polo", "fit"));
    assert_unknown(
        store.activities(ME, &ActivityQuery::default()),
        "sport",
        "kayak_polo",
    );
    assert_unknown(store.activity(ME, Id(1)), "sport", "kayak_polo");
}

#[test]
fn an_unknown_source_kind_is_named() {
    let (_dir, store) = database(&activity("running", "x"));
    assert_unknown(
        store.activities(ME, &ActivityQuery::default()),
        "source_kind",
        "x",
    );
}

#[test]
fn an_unknown_insurance_status_is_named() {
    let (_dir, store) = database(&massage(r#"["swedish"]"#, r#"["calves"]"#, "x"));
    assert_unknown(store.massages(ME, Page::ALL), "insurance", "x");
}

#[test]
fn an_unknown_technique_inside_a_json_array_is_named() {
    let (_dir, store) = database(&massage(
        r#"["swedish","reiki_deluxe"]"#,
        r#"["calves"]"#,
        "none",
    ));
    assert_unknown(store.massages(ME, Page::ALL), "techniques", "reiki_deluxe");
}

#[test]
fn an_unknown_body_area_is_named() {
    let (_dir, store) = database(
        "INSERT INTO soreness (date, area, side, level, kind)
         VALUES ('2025-11-25', 'elbow_pit', 'left', 6, 'tight');",
    );
    assert_unknown(store.soreness(ME, Page::ALL), "area", "elbow_pit");
    let (_dir, store) = database(&massage(r#"["swedish"]"#, r#"["calves","tail"]"#, "none"));
    assert_unknown(store.massages(ME, Page::ALL), "areas", "tail");
}

#[test]
fn an_unknown_duplicate_source_kind_is_named() {
    let (_dir, store) = database(&format!(
        "{} INSERT INTO import_decisions (kept_id, dropped_kind, reason) VALUES (1, 'zwift', 'x');",
        activity("running", "fit")
    ));
    assert_unknown(
        store.duplicate_decisions(ME, Page::ALL),
        "dropped_kind",
        "zwift",
    );
}
