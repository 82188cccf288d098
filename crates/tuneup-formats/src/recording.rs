//! The common shape every decoder fills (samples plus what the device stated), and the one
//! place that turns it into a `tuneup_core` [`Activity`], deriving what is missing.

use crate::derive;
use chrono::{DateTime, Utc};
use tuneup_core::model::{
    Activity, ActivitySource, HeartRateSummary, OffsetSource, SampleStreams, SourceKind,
};
use tuneup_core::plausibility::HEART_RATE_BPM;
use tuneup_core::units::{Bpm, Meters, Seconds};
use tuneup_core::vocab::Sport;

/// One sample. Missing floats are NaN, missing integers 0.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sample {
    /// Unix time in seconds.
    pub time: f64,
    pub lat: f64,
    pub lon: f64,
    pub altitude: f64,
    pub distance: f64,
    pub speed: f64,
    pub heart_rate: u8,
    /// As the file counts it; see [`CadenceUnit`].
    pub cadence: f64,
    pub power: u16,
}

impl Sample {
    pub fn at(time: f64) -> Self {
        Sample {
            time,
            lat: f64::NAN,
            lon: f64::NAN,
            altitude: f64::NAN,
            distance: f64::NAN,
            speed: f64::NAN,
            heart_rate: 0,
            cadence: f64::NAN,
            power: 0,
        }
    }
}

/// What the device or file states as totals; these win over derived values.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Totals {
    pub elapsed: Option<f64>,
    pub timer: Option<f64>,
    pub distance: Option<f64>,
    pub ascent: Option<f64>,
    pub hr_avg: Option<f64>,
    pub hr_max: Option<f64>,
}

/// One activity as read from a file, before derivation.
#[derive(Debug, Clone)]
pub(crate) struct Recording {
    pub sport: Sport,
    pub title: Option<String>,
    pub device: Option<String>,
    /// Stated start (session start_time, TCX Id); else the first sample's time.
    pub start: Option<DateTime<Utc>>,
    /// The local offset the file states, if it states one.
    pub utc_offset_s: Option<i32>,
    pub totals: Totals,
    pub samples: Vec<Sample>,
    /// Sample indexes where a new segment (GPX trkseg, TCX Track) begins.
    pub segment_starts: Vec<usize>,
}

impl Recording {
    pub fn new(sport: Sport) -> Self {
        Recording {
            sport,
            title: None,
            device: None,
            start: None,
            utc_offset_s: None,
            totals: Totals::default(),
            samples: Vec::new(),
            segment_starts: vec![0],
        }
    }
}

/// Where the file came from, for [`ActivitySource`].
pub(crate) struct Origin<'a> {
    pub kind: SourceKind,
    pub sha256: &'a str,
    pub file_name: &'a str,
}

/// Cadence in files counts one leg (strides or crank revolutions per minute). On foot we
/// store steps per minute for both feet, so foot sports double it; other sports keep rpm.
fn cadence_factor(sport: Sport) -> f64 {
    if sport.is_running() || matches!(sport, Sport::Walking | Sport::Hiking) {
        2.0
    } else {
        1.0
    }
}

fn column<T: Copy>(
    samples: &[Sample],
    get: impl Fn(&Sample) -> T,
    present: impl Fn(T) -> bool,
) -> Vec<T> {
    if samples.iter().any(|s| present(get(s))) {
        samples.iter().map(get).collect()
    } else {
        Vec::new()
    }
}

/// Builds the activity; `None` when there is no start time at all (no stated start, no
/// timed sample). Samples are put in time order.
pub(crate) fn build(mut rec: Recording, origin: &Origin<'_>) -> Option<Activity> {
    rec.samples.retain(|s| s.time.is_finite());
    // Streams are in time order whatever the file's order (a device clock that jumped back,
    // a hand-edited GPX), so `time_s` never decreases. Stable, so equal times keep order.
    if rec.samples.windows(2).any(|w| w[1].time < w[0].time) {
        rec.samples.sort_by(|a, b| a.time.total_cmp(&b.time));
    }
    let first_time = rec.samples.first().map(|s| s.time);
    let first = first_time.and_then(|t| DateTime::from_timestamp_millis((t * 1000.0) as i64));
    // A sample a second before the stated start (devices log one as the timer starts)
    // moves the start back, so `time_s` is never negative.
    let start = match (rec.start, first) {
        (Some(stated), Some(first)) => stated.min(first),
        (stated, first) => stated.or(first)?,
    };
    let start_s = start.timestamp_millis() as f64 / 1000.0;
    let samples = &rec.samples;
    let factor = cadence_factor(rec.sport);
    let mut streams = SampleStreams {
        time_s: samples.iter().map(|s| s.time - start_s).collect(),
        distance_m: column(samples, |s| s.distance, f64::is_finite),
        speed_mps: column(samples, |s| s.speed, f64::is_finite),
        altitude_m: column(samples, |s| s.altitude, f64::is_finite),
        // Readings outside the plausible range are glitches: dropped one by one.
        heart_rate_bpm: column(
            samples,
            |s| {
                if HEART_RATE_BPM.contains(&s.heart_rate) {
                    s.heart_rate
                } else {
                    0
                }
            },
            |v| v > 0,
        ),
        cadence_spm: column(
            samples,
            |s| {
                if s.cadence.is_finite() {
                    (s.cadence * factor).round().clamp(0.0, 255.0) as u8
                } else {
                    0
                }
            },
            |v| v > 0,
        ),
        power_w: column(samples, |s| s.power, |v| v > 0),
        latitude_deg: Vec::new(),
        longitude_deg: Vec::new(),
    };
    if samples
        .iter()
        .any(|s| s.lat.is_finite() && s.lon.is_finite())
    {
        streams.latitude_deg = samples.iter().map(|s| s.lat).collect();
        streams.longitude_deg = samples.iter().map(|s| s.lon).collect();
    }
    if streams.distance_m.is_empty() && !streams.latitude_deg.is_empty() {
        // No distance channel: give charts one from the positions.
        streams.distance_m = derive::cumulative_track_distance(
            &streams.latitude_deg,
            &streams.longitude_deg,
            &rec.segment_starts,
        );
    }

    let last_offset = streams.time_s.last().copied().unwrap_or(0.0).max(0.0);
    let elapsed = rec
        .totals
        .elapsed
        .filter(|e| e.is_finite() && *e >= 0.0)
        .unwrap_or(last_offset);
    let distance = rec
        .totals
        .distance
        .filter(|d| d.is_finite() && *d >= 0.0)
        .or_else(|| {
            streams
                .distance_m
                .iter()
                .copied()
                .filter(|d| d.is_finite())
                .fold(None, |max: Option<f64>, d| {
                    Some(max.map_or(d, |m| m.max(d)))
                })
                .map(|max| {
                    let first = streams.distance_m.iter().copied().find(|d| d.is_finite());
                    max - first.unwrap_or(0.0).min(max)
                })
        })
        .unwrap_or(0.0);
    let moving = derive::moving_time(
        &streams.time_s,
        &streams.speed_mps,
        &streams.distance_m,
        &rec.segment_starts,
    )
    .map(|m| m.0)
    .or(rec.totals.timer.filter(|t| t.is_finite() && *t >= 0.0))
    .unwrap_or(elapsed)
    .min(elapsed);
    let elevation_gain = rec
        .totals
        .ascent
        .filter(|a| a.is_finite() && *a >= 0.0)
        .map(Meters)
        .or_else(|| derive::elevation_gain(&streams.altitude_m));
    let valid_hr = |v: f64| {
        (f64::from(*HEART_RATE_BPM.start())..=f64::from(*HEART_RATE_BPM.end())).contains(&v)
    };
    let heart_rate = match (rec.totals.hr_avg, rec.totals.hr_max) {
        (Some(avg), Some(max)) if valid_hr(avg) && valid_hr(max) => Some(HeartRateSummary {
            average: Bpm(avg),
            max: Bpm(max),
        }),
        _ => derive::heart_rate(&streams.heart_rate_bpm),
    };
    let (utc_offset_s, offset_source) = local_offset(rec.utc_offset_s, &streams, start);
    Some(Activity {
        sport: rec.sport,
        start,
        utc_offset_s,
        offset_source,
        implausible: None,
        crc_mismatch: false,
        elapsed: Seconds(elapsed),
        moving: Seconds(moving),
        distance: Meters(distance),
        elevation_gain,
        heart_rate,
        rpe: None,
        title: rec
            .title
            .map(|t| tuneup_core::limits::printable(&t))
            .filter(|t| !t.trim().is_empty()),
        kind: None,
        source: ActivitySource {
            kind: origin.kind,
            file_sha256: Some(origin.sha256.to_string()),
            file_name: Some(origin.file_name.to_string()),
            device: rec.device,
        },
        streams: Some(streams),
        digest: None,
    })
}

/// The offset the file states; else the one of the time zone at the first position, at the
/// start (daylight saving included); else 0, marked as the runner's time zone, which the
/// import pipeline knows and puts in (`tuneup_import`).
pub(crate) fn local_offset(
    stated: Option<i32>,
    streams: &SampleStreams,
    start: DateTime<Utc>,
) -> (i32, OffsetSource) {
    if let Some(offset) = stated {
        return (offset.clamp(-14 * 3600, 14 * 3600), OffsetSource::File);
    }
    first_position(streams)
        .and_then(|(lat, lon)| crate::timezone::offset_at_position(lat, lon, start))
        .map_or((0, OffsetSource::Profile), |offset| {
            (offset, OffsetSource::Position)
        })
}

/// The first sample with a position.
pub fn first_position(streams: &SampleStreams) -> Option<(f64, f64)> {
    streams
        .latitude_deg
        .iter()
        .zip(&streams.longitude_deg)
        .find(|(lat, lon)| lat.is_finite() && lon.is_finite())
        .map(|(&lat, &lon)| (lat, lon))
}

/// Our sport for a name written by a file or an export: TCX `Sport` ("Running", "Biking"),
/// GPX `type` ("running", "trail_running", Strava's "9" and "1"), Strava's activity types
/// ("Run", "Trail Run", "Ride", "Weight Training"...). Unknown names are `Other`.
pub(crate) fn sport_from_name(name: &str) -> Sport {
    let key: String = name
        .trim()
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    match key.as_str() {
        "treadmillrunning" | "treadmill" | "indoorrunning" | "virtualrun" => {
            Sport::TreadmillRunning
        }
        "trailrunning" | "trailrun" | "trail" => Sport::TrailRunning,
        "running" | "run" | "9" | "streetrunning" | "trackrunning" => Sport::Running,
        "biking" | "cycling" | "ride" | "1" | "roadbiking" | "mountainbiking" | "virtualride"
        | "ebikeride" | "gravelride" | "mountainbikeride" | "indoorcycling" => Sport::Cycling,
        "swimming" | "swim" | "lapswimming" | "openwaterswimming" => Sport::Swimming,
        "walking" | "walk" | "10" => Sport::Walking,
        "hiking" | "hike" | "4" => Sport::Hiking,
        "weighttraining" | "strengthtraining" | "training" | "workout" | "crossfit" => {
            Sport::Strength
        }
        "yoga" | "pilates" => Sport::Yoga,
        _ => Sport::Other,
    }
}
