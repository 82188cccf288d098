//! A synthetic ten-year history for the import benchmark: copies of real run files, each
//! with its timestamps moved to a different day (and its CRC recomputed) so that every copy
//! is a distinct activity. Plain copies would all be "already imported".
//!
//! The FIT rewriting walks the message stream just far enough to find date_time fields:
//! `timestamp` (field 253) of every message, `time_created` of file_id, `start_time` of
//! session and lap, and `local_timestamp` of activity. Compressed-timestamp headers carry
//! only the low five bits of an offset from the last full timestamp, so shifts are whole
//! multiples of 32 s and those headers stay valid untouched.

use std::path::{Path, PathBuf};

/// Seconds between the Unix epoch and the FIT epoch (1989-12-31T00:00:00Z).
pub const FIT_EPOCH_OFFSET: i64 = 631_065_600;
/// Below this a FIT date_time is seconds since device power-on, not a date.
const FIT_MIN_DATE: u32 = 0x1000_0000;
const INVALID_U32: u32 = 0xFFFF_FFFF;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RewriteError {
    #[error("not a FIT file")]
    NotFit,
    #[error("FIT byte {offset}: {reason}")]
    Damaged { offset: usize, reason: &'static str },
    #[error("no date in the file to shift from")]
    NoDate,
}

/// Which date_time fields a message holds, besides `timestamp` (253).
fn date_fields(global: u16) -> &'static [u8] {
    match global {
        0 => &[4],       // file_id.time_created
        18 | 19 => &[2], // session.start_time, lap.start_time
        34 => &[5],      // activity.local_timestamp
        _ => &[],
    }
}

#[derive(Clone, Copy)]
struct Field {
    num: u8,
    size: u8,
}

#[derive(Clone, Default)]
struct Definition {
    global: u16,
    big_endian: bool,
    fields: Vec<Field>,
    dev_size: usize,
}

/// Calls `at(offset, big_endian)` for every date field (4 bytes) in every FIT file of
/// `bytes` (chained files included).
fn visit_dates(bytes: &[u8], mut at: impl FnMut(usize, bool)) -> Result<(), RewriteError> {
    let damaged = |offset, reason| RewriteError::Damaged { offset, reason };
    let mut start = 0;
    while start < bytes.len() {
        let header = bytes.get(start..start + 12).ok_or(if start == 0 {
            RewriteError::NotFit
        } else {
            damaged(start, "trailing bytes after a FIT file")
        })?;
        let header_size = usize::from(header[0]);
        if &header[8..12] != b".FIT" || (header_size != 12 && header_size != 14) {
            return Err(if start == 0 {
                RewriteError::NotFit
            } else {
                damaged(start, "trailing bytes after a FIT file")
            });
        }
        let data_size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
        let end = start + header_size + data_size;
        if end + 2 > bytes.len() {
            return Err(damaged(start, "data size runs past the end of the file"));
        }
        let mut defs: Vec<Option<Definition>> = vec![None; 16];
        let mut pos = start + header_size;
        while pos < end {
            let h = bytes[pos];
            pos += 1;
            if h & 0x80 != 0 {
                let def = defs[usize::from((h >> 5) & 0x03)]
                    .as_ref()
                    .ok_or(damaged(pos - 1, "undefined local message"))?;
                pos = visit_data(def, pos, &mut at);
            } else if h & 0x40 != 0 {
                let fixed = bytes
                    .get(pos..pos + 5)
                    .ok_or(damaged(pos, "cut definition"))?;
                let big_endian = fixed[1] == 1;
                let global = if big_endian {
                    u16::from_be_bytes([fixed[2], fixed[3]])
                } else {
                    u16::from_le_bytes([fixed[2], fixed[3]])
                };
                let count = usize::from(fixed[4]);
                pos += 5;
                let raw = bytes
                    .get(pos..pos + 3 * count)
                    .ok_or(damaged(pos, "cut definition"))?;
                let fields = raw
                    .chunks_exact(3)
                    .map(|f| Field {
                        num: f[0],
                        size: f[1],
                    })
                    .collect();
                pos += 3 * count;
                let mut dev_size = 0;
                if h & 0x20 != 0 {
                    let n = usize::from(*bytes.get(pos).ok_or(damaged(pos, "cut definition"))?);
                    pos += 1;
                    let raw = bytes
                        .get(pos..pos + 3 * n)
                        .ok_or(damaged(pos, "cut definition"))?;
                    dev_size = raw.chunks_exact(3).map(|f| usize::from(f[1])).sum();
                    pos += 3 * n;
                }
                defs[usize::from(h & 0x0F)] = Some(Definition {
                    global,
                    big_endian,
                    fields,
                    dev_size,
                });
            } else {
                let def = defs[usize::from(h & 0x0F)]
                    .as_ref()
                    .ok_or(damaged(pos - 1, "undefined local message"))?;
                pos = visit_data(def, pos, &mut at);
            }
            if pos > end {
                return Err(damaged(pos, "message runs past the data"));
            }
        }
        start = end + 2;
    }
    Ok(())
}

fn visit_data(def: &Definition, mut pos: usize, at: &mut impl FnMut(usize, bool)) -> usize {
    let extra = date_fields(def.global);
    for field in &def.fields {
        if field.size == 4 && (field.num == 253 || extra.contains(&field.num)) {
            at(pos, def.big_endian);
        }
        pos += usize::from(field.size);
    }
    pos + def.dev_size
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
        if value != INVALID_U32 && value >= FIT_MIN_DATE {
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
    visit_dates(bytes, |at, big_endian| positions.push((at, big_endian)))?;
    for (at, big_endian) in positions {
        let value = read_u32(bytes, at, big_endian);
        if value == INVALID_U32 || value < FIT_MIN_DATE {
            continue;
        }
        let moved = (i64::from(value) + shift).clamp(i64::from(FIT_MIN_DATE), 0xFFFF_FFFE) as u32;
        let b = if big_endian {
            moved.to_be_bytes()
        } else {
            moved.to_le_bytes()
        };
        out[at..at + 4].copy_from_slice(&b);
    }
    // Each chained file ends with the CRC of its header and data.
    let mut start = 0;
    while start + 12 <= out.len() {
        let header_size = usize::from(out[start]);
        let data_size = u32::from_le_bytes([
            out[start + 4],
            out[start + 5],
            out[start + 6],
            out[start + 7],
        ]) as usize;
        let end = start + header_size + data_size;
        let crc = fit_crc(&out[start..end]);
        out[end..end + 2].copy_from_slice(&crc.to_le_bytes());
        start = end + 2;
    }
    Ok(out)
}

/// The FIT CRC-16 (as in the FIT SDK).
pub fn fit_crc(bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    let mut crc = 0u16;
    for &byte in bytes {
        let tmp = TABLE[usize::from(crc & 0xF)];
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ TABLE[usize::from(byte & 0xF)];
        let tmp = TABLE[usize::from(crc & 0xF)];
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ TABLE[usize::from(byte >> 4)];
    }
    crc
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
        let crc = fit_crc(&bytes);
        bytes.extend_from_slice(&crc.to_le_bytes());
        bytes
    }

    #[test]
    fn the_crc_of_a_file_with_its_crc_is_zero() {
        let bytes = tiny_fit(1_000_000_000);
        assert_eq!(fit_crc(&bytes), 0);
    }

    #[test]
    fn shifting_moves_every_date_in_both_byte_orders_and_keeps_the_crc_valid() {
        let t0 = 1_000_000_000;
        let shifted = shift_dates(&tiny_fit(t0), 86_400 + 31).unwrap();
        assert_eq!(shifted, tiny_fit(t0 + 86_400), "rounded down to 32 s steps");
        assert_eq!(fit_crc(&shifted), 0);
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
    fn the_history_from_the_corpus_is_byte_identical() {
        let corpus = crate::corpus_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
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
