//! What is particular to the SQLite backend, against real files: creating and migrating a
//! file, its folder, its ids and its page size. What every backend must do is the contract
//! (`src/contract.rs`, run by `contract_sqlite.rs`).

use tuneup_core::AthleteId;
use tuneup_core::Id;
use tuneup_core::model::*;
use tuneup_store::sqlite::{SCHEMA_VERSION, SqliteStore};
use tuneup_store::{Store, StoreError};

fn fresh() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("tuneup.db")).unwrap();
    (dir, store)
}

#[test]
fn migrates_an_empty_file_and_reopens_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.db");
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    drop(store);
    let again = SqliteStore::open(&path).unwrap();
    assert_eq!(again.schema_version().unwrap(), SCHEMA_VERSION);
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
