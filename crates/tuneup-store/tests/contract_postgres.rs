//! The store contract (`tuneup_store::contract`) against the PostgreSQL backend, on the server
//! `TUNEUP_TEST_POSTGRES` names (full tier; `.ci/run` starts one and sets it). Each test works
//! in a schema of its own, created for it and dropped after, so the tests run in parallel.
//! Asked for without the variable, or with a server that does not answer, they fail.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use tuneup_core::AthleteId;
use tuneup_store::contract::{self, NewStore};
use tuneup_store::{ActivityQuery, DatabaseLocation, Store, StoreError};

/// The server under test, or a loud failure saying how to name one.
fn server() -> String {
    std::env::var("TUNEUP_TEST_POSTGRES").unwrap_or_else(|_| {
        panic!(
            "TUNEUP_TEST_POSTGRES is not set: these tests need a PostgreSQL server, e.g. \
             TUNEUP_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test (.ci/run sets it)"
        )
    })
}

/// A schema of the test's own on the server, dropped when the test ends (passed or not).
struct Schema {
    name: String,
    server: String,
}

impl Schema {
    fn new() -> Schema {
        static MADE: AtomicUsize = AtomicUsize::new(0);
        let server = server();
        let name = format!(
            "contract_{}_{}_{}",
            std::process::id(),
            MADE.fetch_add(1, Ordering::SeqCst),
            chrono::Utc::now().timestamp_micros() % 1_000_000_000
        );
        admin(&server)
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .unwrap();
        Schema { name, server }
    }

    /// The server's URL with this schema as the search path.
    fn url(&self) -> String {
        let join = if self.server.contains('?') { '&' } else { '?' };
        format!(
            "{}{join}options=-c%20search_path%3D{}",
            self.server, self.name
        )
    }

    fn location(&self) -> DatabaseLocation {
        DatabaseLocation::parse(&self.url()).unwrap()
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.server, postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP SCHEMA {} CASCADE", self.name));
        }
    }
}

fn admin(server: &str) -> postgres::Client {
    postgres::Client::connect(server, postgres::NoTls)
        .unwrap_or_else(|e| panic!("TUNEUP_TEST_POSTGRES names a server that does not answer: {e}"))
}

/// Runs a contract with a new schema for every store it asks for.
fn with_postgres_schemas(run: fn(NewStore<'_>)) {
    let schemas = std::cell::RefCell::new(Vec::new());
    let made = Cell::new(0);
    let new_store = || -> Box<dyn Store> {
        made.set(made.get() + 1);
        let schema = Schema::new();
        let store = tuneup_store::open(&schema.location()).unwrap();
        schemas.borrow_mut().push(schema);
        store
    };
    run(&new_store);
}

macro_rules! contract_tests {
    ($($name:ident),+ $(,)?) => {
        $(
            #[test]
            #[ignore = "full tier: needs TUNEUP_TEST_POSTGRES"]
            fn $name() {
                with_postgres_schemas(contract::$name);
            }
        )+

        #[test]
        fn every_contract_is_run_here() {
            let here = [$(stringify!($name)),+];
            for (name, _) in contract::ALL {
                assert!(here.contains(name), "{name} is not run against PostgreSQL");
            }
        }
    };
}

contract_tests!(
    every_entity_round_trips,
    a_removed_session_stays_removed_until_restored,
    a_failed_transaction_leaves_no_partial_rows,
    a_panic_inside_a_transaction_rolls_it_back,
    a_duplicate_keeps_its_bytes_and_the_decision,
    a_richer_recording_replaces_the_activity_under_the_same_id,
    a_large_batch_keeps_its_order_and_fails_whole,
    listings_come_in_pages_that_do_not_overlap,
    what_is_not_there_is_not_found,
    an_athlete_sees_only_their_own_rows,
    digests_are_kept_as_given,
    a_session_of_a_file_is_placed_once,
    corrections_replace_what_they_name_and_keep_the_rest,
    local_time_is_kept_and_replaced_with_its_source,
);

/// Each shared contract twice: on a new schema (the stores race to migrate it) and on one
/// migrated already.
macro_rules! shared_contract_tests {
    ($($name:ident),+ $(,)?) => {
        mod shared {
            use super::*;
            $(
                #[test]
                #[ignore = "full tier: needs TUNEUP_TEST_POSTGRES"]
                fn $name() {
                    for existing in [false, true] {
                        let schema = Schema::new();
                        let location = schema.location();
                        if existing {
                            drop(tuneup_store::open(&location).unwrap());
                        }
                        let open = || -> Box<dyn Store> { tuneup_store::open(&location).unwrap() };
                        contract::$name(&open);
                    }
                }
            )+

            #[test]
            fn every_shared_contract_is_run_here() {
                let here = [$(stringify!($name)),+];
                for (name, _) in contract::SHARED {
                    assert!(here.contains(name), "{name} is not run against PostgreSQL");
                }
            }
        }
    };
}

shared_contract_tests!(
    writers_take_turns_and_a_checked_import_lands_once,
    racing_writers_of_one_file_store_it_once,
);

/// Instances opening a new database at the same moment each find the schema whole: the
/// migrations run once, under the advisory lock.
#[test]
#[ignore = "full tier: needs TUNEUP_TEST_POSTGRES"]
fn instances_opening_together_migrate_once() {
    let schema = Schema::new();
    let location = schema.location();
    std::thread::scope(|scope| {
        let opening: Vec<_> = (0..6)
            .map(|_| scope.spawn(|| tuneup_store::open(&location).map(|_| ())))
            .collect();
        for one in opening {
            one.join().unwrap().expect("every instance opens");
        }
    });
    let mut client = admin(&schema.server);
    let applied: i64 = client
        .query_one(
            &format!("SELECT count(*) FROM {}.tuneup_schema", schema.name),
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(applied, tuneup_store::postgres::SCHEMA_VERSION);
}

/// A schema version this build does not know is refused, not written over.
#[test]
#[ignore = "full tier: needs TUNEUP_TEST_POSTGRES"]
fn a_newer_schema_is_refused() {
    let schema = Schema::new();
    drop(tuneup_store::open(&schema.location()).unwrap());
    admin(&schema.server)
        .batch_execute(&format!(
            "INSERT INTO {}.tuneup_schema (version) VALUES (999)",
            schema.name
        ))
        .unwrap();
    match tuneup_store::open(&schema.location()) {
        Err(StoreError::TooNew { found: 999, .. }) => {}
        other => panic!("expected TooNew, got {:?}", other.map(|_| ())),
    }
}

/// A stored vocabulary id this build does not know is an error naming it, never a default.
#[test]
#[ignore = "full tier: needs TUNEUP_TEST_POSTGRES"]
fn an_unknown_stored_id_is_named() {
    let schema = Schema::new();
    let store = tuneup_store::open(&schema.location()).unwrap();
    admin(&schema.server)
        .batch_execute(&format!(
            "INSERT INTO {}.activities (athlete_id, sport, start_utc_ms, utc_offset_s, local_date,
                elapsed_s, moving_s, distance_m, source_kind)
             VALUES (1, 'paragliding', 1764000000000, 0, '2025-11-24', 3600, 3500, 10000, 'fit')",
            schema.name
        ))
        .unwrap();
    match store.activities(AthleteId::LOCAL, &ActivityQuery::default()) {
        Err(StoreError::UnknownValue { field, value }) => {
            assert_eq!((field, value.as_str()), ("sport", "paragliding"));
        }
        other => panic!("expected UnknownValue, got {other:?}"),
    }
}

/// The server's refusal reaches the runner, without the password from the URL.
#[test]
#[ignore = "full tier: needs TUNEUP_TEST_POSTGRES"]
fn a_refused_connection_does_not_show_the_password() {
    // The test server's user and host, a password, and a database that is not there.
    let server = server();
    let (scheme, rest) = server.split_once("://").expect("a postgres:// URL");
    let (user_host, _db) = rest.split_once('/').expect("a URL naming a database");
    let user_host = match user_host.split_once('@') {
        Some((user, host)) => format!("{}:s3cret-pw@{host}", user.split(':').next().unwrap()),
        None => format!("postgres:s3cret-pw@{user_host}"),
    };
    let with_password = format!("{scheme}://{user_host}/no_such_db_for_tuneup");
    let error = tuneup_store::open(&DatabaseLocation::parse(&with_password).unwrap())
        .err()
        .expect("no such database");
    let shown = format!("{error} / {error:?}");
    assert!(shown.contains("no_such_db_for_tuneup"), "{shown}");
    assert!(!shown.contains("s3cret-pw"), "{shown}");
}

/// Where no server answers, the error says where it looked, without the password. No
/// server needed: nothing listens on port 1.
#[test]
fn an_unreachable_server_is_named_without_the_password() {
    let url = "postgres://club:s3cret-pw@127.0.0.1:1/tuneup?connect_timeout=2";
    let error = tuneup_store::open(&DatabaseLocation::parse(url).unwrap())
        .err()
        .expect("nothing listens on port 1");
    let shown = format!("{error} / {error:?}");
    assert!(shown.contains("127.0.0.1:1"), "{shown}");
    assert!(!shown.contains("s3cret-pw"), "{shown}");
    assert!(matches!(error, StoreError::Connect { .. }), "{shown}");
}
