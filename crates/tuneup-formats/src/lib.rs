//! Activity files in, `tuneup_core` activities out: our own FIT decoder, streaming GPX and
//! TCX readers, and a lazy walker over folders, gzip and zip archives (Garmin and Strava
//! bulk exports included). No database, no clock: this crate only turns bytes into values.
//!
//! # Using it (for the import pipeline)
//!
//! ```no_run
//! use tuneup_formats::{Decoded, decode, walk};
//!
//! for item in walk(["/home/me/strava_export.zip"]) {
//!     let file = match item {
//!         Ok(file) => file,
//!         Err(err) => { eprintln!("{err}"); continue; } // one unreadable file or archive
//!     };
//!     match decode(&file) {
//!         Ok(Decoded::Activities { activities, warnings }) => {
//!             // each `Activity` has `streams: Some(..)`, `source.file_sha256` (of the bytes
//!             // as found, before gunzip), `source.file_name` (= `file.name`) and `device`.
//!             let _ = (activities, warnings);
//!         }
//!         Ok(Decoded::NotAnActivity { reason }) => println!("{}: skipped, {reason}", file.name),
//!         // The message names the file; `source()` gives the cause, `location()` the
//!         // byte offset (FIT) or line (XML) where reading stopped.
//!         Err(err) => eprintln!("{err} (at {:?})", err.location()),
//!     }
//! }
//! ```
//!
//! - [`walk`] yields [`SourceFile`]s one at a time (at most one file, or one nested zip, in
//!   memory): folders recursively, zip members (named `archive.zip!member`), zips inside
//!   zips (Garmin's `UploadedFiles_*_Part*.zip`). Files whose content is not FIT, GPX, TCX or
//!   gzip are skipped and counted in [`Walk::skipped`]. A Strava `activities.csv` at the root
//!   of a folder or zip is read first and its name, type and perceived exertion are attached
//!   to the matching `activities/...` files as [`StravaMeta`].
//! - [`decode`] detects the format by content (gzip is unwrapped first, up to
//!   [`MAX_DECOMPRESSED_BYTES`]) and returns one activity per FIT session (records assigned
//!   to sessions by time; multisport transitions are dropped with a warning), one per TCX
//!   `Activity`, one per GPX file (all its tracks and segments). Files that hold no
//!   recording (FIT settings/course/monitoring, GPX routes or untimed tracks, TCX courses)
//!   give [`Decoded::NotAnActivity`] with the reason. Damage that can be survived (bad CRC,
//!   cut tail, undefined message) keeps what was valid and says so in `warnings`. It never
//!   panics, whatever the bytes.
//! - Summary values: what the file states wins (FIT session totals, TCX lap sums); what it
//!   does not state is derived from the samples by the rules in [`derive`] (haversine
//!   distance, dead-band elevation gain, heart rate ignoring zeros). Moving time is always
//!   derived from the samples (a device's timer time still counts standing at a light),
//!   falling back to the timer time when no sample has a speed. Streams are in time order. Cadence is
//!   stored as steps per minute for foot sports (the files count one leg) and rpm otherwise.
//!   The UTC offset comes from the FIT `activity` message of the activity's own chained file;
//!   else from the time zone at the first position ([`timezone`], with daylight saving);
//!   else it is 0 with `OffsetSource::Profile`, for the import pipeline to give the runner's
//!   zone. A failed FIT CRC is kept on the activity (`crc_mismatch`), and an activity no run
//!   can be is flagged (`implausible`, by `tuneup_core::plausibility::flag`).
//! - Lower level: [`fit::parse`], [`gpx::parse`], [`tcx::parse`] give the raw readings
//!   (message counts, points, laps) without building activities; [`decompress`] unwraps
//!   gzip; [`detect`] tells a format from the first bytes.

pub mod archive;
pub mod derive;
pub mod detect;
mod error;
pub mod fit;
pub mod fuzz_entry;
#[cfg(test)]
mod gap_tests;
pub mod gpx;
#[cfg(test)]
mod multisport_tests;
mod recording;
pub mod tcx;
pub mod timezone;
pub mod training_plan;
mod xml;

pub use archive::{SourceFile, StravaMeta, Walk, walk};
pub use detect::{Format, detect};
pub use error::{DecodeError, FitError, FitErrorKind, Location, SourceError};

use recording::{Origin, Recording};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::io::Read;
use tuneup_core::model::{Activity, SourceKind};

/// Longest plausible activity (7 days) and distance (1,000 km): the limits shared with the
/// rest of tuneup (`tuneup_core::limits`).
pub use tuneup_core::limits::{MAX_DISTANCE_M, MAX_DURATION_S};

/// Refuses an activity whose summary values no real activity holds: durations up to 7 days
/// and distances up to 1,000 km, finite and not negative. The error names the field.
fn check_plausible(file: &str, activity: &Activity) -> Result<(), DecodeError> {
    const DURATION: &str = "0 to 7 days";
    const DISTANCE: &str = "0 to 1,000 km";
    let checks = [
        (
            "elapsed time (s)",
            activity.elapsed.0,
            MAX_DURATION_S,
            DURATION,
        ),
        (
            "moving time (s)",
            activity.moving.0,
            MAX_DURATION_S,
            DURATION,
        ),
        (
            "distance (m)",
            activity.distance.0,
            MAX_DISTANCE_M,
            DISTANCE,
        ),
        (
            "elevation gain (m)",
            activity.elevation_gain.map_or(0.0, |g| g.0),
            MAX_DISTANCE_M,
            DISTANCE,
        ),
    ];
    for (field, value, max, limit) in checks {
        if !(value.is_finite() && (0.0..=max).contains(&value)) {
            return Err(DecodeError::Implausible {
                file: file.to_string(),
                field,
                value,
                limit,
            });
        }
    }
    Ok(())
}

/// Most warnings kept for one file; the rest are counted in a last line.
pub const MAX_WARNINGS: usize = 50;

/// Keeps the first [`MAX_WARNINGS`] warnings and says how many more there were.
fn cap_warnings(warnings: &mut Vec<String>) {
    if warnings.len() > MAX_WARNINGS {
        let more = warnings.len() - MAX_WARNINGS;
        warnings.truncate(MAX_WARNINGS);
        warnings.push(format!("... and {more} more warnings"));
    }
}

/// Largest decompressed gzip content we accept, so a gzip bomb cannot exhaust memory.
pub const MAX_DECOMPRESSED_BYTES: u64 = archive::MAX_FILE_BYTES;

/// The outcome of decoding one file.
#[derive(Debug, Clone, PartialEq)]
pub enum Decoded {
    /// One or more activities, with what went wrong but was survived (a bad CRC, a cut
    /// tail, a dropped multisport transition...).
    Activities {
        activities: Vec<Activity>,
        warnings: Vec<String>,
    },
    /// A valid file that holds no activity (FIT settings, a course, a GPX route).
    NotAnActivity { reason: String },
}

/// Decodes one file found by [`walk`] (or built by hand with [`SourceFile::new`]).
pub fn decode(file: &SourceFile) -> Result<Decoded, DecodeError> {
    let name = file.name.as_str();
    let sha256 = hex::encode(Sha256::digest(&file.bytes));
    if file.bytes.is_empty() {
        return Err(DecodeError::Empty {
            file: name.to_string(),
        });
    }
    let mut content = decompress(name, &file.bytes)?;
    // A UTF-16 document (GPX or TCX) is read as its UTF-8 text.
    if let Some(utf8) = detect::utf16_to_utf8(&content) {
        content = Cow::Owned(utf8);
    }
    let bytes: &[u8] = &content;
    let format = detect(bytes);
    let mut warnings = Vec::new();
    let mut crc_mismatch = false;
    let (kind, outcome) = match format {
        Format::Fit => {
            let parsed = fit::parse(bytes).map_err(|source| DecodeError::Fit {
                file: name.to_string(),
                source,
            })?;
            crc_mismatch = parsed.crc_mismatch;
            warnings.extend(parsed.warnings.iter().cloned());
            (SourceKind::Fit, fit::recordings(&parsed, &mut warnings))
        }
        Format::Gpx => (
            SourceKind::Gpx,
            gpx::recordings(name, bytes, &mut warnings)?,
        ),
        Format::Tcx => (
            SourceKind::Tcx,
            tcx::recordings(name, bytes, &mut warnings)?,
        ),
        Format::Zip => {
            return Err(DecodeError::Archive {
                file: name.to_string(),
            });
        }
        Format::Gzip | Format::OtherXml | Format::Unknown => {
            let start: String = String::from_utf8_lossy(&bytes[..bytes.len().min(16)])
                .chars()
                .map(|c| if c.is_control() { '.' } else { c })
                .collect();
            return Err(DecodeError::UnknownFormat {
                file: name.to_string(),
                start,
            });
        }
    };
    let recordings: Vec<Recording> = match outcome {
        Ok(recordings) => recordings,
        Err(reason) => return Ok(Decoded::NotAnActivity { reason }),
    };
    let origin = Origin {
        kind,
        sha256: &sha256,
        file_name: name,
    };
    let legs = recordings.len();
    let mut activities = Vec::with_capacity(legs);
    for rec in recordings {
        let Some(mut activity) = recording::build(rec, &origin) else {
            warnings.push("an activity without any time was skipped".to_string());
            continue;
        };
        if let Some(meta) = &file.strava {
            meta.apply(&mut activity, legs);
        }
        check_plausible(name, &activity)?;
        activity.crc_mismatch = crc_mismatch;
        activity.implausible = tuneup_core::plausibility::flag(&activity);
        activity.validate().map_err(|source| DecodeError::Invalid {
            file: name.to_string(),
            source,
        })?;
        activities.push(activity);
    }
    cap_warnings(&mut warnings);
    if activities.is_empty() {
        return Ok(Decoded::NotAnActivity {
            reason: "no timed samples or sessions".to_string(),
        });
    }
    Ok(Decoded::Activities {
        activities,
        warnings,
    })
}

/// The content of a file: gunzipped when it is gzip (by content, not by name), else as is.
pub fn decompress<'a>(name: &str, bytes: &'a [u8]) -> Result<Cow<'a, [u8]>, DecodeError> {
    if detect(bytes) == Format::Gzip {
        gunzip(name, bytes).map(Cow::Owned)
    } else {
        Ok(Cow::Borrowed(bytes))
    }
}

fn gunzip(name: &str, bytes: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    let mut reader = flate2::read::MultiGzDecoder::new(bytes).take(MAX_DECOMPRESSED_BYTES + 1);
    reader
        .read_to_end(&mut out)
        .map_err(|source| DecodeError::Gzip {
            file: name.to_string(),
            source,
        })?;
    if out.len() as u64 > MAX_DECOMPRESSED_BYTES {
        return Err(DecodeError::TooLarge {
            file: name.to_string(),
            limit_mib: MAX_DECOMPRESSED_BYTES / (1024 * 1024),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit::tests::{FitBuilder, T0, le32, small_run};
    use proptest::prelude::*;
    use tuneup_core::vocab::Sport;

    fn activities(decoded: Decoded) -> (Vec<Activity>, Vec<String>) {
        match decoded {
            Decoded::Activities {
                activities,
                warnings,
            } => (activities, warnings),
            Decoded::NotAnActivity { reason } => panic!("not an activity: {reason}"),
        }
    }

    #[test]
    fn warnings_are_capped_and_the_rest_counted() {
        let mut warnings: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        cap_warnings(&mut warnings);
        assert_eq!(warnings.len(), MAX_WARNINGS + 1);
        assert_eq!(warnings[MAX_WARNINGS], "... and 950 more warnings");
        let mut few = vec!["one".to_string()];
        cap_warnings(&mut few);
        assert_eq!(few, ["one"]);
    }

    #[test]
    fn a_fit_run_becomes_an_activity_with_streams_offset_and_hash() {
        let bytes = small_run();
        let expected_hash = hex::encode(Sha256::digest(&bytes));
        let (acts, _) = activities(decode(&SourceFile::new("run.fit", bytes)).unwrap());
        assert_eq!(acts.len(), 1);
        let a = &acts[0];
        assert_eq!(a.sport, Sport::TrailRunning);
        assert_eq!(a.start.timestamp(), i64::from(T0) + fit::FIT_EPOCH_OFFSET);
        assert_eq!(a.utc_offset_s, 7200);
        assert_eq!(a.distance.0, 60.0);
        assert_eq!(a.elapsed.0, 20.0);
        assert_eq!(a.heart_rate.unwrap().average.0, 130.0);
        assert_eq!(a.source.kind, SourceKind::Fit);
        assert_eq!(
            a.source.file_sha256.as_deref(),
            Some(expected_hash.as_str())
        );
        assert_eq!(a.source.file_name.as_deref(), Some("run.fit"));
        assert_eq!(a.source.device.as_deref(), Some("Garmin (product 1615)"));
        let s = a.streams.as_ref().unwrap();
        assert_eq!(s.time_s, vec![0.0, 10.0, 20.0]);
        assert_eq!(s.heart_rate_bpm, vec![120, 0, 140]);
        assert!(s.is_consistent());
    }

    #[test]
    fn gzip_is_unwrapped_and_hashed_as_given() {
        use flate2::{Compression, write::GzEncoder};
        use std::io::Write;
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(&small_run()).unwrap();
        let bytes = gz.finish().unwrap();
        let hash = hex::encode(Sha256::digest(&bytes));
        let (acts, _) = activities(decode(&SourceFile::new("run.fit.gz", bytes)).unwrap());
        assert_eq!(acts[0].source.file_sha256, Some(hash));
    }

    #[test]
    fn settings_file_is_not_an_activity() {
        let mut b = FitBuilder::default();
        b.define(0, 0, false, &[(0, 1, 0x00)], &[]).data(0, &[2]);
        match decode(&SourceFile::new("Settings.fit", b.finish())).unwrap() {
            Decoded::NotAnActivity { reason } => assert!(reason.contains("settings"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn multisport_gives_one_activity_per_leg_and_assigns_records_by_time() {
        let mut b = FitBuilder::default();
        b.define(0, 0, false, &[(0, 1, 0x00)], &[]).data(0, &[4]);
        b.define(1, 20, false, &[(253, 4, 0x86), (3, 1, 0x02)], &[]);
        for (dt, hr) in [(0, 100), (10, 101), (100, 102), (200, 103), (210, 104)] {
            let mut c = le32(T0 + dt).to_vec();
            c.push(hr);
            b.data(1, &c);
        }
        b.define(
            2,
            18,
            false,
            &[(2, 4, 0x86), (5, 1, 0x00), (7, 4, 0x86)],
            &[],
        );
        for (start, sport, secs) in [(0u32, 5u8, 100u32), (100, 3, 100), (200, 1, 10)] {
            let mut c = le32(T0 + start).to_vec();
            c.push(sport);
            c.extend_from_slice(&le32(secs * 1000));
            b.data(2, &c);
        }
        let (acts, warnings) = activities(decode(&SourceFile::new("tri.fit", b.finish())).unwrap());
        assert_eq!(acts.len(), 2, "the transition is dropped");
        assert!(warnings.iter().any(|w| w.contains("transition")));
        assert_eq!(acts[0].sport, Sport::Swimming);
        assert_eq!(acts[1].sport, Sport::Running);
        let hr = |a: &Activity| a.streams.as_ref().unwrap().heart_rate_bpm.clone();
        assert_eq!(hr(&acts[0]), vec![100, 101]);
        assert_eq!(hr(&acts[1]), vec![103, 104]);
    }

    #[test]
    fn samples_out_of_time_order_are_sorted() {
        let doc = r#"<gpx version="1.1"><trk><trkseg>
            <trkpt lat="1" lon="2"><time>2024-05-01T06:00:10Z</time></trkpt>
            <trkpt lat="1" lon="2.0001"><time>2024-05-01T06:00:00Z</time></trkpt>
            <trkpt lat="1" lon="2.0002"><time>2024-05-01T06:00:20Z</time></trkpt>
            </trkseg></trk></gpx>"#;
        let (acts, _) = activities(decode(&SourceFile::new("o.gpx", doc.into())).unwrap());
        let s = acts[0].streams.as_ref().unwrap();
        assert_eq!(s.time_s, vec![0.0, 10.0, 20.0]);
        assert_eq!(acts[0].elapsed.0, 20.0);
    }

    #[test]
    fn strava_metadata_sets_title_sport_and_rpe() {
        let mut file = SourceFile::new("activities/1.fit", small_run());
        file.strava = Some(StravaMeta {
            name: Some("Hill reps".to_string()),
            activity_type: Some("Run".to_string()),
            perceived_exertion: Some(7.0),
            ..StravaMeta::default()
        });
        let (acts, _) = activities(decode(&file).unwrap());
        assert_eq!(acts[0].title.as_deref(), Some("Hill reps"));
        assert_eq!(acts[0].sport, Sport::Running);
        assert_eq!(acts[0].rpe, Some(7));
    }

    #[test]
    fn parse_errors_tell_the_file_and_where() {
        let err = decode(&SourceFile::new(
            "x.fit",
            b"\x0e\x10\0\0\0\0\0\0.FIT".to_vec(),
        ))
        .unwrap_err();
        assert_eq!(err.file(), "x.fit");
        assert_eq!(err.location(), Some(Location::ByteOffset(0)));
        // The cause comes once, through `source()`, not also inside the message.
        let cause = std::error::Error::source(&err).expect("a FIT error has a cause");
        assert!(
            cause.to_string().contains("inside the file header"),
            "{cause}"
        );
        assert!(!err.to_string().contains("header"), "{err}");
        let err = decode(&SourceFile::new("x.gpx", b"<gpx>\n<trk>\n</gpx>".to_vec())).unwrap_err();
        assert_eq!(err.location(), Some(Location::Line(3)), "{err}");
    }

    #[test]
    fn unknown_content_and_empty_files_are_clear_errors() {
        let err = decode(&SourceFile::new("notes.txt", b"hello".to_vec())).unwrap_err();
        assert!(
            err.to_string().contains("notes.txt: not a FIT, GPX or TCX"),
            "{err}"
        );
        let err = decode(&SourceFile::new("e.fit", Vec::new())).unwrap_err();
        assert!(err.to_string().contains("empty"), "{err}");
    }

    fn gpx_doc() -> String {
        let mut doc = String::from("<?xml version=\"1.0\"?><gpx version=\"1.1\"><trk><trkseg>");
        for i in 0..5 {
            doc.push_str(&format!(
                "<trkpt lat=\"45.{i}\" lon=\"7.0\"><ele>1{i}</ele><time>2024-05-01T06:00:0{i}Z</time></trkpt>"
            ));
        }
        doc.push_str("</trkseg></trk></gpx>");
        doc
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = decode(&SourceFile::new("random", bytes.clone()));
            let _ = fit::parse(&bytes);
        }

        #[test]
        fn random_bytes_after_a_fit_header_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
            let mut bytes = vec![14, 0x20, 0x08, 0x08];
            bytes.extend_from_slice(&(body.len() as u32).to_le_bytes());
            bytes.extend_from_slice(b".FIT\0\0");
            bytes.extend_from_slice(&body);
            let _ = decode(&SourceFile::new("random.fit", bytes));
        }

        #[test]
        fn truncated_or_flipped_fit_never_panics(cut in 0usize..400, flip in 0usize..400, bit in 0u8..8) {
            let mut bytes = small_run();
            if flip < bytes.len() {
                bytes[flip] ^= 1 << bit;
            }
            bytes.truncate(cut.min(bytes.len()));
            let _ = decode(&SourceFile::new("cut.fit", bytes));
        }

        #[test]
        fn truncated_or_flipped_xml_never_panics(cut in 0usize..600, flip in 0usize..600, byte in any::<u8>()) {
            for doc in [gpx_doc().into_bytes(), include_bytes!("../tests/data/small.tcx").to_vec()] {
                let mut bytes = doc;
                if flip < bytes.len() {
                    bytes[flip] = byte;
                }
                bytes.truncate(cut.min(bytes.len()));
                let _ = decode(&SourceFile::new("cut.xml", bytes));
            }
        }
    }
}
