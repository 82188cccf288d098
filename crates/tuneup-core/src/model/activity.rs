//! A training activity: what the runner did, with summary numbers and optional sample streams.

use super::{InvalidField, SampleStreams, check_range};
use crate::limits;
use crate::load::LoadDigest;
use crate::plausibility::HEART_RATE_BPM;
use crate::units::{Bpm, Meters, MetersPerSecond, Seconds};
use crate::vocab::{SessionKind, Sport};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One activity. Times are UTC plus the activity's own offset from UTC, so "Saturday's long
/// run" stays on Saturday wherever the runner later looks at it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub sport: Sport,
    pub start: DateTime<Utc>,
    /// The local offset at the start, in seconds east of UTC.
    pub utc_offset_s: i32,
    /// Where `utc_offset_s` came from: the file, the time zone at the first position, or
    /// the runner's time zone.
    #[serde(default)]
    pub offset_source: OffsetSource,
    pub elapsed: Seconds,
    pub moving: Seconds,
    pub distance: Meters,
    pub elevation_gain: Option<Meters>,
    pub heart_rate: Option<HeartRateSummary>,
    /// Session RPE on Borg's CR-10 scale (1–10), as the runner felt it.
    pub rpe: Option<u8>,
    pub title: Option<String>,
    /// The kind of session the runner says it was (manual entries, Strava's workout type).
    pub kind: Option<SessionKind>,
    pub source: ActivitySource,
    /// Why the activity cannot be what it claims (`tuneup_core::plausibility::flag`): kept
    /// and listed with this reason, but left out of the load series, estimates and baselines.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub implausible: Option<String>,
    /// The file's CRC did not match its data: the values were kept as read.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub crc_mismatch: bool,
    /// Per-sample data; `None` in listings, loaded on demand.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub streams: Option<SampleStreams>,
    /// What the load analysis needs from the streams, boiled down when they were stored, so
    /// listings can leave the streams out and still give the same loads.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub digest: Option<LoadDigest>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HeartRateSummary {
    pub average: Bpm,
    pub max: Bpm,
}

/// Where an activity came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivitySource {
    pub kind: SourceKind,
    /// SHA-256 of the original file's bytes (hex), which the store keeps.
    pub file_sha256: Option<String>,
    /// The file's name as the runner gave it, for messages.
    pub file_name: Option<String>,
    /// The recording device, when the file names one.
    pub device: Option<String>,
}

crate::vocab::vocabulary!(
    /// What an activity was read from.
    SourceKind, "source kind" {
        Manual = "manual": "entered by hand",
        Fit = "fit": "FIT file",
        Gpx = "gpx": "GPX file",
        Tcx = "tcx": "TCX file",
        Sample = "sample": "sample data",
    }
);

crate::vocab::vocabulary!(
    /// Where an activity's UTC offset came from, most trusted first.
    OffsetSource, "offset source", default Profile {
        /// The file states its local time (FIT `activity.local_timestamp`, a TCX or GPX
        /// time written with an offset).
        File = "file": "from the file",
        /// The time zone at the first position, with its daylight-saving rules.
        Position = "position": "from the time zone at the start",
        /// The runner's time zone (profile, else the computer's), at the start time.
        Profile = "profile": "from the runner's time zone",
    }
);

impl ActivitySource {
    pub fn manual() -> Self {
        ActivitySource {
            kind: SourceKind::Manual,
            file_sha256: None,
            file_name: None,
            device: None,
        }
    }
}

impl Activity {
    /// An activity with nothing but its sport, start and offset: zero duration and
    /// distance, no heart rate, no streams, entered by hand. Fill the rest with
    /// `Activity { elapsed, .., ..Activity::manual(..) }`.
    pub fn manual(
        sport: Sport,
        start: DateTime<Utc>,
        utc_offset_s: i32,
        offset_source: OffsetSource,
    ) -> Activity {
        Activity {
            sport,
            start,
            utc_offset_s,
            offset_source,
            elapsed: Seconds(0.0),
            moving: Seconds(0.0),
            distance: Meters(0.0),
            elevation_gain: None,
            heart_rate: None,
            rpe: None,
            title: None,
            kind: None,
            source: ActivitySource::manual(),
            implausible: None,
            crc_mismatch: false,
            streams: None,
            digest: None,
        }
    }

    /// The local start time, in the activity's own offset.
    pub fn local_start(&self) -> DateTime<FixedOffset> {
        let offset = FixedOffset::east_opt(self.utc_offset_s)
            .unwrap_or(FixedOffset::east_opt(0).expect("zero offset"));
        self.start.with_timezone(&offset)
    }

    /// The calendar day the runner did it, in their local time.
    pub fn local_date(&self) -> NaiveDate {
        self.local_start().date_naive()
    }

    /// When it ended (start + elapsed). Never panics, whatever was stored: an elapsed time
    /// that is not finite counts as zero, and one beyond the limits is cut at 7 days.
    pub fn end(&self) -> DateTime<Utc> {
        let elapsed = if self.elapsed.0.is_finite() {
            self.elapsed.0.clamp(0.0, crate::limits::MAX_DURATION_S)
        } else {
            0.0
        };
        let ms = (elapsed * 1000.0) as i64;
        self.start
            .checked_add_signed(chrono::Duration::milliseconds(ms))
            .unwrap_or(self.start)
    }

    /// Average moving speed, when the activity covered distance.
    pub fn average_speed(&self) -> Option<MetersPerSecond> {
        let time = if self.moving.0 > 0.0 {
            self.moving
        } else {
            self.elapsed
        };
        (time.0 > 0.0 && self.distance.0 > 0.0).then(|| MetersPerSecond(self.distance.0 / time.0))
    }

    pub fn validate(&self) -> Result<(), InvalidField> {
        limits::check_instant("date", self.start)?;
        limits::check_duration("duration", self.elapsed.0)?;
        limits::check_duration("moving time", self.moving.0)?;
        limits::check_distance("distance", self.distance.0)?;
        if self.elapsed.0 == 0.0 && self.source.kind == SourceKind::Manual {
            return Err(InvalidField::new("duration", "must be more than zero"));
        }
        if self.moving.0 > self.elapsed.0 + 1.0 {
            return Err(InvalidField::new(
                "moving time",
                "cannot be longer than the elapsed time",
            ));
        }
        if let Some(gain) = self.elevation_gain {
            limits::check_distance("elevation gain", gain.0)?;
        }
        if let Some(title) = &self.title {
            limits::check_text("title", title)?;
        }
        if let Some(rpe) = self.rpe {
            check_range("rpe", rpe, 1, 10)?;
        }
        check_range("utc offset", self.utc_offset_s, -14 * 3600, 14 * 3600)?;
        if let Some(hr) = self.heart_rate {
            let (min, max) = (
                f64::from(*HEART_RATE_BPM.start()),
                f64::from(*HEART_RATE_BPM.end()),
            );
            check_range("average heart rate", hr.average.0, min, max)?;
            check_range("max heart rate", hr.max.0, min, max)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    pub(crate) fn manual_run() -> Activity {
        Activity {
            sport: Sport::Running,
            start: Utc.with_ymd_and_hms(2026, 11, 20, 23, 30, 0).unwrap(),
            utc_offset_s: -5 * 3600,
            offset_source: OffsetSource::Profile,
            elapsed: Seconds(2700.0),
            moving: Seconds(2700.0),
            distance: Meters(8000.0),
            elevation_gain: None,
            heart_rate: None,
            rpe: Some(4),
            title: None,
            kind: Some(SessionKind::Easy),
            source: ActivitySource::manual(),
            implausible: None,
            crc_mismatch: false,
            streams: None,
            digest: None,
        }
    }

    #[test]
    fn local_date_uses_the_activitys_offset() {
        // 23:30 UTC at UTC-5 is 18:30 the same day; at UTC+2 it would be the next day.
        let mut run = manual_run();
        assert_eq!(
            run.local_date(),
            NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
        );
        run.utc_offset_s = 2 * 3600;
        assert_eq!(
            run.local_date(),
            NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
        );
    }

    #[test]
    fn rpe_of_eleven_is_rejected_by_name() {
        let mut run = manual_run();
        run.rpe = Some(11);
        let err = run.validate().unwrap_err();
        assert_eq!(err.field, "rpe");
    }

    #[test]
    fn negative_distance_is_rejected() {
        let mut run = manual_run();
        run.distance = Meters(-1.0);
        assert_eq!(run.validate().unwrap_err().field, "distance");
    }
}
