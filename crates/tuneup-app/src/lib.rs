//! tuneup's use cases: what a runner can ask of tuneup, one function each, shared by every
//! front end. The CLI is a thin shell over this crate; the web app and the club server call
//! the same functions through the same [`tuneup_store::Store`] seam.
//!
//! Every function takes the store it works on and the athlete it acts for, returns plain
//! data (serialisable where a front end shows it as JSON) and a typed [`AppError`]. Nothing
//! here reads the clock, the environment or the terminal: "today" and the runner's UTC offset
//! are parameters, given by the edge.

pub mod activities;
pub mod analysis;
pub mod card;
mod error;
pub mod faq;
pub mod import;
pub mod load;
pub mod massages;
pub mod migrate;
pub mod overview;
pub mod plan;
pub mod profile;
pub mod records;
pub mod routine;
pub mod sample;
pub mod settings;
pub mod therapists;
pub mod training_plan;
pub mod why;

pub use error::{AppError, Result};

use tuneup_core::AthleteId;
pub use tuneup_core::timezone::Tz;
use tuneup_store::{DatabaseLocation, Store};

/// Opens the store at `location`, creating and migrating it as needed, and brings
/// `athlete`'s stored values up to date: load digests (missing ones, or ones an older build
/// worked out) and local times (activities stored before offsets had a source, corrected
/// from their originals and positions, else the runner's zone: the profile's, else
/// `system_zone`, the computer's, given by the edge). The one way a front end gets a store.
pub fn open_store(
    location: &DatabaseLocation,
    athlete: AthleteId,
    system_zone: Tz,
) -> Result<Box<dyn Store>> {
    let mut store = tuneup_store::open(location)?;
    tuneup_import::refresh_digests(store.as_mut(), athlete)?;
    let zone = profile::runner_zone(store.as_ref(), athlete, system_zone)?;
    tuneup_import::refresh_local_time(store.as_mut(), athlete, zone)?;
    Ok(store)
}

#[cfg(test)]
mod testing {
    use tuneup_store::{DatabaseLocation, Store};

    /// A real SQLite file in `dir`, opened the way a front end opens one.
    pub fn store(dir: &tempfile::TempDir) -> Box<dyn Store> {
        crate::open_store(
            &DatabaseLocation::Sqlite(dir.path().join("test.db")),
            tuneup_core::AthleteId::LOCAL,
            crate::Tz::UTC,
        )
        .expect("open a fresh database")
    }
}

#[cfg(test)]
mod local_time_tests {
    use crate::{Tz, open_store};
    use std::path::PathBuf;
    use tuneup_core::AthleteId;
    use tuneup_core::model::OffsetSource;
    use tuneup_store::{ActivityQuery, DatabaseLocation};

    const ME: AthleteId = AthleteId::LOCAL;

    fn fixtures() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tuneup-formats/tests/fixtures/fit")
    }

    /// A GPX run: 21:00 in Denver on 14 December (04:00 UTC on the 15th), or with no
    /// positions an hour later.
    fn gpx(with_positions: bool) -> String {
        let mut doc = String::from(r#"<gpx version="1.1"><trk><type>running</type><trkseg>"#);
        for i in 0..30 {
            let position = if with_positions {
                format!(
                    r#" lat="{:.5}" lon="-104.97""#,
                    39.7 + f64::from(i) * 0.0003
                )
            } else {
                String::new()
            };
            doc.push_str(&format!(
                "<trkpt{position}><time>2026-12-15T0{}:{:02}:{:02}Z</time></trkpt>",
                if with_positions { 4 } else { 5 },
                i / 6,
                (i % 6) * 10
            ));
        }
        doc.push_str("</trkseg></trk></gpx>");
        doc
    }

    #[test]
    fn a_database_from_before_local_time_is_corrected_on_open_as_a_fresh_import_would_be() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("denver.gpx"), gpx(true)).unwrap();
        std::fs::write(dir.path().join("treadmill.gpx"), gpx(false)).unwrap();
        // Times written in Sydney's summer time, positions in Denver: the file wins.
        let offset = gpx(true)
            .replace("2026-12-15T04:", "2026-12-16T17:")
            .replace("Z<", "+11:00<");
        std::fs::write(dir.path().join("offset.gpx"), offset).unwrap();
        let path = dir.path().join("old.db");
        let location = DatabaseLocation::Sqlite(path.clone());
        let sydney = Tz::Australia__Sydney;
        let imported = {
            let mut store = open_store(&location, ME, sydney).unwrap();
            let paths = [
                fixtures(),
                dir.path().join("denver.gpx"),
                dir.path().join("treadmill.gpx"),
                dir.path().join("offset.gpx"),
            ];
            let report =
                crate::import::import(store.as_mut(), ME, &paths, sydney, false, &mut |_| {})
                    .unwrap();
            assert!(report.counts().failed == 0, "{report:?}");
            store.activities(ME, &ActivityQuery::default()).unwrap()
        };
        let denver = imported
            .iter()
            .find(|r| {
                r.item
                    .source
                    .file_name
                    .as_deref()
                    .is_some_and(|n| n.ends_with("denver.gpx"))
            })
            .unwrap();
        assert_eq!(denver.item.offset_source, OffsetSource::Position);
        assert_eq!(denver.item.local_date().to_string(), "2026-12-14");
        let treadmill = imported
            .iter()
            .find(|r| {
                r.item
                    .source
                    .file_name
                    .as_deref()
                    .is_some_and(|n| n.ends_with("treadmill.gpx"))
            })
            .unwrap();
        assert_eq!(treadmill.item.offset_source, OffsetSource::Profile);
        assert_eq!(treadmill.item.utc_offset_s, 11 * 3600);
        let stated = imported
            .iter()
            .find(|r| {
                r.item
                    .source
                    .file_name
                    .as_deref()
                    .is_some_and(|n| n.ends_with("offset.gpx"))
            })
            .unwrap();
        assert_eq!(
            (stated.item.utc_offset_s, stated.item.offset_source),
            (11 * 3600, OffsetSource::File)
        );
        // A FIT file that states an offset of 0 keeps it from the file (the original tells).
        assert!(
            imported
                .iter()
                .any(|r| r.item.offset_source == OffsetSource::File && r.item.utc_offset_s == 0)
        );

        // As a database written before schema 0007 held them: offsets only from FIT activity
        // messages, 0 otherwise, and no source.
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(
                "UPDATE activities SET
                    utc_offset_s = CASE WHEN offset_source = 'file' AND source_kind = 'fit'
                        THEN utc_offset_s ELSE 0 END,
                    offset_source = NULL, implausible = NULL;
                 UPDATE activities SET
                    local_date = date(start_utc_ms / 1000 + utc_offset_s, 'unixepoch');",
            )
            .unwrap();
        }
        let mut store = open_store(&location, ME, sydney).unwrap();
        let corrected = store.activities(ME, &ActivityQuery::default()).unwrap();
        let key = |r: &tuneup_core::Record<tuneup_core::model::Activity>| {
            (
                r.id,
                r.item.utc_offset_s,
                r.item.offset_source,
                r.item.local_date(),
            )
        };
        assert_eq!(
            corrected.iter().map(key).collect::<Vec<_>>(),
            imported.iter().map(key).collect::<Vec<_>>()
        );
        assert!(
            store
                .activities_by_offset_source(ME, None)
                .unwrap()
                .is_empty()
        );
        // Opening again has nothing left to do.
        let again = tuneup_import::refresh_local_time(store.as_mut(), ME, sydney).unwrap();
        assert_eq!(again.corrected, 0);
    }

    #[test]
    fn setting_a_time_zone_moves_runs_that_took_the_runners_zone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("treadmill.gpx"), gpx(false)).unwrap();
        let location = DatabaseLocation::Sqlite(dir.path().join("t.db"));
        let mut store = open_store(&location, ME, Tz::UTC).unwrap();
        crate::import::import(
            store.as_mut(),
            ME,
            &[dir.path().join("treadmill.gpx")],
            Tz::UTC,
            false,
            &mut |_| {},
        )
        .unwrap();
        let change = crate::profile::ProfileChange {
            timezone: Some("America/Denver".into()),
            ..Default::default()
        };
        crate::profile::set(store.as_mut(), ME, change).unwrap();
        let runs = store.activities(ME, &ActivityQuery::default()).unwrap();
        assert_eq!(runs[0].item.utc_offset_s, -7 * 3600);
        assert_eq!(runs[0].item.local_date().to_string(), "2026-12-14");
    }
}
