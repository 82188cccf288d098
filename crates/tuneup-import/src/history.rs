//! A synthetic ten-year history for the import benchmark: copies of real run files, each
//! with its timestamps moved to a different day (and its CRC recomputed) so that every copy
//! is a distinct activity. Plain copies would all be "already imported".
//!
//! The FIT rewriting walks the message stream with the decoder's own reader
//! ([`tuneup_formats::fit::reader::read_all`]) to find date_time fields: `timestamp` (field
//! 253) of every message, `time_created` of file_id, `start_time` of session and lap, and
//! `local_timestamp` of activity. Compressed-timestamp headers carry only the low five bits
//! of an offset from the last full timestamp, so shifts are whole multiples of 32 s and those
//! headers stay valid untouched.
//!
//! Built only with the `bench-history` feature (the `make_history` bin and the `ten_years`
//! benchmark turn it on); it is no part of the import API.

use std::path::{Path, PathBuf};
use tuneup_formats::fit::reader::{self, Notice, crc16};
use tuneup_formats::fit::{FIT_EPOCH_OFFSET, MIN_ABSOLUTE_TIME, profile};

const INVALID_U32: u32 = 0xFFFF_FFFF;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RewriteError {
    #[error("not a FIT file")]
    NotFit,
    #[error("FIT byte {offset}: {reason}")]
    Damaged { offset: usize, reason: String },
    #[error("no date in the file to shift from")]
    NoDate,
}

/// Which date_time fields a message holds, besides `timestamp` (253).
fn date_fields(global: u16) -> &'static [u8] {
    match global {
        profile::MESG_FILE_ID => &[4],                     // time_created
        profile::MESG_SESSION | profile::MESG_LAP => &[2], // start_time
        profile::MESG_ACTIVITY => &[5],                    // local_timestamp
        _ => &[],
    }
}

/// Where a file's CRC goes: over `start..data_end`, written at `data_end`.
struct CrcSpan {
    start: usize,
    data_end: usize,
}

/// Calls `at(offset, big_endian)` for every date field (4 bytes) in every FIT file of
/// `bytes` (chained files included), and returns where each file's CRC is. Damage the
/// decoder would survive (a cut file, a message past the data, trailing bytes) is an error
/// here: a copy must be whole. A wrong CRC is not, since every copy gets a new one.
fn visit_dates(
    bytes: &[u8],
    mut at: impl FnMut(usize, bool),
) -> Result<Vec<CrcSpan>, RewriteError> {
    let mut spans = Vec::new();
    let mut damage: Option<RewriteError> = None;
    let damaged = |offset, reason: &str| RewriteError::Damaged {
        offset,
        reason: reason.to_string(),
    };
    reader::read_all(
        bytes,
        |message| {
            let extra = date_fields(message.global());
            for field in &message.def.fields {
                if field.size == 4 && (field.num == 253 || extra.contains(&field.num)) {
                    at(
                        message.content_start() + usize::from(field.offset),
                        message.def.big_endian,
                    );
                }
            }
        },
        |notice| {
            let error = match notice {
                Notice::FileStart {
                    offset,
                    data_end,
                    crc_at: Some(_),
                    ..
                } => {
                    spans.push(CrcSpan {
                        start: offset,
                        data_end,
                    });
                    return;
                }
                // A file without its CRC: a `DataSize` or `NoCrc` notice follows.
                Notice::FileStart { .. } => return,
                Notice::DataSize { offset, .. } | Notice::NoCrc { offset } => {
                    damaged(offset, "data size runs past the end of the file")
                }
                Notice::TrailingBytes { offset, .. } => {
                    damaged(offset, "trailing bytes after a FIT file")
                }
                Notice::Stopped(error) => damaged(error.offset, &error.kind.to_string()),
                Notice::HeaderCrcMismatch { .. }
                | Notice::CrcMismatch { .. }
                | Notice::FieldSize { .. } => return,
            };
            damage.get_or_insert(error);
        },
    )
    .map_err(|_| RewriteError::NotFit)?;
    match damage {
        Some(error) => Err(error),
        None => Ok(spans),
    }
}

fn read_u32(bytes: &[u8], at: usize, big_endian: bool) -> u32 {
    let b = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
    if big_endian {
        u32::from_be_bytes(b)
    } else {
        u32::from_le_bytes(b)
    }
}

/// The earliest real date in the file, in FIT seconds.
pub fn first_date(bytes: &[u8]) -> Result<u32, RewriteError> {
    let mut first: Option<u32> = None;
    visit_dates(bytes, |at, big_endian| {
        let value = read_u32(bytes, at, big_endian);
        if value != INVALID_U32 && value >= MIN_ABSOLUTE_TIME {
            first = Some(first.map_or(value, |f| f.min(value)));
        }
    })?;
    first.ok_or(RewriteError::NoDate)
}

/// A copy of a FIT file with every date moved by `shift_s` seconds (rounded down to a
/// multiple of 32) and each file's CRC recomputed.
pub fn shift_dates(bytes: &[u8], shift_s: i64) -> Result<Vec<u8>, RewriteError> {
    let shift = shift_s - shift_s.rem_euclid(32);
    let mut out = bytes.to_vec();
    let mut positions = Vec::new();
    let spans = visit_dates(bytes, |at, big_endian| positions.push((at, big_endian)))?;
    for (at, big_endian) in positions {
        let value = read_u32(bytes, at, big_endian);
        if value == INVALID_U32 || value < MIN_ABSOLUTE_TIME {
            continue;
        }
        let moved =
            (i64::from(value) + shift).clamp(i64::from(MIN_ABSOLUTE_TIME), 0xFFFF_FFFE) as u32;
        let b = if big_endian {
            moved.to_be_bytes()
        } else {
            moved.to_le_bytes()
        };
        out[at..at + 4].copy_from_slice(&b);
    }
    // Each chained file ends with the CRC of its header and data.
    for CrcSpan { start, data_end } in spans {
        let crc = crc16(&out[start..data_end]);
        out[data_end..data_end + 2].copy_from_slice(&crc.to_le_bytes());
    }
    Ok(out)
}

/// What [`make_history`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HistoryStats {
    pub files: usize,
    pub bytes: u64,
}

/// Writes `count` FIT files into `out`, cycling through `sources` (run files' bytes), the
/// n-th starting `spacing_s` seconds after the (n-1)-th from `first_start_unix`.
pub fn make_history(
    sources: &[Vec<u8>],
    out: &Path,
    count: usize,
    first_start_unix: i64,
    spacing_s: i64,
) -> std::io::Result<HistoryStats> {
    let io_err = |e: RewriteError| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
    std::fs::create_dir_all(out)?;
    let firsts = sources
        .iter()
        .map(|s| first_date(s).map(|d| i64::from(d) + FIT_EPOCH_OFFSET))
        .collect::<Result<Vec<_>, _>>()
        .map_err(io_err)?;
    let mut stats = HistoryStats::default();
    for n in 0..count {
        let source = n % sources.len();
        let target = first_start_unix + n as i64 * spacing_s;
        let copy = shift_dates(&sources[source], target - firsts[source]).map_err(io_err)?;
        let path = out.join(format!("run-{n:05}.fit"));
        std::fs::write(&path, &copy)?;
        stats.files += 1;
        stats.bytes += copy.len() as u64;
    }
    Ok(stats)
}

/// The corpus of real device files (`$TUNEUP_CORPUS`, else `shared/corpus` beside the
/// checkout), for the benchmark.
pub fn corpus_dir(manifest_dir: &Path) -> Option<PathBuf> {
    let dir = std::env::var_os("TUNEUP_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir.join("../../../shared/corpus"));
    dir.join("expected.jsonl").is_file().then_some(dir)
}

/// The corpus's single-run FIT files no larger than `max_bytes` (by our own decoder), in
/// name order.
pub fn corpus_run_files(corpus: &Path, max_bytes: u64) -> std::io::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut found = Vec::new();
    for item in tuneup_formats::walk([corpus.join("fit")]) {
        let Ok(file) = item else { continue };
        if file.bytes.len() as u64 > max_bytes || first_date(&file.bytes).is_err() {
            continue;
        }
        let Ok(tuneup_formats::Decoded::Activities {
            activities,
            warnings,
        }) = tuneup_formats::decode(&file)
        else {
            continue;
        };
        let one_run = activities.len() == 1
            && activities[0].sport == tuneup_core::vocab::Sport::Running
            && warnings.is_empty();
        if one_run && shift_dates(&file.bytes, 0).is_ok_and(|same| same == file.bytes) {
            found.push((PathBuf::from(file.name), file.bytes));
        }
    }
    Ok(found)
}

/// Ten years ending 2025-12-31, spread evenly: the benchmark's history.
pub const TEN_YEARS_FIRST_START: i64 = 1_451_635_200; // 2016-01-01T08:00:00Z
pub const TEN_YEARS_S: i64 = 10 * 365 * 86_400;

/// Writes `count` run copies spread over ten years into `out`, from every single-run FIT
/// file of the corpus up to 1 MB.
pub fn write_ten_years(corpus: &Path, out: &Path, count: usize) -> std::io::Result<HistoryStats> {
    let sources: Vec<Vec<u8>> = corpus_run_files(corpus, 1 << 20)?
        .into_iter()
        .map(|(_, bytes)| bytes)
        .collect();
    if sources.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no run FIT files in the corpus",
        ));
    }
    let spacing = TEN_YEARS_S / count.max(1) as i64;
    make_history(&sources, out, count, TEN_YEARS_FIRST_START, spacing)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny FIT file: file_id (time_created) and two records, little-endian, plus one
    /// big-endian record, with a valid CRC.
    fn tiny_fit(t0: u32) -> Vec<u8> {
        let mut data = Vec::new();
        // definition local 0: file_id, fields type(0,1) time_created(4,4)
        data.extend_from_slice(&[0x40, 0, 0, 0, 0, 2, 0, 1, 0x00, 4, 4, 0x86]);
        data.push(0x00);
        data.push(4);
        data.extend_from_slice(&t0.to_le_bytes());
        // definition local 1: record, timestamp(253) heart_rate(3)
        data.extend_from_slice(&[0x41, 0, 0, 20, 0, 2, 253, 4, 0x86, 3, 1, 0x02]);
        for (dt, hr) in [(0u32, 120u8), (1, 121)] {
            data.push(0x01);
            data.extend_from_slice(&(t0 + dt).to_le_bytes());
            data.push(hr);
        }
        // definition local 2: record, big-endian
        data.extend_from_slice(&[0x42, 0, 1, 0, 20, 1, 253, 4, 0x86]);
        data.push(0x02);
        data.extend_from_slice(&(t0 + 2).to_be_bytes());
        let mut bytes = vec![12, 0x20, 0x08, 0x08];
        bytes.extend_from_slice(&(data.len() as u32).to_le_bytes());
        bytes.extend_from_slice(b".FIT");
        bytes.extend_from_slice(&data);
        let crc = crc16(&bytes);
        bytes.extend_from_slice(&crc.to_le_bytes());
        bytes
    }

    #[test]
    fn the_crc_of_a_file_with_its_crc_is_zero() {
        let bytes = tiny_fit(1_000_000_000);
        assert_eq!(crc16(&bytes), 0);
    }

    #[test]
    fn shifting_moves_every_date_in_both_byte_orders_and_keeps_the_crc_valid() {
        let t0 = 1_000_000_000;
        let shifted = shift_dates(&tiny_fit(t0), 86_400 + 31).unwrap();
        assert_eq!(shifted, tiny_fit(t0 + 86_400), "rounded down to 32 s steps");
        assert_eq!(crc16(&shifted), 0);
        assert_eq!(first_date(&shifted).unwrap(), t0 + 86_400);
    }

    #[test]
    fn the_decoder_reads_the_shifted_copy_as_another_day() {
        let t0 = 1_000_000_000;
        let decode = |bytes: Vec<u8>| match tuneup_formats::decode(
            &tuneup_formats::SourceFile::new("t.fit", bytes),
        ) {
            Ok(tuneup_formats::Decoded::Activities { activities, .. }) => activities,
            other => panic!("{other:?}"),
        };
        let original = decode(tiny_fit(t0));
        let moved = decode(shift_dates(&tiny_fit(t0), 86_400).unwrap());
        assert_eq!((moved[0].start - original[0].start).num_seconds(), 86_400);
        assert_eq!(moved[0].elapsed, original[0].elapsed);
    }

    #[test]
    fn damaged_files_are_errors() {
        assert_eq!(shift_dates(b"hello", 0), Err(RewriteError::NotFit));
        let mut cut = tiny_fit(1_000_000_000);
        cut.truncate(cut.len() - 5);
        assert!(matches!(
            shift_dates(&cut, 0),
            Err(RewriteError::Damaged { .. })
        ));
    }

    #[test]
    fn a_small_history_has_distinct_activities() {
        let dir = tempfile::tempdir().unwrap();
        let stats = make_history(
            &[tiny_fit(1_000_000_000), tiny_fit(1_100_000_000)],
            dir.path(),
            5,
            1_600_000_000,
            100_000,
        )
        .unwrap();
        assert_eq!(stats.files, 5);
        let mut firsts: Vec<u32> = (0..5)
            .map(|n| {
                let bytes = std::fs::read(dir.path().join(format!("run-{n:05}.fit"))).unwrap();
                first_date(&bytes).unwrap()
            })
            .collect();
        firsts.dedup();
        assert_eq!(firsts.len(), 5);
        let expected = (1_600_000_000 + 2 * 100_000 - FIT_EPOCH_OFFSET) as u32;
        assert!(firsts[2] <= expected && expected - firsts[2] < 32);
    }
}

#[cfg(test)]
mod pinned {
    use super::*;
    use sha2::{Digest, Sha256};

    /// The generator's output for the corpus, pinned: a change to the FIT walker, the CRC or
    /// the choice of source files must not change a single byte of the benchmark's history.
    #[test]
    #[ignore = "full tier: needs the shared corpus (../shared/corpus or TUNEUP_CORPUS); run with --include-ignored (.ci/run does)"]
    fn the_history_from_the_corpus_is_byte_identical() {
        let corpus = corpus_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
            .expect("the shared corpus is missing: set TUNEUP_CORPUS");
        let dir = tempfile::tempdir().unwrap();
        let stats = write_ten_years(&corpus, dir.path(), 40).unwrap();
        let mut hash = Sha256::new();
        for n in 0..stats.files {
            let bytes = std::fs::read(dir.path().join(format!("run-{n:05}.fit"))).unwrap();
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(&bytes);
        }
        let digest = hex::encode(hash.finalize());
        assert_eq!((stats.files, stats.bytes), (40, 6_449_835));
        assert_eq!(
            digest,
            "11e8b7ea96c9b30ac98890c0a9faf8a519656e6a8ecbc1bd33f19003e92031c4"
        );
    }
}
