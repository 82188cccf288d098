//! Errors of the decoders and of the archive walker. Each names the input and the reason;
//! parse errors carry where they happened (a byte offset in a FIT file, a line in XML).

use std::path::PathBuf;

/// Why one file could not be turned into activities.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("{file}: empty file")]
    Empty { file: String },
    #[error("{file}: not a FIT, GPX or TCX file (content starts with {start:?})")]
    UnknownFormat { file: String, start: String },
    #[error("{file}: the gzip data is damaged")]
    Gzip {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: decompressed size is over the {limit_mib} MiB limit")]
    TooLarge { file: String, limit_mib: u64 },
    #[error("{file}: is a zip archive; pass it to `walk`, which opens archives")]
    Archive { file: String },
    // The cause is not repeated here: error chains print it after this line.
    #[error("{file}: cannot read the FIT data")]
    Fit {
        file: String,
        #[source]
        source: FitError,
    },
    #[error("{file}: line {line}: {reason}")]
    Xml {
        file: String,
        line: usize,
        reason: String,
    },
    /// A summary value beyond what any real activity holds (a lap of 1e30 s, a distance of
    /// 1e300 m): refused, never passed on, so nothing downstream overflows.
    #[error("{file}: {field} is {value:e}, outside the plausible range ({limit})")]
    Implausible {
        file: String,
        field: &'static str,
        value: f64,
        limit: &'static str,
    },
    #[error("{file}: the decoded activity breaks a model rule")]
    Invalid {
        file: String,
        #[source]
        source: tuneup_core::model::InvalidField,
    },
}

/// Where in a file a decoder stopped: a byte offset (FIT) or a 1-based line (XML). The
/// import report shows it and serialises it (`{"byte_offset": 14}`, `{"line": 7}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    ByteOffset(usize),
    Line(usize),
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::ByteOffset(offset) => write!(f, "byte {offset}"),
            Location::Line(line) => write!(f, "line {line}"),
        }
    }
}

impl DecodeError {
    /// The file the error is about, as named in its [`crate::SourceFile`].
    pub fn file(&self) -> &str {
        match self {
            DecodeError::Empty { file }
            | DecodeError::UnknownFormat { file, .. }
            | DecodeError::Gzip { file, .. }
            | DecodeError::TooLarge { file, .. }
            | DecodeError::Archive { file }
            | DecodeError::Fit { file, .. }
            | DecodeError::Xml { file, .. }
            | DecodeError::Implausible { file, .. }
            | DecodeError::Invalid { file, .. } => file,
        }
    }

    /// Where in the file reading stopped, for parse errors.
    pub fn location(&self) -> Option<Location> {
        match self {
            DecodeError::Fit { source, .. } => Some(Location::ByteOffset(source.offset)),
            DecodeError::Xml { line, .. } => Some(Location::Line(*line)),
            _ => None,
        }
    }
}

/// A FIT file that could not be read at all, with the byte offset where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("FIT byte {offset}: {kind}")]
pub struct FitError {
    pub offset: usize,
    pub kind: FitErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FitErrorKind {
    #[error("file header is {0} bytes, expected 12 or 14")]
    HeaderSize(u8),
    #[error("file ends inside the file header")]
    TruncatedHeader,
    #[error("no \".FIT\" signature in the file header")]
    Signature,
    #[error("data message uses local type {0}, which no definition message declared")]
    UndefinedLocalType(u8),
    #[error("message runs past the end of the data ({needed} bytes needed, {available} left)")]
    Truncated { needed: usize, available: usize },
    #[error("compressed timestamp header before any full timestamp")]
    CompressedTimestampWithoutBase,
}

/// Why the walker could not produce one file.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{path}: cannot read")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{name}: damaged zip archive")]
    Zip {
        name: String,
        #[source]
        source: zip::result::ZipError,
    },
    #[error("{name}: larger than the {limit_mib} MiB limit for one file")]
    TooLarge { name: String, limit_mib: u64 },
    /// An archive that expands beyond what any export holds, or whose members overlap: the
    /// shapes of a zip bomb. Its remaining members are not read.
    #[error("{name}: refused as a zip bomb: {reason}")]
    Bomb { name: String, reason: String },
    /// Zips inside zips deeper than [`crate::archive::MAX_ZIP_DEPTH`].
    #[error("{name}: archives nested more than {limit} deep are not opened")]
    TooDeep { name: String, limit: usize },
    /// Not a regular file or folder (a FIFO, a device, a socket): never read, so the walk
    /// cannot block on it.
    #[error("{path}: skipped: a {kind}, not a regular file")]
    Special { path: PathBuf, kind: &'static str },
    /// A folder met again through a symbolic link (a loop, or the same folder twice).
    #[error("{path}: skipped: a link to a folder already walked")]
    Loop { path: PathBuf },
    /// A file named by the caller whose content is none of FIT, GPX, TCX, gzip or zip (in a
    /// folder such files are only counted: exports hold photos and notes).
    #[error("{path}: skipped: not a FIT, GPX, TCX, gzip or zip file")]
    Unrecognised { path: PathBuf },
    #[error("{name}: row {row}: cannot read the Strava activities.csv")]
    StravaCsv {
        name: String,
        row: u64,
        #[source]
        source: csv::Error,
    },
}
