//! Our own FIT decoder. [`parse`] reads the messages an activity needs (file_id, session,
//! lap, record, device_info, activity, sport) into a [`FitFile`]; `activity.rs` turns that
//! into activities. Fields are read straight out of the input slice, nothing is copied but
//! the numbers we keep.

mod activity;
pub mod profile;
pub mod reader;

pub(crate) use activity::recordings;

use crate::error::FitError;
use reader::{DataMessage, Notice};

/// Seconds between the Unix epoch and the FIT epoch (1989-12-31T00:00:00Z).
pub const FIT_EPOCH_OFFSET: i64 = 631_065_600;

/// FIT date_times below this are seconds since a device-specific epoch, not dates.
pub const MIN_ABSOLUTE_TIME: u32 = 0x1000_0000;

/// What one FIT input (possibly several chained FIT files) holds for us.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FitFile {
    /// Number of FIT file headers read (more than one for a chained file).
    pub headers: usize,
    pub file_ids: Vec<FileId>,
    pub sessions: Vec<Session>,
    pub laps: Vec<Lap>,
    pub records: Vec<Record>,
    /// The creator device named by a device_info message (device index 0), if any.
    pub creator_product_name: Option<String>,
    /// Activity messages, one per chained file that has one (each names its file).
    pub activities: Vec<ActivityMessage>,
    /// sport/sub_sport from `sport` messages, with the index of the chained file each came
    /// from (used when a session has no sport, or there is no session).
    pub sports: Vec<(usize, u8, Option<u8>)>,
    pub compressed_timestamp_messages: usize,
    pub crc_mismatch: bool,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FileId {
    pub file_type: Option<u8>,
    pub manufacturer: Option<u16>,
    pub product: Option<u16>,
    pub time_created: Option<u32>,
}

/// A session message; times are raw FIT date_times, quantities SI.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Session {
    /// Which chained file it came from (0 for the first).
    pub file_index: usize,
    pub timestamp: Option<u32>,
    pub start_time: Option<u32>,
    pub sport: Option<u8>,
    pub sub_sport: Option<u8>,
    pub total_elapsed_time_s: Option<f64>,
    pub total_timer_time_s: Option<f64>,
    pub total_distance_m: Option<f64>,
    pub total_ascent_m: Option<f64>,
    pub avg_heart_rate: Option<u8>,
    pub max_heart_rate: Option<u8>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Lap {
    pub start_time: Option<u32>,
    pub total_elapsed_time_s: Option<f64>,
    pub total_distance_m: Option<f64>,
}

/// A record message, SI units; positions in degrees.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Record {
    pub timestamp: Option<u32>,
    pub latitude_deg: Option<f64>,
    pub longitude_deg: Option<f64>,
    pub distance_m: Option<f64>,
    pub speed_mps: Option<f64>,
    pub altitude_m: Option<f64>,
    pub heart_rate: Option<u8>,
    /// Cadence as the device counts it (rpm; strides per minute for running), with the
    /// fractional part when the file has one.
    pub cadence: Option<f64>,
    /// Power from the record's own field, else from a developer field that carries running
    /// power (Stryd, Garmin's Running Power app and the like).
    pub power_w: Option<u16>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ActivityMessage {
    /// Which chained file it came from (0 for the first).
    pub file_index: usize,
    pub timestamp: Option<u32>,
    pub local_timestamp: Option<u32>,
}

/// Most record messages kept from one input: more than a week at one per second. A record
/// message can be a single byte (a compressed-timestamp header and no fields) and each is
/// a 112-byte [`Record`], so without a bound a 128 MiB file could take 14 GiB; with it the
/// records of any input stay under about 110 MiB.
pub const MAX_RECORDS: usize = 1_000_000;

/// Most messages of each other kind kept (sessions, laps, activity, sport, file_id):
/// the 40,000-session file of the hostile inputs fits, and their memory stays bounded.
pub const MAX_OTHER_MESSAGES: usize = 100_000;

/// Pushes `item` unless `list` already holds `limit`; counts what was left out.
fn keep<T>(list: &mut Vec<T>, item: T, limit: usize, dropped: &mut usize) {
    if list.len() < limit {
        list.push(item);
    } else {
        *dropped += 1;
    }
}

const SEMICIRCLE_TO_DEG: f64 = 180.0 / 2_147_483_648.0;

/// Reads a FIT input. Fails only when it does not start with a readable FIT header; damage
/// later on (bad CRC, cut tail, undefined message) is a warning and what came before is kept.
pub fn parse(bytes: &[u8]) -> Result<FitFile, FitError> {
    let mut file = FitFile::default();
    // Accumulated distance for records that use the compressed speed/distance field; it
    // starts again with each chained file, as do the developer fields' descriptions.
    let mut compressed_distance: Option<(u32, f64)> = None;
    let mut power_fields: Vec<PowerField> = Vec::new();
    let mut notices = Vec::new();
    // The chained file being read, told by the reader's FileStart notices.
    let current = std::cell::Cell::new(0usize);
    let mut reading = 0usize;
    let mut dropped_records = 0usize;
    let mut dropped_other = 0usize;
    reader::read_all(
        bytes,
        |message| {
            let index = current.get();
            if index != reading {
                reading = index;
                compressed_distance = None;
                power_fields.clear();
            }
            if message.compressed_timestamp.is_some() {
                file.compressed_timestamp_messages += 1;
            }
            match message.global() {
                profile::MESG_FILE_ID => keep(
                    &mut file.file_ids,
                    file_id(message),
                    MAX_OTHER_MESSAGES,
                    &mut dropped_other,
                ),
                profile::MESG_SESSION => {
                    let mut s = session(message);
                    s.file_index = index;
                    keep(
                        &mut file.sessions,
                        s,
                        MAX_OTHER_MESSAGES,
                        &mut dropped_other,
                    );
                }
                profile::MESG_LAP => keep(
                    &mut file.laps,
                    lap(message),
                    MAX_OTHER_MESSAGES,
                    &mut dropped_other,
                ),
                profile::MESG_RECORD => {
                    let mut r = record(message, &mut compressed_distance);
                    if r.power_w.is_none() {
                        r.power_w = developer_power(message, &power_fields);
                    }
                    keep(&mut file.records, r, MAX_RECORDS, &mut dropped_records);
                }
                profile::MESG_FIELD_DESCRIPTION => {
                    if let Some(field) = power_field(message) {
                        power_fields.push(field);
                    }
                }
                profile::MESG_DEVICE_INFO => device_info(message, &mut file),
                profile::MESG_ACTIVITY => {
                    let mut a = activity_message(message);
                    a.file_index = index;
                    keep(
                        &mut file.activities,
                        a,
                        MAX_OTHER_MESSAGES,
                        &mut dropped_other,
                    );
                }
                profile::MESG_SPORT => {
                    let mut sport = None;
                    let mut sub = None;
                    for f in &message.def.fields {
                        match f.num {
                            0 => sport = message.number(f).map(|v| v as u8),
                            1 => sub = message.number(f).map(|v| v as u8),
                            _ => {}
                        }
                    }
                    if let Some(sport) = sport {
                        keep(
                            &mut file.sports,
                            (index, sport, sub),
                            MAX_OTHER_MESSAGES,
                            &mut dropped_other,
                        );
                    }
                }
                _ => {}
            }
        },
        |notice| {
            if let Notice::FileStart { index, .. } = notice {
                current.set(index);
            }
            // Damage repeats (one notice per chained file): a bounded number is kept.
            if notices.len() < MAX_OTHER_MESSAGES {
                notices.push(notice)
            }
        },
    )?;
    if dropped_records > 0 {
        file.warnings.push(format!(
            "{dropped_records} record messages past the first {MAX_RECORDS} were left out"
        ));
    }
    if dropped_other > 0 {
        file.warnings.push(format!(
            "{dropped_other} session, lap or other messages past the first {MAX_OTHER_MESSAGES} of their kind were left out"
        ));
    }
    for notice in notices {
        match notice {
            Notice::FileStart { .. } => file.headers += 1,
            // Zero padding after the last file is not damage.
            Notice::TrailingBytes { zeros: true, .. } => {}
            damage => {
                if let Notice::CrcMismatch { .. } = damage {
                    file.crc_mismatch = true;
                }
                let text = damage.to_string();
                // The same misaligned definition repeats in every chained file.
                if file.warnings.len() < 50 && !file.warnings.contains(&text) {
                    file.warnings.push(text);
                }
            }
        }
    }
    Ok(file)
}

/// A developer field that carries running power, as its field_description tells.
#[derive(Debug, Clone, Copy)]
struct PowerField {
    developer: u8,
    num: u8,
    base_type: u8,
}

/// A field_description for a record field of running power: named "power" (Stryd's
/// "Power", Garmin Running Power's "RP_Power"...) in watts, or mapped onto the record's own
/// power field (native field 7).
fn power_field(message: &DataMessage<'_>) -> Option<PowerField> {
    let (mut developer, mut num, mut base_type) = (None, None, None);
    let (mut name, mut units, mut native_mesg, mut native_field) = (None, None, None, None);
    for f in &message.def.fields {
        match f.num {
            0 => developer = message.number(f),
            1 => num = message.number(f),
            2 => base_type = message.number(f),
            3 => name = message.string(f),
            8 => units = message.string(f),
            14 => native_mesg = message.number(f),
            15 => native_field = message.number(f),
            _ => {}
        }
    }
    let on_records = native_mesg.is_none_or(|m| m as u16 == profile::MESG_RECORD);
    let named = name.is_some_and(|n| n.to_ascii_lowercase().contains("power"))
        && units.is_none_or(|u| u.eq_ignore_ascii_case("watts") || u.eq_ignore_ascii_case("w"));
    let native =
        native_mesg.map(|m| m as u16) == Some(profile::MESG_RECORD) && native_field == Some(7.0);
    if !(on_records && (named || native)) {
        return None;
    }
    Some(PowerField {
        developer: developer? as u8,
        num: num? as u8,
        base_type: base_type? as u8,
    })
}

/// Running power from a developer field of a record, when one is described as such.
fn developer_power(message: &DataMessage<'_>, fields: &[PowerField]) -> Option<u16> {
    if fields.is_empty() {
        return None;
    }
    message.def.dev_fields.iter().find_map(|dev| {
        let described = fields
            .iter()
            .find(|p| p.developer == dev.developer && p.num == dev.num)?;
        let as_field = reader::FieldDef {
            num: dev.num,
            size: dev.size,
            base_type: described.base_type,
            offset: dev.offset,
        };
        let watts = message.number(&as_field)?;
        (watts.is_finite() && (1.0..=3000.0).contains(&watts)).then(|| watts.round() as u16)
    })
}

fn timestamp_of(message: &DataMessage<'_>, value: Option<f64>) -> Option<u32> {
    value.map(|v| v as u32).or(message.compressed_timestamp)
}

fn file_id(message: &DataMessage<'_>) -> FileId {
    let mut id = FileId::default();
    for f in &message.def.fields {
        match f.num {
            0 => id.file_type = message.number(f).map(|v| v as u8),
            1 => id.manufacturer = message.number(f).map(|v| v as u16),
            2 => id.product = message.number(f).map(|v| v as u16),
            4 => id.time_created = message.number(f).map(|v| v as u32),
            _ => {}
        }
    }
    id
}

fn session(message: &DataMessage<'_>) -> Session {
    let mut s = Session::default();
    let mut timestamp = None;
    for f in &message.def.fields {
        let v = || message.number(f);
        match f.num {
            253 => timestamp = v(),
            2 => s.start_time = v().map(|v| v as u32),
            5 => s.sport = v().map(|v| v as u8),
            6 => s.sub_sport = v().map(|v| v as u8),
            7 => s.total_elapsed_time_s = v().map(|v| v / 1000.0),
            8 => s.total_timer_time_s = v().map(|v| v / 1000.0),
            9 => s.total_distance_m = v().map(|v| v / 100.0),
            16 => s.avg_heart_rate = v().map(|v| v as u8),
            17 => s.max_heart_rate = v().map(|v| v as u8),
            22 => s.total_ascent_m = v(),
            _ => {}
        }
    }
    s.timestamp = timestamp_of(message, timestamp);
    s
}

fn lap(message: &DataMessage<'_>) -> Lap {
    let mut lap = Lap::default();
    for f in &message.def.fields {
        match f.num {
            2 => lap.start_time = message.number(f).map(|v| v as u32),
            7 => lap.total_elapsed_time_s = message.number(f).map(|v| v / 1000.0),
            9 => lap.total_distance_m = message.number(f).map(|v| v / 100.0),
            _ => {}
        }
    }
    lap
}

fn record(message: &DataMessage<'_>, compressed_distance: &mut Option<(u32, f64)>) -> Record {
    let mut r = Record::default();
    let mut timestamp = None;
    let mut speed = None;
    let mut enhanced_speed = None;
    let mut altitude = None;
    let mut enhanced_altitude = None;
    let mut cadence = None;
    let mut fractional = None;
    let mut packed = None;
    for f in &message.def.fields {
        match f.num {
            253 => timestamp = message.number(f),
            0 => r.latitude_deg = message.number(f).map(|v| v * SEMICIRCLE_TO_DEG),
            1 => r.longitude_deg = message.number(f).map(|v| v * SEMICIRCLE_TO_DEG),
            2 => altitude = message.number(f),
            3 => r.heart_rate = message.number(f).map(|v| v as u8),
            4 => cadence = message.number(f),
            5 => r.distance_m = message.number(f).map(|v| v / 100.0),
            6 => speed = message.number(f),
            7 => r.power_w = message.number(f).map(|v| v as u16),
            8 => packed = message.bytes(f),
            53 => fractional = message.number(f),
            73 => enhanced_speed = message.number(f),
            78 => enhanced_altitude = message.number(f),
            _ => {}
        }
    }
    r.timestamp = timestamp_of(message, timestamp);
    r.speed_mps = enhanced_speed.or(speed).map(|v| v / 1000.0);
    r.altitude_m = enhanced_altitude.or(altitude).map(|v| v / 5.0 - 500.0);
    r.cadence = cadence.map(|c| c + fractional.map_or(0.0, |f| f / 128.0));
    if let Some(&[b0, b1, b2]) = packed {
        // compressed_speed_distance: 12 bits speed (1/100 m/s), 12 bits distance (1/16 m)
        // that rolls over, so the distance is accumulated from the previous record.
        if r.speed_mps.is_none() {
            r.speed_mps = Some(f64::from(u16::from(b0) | (u16::from(b1 & 0x0F) << 8)) / 100.0);
        }
        let raw = (u32::from(b1) >> 4) | (u32::from(b2) << 4);
        let total = match *compressed_distance {
            Some((last_raw, total)) => {
                total + f64::from(raw.wrapping_sub(last_raw) & 0x0FFF) / 16.0
            }
            None => f64::from(raw) / 16.0,
        };
        *compressed_distance = Some((raw, total));
        if r.distance_m.is_none() {
            r.distance_m = Some(total);
        }
    }
    r
}

fn device_info(message: &DataMessage<'_>, file: &mut FitFile) {
    let mut index = None;
    let mut name = None;
    for f in &message.def.fields {
        match f.num {
            0 => index = message.number(f),
            27 => name = message.string(f),
            _ => {}
        }
    }
    if index == Some(0.0) && file.creator_product_name.is_none() {
        file.creator_product_name = name.map(str::to_string);
    }
}

fn activity_message(message: &DataMessage<'_>) -> ActivityMessage {
    let mut a = ActivityMessage::default();
    let mut timestamp = None;
    for f in &message.def.fields {
        match f.num {
            253 => timestamp = message.number(f),
            5 => a.local_timestamp = message.number(f).map(|v| v as u32),
            _ => {}
        }
    }
    a.timestamp = timestamp_of(message, timestamp);
    a
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds FIT files byte by byte, for tests here and in `lib.rs`.
    #[derive(Default)]
    pub(crate) struct FitBuilder {
        data: Vec<u8>,
    }

    /// FIT time of 2024-05-01T06:00:00Z.
    pub(crate) const T0: u32 = 1_714_543_200 - 631_065_600;

    impl FitBuilder {
        /// A definition message: fields are (number, size, base type).
        pub(crate) fn define(
            &mut self,
            local: u8,
            global: u16,
            big_endian: bool,
            fields: &[(u8, u8, u8)],
            developer: &[(u8, u8, u8)],
        ) -> &mut Self {
            let dev_flag = if developer.is_empty() { 0 } else { 0x20 };
            self.data.push(0x40 | dev_flag | local);
            self.data.push(0);
            self.data.push(u8::from(big_endian));
            let g = if big_endian {
                global.to_be_bytes()
            } else {
                global.to_le_bytes()
            };
            self.data.extend_from_slice(&g);
            self.data.push(fields.len() as u8);
            for &(n, s, b) in fields {
                self.data.extend_from_slice(&[n, s, b]);
            }
            if !developer.is_empty() {
                self.data.push(developer.len() as u8);
                for &(n, s, i) in developer {
                    self.data.extend_from_slice(&[n, s, i]);
                }
            }
            self
        }

        pub(crate) fn data(&mut self, local: u8, content: &[u8]) -> &mut Self {
            self.data.push(local);
            self.data.extend_from_slice(content);
            self
        }

        pub(crate) fn compressed(&mut self, local: u8, offset: u8, content: &[u8]) -> &mut Self {
            self.data.push(0x80 | (local << 5) | (offset & 0x1F));
            self.data.extend_from_slice(content);
            self
        }

        /// A 14-byte header with its CRC, the data, and the file CRC.
        pub(crate) fn finish(&self) -> Vec<u8> {
            let mut out = vec![14, 0x20, 0x08, 0x08];
            out.extend_from_slice(&(self.data.len() as u32).to_le_bytes());
            out.extend_from_slice(b".FIT");
            let header_crc = reader::crc16(&out);
            out.extend_from_slice(&header_crc.to_le_bytes());
            out.extend_from_slice(&self.data);
            let crc = reader::crc16(&out);
            out.extend_from_slice(&crc.to_le_bytes());
            out
        }
    }

    pub(crate) fn le32(v: u32) -> [u8; 4] {
        v.to_le_bytes()
    }

    /// A small run: file_id, three records (little-endian with a developer field, then
    /// big-endian, then a compressed timestamp), a session and an activity message.
    pub(crate) fn small_run() -> Vec<u8> {
        let mut b = FitBuilder::default();
        b.define(
            0,
            MESG_FILE_ID_T,
            false,
            &[(0, 1, 0x00), (1, 2, 0x84), (2, 2, 0x84)],
            &[],
        )
        .data(0, &[4, 1, 0, 0x4F, 0x06]);
        // record, little-endian: timestamp, lat, long, heart_rate, distance + a 2-byte
        // developer field that must be skipped.
        b.define(
            1,
            20,
            false,
            &[
                (253, 4, 0x86),
                (0, 4, 0x85),
                (1, 4, 0x85),
                (3, 1, 0x02),
                (5, 4, 0x86),
            ],
            &[(0, 2, 0)],
        );
        let lat = (45.0f64 / SEMICIRCLE_TO_DEG) as i32;
        let lon = (7.0f64 / SEMICIRCLE_TO_DEG) as i32;
        let mut content = Vec::new();
        content.extend_from_slice(&le32(T0));
        content.extend_from_slice(&lat.to_le_bytes());
        content.extend_from_slice(&lon.to_le_bytes());
        content.push(120);
        content.extend_from_slice(&le32(0));
        content.extend_from_slice(&[0xAB, 0xCD]);
        b.data(1, &content);
        // record, big-endian, with speed and an invalid heart rate (0xFF = missing).
        b.define(
            2,
            20,
            true,
            &[(253, 4, 0x86), (3, 1, 0x02), (5, 4, 0x86), (6, 2, 0x84)],
            &[],
        );
        let mut content = Vec::new();
        content.extend_from_slice(&(T0 + 10).to_be_bytes());
        content.push(0xFF);
        content.extend_from_slice(&3000u32.to_be_bytes());
        content.extend_from_slice(&3000u16.to_be_bytes());
        b.data(2, &content);
        // compressed-timestamp record (local type 3): 5 bits of time offset.
        b.define(3, 20, false, &[(3, 1, 0x02), (5, 4, 0x86)], &[]);
        let offset = ((T0 + 20) & 0x1F) as u8;
        let mut content = vec![140];
        content.extend_from_slice(&le32(6000));
        b.compressed(3, offset, &content);
        // session: start_time, sport running/trail, elapsed, timer, distance, avg/max HR
        b.define(
            4,
            18,
            false,
            &[
                (2, 4, 0x86),
                (5, 1, 0x00),
                (6, 1, 0x00),
                (7, 4, 0x86),
                (8, 4, 0x86),
                (9, 4, 0x86),
                (16, 1, 0x02),
                (17, 1, 0x02),
            ],
            &[],
        );
        let mut content = Vec::new();
        content.extend_from_slice(&le32(T0));
        content.extend_from_slice(&[1, 3]);
        content.extend_from_slice(&le32(20_000));
        content.extend_from_slice(&le32(20_000));
        content.extend_from_slice(&le32(6000));
        content.extend_from_slice(&[130, 140]);
        b.data(4, &content);
        // activity: timestamp and local_timestamp two hours ahead
        b.define(5, 34, false, &[(253, 4, 0x86), (5, 4, 0x86)], &[]);
        let mut content = Vec::new();
        content.extend_from_slice(&le32(T0 + 20));
        content.extend_from_slice(&le32(T0 + 20 + 7200));
        b.data(5, &content);
        b.finish()
    }

    const MESG_FILE_ID_T: u16 = profile::MESG_FILE_ID;

    #[test]
    fn one_byte_records_are_bounded_and_counted() {
        // The hostile shape: record messages of one byte each (a compressed-timestamp
        // header and no fields), each of which would be a 112-byte record.
        let mut fit = FitBuilder::default();
        fit.define(0, profile::MESG_RECORD, false, &[(253, 4, 0x86)], &[])
            .data(0, &le32(T0));
        fit.define(1, profile::MESG_RECORD, false, &[], &[]);
        let extra = 5_000;
        for i in 0..(MAX_RECORDS + extra) {
            fit.compressed(1, (i % 32) as u8, &[]);
        }
        let parsed = parse(&fit.finish()).unwrap();
        assert_eq!(parsed.records.len(), MAX_RECORDS);
        let note = format!("{} record messages past the first", extra + 1);
        assert!(
            parsed.warnings.iter().any(|w| w.starts_with(&note)),
            "{:?}",
            parsed.warnings
        );
    }

    #[test]
    fn hand_built_file_reads_both_byte_orders_compressed_times_and_skips_developer_fields() {
        let file = parse(&small_run()).unwrap();
        assert_eq!(file.headers, 1);
        assert!(file.warnings.is_empty(), "{:?}", file.warnings);
        assert_eq!(file.file_ids[0].file_type, Some(4));
        assert_eq!(file.file_ids[0].product, Some(0x064F));
        assert_eq!(file.records.len(), 3);
        let r = &file.records;
        assert_eq!(r[0].heart_rate, Some(120));
        assert!((r[0].latitude_deg.unwrap() - 45.0).abs() < 1e-6);
        assert_eq!(r[1].timestamp, Some(T0 + 10));
        assert_eq!(r[1].heart_rate, None, "0xFF is the invalid sentinel");
        assert_eq!(r[1].distance_m, Some(30.0));
        assert_eq!(r[1].speed_mps, Some(3.0));
        assert_eq!(r[2].timestamp, Some(T0 + 20));
        assert_eq!(file.compressed_timestamp_messages, 1);
        let s = file.sessions[0];
        assert_eq!((s.sport, s.sub_sport), (Some(1), Some(3)));
        assert_eq!(s.total_distance_m, Some(60.0));
        assert_eq!(s.total_elapsed_time_s, Some(20.0));
    }

    #[test]
    fn bad_crc_keeps_the_values_with_a_warning() {
        let mut bytes = small_run();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xFF;
        let file = parse(&bytes).unwrap();
        assert!(file.crc_mismatch);
        assert_eq!(file.records.len(), 3);
        assert!(
            file.warnings.iter().any(|w| w.contains("CRC")),
            "{:?}",
            file.warnings
        );
    }

    #[test]
    fn truncated_tail_keeps_what_came_before() {
        let bytes = small_run();
        // Cut inside the session message: the records stay.
        let cut = &bytes[..bytes.len() - 30];
        let file = parse(cut).unwrap();
        assert_eq!(file.records.len(), 3);
        assert!(file.sessions.is_empty());
        assert!(
            file.warnings.iter().any(|w| w.contains("byte")),
            "{:?}",
            file.warnings
        );
    }

    #[test]
    fn chained_files_are_all_read() {
        let mut bytes = small_run();
        bytes.extend_from_slice(&small_run());
        let file = parse(&bytes).unwrap();
        assert_eq!(file.headers, 2);
        assert_eq!(file.records.len(), 6);
        assert_eq!(file.sessions.len(), 2);
    }

    #[test]
    fn not_a_fit_header_is_an_error_with_an_offset() {
        let err = parse(b"\x0e\x10\x00\x00\x00\x00\x00\x00.GPX\x00\x00").unwrap_err();
        assert_eq!(err.offset, 0);
        assert_eq!(err.kind, crate::error::FitErrorKind::Signature);
        assert!(parse(b"").is_err());
    }

    #[test]
    fn undefined_local_type_stops_with_a_warning() {
        let mut b = FitBuilder::default();
        b.define(0, 0, false, &[(0, 1, 0x00)], &[])
            .data(0, &[4])
            .data(7, &[1, 2]);
        let file = parse(&b.finish()).unwrap();
        assert_eq!(file.file_ids.len(), 1);
        assert!(
            file.warnings[0].contains("local type 7"),
            "{:?}",
            file.warnings
        );
    }
}
