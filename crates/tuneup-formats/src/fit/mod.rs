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
    pub activity: Option<ActivityMessage>,
    /// sport/sub_sport from a `sport` message (used when there is no session).
    pub sport: Option<(u8, Option<u8>)>,
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
    pub power_w: Option<u16>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ActivityMessage {
    pub timestamp: Option<u32>,
    pub local_timestamp: Option<u32>,
}

const SEMICIRCLE_TO_DEG: f64 = 180.0 / 2_147_483_648.0;

/// Reads a FIT input. Fails only when it does not start with a readable FIT header; damage
/// later on (bad CRC, cut tail, undefined message) is a warning and what came before is kept.
pub fn parse(bytes: &[u8]) -> Result<FitFile, FitError> {
    let mut file = FitFile::default();
    // Accumulated distance for records that use the compressed speed/distance field.
    let mut compressed_distance: Option<(u32, f64)> = None;
    let mut notices = Vec::new();
    reader::read_all(
        bytes,
        |message| {
            if message.compressed_timestamp.is_some() {
                file.compressed_timestamp_messages += 1;
            }
            match message.global() {
                profile::MESG_FILE_ID => file.file_ids.push(file_id(message)),
                profile::MESG_SESSION => file.sessions.push(session(message)),
                profile::MESG_LAP => file.laps.push(lap(message)),
                profile::MESG_RECORD => {
                    file.records.push(record(message, &mut compressed_distance))
                }
                profile::MESG_DEVICE_INFO => device_info(message, &mut file),
                profile::MESG_ACTIVITY => file.activity = Some(activity_message(message)),
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
                        file.sport = Some((sport, sub));
                    }
                }
                _ => {}
            }
        },
        |notice| notices.push(notice),
    )?;
    for notice in notices {
        match notice {
            Notice::FileStart { .. } => file.headers += 1,
            Notice::Warning(text) => file.warnings.push(text),
            Notice::CrcMismatch { .. } => file.crc_mismatch = true,
        }
    }
    Ok(file)
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
