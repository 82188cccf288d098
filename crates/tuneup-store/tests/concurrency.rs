//! Stores move between threads, a pool serves readers while a writer adds batches, and a
//! reader never sees half a batch. Real SQLite files in temp folders.

use chrono::{TimeZone, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tuneup_core::AthleteId;
use tuneup_core::model::{Activity, ActivitySource, Race, SampleStreams};
use tuneup_core::units::{Meters, Seconds};
use tuneup_core::vocab::{RacePriority, Sport};
use tuneup_store::{ActivityQuery, DatabaseLocation, NewActivity, Page, Streams, open_pool};

const ME: AthleteId = AthleteId::LOCAL;

fn location(dir: &tempfile::TempDir) -> DatabaseLocation {
    DatabaseLocation::Sqlite(dir.path().join("tuneup.db"))
}

fn race() -> Race {
    Race {
        date: chrono::NaiveDate::from_ymd_opt(2026, 12, 13).unwrap(),
        name: "City Marathon".into(),
        distance: Meters(42_195.0),
        priority: RacePriority::A,
    }
}

fn run(i: i64) -> Activity {
    Activity {
        sport: Sport::Running,
        start: Utc.timestamp_opt(1_700_000_000 + i * 3_600, 0).unwrap(),
        utc_offset_s: 0,
        offset_source: tuneup_core::model::OffsetSource::Profile,
        implausible: None,
        crc_mismatch: false,
        elapsed: Seconds(600.0),
        moving: Seconds(600.0),
        distance: Meters(2000.0),
        elevation_gain: None,
        heart_rate: None,
        rpe: None,
        title: Some(format!("run {i}")),
        kind: None,
        source: ActivitySource::manual(),
        streams: Some(SampleStreams {
            time_s: (0..600).map(f64::from).collect(),
            heart_rate_bpm: vec![140; 600],
            ..SampleStreams::default()
        }),
        digest: None,
    }
}

#[test]
fn a_store_moves_into_a_thread() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = tuneup_store::open(&location(&dir)).unwrap();
    let listed = std::thread::spawn(move || {
        store.add_race(ME, &race()).unwrap();
        store.races(ME, Page::ALL).unwrap().len()
    })
    .join()
    .unwrap();
    assert_eq!(listed, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stores_move_into_spawn_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = tuneup_store::open(&location(&dir)).unwrap();
    let store = tokio::task::spawn_blocking(move || {
        store.add_race(ME, &race()).unwrap();
        store
    })
    .await
    .unwrap();
    assert_eq!(store.races(ME, Page::ALL).unwrap().len(), 1);

    // A pool as a server holds it: shared state, one store per request.
    let pool = open_pool(&location(&dir), 3).unwrap();
    let requests: Vec<_> = (0..6)
        .map(|_| {
            let pool = pool.clone();
            tokio::task::spawn_blocking(move || {
                let mut store = pool.get();
                store.add_race(ME, &race()).unwrap();
                store.races(ME, Page::ALL).unwrap().len()
            })
        })
        .collect();
    for request in requests {
        assert!(request.await.unwrap() >= 2);
    }
    assert_eq!(pool.get().races(ME, Page::ALL).unwrap().len(), 7);
}

#[test]
fn readers_never_see_half_a_batch_and_never_fail_while_a_writer_adds() {
    const BATCH: usize = 10;
    const BATCHES: usize = 25;
    let dir = tempfile::tempdir().unwrap();
    let pool = open_pool(&location(&dir), 4).unwrap();
    let done = Arc::new(AtomicBool::new(false));

    let readers: Vec<_> = (0..3)
        .map(|reader| {
            let pool = pool.clone();
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                let mut reads = 0usize;
                loop {
                    let finished = done.load(Ordering::SeqCst);
                    let store = pool.get();
                    let query = ActivityQuery {
                        // One reader also reads the streams, a multi-statement read.
                        streams: if reader == 0 {
                            Streams::With
                        } else {
                            Streams::Without
                        },
                        ..ActivityQuery::default()
                    };
                    let listed = store.activities(ME, &query).expect("a reader never fails");
                    assert_eq!(listed.len() % BATCH, 0, "half a batch: {}", listed.len());
                    if reader == 0 {
                        assert!(listed.iter().all(|r| r.item.streams.is_some()));
                    }
                    reads += 1;
                    if finished {
                        return (reads, listed.len());
                    }
                }
            })
        })
        .collect();

    let writer = {
        let pool = pool.clone();
        std::thread::spawn(move || {
            let mut store = pool.get();
            for b in 0..BATCHES {
                let runs: Vec<Activity> = (0..BATCH).map(|i| run((b * BATCH + i) as i64)).collect();
                let batch: Vec<_> = runs.iter().map(NewActivity::without_file).collect();
                store.add_activities(ME, &batch).unwrap();
            }
        })
    };
    writer.join().unwrap();
    done.store(true, Ordering::SeqCst);
    for reader in readers {
        let (reads, last) = reader.join().unwrap();
        assert!(reads > 0);
        assert_eq!(last, BATCH * BATCHES, "the last read sees every batch");
    }
}

#[test]
fn two_writers_on_two_connections_queue_rather_than_fail() {
    let dir = tempfile::tempdir().unwrap();
    let pool = open_pool(&location(&dir), 2).unwrap();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let pool = pool.clone();
            std::thread::spawn(move || {
                let mut store = pool.get();
                for i in 0..20 {
                    store
                        .in_transaction(&mut |store| {
                            // Read, then write: the upgrade that fails without IMMEDIATE.
                            let before = store.races(ME, Page::ALL)?.len();
                            store.add_race(ME, &race())?;
                            assert!(store.races(ME, Page::ALL)?.len() > before);
                            Ok(())
                        })
                        .unwrap_or_else(|e| panic!("writer {w}, action {i}: {e:?}"));
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    assert_eq!(pool.get().races(ME, Page::ALL).unwrap().len(), 40);
}
