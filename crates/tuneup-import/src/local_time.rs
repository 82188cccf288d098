//! Local time for stored activities: the runner's zone put into activities whose files say
//! nothing of where they were recorded, and the correction of activities stored before
//! offsets had a source (schema 0007), run when a store is opened.

use tuneup_core::AthleteId;
use tuneup_core::model::{Activity, OffsetSource, SourceKind};
use tuneup_core::plausibility;
use tuneup_core::timezone::{self, Tz};
use tuneup_formats::{Decoded, SourceFile};
use tuneup_store::{LocalTime, Store, StoreError};

/// Gives an activity whose offset is left to the runner's zone the offset of `zone` at its
/// start (daylight saving included). Activities whose file or position told already keep it.
pub fn settle_offset(activity: &mut Activity, zone: Tz) {
    if activity.offset_source == OffsetSource::Profile {
        activity.utc_offset_s = timezone::offset_at(zone, activity.start);
    }
}

/// What [`refresh_local_time`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LocalTimeRefresh {
    /// Activities stored before offsets had a source, now worked out.
    pub corrected: usize,
    /// Of those, how many now have another offset (and maybe another local date).
    pub moved: usize,
    /// Of those, how many were flagged implausible.
    pub flagged: usize,
}

/// Works out the offset of every activity of `athlete` stored before offsets had a source
/// (and whether it is implausible), without importing anything again: from the stored
/// original when its file stated an offset, else the time zone at its first stored
/// position, else the runner's `zone`. Entries typed by hand keep the offset they were
/// entered with (the runner's zone then). Backend-neutral, like
/// [`refresh_digests`](crate::refresh_digests); with nothing to correct it is one query.
pub fn refresh_local_time(
    store: &mut dyn Store,
    athlete: AthleteId,
    zone: Tz,
) -> Result<LocalTimeRefresh, StoreError> {
    let unresolved = store.activities_by_offset_source(athlete, None)?;
    let mut done = LocalTimeRefresh::default();
    for chunk in unresolved.chunks(200) {
        store.in_transaction(&mut |store| {
            for &id in chunk {
                let record = match store.activity(athlete, id) {
                    Ok(Some(record)) => record,
                    Ok(None) => continue,
                    // Streams that no longer decode: judge by the summary alone.
                    Err(StoreError::Corrupt { .. }) => {
                        match store.activities_starting_between(athlete, min_time(), max_time()) {
                            Ok(all) => match all.into_iter().find(|r| r.id == id) {
                                Some(record) => record,
                                None => continue,
                            },
                            Err(error) => return Err(error),
                        }
                    }
                    Err(error) => return Err(error),
                };
                let activity = record.item;
                let (utc_offset_s, source) = work_out(store, athlete, &activity, zone)?;
                let implausible = plausibility::flag(&activity);
                store.set_local_time(
                    athlete,
                    id,
                    &LocalTime {
                        utc_offset_s,
                        source,
                        implausible: implausible.as_deref(),
                    },
                )?;
                done.corrected += 1;
                done.moved += usize::from(utc_offset_s != activity.utc_offset_s);
                done.flagged += usize::from(implausible.is_some());
            }
            Ok(())
        })?;
    }
    Ok(done)
}

fn min_time() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::<chrono::Utc>::MIN_UTC
}

fn max_time() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::<chrono::Utc>::MAX_UTC
}

/// The offset of one activity stored before offsets had a source, and where it came from.
fn work_out(
    store: &dyn Store,
    athlete: AthleteId,
    activity: &Activity,
    zone: Tz,
) -> Result<(i32, OffsetSource), StoreError> {
    match activity.source.kind {
        // Typed in or generated with the runner's offset of the day.
        SourceKind::Manual | SourceKind::Sample => {
            return Ok((activity.utc_offset_s, OffsetSource::Profile));
        }
        // Before schema 0007 only a FIT activity message gave an offset: one that is not 0
        // came from the file. A 0 may be a file in UTC or a file that said nothing; the
        // stored original tells.
        SourceKind::Fit if activity.utc_offset_s != 0 => {
            return Ok((activity.utc_offset_s, OffsetSource::File));
        }
        // Before 0007 a GPX or TCX time written with an offset was read as UTC and no more:
        // the original tells, when one of its times has an offset at all.
        SourceKind::Fit | SourceKind::Gpx | SourceKind::Tcx => {
            if let Some(sha) = activity.source.file_sha256.as_deref()
                && let Some(bytes) = store.original(athlete, sha)?
                && (activity.source.kind == SourceKind::Fit || writes_an_offset(&bytes))
                && let Some(offset) = offset_in_original(activity, bytes)
            {
                return Ok((offset, OffsetSource::File));
            }
        }
    }
    if let Some(streams) = &activity.streams
        && let Some((lat, lon)) = first_position(streams)
        && let Some(offset) = tuneup_formats::timezone::offset_at_position(lat, lon, activity.start)
    {
        return Ok((offset, OffsetSource::Position));
    }
    Ok((
        timezone::offset_at(zone, activity.start),
        OffsetSource::Profile,
    ))
}

/// Whether an XML original (gzipped or not) holds a time written with a numeric offset
/// (`…:00-07:00`), the only way GPX and TCX state one: a cheap scan, so the many files
/// written in UTC are not decoded again.
fn writes_an_offset(bytes: &[u8]) -> bool {
    let Ok(content) = tuneup_formats::decompress("", bytes) else {
        return false;
    };
    // An offset ends a time's text: `-07:00<` (after `:00` or `:00.000`).
    content.windows(7).any(|w| {
        let digit = |i: usize| w[i].is_ascii_digit();
        (w[0] == b'+' || w[0] == b'-')
            && digit(1)
            && digit(2)
            && w[3] == b':'
            && digit(4)
            && digit(5)
            && w[6] == b'<'
            && w[1..6] != *b"00:00"
    })
}

/// The offset the original file states for the recording that starts when `activity` does.
fn offset_in_original(activity: &Activity, bytes: Vec<u8>) -> Option<i32> {
    let name = activity.source.file_name.clone().unwrap_or_default();
    let decoded =
        std::panic::catch_unwind(|| tuneup_formats::decode(&SourceFile::new(name, bytes)));
    let Ok(Ok(Decoded::Activities { activities, .. })) = decoded else {
        return None;
    };
    activities
        .iter()
        .filter(|a| a.offset_source == OffsetSource::File)
        .min_by_key(|a| (a.start - activity.start).num_milliseconds().abs())
        .map(|a| a.utc_offset_s)
}

fn first_position(streams: &tuneup_core::model::SampleStreams) -> Option<(f64, f64)> {
    streams
        .latitude_deg
        .iter()
        .zip(&streams.longitude_deg)
        .find(|(lat, lon)| lat.is_finite() && lon.is_finite())
        .map(|(&lat, &lon)| (lat, lon))
}
