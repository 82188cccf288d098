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
//!         Err(err) => eprintln!("{err}"), // names the file, with a byte offset or line
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
//! - [`decode`] detects the format by content (gzip is unwrapped first) and returns one
//!   activity per FIT session (multisport files give several; transitions are dropped), one
//!   per TCX `Activity`, one per GPX file. It never panics, whatever the bytes.
//! - Lower level: [`fit::parse`], [`gpx::parse`], [`tcx::parse`] give the raw readings
//!   (message counts, points, laps) without building activities; [`derive`] holds the
//!   documented rules for derived distance, moving time, elevation gain and heart rate.

pub mod archive;
pub mod derive;
pub mod detect;
mod error;
pub mod fit;
pub mod gpx;
mod recording;
pub mod tcx;
pub mod training_plan;
mod xml;

pub use archive::{SourceFile, StravaMeta, Walk, walk};
pub use detect::{Format, detect};
pub use error::{DecodeError, FitError, FitErrorKind, SourceError};

use recording::{Origin, Recording};
use sha2::{Digest, Sha256};
use std::io::Read;
use tuneup_core::model::{Activity, SourceKind};

/// Largest decompressed gzip content we accept, so a gzip bomb cannot exhaust memory.
pub const MAX_DECOMPRESSED_BYTES: u64 = 512 * 1024 * 1024;

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
    let unzipped;
    let mut bytes: &[u8] = &file.bytes;
    if bytes.is_empty() {
        return Err(DecodeError::Empty {
            file: name.to_string(),
        });
    }
    if detect(bytes) == Format::Gzip {
        unzipped = gunzip(name, bytes)?;
        bytes = &unzipped;
    }
    let format = detect(bytes);
    let mut warnings = Vec::new();
    let (kind, outcome) = match format {
        Format::Fit => {
            let parsed = fit::parse(bytes).map_err(|source| DecodeError::Fit {
                file: name.to_string(),
                source,
            })?;
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
    let mut activities = Vec::with_capacity(recordings.len());
    for rec in recordings {
        let Some(mut activity) = recording::build(rec, &origin) else {
            warnings.push("an activity without any time was skipped".to_string());
            continue;
        };
        if let Some(meta) = &file.strava {
            meta.apply(&mut activity);
        }
        activity.validate().map_err(|source| DecodeError::Invalid {
            file: name.to_string(),
            source,
        })?;
        activities.push(activity);
    }
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
