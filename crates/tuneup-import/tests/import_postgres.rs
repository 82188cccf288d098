//! Imports into PostgreSQL (full tier: `TUNEUP_TEST_POSTGRES` names the server, as `.ci/run`
//! sets it): two imports of one folder at once, each with its own connection, as two server
//! instances would run them, store each run once: as many activities as one import into
//! SQLite stores.

use std::path::PathBuf;
use tuneup_core::AthleteId;
use tuneup_import::{ImportOptions, import};
use tuneup_store::postgres::PgStore;
use tuneup_store::sqlite::SqliteStore;
use tuneup_store::{ActivityQuery, Store};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tuneup-formats/tests/fixtures/fit")
}

fn count(store: &dyn Store) -> usize {
    store
        .activities(AthleteId::LOCAL, &ActivityQuery::default())
        .unwrap()
        .len()
}

#[test]
#[ignore = "full tier: needs TUNEUP_TEST_POSTGRES"]
fn two_imports_at_once_store_each_run_once() {
    let server = std::env::var("TUNEUP_TEST_POSTGRES")
        .expect("TUNEUP_TEST_POSTGRES is not set: this test needs a PostgreSQL server");
    let schema = format!("import_twice_{}", std::process::id());
    let mut admin = postgres::Client::connect(&server, postgres::NoTls)
        .expect("TUNEUP_TEST_POSTGRES names a server that does not answer");
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .unwrap();
    let join = if server.contains('?') { '&' } else { '?' };
    let url = format!("{server}{join}options=-c%20search_path%3D{schema}");

    let dir = tempfile::tempdir().unwrap();
    let mut sqlite = SqliteStore::open(&dir.path().join("once.db")).unwrap();
    let once = import(
        &mut sqlite,
        AthleteId::LOCAL,
        &[fixtures()],
        &ImportOptions::default(),
        &mut |_| {},
    );
    let expected = count(&sqlite);
    assert!(expected > 5, "{}", once.summary());

    let reports: Vec<_> = std::thread::scope(|scope| {
        let imports: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    let mut store = PgStore::open(&url).unwrap();
                    import(
                        &mut store,
                        AthleteId::LOCAL,
                        &[fixtures()],
                        &ImportOptions::default(),
                        &mut |_| {},
                    )
                })
            })
            .collect();
        imports.into_iter().map(|i| i.join().unwrap()).collect()
    });
    let stored = count(&PgStore::open(&url).unwrap());
    let _ = admin.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
    for report in &reports {
        assert!(report.all_handled(), "{}", report.summary());
    }
    assert_eq!(
        stored,
        expected,
        "{} / {}",
        reports[0].summary(),
        reports[1].summary()
    );
}
