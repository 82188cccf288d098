//! From FIT messages to recordings: one per session (a multisport file gives several),
//! records assigned to sessions by time.

use super::profile::{self, FILE_ACTIVITY, SPORT_TRANSITION};
use super::{FIT_EPOCH_OFFSET, FitFile, MIN_ABSOLUTE_TIME, Record, Session};
use crate::recording::{Recording, Sample, Totals};
use chrono::DateTime;

/// Maps FIT date_times to Unix seconds. Device-relative times (below 0x10000000) are placed
/// after the file's creation time when it is a real date, on the assumption that recording
/// began when the file was created; the caller is warned.
struct Clock {
    relative_base: Option<i64>,
}

impl Clock {
    fn unix(&self, fit: u32) -> Option<f64> {
        if fit >= MIN_ABSOLUTE_TIME {
            Some((i64::from(fit) + FIT_EPOCH_OFFSET) as f64)
        } else {
            self.relative_base
                .map(|base| (base + i64::from(fit)) as f64)
        }
    }
}

/// The recordings of an activity file, or the reason it is not an activity.
pub(crate) fn recordings(
    file: &FitFile,
    warnings: &mut Vec<String>,
) -> Result<Vec<Recording>, String> {
    let file_id = file.file_ids.iter().find(|id| id.file_type.is_some());
    match file_id.and_then(|id| id.file_type) {
        Some(FILE_ACTIVITY) => {}
        Some(other) => {
            return Err(format!(
                "FIT file of type '{}' ({other}), not an activity",
                profile::file_type_name(other)
            ));
        }
        None if file.records.is_empty() && file.sessions.is_empty() => {
            return Err("FIT file with no file type and no records or sessions".to_string());
        }
        None => warnings.push("FIT file_id gives no file type; read as an activity".to_string()),
    }
    let first_id = file.file_ids.first().copied().unwrap_or_default();
    let device = profile::device_name(
        first_id.manufacturer,
        first_id.product,
        file.creator_product_name.as_deref(),
    );
    let clock = clock(file, warnings)?;

    let mut untimed = 0usize;
    let mut samples: Vec<Sample> = Vec::with_capacity(file.records.len());
    for record in &file.records {
        match record.timestamp.and_then(|t| clock.unix(t)) {
            Some(time) => samples.push(sample(record, time)),
            None => untimed += 1,
        }
    }
    if untimed > 0 {
        warnings.push(format!("{untimed} records without a timestamp skipped"));
    }

    let mut sessions: Vec<(f64, &Session)> = Vec::new();
    for session in &file.sessions {
        let start = session
            .start_time
            .and_then(|t| clock.unix(t))
            .or_else(|| {
                let end = clock.unix(session.timestamp?)?;
                Some(end - session.total_elapsed_time_s?)
            })
            .or_else(|| (file.sessions.len() == 1).then(|| samples.first().map(|s| s.time))?);
        match start {
            Some(start) => sessions.push((start, session)),
            None => warnings.push("a session without a start time skipped".to_string()),
        }
    }
    if sessions.is_empty() {
        if samples.len() < 2 {
            return Err(if file.sessions.is_empty() {
                "activity file with no session and fewer than two timed records".to_string()
            } else {
                "activity file whose sessions have no start time".to_string()
            });
        }
        warnings.push("no session message: totals derived from the records".to_string());
        let (sport, sub) = sport_message(file, 0).map_or((None, None), |(s, sub)| (Some(s), sub));
        let mut rec = Recording::new(profile::sport(sport, sub));
        rec.device = device;
        rec.utc_offset_s = utc_offset(file, 0);
        rec.samples = samples;
        return Ok(vec![rec]);
    }

    // Records belong to the last session that started at or before them (records before
    // the first session go to the first).
    sessions.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut buckets: Vec<Vec<Sample>> = vec![Vec::new(); sessions.len()];
    for sample in samples {
        let index = sessions
            .partition_point(|(start, _)| *start <= sample.time)
            .saturating_sub(1);
        buckets[index].push(sample);
    }
    let mut out = Vec::new();
    let mut transitions = 0;
    for ((start, session), samples) in sessions.into_iter().zip(buckets) {
        if session.sport == Some(SPORT_TRANSITION) {
            transitions += 1;
            continue;
        }
        // A session without a sport takes its file's `sport` message.
        let (sport, sub_sport) = match session.sport {
            Some(sport) => (Some(sport), session.sub_sport),
            None => match sport_message(file, session.file_index) {
                Some((sport, sub)) => (Some(sport), session.sub_sport.or(sub)),
                None => (None, session.sub_sport),
            },
        };
        let mut rec = Recording::new(profile::sport(sport, sub_sport));
        rec.start = DateTime::from_timestamp(start as i64, 0);
        rec.device = device.clone();
        rec.utc_offset_s = utc_offset(file, session.file_index);
        rec.totals = Totals {
            elapsed: session.total_elapsed_time_s,
            timer: session.total_timer_time_s,
            distance: session.total_distance_m,
            ascent: session.total_ascent_m,
            hr_avg: session.avg_heart_rate.map(f64::from),
            hr_max: session.max_heart_rate.map(f64::from),
        };
        rec.samples = samples;
        out.push(rec);
    }
    if transitions > 0 {
        warnings.push(format!(
            "{transitions} multisport transition sessions not kept as activities"
        ));
    }
    if out.is_empty() {
        return Err("FIT file whose only sessions are multisport transitions".to_string());
    }
    Ok(out)
}

fn clock(file: &FitFile, warnings: &mut Vec<String>) -> Result<Clock, String> {
    let relative = file
        .records
        .iter()
        .filter_map(|r| r.timestamp)
        .find(|&t| t < MIN_ABSOLUTE_TIME);
    let Some(first_relative) = relative else {
        return Ok(Clock {
            relative_base: None,
        });
    };
    let created = file
        .file_ids
        .iter()
        .filter_map(|id| id.time_created)
        .find(|&t| t >= MIN_ABSOLUTE_TIME);
    match created {
        Some(created) => {
            warnings.push(
                "records carry device-relative times; placed after the file's creation time"
                    .to_string(),
            );
            Ok(Clock {
                relative_base: Some(
                    i64::from(created) + FIT_EPOCH_OFFSET - i64::from(first_relative),
                ),
            })
        }
        None if file
            .records
            .iter()
            .any(|r| r.timestamp.is_some_and(|t| t >= MIN_ABSOLUTE_TIME)) =>
        {
            Ok(Clock {
                relative_base: None,
            })
        }
        None => Err("FIT records carry only device-relative times and no date".to_string()),
    }
}

/// The `sport` message of chained file `file_index`, else of any file.
fn sport_message(file: &FitFile, file_index: usize) -> Option<(u8, Option<u8>)> {
    file.sports
        .iter()
        .find(|(index, ..)| *index == file_index)
        .or(file.sports.first())
        .map(|&(_, sport, sub)| (sport, sub))
}

/// Local offset from the activity message of chained file `file_index` (local_timestamp −
/// timestamp), rounded to the quarter hour every real time zone uses; `None` when that file
/// does not say (a chained file never lends its offset to another: each may have been
/// recorded somewhere else).
fn utc_offset(file: &FitFile, file_index: usize) -> Option<i32> {
    let activity = file
        .activities
        .iter()
        .find(|a| a.file_index == file_index)?;
    match (activity.timestamp, activity.local_timestamp) {
        (Some(utc), Some(local)) if utc >= MIN_ABSOLUTE_TIME && local >= MIN_ABSOLUTE_TIME => {
            let diff = i64::from(local) - i64::from(utc);
            if diff.abs() > 14 * 3600 {
                return None;
            }
            let quarter = ((diff as f64) / 900.0).round() as i32;
            Some(quarter * 900)
        }
        _ => None,
    }
}

fn sample(record: &Record, time: f64) -> Sample {
    let mut s = Sample::at(time);
    let nan = f64::NAN;
    // A 0,0 position is a device that had no fix, not a point in the Gulf of Guinea.
    if let (Some(lat), Some(lon)) = (record.latitude_deg, record.longitude_deg)
        && (lat != 0.0 || lon != 0.0)
        && lat.abs() <= 90.0
        && lon.abs() <= 180.0
    {
        s.lat = lat;
        s.lon = lon;
    }
    s.altitude = record.altitude_m.unwrap_or(nan);
    s.distance = record.distance_m.unwrap_or(nan);
    s.speed = record.speed_mps.unwrap_or(nan);
    s.heart_rate = record.heart_rate.unwrap_or(0);
    s.cadence = record.cadence.unwrap_or(nan);
    s.power = record.power_w.unwrap_or(0);
    s
}
