//! A compact per-activity encoding of sample streams: one blob per activity instead of a row
//! per sample, so ten years of second-by-second data stays small and quick to read.
//!
//! Layout (version 1): a version byte, the sample count, a bitmask of present columns, then
//! each present column in a fixed order. Float columns are quantised to a fixed step (time
//! 1 ms, distance 1 cm, speed 1 mm/s, altitude 1 cm, position 1e-7°) and written as
//! zig-zag varint deltas from the previous sample, with code 0 reserved for a missing sample.
//! Byte columns (heart rate, cadence) are written raw; power as varint deltas.

use crate::StoreError;
use tuneup_core::model::{SampleStreams, quantum, steps};

const VERSION: u8 = 1;

/// (column bit, quantisation step) of each float column, in encoding order.
/// The steps are the core's (`tuneup_core::model::steps`), so the pipeline can quantise
/// streams exactly as they will be stored, and digest them before they reach the store.
const TIME: (u16, f64) = (1, steps::TIME_S);
const DISTANCE: (u16, f64) = (1 << 1, steps::DISTANCE_M);
const SPEED: (u16, f64) = (1 << 2, steps::SPEED_MPS);
const ALTITUDE: (u16, f64) = (1 << 3, steps::ALTITUDE_M);
const LATITUDE: (u16, f64) = (1 << 4, steps::DEGREES);
const LONGITUDE: (u16, f64) = (1 << 5, steps::DEGREES);
const HEART_RATE: u16 = 1 << 6;
const CADENCE: u16 = 1 << 7;
const POWER: u16 = 1 << 8;
const ALL_COLUMNS: u16 = (1 << 9) - 1;

pub fn encode(streams: &SampleStreams) -> Vec<u8> {
    let mut out = Vec::with_capacity(streams.len() * 8 + 16);
    out.push(VERSION);
    put_varint(&mut out, streams.len() as u64);
    let floats: [(&[f64], (u16, f64)); 6] = [
        (&streams.time_s, TIME),
        (&streams.distance_m, DISTANCE),
        (&streams.speed_mps, SPEED),
        (&streams.altitude_m, ALTITUDE),
        (&streams.latitude_deg, LATITUDE),
        (&streams.longitude_deg, LONGITUDE),
    ];
    let mut mask = 0u16;
    for (column, (bit, _)) in &floats {
        if !column.is_empty() {
            mask |= bit;
        }
    }
    for (column, bit) in [
        (streams.heart_rate_bpm.len(), HEART_RATE),
        (streams.cadence_spm.len(), CADENCE),
        (streams.power_w.len(), POWER),
    ] {
        if column > 0 {
            mask |= bit;
        }
    }
    put_varint(&mut out, u64::from(mask));
    for (column, (_, step)) in floats {
        if !column.is_empty() {
            put_float_column(&mut out, column, step);
        }
    }
    out.extend_from_slice(&streams.heart_rate_bpm);
    out.extend_from_slice(&streams.cadence_spm);
    let mut previous = 0i64;
    for &power in &streams.power_w {
        put_varint(&mut out, zigzag(i64::from(power) - previous));
        previous = i64::from(power);
    }
    out
}

pub fn decode(bytes: &[u8]) -> Result<SampleStreams, StoreError> {
    let mut reader = Reader { bytes, at: 0 };
    let version = reader.byte()?;
    if version != VERSION {
        return Err(corrupt(format!(
            "unknown stream encoding version {version}"
        )));
    }
    let n = reader.varint()?;
    let mask = reader.varint()?;
    if mask & !u64::from(ALL_COLUMNS) != 0 {
        return Err(corrupt(format!("unknown stream columns {mask:#x}")));
    }
    let mask = mask as u16;
    // Every column spends at least one byte on each sample: a count the bytes left cannot
    // hold is refused before anything is allocated for it.
    let left = bytes.len() - reader.at;
    let n = match usize::try_from(n) {
        Ok(n) if mask == 0 || n <= left => n,
        _ => return Err(corrupt("sample count larger than the data".to_string())),
    };
    let mut streams = SampleStreams::default();
    for (column, (bit, step)) in [
        (&mut streams.time_s, TIME),
        (&mut streams.distance_m, DISTANCE),
        (&mut streams.speed_mps, SPEED),
        (&mut streams.altitude_m, ALTITUDE),
        (&mut streams.latitude_deg, LATITUDE),
        (&mut streams.longitude_deg, LONGITUDE),
    ] {
        if mask & bit != 0 {
            *column = reader.float_column(n, step)?;
        }
    }
    if mask & HEART_RATE != 0 {
        streams.heart_rate_bpm = reader.take(n)?.to_vec();
    }
    if mask & CADENCE != 0 {
        streams.cadence_spm = reader.take(n)?.to_vec();
    }
    if mask & POWER != 0 {
        let mut previous = 0i64;
        streams.power_w = (0..n)
            .map(|_| {
                previous = previous
                    .checked_add(unzigzag(reader.varint()?))
                    .ok_or_else(|| corrupt("power out of range".to_string()))?;
                u16::try_from(previous).map_err(|_| corrupt("power out of range".to_string()))
            })
            .collect::<Result<_, _>>()?;
    }
    if reader.at != bytes.len() {
        return Err(corrupt("trailing bytes after the last column".to_string()));
    }
    Ok(streams)
}

/// The streams fuzz target's entry (also replayed by `tests/fuzz_replay.rs`): any bytes
/// decode to streams or to an error, and what decodes encodes again, never a panic.
pub fn fuzz_entry(bytes: &[u8]) {
    if let Ok(streams) = decode(bytes) {
        let _ = decode(&encode(&streams));
    }
}

/// Largest quantised sample kept (2^53 steps, where f64 stops holding every integer): far
/// beyond any real sample, and small enough that a delta between two never overflows.
const MAX_QUANTUM: i64 = 1 << 53;

fn put_float_column(out: &mut Vec<u8>, column: &[f64], step: f64) {
    let mut previous = 0i64;
    for &value in column {
        match quantum(value, step) {
            Some(quantised) => {
                let quantised = quantised.clamp(-MAX_QUANTUM, MAX_QUANTUM);
                put_varint(out, zigzag(quantised - previous) + 1);
                previous = quantised;
            }
            None => put_varint(out, 0),
        }
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt { what }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, StoreError> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| corrupt("stream blob ends early".to_string()))?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], StoreError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| corrupt("stream blob ends early".to_string()))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn varint(&mut self) -> Result<u64, StoreError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(corrupt("varint too long".to_string()))
    }

    fn float_column(&mut self, n: usize, step: f64) -> Result<Vec<f64>, StoreError> {
        let mut column = Vec::with_capacity(n);
        let mut previous = 0i64;
        for _ in 0..n {
            let code = self.varint()?;
            if code == 0 {
                column.push(f64::NAN);
            } else {
                previous = previous
                    .checked_add(unzigzag(code - 1))
                    .filter(|q| q.unsigned_abs() <= MAX_QUANTUM.unsigned_abs())
                    .ok_or_else(|| corrupt("sample value out of range".to_string()))?;
                column.push(previous as f64 * step);
            }
        }
        Ok(column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(n: usize) -> SampleStreams {
        let t: Vec<f64> = (0..n).map(|i| i as f64).collect();
        SampleStreams {
            distance_m: t.iter().map(|s| s * 3.1).collect(),
            speed_mps: t.iter().map(|s| 3.0 + (s / 10.0).sin()).collect(),
            altitude_m: t
                .iter()
                .map(|&s| if s == 5.0 { f64::NAN } else { 100.0 + s * 0.01 })
                .collect(),
            heart_rate_bpm: t.iter().map(|&s| 120 + (s as u8 % 30)).collect(),
            cadence_spm: vec![],
            power_w: t.iter().map(|&s| (250.0 + s) as u16).collect(),
            latitude_deg: t.iter().map(|s| 47.123_456_7 + s * 1e-5).collect(),
            longitude_deg: t.iter().map(|s| -122.5 - s * 1e-5).collect(),
            time_s: t,
        }
    }

    #[test]
    fn round_trip_within_quantisation() {
        let original = sample(500);
        let decoded = decode(&encode(&original)).unwrap();
        assert_eq!(decoded.len(), 500);
        assert!(decoded.cadence_spm.is_empty());
        assert_eq!(decoded.heart_rate_bpm, original.heart_rate_bpm);
        assert_eq!(decoded.power_w, original.power_w);
        assert!(decoded.altitude_m[5].is_nan());
        for (a, b) in original.latitude_deg.iter().zip(&decoded.latitude_deg) {
            assert!((a - b).abs() <= 0.5e-7 + 1e-12);
        }
        for (a, b) in original.speed_mps.iter().zip(&decoded.speed_mps) {
            assert!((a - b).abs() <= 0.5e-3 + 1e-12);
        }
    }

    #[test]
    fn compact_compared_to_raw() {
        // A 3 h run at 1 Hz: the raw columns would be ~8 bytes × 9 per sample.
        let blob = encode(&sample(10_800));
        assert!(blob.len() < 10_800 * 20, "{} bytes", blob.len());
    }

    #[test]
    fn damaged_blobs_are_errors_not_panics() {
        let blob = encode(&sample(50));
        for cut in 0..blob.len() {
            assert!(decode(&blob[..cut]).is_err(), "cut at {cut}");
        }
        assert!(decode(&[9, 0, 0]).is_err());
    }

    #[test]
    fn lengths_are_checked_before_allocating() {
        // A count of 2^62 samples of heart rate in a 12-byte blob.
        let mut blob = vec![VERSION];
        put_varint(&mut blob, 1 << 62);
        put_varint(&mut blob, u64::from(HEART_RATE));
        blob.extend_from_slice(&[0; 8]);
        assert!(decode(&blob).is_err());
        // Unknown column bits are refused, not dropped.
        let mut blob = vec![VERSION, 0];
        put_varint(&mut blob, 1 << 12);
        assert!(decode(&blob).is_err());
        // Deltas that overflow are an error, not a panic.
        let mut blob = vec![VERSION, 2];
        put_varint(&mut blob, u64::from(TIME.0));
        put_varint(&mut blob, u64::MAX - 1);
        put_varint(&mut blob, u64::MAX - 1);
        assert!(decode(&blob).is_err());
        // A value of i64::MIN steps (found by the fuzz target: its absolute value overflowed).
        let mut blob = vec![VERSION, 2];
        put_varint(&mut blob, u64::from(TIME.0));
        put_varint(&mut blob, zigzag(-1) + 1);
        put_varint(&mut blob, zigzag(i64::MIN + 1) + 1);
        assert!(decode(&blob).is_err());
    }

    #[test]
    fn extreme_values_encode_without_overflow() {
        // Found by the streams fuzz target: a delta from -huge to +huge overflowed i64.
        let streams = SampleStreams {
            time_s: vec![-1e300, 1e300, 0.0],
            ..SampleStreams::default()
        };
        let decoded = decode(&encode(&streams)).unwrap();
        assert_eq!(decoded.len(), 3);
        assert_eq!(decoded.time_s[2], 0.0);
    }
}
