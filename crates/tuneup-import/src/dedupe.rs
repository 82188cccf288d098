//! When two files hold the same run, and which of them to keep.
//!
//! Rule: two activities are the same run when they start within 60 s of each other and
//! their elapsed times differ by at most 2 % (of the longer). Watches, phones and platforms
//! re-export the same run with slightly different start stamps (auto-start, rounding to the
//! second) and trimmed ends; a 60 s / 2 % window catches those and keeps two genuinely
//! separate runs (a warm-up then a race) apart. The richer recording wins: more channels
//! first (heart rate, cadence, power, position, altitude, distance, speed), then more samples.

use chrono::Duration;
use tuneup_core::model::Activity;

/// How far apart two starts may be for the same run.
pub const START_WINDOW: Duration = Duration::seconds(60);
/// How much two durations may differ, as a fraction of the longer.
pub const DURATION_TOLERANCE: f64 = 0.02;

/// Whether `a` and `b` are the same run by the rule above.
pub fn same_run(a: &Activity, b: &Activity) -> bool {
    let apart = (a.start - b.start).abs();
    let (da, db) = (a.elapsed.0, b.elapsed.0);
    apart <= START_WINDOW && (da - db).abs() <= DURATION_TOLERANCE * da.max(db)
}

/// How much a recording holds, compared channels first, then samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Richness {
    pub channels: u8,
    pub samples: usize,
}

pub fn richness(activity: &Activity) -> Richness {
    let Some(s) = activity.streams.as_ref() else {
        return Richness {
            channels: u8::from(activity.heart_rate.is_some()),
            samples: 0,
        };
    };
    let finite = |column: &[f64]| column.iter().any(|v| v.is_finite());
    let channels = [
        s.has_heart_rate() || activity.heart_rate.is_some(),
        s.cadence_spm.iter().any(|&c| c > 0),
        s.power_w.iter().any(|&p| p > 0),
        finite(&s.latitude_deg) && finite(&s.longitude_deg),
        finite(&s.altitude_m),
        finite(&s.distance_m),
        finite(&s.speed_mps),
    ];
    Richness {
        channels: channels.iter().filter(|&&c| c).count() as u8,
        samples: s.len(),
    }
}

/// Whether the stored recording of a run stays when `new` holds the same run: it does unless
/// `new` is richer. Two equally rich recordings are told apart by their content (the file's
/// SHA-256: the smaller wins), so the copy kept never depends on which came first; a stored
/// activity without a file (typed in) stays.
pub fn keeps_stored(stored: &Activity, new: &Activity) -> bool {
    match richness(new).cmp(&richness(stored)) {
        std::cmp::Ordering::Greater => false,
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Equal => match (&stored.source.file_sha256, &new.source.file_sha256) {
            (Some(kept), Some(other)) => kept <= other,
            _ => true,
        },
    }
}

/// The words recorded with a decision: which file won and why.
pub fn reason(kept: &Activity, dropped: &Activity) -> String {
    let (k, d) = (richness(kept), richness(dropped));
    let apart = (kept.start - dropped.start).num_seconds().abs();
    let name = |a: &Activity| {
        a.source
            .file_name
            .clone()
            .unwrap_or_else(|| a.source.kind.id().to_string())
    };
    format!(
        "same run (starts {apart} s apart, {:.0} s vs {:.0} s long): kept {} ({} channels, {} samples) over {} ({} channels, {} samples)",
        kept.elapsed.0,
        dropped.elapsed.0,
        name(kept),
        k.channels,
        k.samples,
        name(dropped),
        d.channels,
        d.samples
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use tuneup_core::model::{ActivitySource, SampleStreams, SourceKind};
    use tuneup_core::units::{Meters, Seconds};
    use tuneup_core::vocab::Sport;

    fn run(start_s: i64, elapsed: f64) -> Activity {
        Activity {
            sport: Sport::Running,
            start: Utc.timestamp_opt(1_700_000_000 + start_s, 0).unwrap(),
            utc_offset_s: 0,
            offset_source: tuneup_core::model::OffsetSource::Profile,
            implausible: None,
            crc_mismatch: false,
            elapsed: Seconds(elapsed),
            moving: Seconds(elapsed),
            distance: Meters(10_000.0),
            elevation_gain: None,
            heart_rate: None,
            rpe: None,
            title: None,
            kind: None,
            source: ActivitySource {
                kind: SourceKind::Gpx,
                file_sha256: None,
                file_name: Some("run.gpx".into()),
                device: None,
            },
            streams: None,
            digest: None,
        }
    }

    #[test]
    fn the_window_is_sixty_seconds_and_two_percent() {
        let a = run(0, 3600.0);
        assert!(same_run(&a, &run(60, 3600.0)));
        assert!(!same_run(&a, &run(61, 3600.0)));
        assert!(same_run(&a, &run(-30, 3600.0 * 1.02)));
        assert!(!same_run(&a, &run(0, 3600.0 * 1.03)));
    }

    #[test]
    fn heart_rate_beats_more_samples_without_it() {
        let mut gpx = run(0, 10.0);
        gpx.streams = Some(SampleStreams {
            time_s: (0..10).map(f64::from).collect(),
            latitude_deg: vec![45.0; 10],
            longitude_deg: vec![7.0; 10],
            ..Default::default()
        });
        let mut fit = run(0, 10.0);
        fit.streams = Some(SampleStreams {
            time_s: vec![0.0, 5.0],
            latitude_deg: vec![45.0; 2],
            longitude_deg: vec![7.0; 2],
            heart_rate_bpm: vec![120, 130],
            ..Default::default()
        });
        assert!(richness(&fit) > richness(&gpx));
        assert_eq!(richness(&gpx).channels, 1);
        let words = reason(&fit, &gpx);
        assert!(words.contains("2 channels, 2 samples"), "{words}");
    }
}
