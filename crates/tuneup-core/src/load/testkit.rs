//! Builders for the load tests: activities with and without streams.

use crate::id::{Id, Record};
use crate::model::{Activity, ActivitySource, HeartRateSummary, SampleStreams, SourceKind};
use crate::units::{Bpm, Meters, Seconds};
use crate::vocab::Sport;
use chrono::{NaiveDate, TimeZone, Utc};

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// A recorded run on `day` at 07:00 UTC, without streams.
pub fn run(day: NaiveDate, minutes: f64, km: f64) -> Activity {
    let start = Utc.from_utc_datetime(&day.and_hms_opt(7, 0, 0).expect("valid time"));
    Activity {
        sport: Sport::Running,
        start,
        utc_offset_s: 0,
        offset_source: crate::model::OffsetSource::Profile,
        implausible: None,
        crc_mismatch: false,
        elapsed: Seconds::from_minutes(minutes),
        moving: Seconds::from_minutes(minutes),
        distance: Meters::from_km(km),
        elevation_gain: None,
        heart_rate: None,
        rpe: None,
        title: None,
        kind: None,
        source: ActivitySource {
            kind: SourceKind::Fit,
            file_sha256: None,
            file_name: None,
            device: None,
        },
        streams: None,
        digest: None,
    }
}

pub fn with_average_hr(mut activity: Activity, average: f64) -> Activity {
    activity.heart_rate = Some(HeartRateSummary {
        average: Bpm(average),
        max: Bpm(average + 10.0),
    });
    activity
}

/// Streams at one sample per second with a constant speed, heart rate and grade.
pub fn steady_streams(seconds: usize, speed: f64, hr: u8, grade: f64) -> SampleStreams {
    let time_s: Vec<f64> = (0..=seconds).map(|s| s as f64).collect();
    let distance_m: Vec<f64> = time_s.iter().map(|t| t * speed).collect();
    SampleStreams {
        altitude_m: distance_m.iter().map(|d| 100.0 + d * grade).collect(),
        speed_mps: vec![speed; time_s.len()],
        heart_rate_bpm: vec![hr; time_s.len()],
        distance_m,
        time_s,
        ..SampleStreams::default()
    }
}

pub fn records(activities: Vec<Activity>) -> Vec<Record<Activity>> {
    activities
        .into_iter()
        .enumerate()
        .map(|(i, a)| Record::new(Id(i as i64 + 1), a))
        .collect()
}

/// A profile with every value set: rest 50, max 190, threshold 169 bpm (HRr exactly 0.85),
/// threshold 4.0 m/s (4:10/km), male constants.
pub fn fixed_profile() -> super::EffectiveProfile {
    use super::{EffectiveProfile, Estimate, MALE_TRIMP};
    use crate::units::MetersPerSecond;
    EffectiveProfile {
        max_hr: Estimate::set(Bpm(190.0)),
        rest_hr: Estimate::set(Bpm(50.0)),
        threshold_hr: Estimate::set(Bpm(169.0)),
        threshold_pace: Estimate::set(MetersPerSecond(4.0)),
        sex: Some(crate::vocab::Sex::Male),
        trimp: MALE_TRIMP,
    }
}

/// Streams at one sample a second from `(seconds, bpm, speed)` stretches.
pub fn stretches(parts: &[(usize, u8, f64)]) -> SampleStreams {
    let mut streams = steady_streams(0, 0.0, 0, 0.0);
    streams.time_s.clear();
    streams.speed_mps.clear();
    streams.heart_rate_bpm.clear();
    streams.distance_m.clear();
    streams.altitude_m.clear();
    let mut t = 0.0;
    let mut d = 0.0;
    for &(seconds, bpm, speed) in parts {
        for _ in 0..seconds {
            streams.time_s.push(t);
            streams.distance_m.push(d);
            streams.altitude_m.push(100.0);
            streams.speed_mps.push(speed);
            streams.heart_rate_bpm.push(bpm);
            t += 1.0;
            d += speed;
        }
    }
    streams
}

/// 10 min warm-up at 130, 6 × 3 min at 172 with 2 min at 140 between, 8 min at 125.
pub fn intervals(speed_rep: f64, speed_easy: f64) -> SampleStreams {
    let mut parts = vec![(600, 130, speed_easy)];
    for rep in 0..6 {
        parts.push((180, 172, speed_rep));
        if rep < 5 {
            parts.push((120, 140, speed_easy));
        }
    }
    parts.push((480, 125, speed_easy));
    stretches(&parts)
}
