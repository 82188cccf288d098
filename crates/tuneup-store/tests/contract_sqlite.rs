//! The store contract (`tuneup_store::contract`) against the SQLite backend, each store a
//! real file in a temp folder.

use std::cell::Cell;
use tuneup_store::contract::{self, NewStore};
use tuneup_store::{DatabaseLocation, Store};

fn with_sqlite_files(run: fn(NewStore<'_>)) {
    let dir = tempfile::tempdir().unwrap();
    let made = Cell::new(0);
    let new_store = || -> Box<dyn Store> {
        made.set(made.get() + 1);
        let path = dir.path().join(format!("store-{}.db", made.get()));
        tuneup_store::open(&DatabaseLocation::Sqlite(path)).unwrap()
    };
    run(&new_store);
}

macro_rules! contract_tests {
    ($($name:ident),+ $(,)?) => {
        $(
            #[test]
            fn $name() {
                with_sqlite_files(contract::$name);
            }
        )+

        #[test]
        fn every_contract_is_run_here() {
            let here = [$(stringify!($name)),+];
            for (name, _) in contract::ALL {
                assert!(here.contains(name), "{name} is not run against SQLite");
            }
        }
    };
}

contract_tests!(
    every_entity_round_trips,
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
    a_removed_session_stays_removed_until_restored,
);

/// Each shared contract twice: on a new database (the stores race to create and migrate
/// it) and on one that exists already.
macro_rules! shared_contract_tests {
    ($($name:ident),+ $(,)?) => {
        mod shared {
            use super::*;
            $(
                #[test]
                fn $name() {
                    for existing in [false, true] {
                        let dir = tempfile::tempdir().unwrap();
                        let location = DatabaseLocation::Sqlite(dir.path().join("shared.db"));
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
                    assert!(here.contains(name), "{name} is not run against SQLite");
                }
            }
        }
    };
}

shared_contract_tests!(
    writers_take_turns_and_a_checked_import_lands_once,
    racing_writers_of_one_file_store_it_once,
);
