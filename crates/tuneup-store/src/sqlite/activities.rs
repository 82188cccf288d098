//! Activities, their stream blobs and the original files they came from.

use super::columns::{date_text, from_json, json_text, parse_id};
use super::{limit_offset, read, write};
use crate::{
    ActivityQuery, DuplicateDecision, LocalTime, NewActivity, Page, RemovedSession, Result,
    StoreError, Streams, check_streams, streams_codec,
};
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use tuneup_core::load::LoadDigest;
use tuneup_core::model::{Activity, ActivitySource, HeartRateSummary, OffsetSource, SourceKind};
use tuneup_core::units::{Bpm, Meters, Seconds};
use tuneup_core::{AthleteId, Id, Record};

const COLUMNS: &str = "id, sport, start_utc_ms, utc_offset_s, elapsed_s, moving_s, distance_m,
    elevation_gain_m, hr_avg, hr_max, rpe, title, kind, source_kind, source_sha256, source_name,
    device, load_digest, offset_source, implausible, crc_mismatch";

pub(super) fn add(
    conn: &Connection,
    athlete: AthleteId,
    batch: &[NewActivity<'_>],
) -> Result<Vec<Id>> {
    write(conn, |tx| {
        let mut ids = Vec::with_capacity(batch.len());
        let mut insert_activity = tx.prepare_cached(
            "INSERT INTO activities (sport, start_utc_ms, utc_offset_s, local_date, elapsed_s,
                moving_s, distance_m, elevation_gain_m, hr_avg, hr_max, rpe, title, kind,
                source_kind, source_sha256, source_name, device, load_digest, athlete_id,
                load_digest_version, offset_source, implausible, crc_mismatch, source_index)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
        )?;
        let mut insert_streams =
            tx.prepare_cached("INSERT INTO activity_streams (activity_id, data) VALUES (?1, ?2)")?;
        for new in batch {
            let activity = new.activity;
            activity.validate()?;
            let sha = keep_original(tx, athlete, new)?;
            let blob = stream_blob(activity)?;
            let load_digest = new.digest.map(json_text).transpose()?;
            insert_activity.execute(params![
                activity.sport.id(),
                activity.start.timestamp_millis(),
                activity.utc_offset_s,
                date_text(activity.local_date()),
                activity.elapsed.0,
                activity.moving.0,
                activity.distance.0,
                activity.elevation_gain.map(|m| m.0),
                activity.heart_rate.map(|hr| hr.average.0),
                activity.heart_rate.map(|hr| hr.max.0),
                activity.rpe,
                activity.title,
                activity.kind.map(|k| k.id()),
                activity.source.kind.id(),
                sha,
                activity.source.file_name,
                activity.source.device,
                load_digest,
                athlete.0,
                digest_version(new),
                activity.offset_source.id(),
                activity.implausible,
                activity.crc_mismatch,
                new.original.map(|o| o.index),
            ])?;
            let id = tx.last_insert_rowid();
            if let Some(blob) = blob {
                insert_streams.execute(params![id, blob])?;
            }
            ids.push(Id(id));
        }
        Ok(ids)
    })
}

pub(super) fn list(
    conn: &Connection,
    athlete: AthleteId,
    query: &ActivityQuery,
) -> Result<Vec<Record<Activity>>> {
    let (limit, offset) = limit_offset(query.page);
    let sql = format!(
        "SELECT {COLUMNS} FROM activities
         WHERE athlete_id = ?5
           AND (?1 IS NULL OR local_date >= ?1) AND (?2 IS NULL OR local_date <= ?2)
         ORDER BY start_utc_ms, id LIMIT ?3 OFFSET ?4"
    );
    // One read transaction: the rows and their streams come from the same snapshot.
    read(conn, || {
        let mut statement = conn.prepare_cached(&sql)?;
        let rows = statement.query_map(
            params![
                query.since.map(date_text),
                query.until.map(date_text),
                limit,
                offset,
                athlete.0
            ],
            from_row,
        )?;
        let mut activities = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        if query.streams == Streams::With {
            for record in &mut activities {
                record.item.streams = load_streams(conn, record.id)?;
            }
        }
        Ok(activities)
    })
}

pub(super) fn one(
    conn: &Connection,
    athlete: AthleteId,
    id: Id,
) -> Result<Option<Record<Activity>>> {
    let sql = format!("SELECT {COLUMNS} FROM activities WHERE id = ?1 AND athlete_id = ?2");
    read(conn, || {
        let record = conn
            .query_row(&sql, [id.0, athlete.0], from_row)
            .optional()?;
        match record {
            None => Ok(None),
            Some(mut record) => {
                record.item.streams = load_streams(conn, id)?;
                Ok(Some(record))
            }
        }
    })
}

pub(super) fn starting_between(
    conn: &Connection,
    athlete: AthleteId,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Record<Activity>>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM activities
         WHERE athlete_id = ?3 AND start_utc_ms BETWEEN ?1 AND ?2
         ORDER BY start_utc_ms, id"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(
        params![from.timestamp_millis(), to.timestamp_millis(), athlete.0],
        from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Removes an activity; the session of the file it came from stays placed, marked removed
/// at `at`, so importing that file again does not bring it back (see [`restore_session`]).
pub(super) fn remove(
    conn: &Connection,
    athlete: AthleteId,
    id: Id,
    at: DateTime<Utc>,
) -> Result<bool> {
    write(conn, |tx| {
        let session: Option<(Option<String>, Option<u32>)> = tx
            .query_row(
                "SELECT source_sha256, source_index FROM activities WHERE id = ?1 AND athlete_id = ?2",
                [id.0, athlete.0],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let Some(session) = session else {
            return Ok(false);
        };
        if let (Some(sha), Some(index)) = session {
            tx.execute(
                "INSERT INTO imported_sessions (athlete_id, sha256, session_index, removed_utc_ms)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT DO UPDATE SET removed_utc_ms = excluded.removed_utc_ms",
                params![athlete.0, sha, index, at.timestamp_millis()],
            )?;
        }
        tx.execute(
            "DELETE FROM activity_streams WHERE activity_id = ?1",
            [id.0],
        )?;
        Ok(tx.execute("DELETE FROM activities WHERE id = ?1", [id.0])? > 0)
    })
}

/// The sessions of the file `sha256` this athlete removed, by index.
pub(super) fn removed_sessions(
    conn: &Connection,
    athlete: AthleteId,
    sha256: &str,
) -> Result<Vec<RemovedSession>> {
    let mut statement = conn.prepare_cached(
        "SELECT session_index, removed_utc_ms FROM imported_sessions
         WHERE athlete_id = ?1 AND sha256 = ?2 AND removed_utc_ms IS NOT NULL
         ORDER BY session_index",
    )?;
    let rows = statement.query_map(params![athlete.0, sha256], |row| {
        Ok((row.get::<_, u32>(0)?, row.get::<_, i64>(1)?))
    })?;
    let mut removed = Vec::new();
    for row in rows {
        let (index, ms) = row?;
        let removed_at =
            Utc.timestamp_millis_opt(ms)
                .single()
                .ok_or_else(|| StoreError::Corrupt {
                    what: format!("removal time {ms} ms"),
                })?;
        removed.push(RemovedSession { index, removed_at });
    }
    Ok(removed)
}

/// Forgets that a session was removed, so it can be placed again; false when it was not.
pub(super) fn restore_session(
    conn: &Connection,
    athlete: AthleteId,
    sha256: &str,
    index: u32,
) -> Result<bool> {
    write(conn, |tx| {
        Ok(tx.execute(
            "DELETE FROM imported_sessions
             WHERE athlete_id = ?1 AND sha256 = ?2 AND session_index = ?3
               AND removed_utc_ms IS NOT NULL",
            params![athlete.0, sha256, index],
        )? > 0)
    })
}

/// Changes what the runner may correct of an activity (sport, title, session kind, effort,
/// distance, times, climb); where it came from, its streams and its digest stay.
pub(super) fn update(
    conn: &Connection,
    athlete: AthleteId,
    id: Id,
    activity: &Activity,
) -> Result<()> {
    activity.validate()?;
    write(conn, |tx| {
        let changed = tx.execute(
            "UPDATE activities SET sport = ?3, elapsed_s = ?4, moving_s = ?5, distance_m = ?6,
                elevation_gain_m = ?7, rpe = ?8, title = ?9, kind = ?10
             WHERE id = ?1 AND athlete_id = ?2",
            params![
                id.0,
                athlete.0,
                activity.sport.id(),
                activity.elapsed.0,
                activity.moving.0,
                activity.distance.0,
                activity.elevation_gain.map(|m| m.0),
                activity.rpe,
                activity.title,
                activity.kind.map(|k| k.id()),
            ],
        )?;
        if changed == 0 {
            return Err(missing(id));
        }
        Ok(())
    })
}

/// Leaves an activity out of the statistics (or brings it back), without removing it.
pub(super) fn set_excluded(
    conn: &Connection,
    athlete: AthleteId,
    id: Id,
    excluded: bool,
) -> Result<()> {
    write(conn, |tx| {
        let changed = tx.execute(
            "UPDATE activities SET excluded = ?3 WHERE id = ?1 AND athlete_id = ?2",
            params![id.0, athlete.0, excluded],
        )?;
        if changed == 0 {
            return Err(missing(id));
        }
        Ok(())
    })
}

/// The athlete's activities left out of the statistics, by id.
pub(super) fn excluded(conn: &Connection, athlete: AthleteId) -> Result<Vec<Id>> {
    let mut statement = conn.prepare_cached(
        "SELECT id FROM activities WHERE athlete_id = ?1 AND excluded = 1 ORDER BY id",
    )?;
    let ids = statement.query_map([athlete.0], |row| Ok(Id(row.get(0)?)))?;
    Ok(ids.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(super) fn has_original(conn: &Connection, athlete: AthleteId, sha256: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM athlete_originals WHERE athlete_id = ?1 AND sha256 = ?2",
            params![athlete.0, sha256],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub(super) fn original(
    conn: &Connection,
    athlete: AthleteId,
    sha256: &str,
) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .query_row(
            "SELECT f.bytes FROM original_files f
             JOIN athlete_originals o ON o.sha256 = f.sha256
             WHERE o.athlete_id = ?1 AND f.sha256 = ?2",
            params![athlete.0, sha256],
            |row| row.get(0),
        )
        .optional()?)
}

/// The encoded streams to store, checked; `None` without samples.
fn stream_blob(activity: &Activity) -> Result<Option<Vec<u8>>> {
    let Some(streams) = activity.streams.as_ref().filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    check_streams(streams)?;
    Ok(Some(streams_codec::encode(streams)))
}

fn load_streams(conn: &Connection, id: Id) -> Result<Option<tuneup_core::model::SampleStreams>> {
    let blob: Option<Vec<u8>> = conn
        .query_row(
            "SELECT data FROM activity_streams WHERE activity_id = ?1",
            [id.0],
            |row| row.get(0),
        )
        .optional()?;
    blob.map(|bytes| streams_codec::decode(&bytes)).transpose()
}

fn source_kind(field: &'static str, id: &str) -> rusqlite::Result<SourceKind> {
    parse_id(field, id)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Record<Activity>> {
    let start_ms: i64 = row.get("start_utc_ms")?;
    let start = Utc
        .timestamp_millis_opt(start_ms)
        .single()
        .ok_or(rusqlite::Error::IntegralValueOutOfRange(2, start_ms))?;
    let hr_avg: Option<f64> = row.get("hr_avg")?;
    let hr_max: Option<f64> = row.get("hr_max")?;
    let kind: Option<String> = row.get("kind")?;
    let digest: Option<String> = row.get("load_digest")?;
    let offset_source: Option<String> = row.get("offset_source")?;
    let activity = Activity {
        sport: parse_id("sport", &row.get::<_, String>("sport")?)?,
        start,
        utc_offset_s: row.get("utc_offset_s")?,
        // Stored before offsets had a source: worked out again when the store is opened.
        offset_source: offset_source
            .as_deref()
            .map(|id| parse_id("offset_source", id))
            .transpose()?
            .unwrap_or_default(),
        implausible: row.get("implausible")?,
        crc_mismatch: row.get("crc_mismatch")?,
        elapsed: Seconds(row.get("elapsed_s")?),
        moving: Seconds(row.get("moving_s")?),
        distance: Meters(row.get("distance_m")?),
        elevation_gain: row.get::<_, Option<f64>>("elevation_gain_m")?.map(Meters),
        heart_rate: match (hr_avg, hr_max) {
            (Some(average), Some(max)) => Some(HeartRateSummary {
                average: Bpm(average),
                max: Bpm(max),
            }),
            _ => None,
        },
        rpe: row.get("rpe")?,
        title: row.get("title")?,
        kind: kind.as_deref().map(|k| parse_id("kind", k)).transpose()?,
        source: ActivitySource {
            kind: source_kind("source_kind", &row.get::<_, String>("source_kind")?)?,
            file_sha256: row.get("source_sha256")?,
            file_name: row.get("source_name")?,
            device: row.get("device")?,
        },
        streams: None,
        digest: digest.as_deref().map(from_json).transpose()?,
    };
    Ok(Record::new(Id(row.get("id")?), activity))
}

/// Keeps a file's original bytes (content-addressed by the hash the pipeline gave) and
/// returns the hash the row should carry: the original's when there is one, else the
/// activity's own.
fn keep_original(
    conn: &Connection,
    athlete: AthleteId,
    new: &NewActivity<'_>,
) -> Result<Option<String>> {
    let Some(original) = new.original else {
        return Ok(new.activity.source.file_sha256.clone());
    };
    conn.prepare_cached(
        "INSERT INTO original_files (sha256, name, size, bytes) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (sha256) DO NOTHING",
    )?
    .execute(params![
        original.sha256,
        original.name,
        original.bytes.len() as i64,
        original.bytes
    ])?;
    conn.prepare_cached(
        "INSERT INTO athlete_originals (athlete_id, sha256) VALUES (?1, ?2)
         ON CONFLICT DO NOTHING",
    )?
    .execute(params![athlete.0, original.sha256])?;
    let placed = conn
        .prepare_cached(
            "INSERT INTO imported_sessions (athlete_id, sha256, session_index) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![athlete.0, original.sha256, original.index]);
    match placed {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(error, _))
            if error.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            return Err(StoreError::Conflict {
                what: format!(
                    "activity {} of file {} (imported before)",
                    original.index + 1,
                    original.name.unwrap_or(original.sha256)
                ),
            });
        }
        Err(error) => return Err(error.into()),
    }
    Ok(Some(original.sha256.to_string()))
}

fn insert_decision(
    conn: &Connection,
    athlete: AthleteId,
    kept: Id,
    kept_sha256: Option<&str>,
    dropped: &ActivitySource,
    dropped_sha256: Option<&str>,
    reason: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO import_decisions (kept_id, kept_sha256, dropped_sha256, dropped_name,
            dropped_kind, reason, athlete_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        kept.0,
        kept_sha256,
        dropped_sha256,
        dropped.file_name,
        dropped.kind.id(),
        reason,
        athlete.0
    ])?;
    Ok(())
}

fn missing(id: Id) -> StoreError {
    StoreError::NotFound {
        what: "activity",
        id: id.0,
    }
}

pub(super) fn record_duplicate(
    conn: &Connection,
    athlete: AthleteId,
    kept: Id,
    duplicate: NewActivity<'_>,
    reason: &str,
) -> Result<()> {
    write(conn, |tx| {
        let kept_sha: Option<Option<String>> = tx
            .query_row(
                "SELECT source_sha256 FROM activities WHERE id = ?1 AND athlete_id = ?2",
                [kept.0, athlete.0],
                |row| row.get(0),
            )
            .optional()?;
        let kept_sha = kept_sha.ok_or_else(|| missing(kept))?;
        let dropped_sha = keep_original(tx, athlete, &duplicate)?;
        insert_decision(
            tx,
            athlete,
            kept,
            kept_sha.as_deref(),
            &duplicate.activity.source,
            dropped_sha.as_deref(),
            reason,
        )
    })
}

pub(super) fn replace(
    conn: &Connection,
    athlete: AthleteId,
    id: Id,
    replacement: NewActivity<'_>,
    reason: &str,
) -> Result<()> {
    let activity = replacement.activity;
    activity.validate()?;
    let blob = stream_blob(activity)?;
    let digest = replacement.digest.map(json_text).transpose()?;
    write(conn, |tx| {
        let sql = format!("SELECT {COLUMNS} FROM activities WHERE id = ?1 AND athlete_id = ?2");
        let old = tx
            .query_row(&sql, [id.0, athlete.0], from_row)
            .optional()?
            .ok_or_else(|| missing(id))?;
        let sha = keep_original(tx, athlete, &replacement)?;
        tx.execute(
            "UPDATE activities SET sport = ?2, start_utc_ms = ?3, utc_offset_s = ?4,
                local_date = ?5, elapsed_s = ?6, moving_s = ?7, distance_m = ?8,
                elevation_gain_m = ?9, hr_avg = ?10, hr_max = ?11, rpe = ?12, title = ?13,
                kind = ?14, source_kind = ?15, source_sha256 = ?16, source_name = ?17,
                device = ?18, load_digest = ?19, load_digest_version = ?20,
                offset_source = ?21, implausible = ?22, crc_mismatch = ?23, source_index = ?24
             WHERE id = ?1",
            params![
                id.0,
                activity.sport.id(),
                activity.start.timestamp_millis(),
                activity.utc_offset_s,
                date_text(activity.local_date()),
                activity.elapsed.0,
                activity.moving.0,
                activity.distance.0,
                activity.elevation_gain.map(|m| m.0),
                activity.heart_rate.map(|hr| hr.average.0),
                activity.heart_rate.map(|hr| hr.max.0),
                // What the runner typed about the run outlives the file it first came with.
                activity.rpe.or(old.item.rpe),
                activity.title.as_ref().or(old.item.title.as_ref()),
                activity.kind.or(old.item.kind).map(|k| k.id()),
                activity.source.kind.id(),
                sha,
                activity.source.file_name,
                activity.source.device,
                digest,
                digest_version(&replacement),
                activity.offset_source.id(),
                activity.implausible,
                activity.crc_mismatch,
                replacement.original.map(|o| o.index),
            ],
        )?;
        tx.execute(
            "DELETE FROM activity_streams WHERE activity_id = ?1",
            [id.0],
        )?;
        if let Some(blob) = &blob {
            tx.execute(
                "INSERT INTO activity_streams (activity_id, data) VALUES (?1, ?2)",
                params![id.0, blob],
            )?;
        }
        insert_decision(
            tx,
            athlete,
            id,
            sha.as_deref(),
            &old.item.source,
            old.item.source.file_sha256.as_deref(),
            reason,
        )
    })
}

pub(super) fn decisions(
    conn: &Connection,
    athlete: AthleteId,
    page: Page,
) -> Result<Vec<DuplicateDecision>> {
    let (limit, offset) = limit_offset(page);
    let mut statement = conn.prepare_cached(
        "SELECT kept_id, kept_sha256, dropped_sha256, dropped_name, dropped_kind, reason
         FROM import_decisions WHERE athlete_id = ?3 ORDER BY id LIMIT ?1 OFFSET ?2",
    )?;
    let rows = statement.query_map(params![limit, offset, athlete.0], |row| {
        Ok(DuplicateDecision {
            kept: Id(row.get(0)?),
            kept_sha256: row.get(1)?,
            dropped_sha256: row.get(2)?,
            dropped_name: row.get(3)?,
            dropped_kind: source_kind("dropped_kind", &row.get::<_, String>(4)?)?,
            reason: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The version recorded with a digest the caller hands in: this build's.
fn digest_version(new: &NewActivity<'_>) -> Option<u32> {
    new.digest.map(|_| LoadDigest::VERSION)
}

pub(super) fn stale_digests(
    conn: &Connection,
    athlete: AthleteId,
    version: u32,
) -> Result<Vec<Id>> {
    let mut statement = conn.prepare_cached(
        "SELECT a.id FROM activities a JOIN activity_streams s ON s.activity_id = a.id
         WHERE a.athlete_id = ?1
           AND (a.load_digest IS NULL OR a.load_digest_version IS NOT ?2)
         ORDER BY a.id",
    )?;
    let rows = statement.query_map(params![athlete.0, version], |row| Ok(Id(row.get(0)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(super) fn set_digest(
    conn: &Connection,
    athlete: AthleteId,
    id: Id,
    digest: &LoadDigest,
) -> Result<()> {
    let json = json_text(digest)?;
    write(conn, |tx| {
        let changed = tx.execute(
            "UPDATE activities SET load_digest = ?3, load_digest_version = ?4
             WHERE id = ?1 AND athlete_id = ?2",
            params![id.0, athlete.0, json, LoadDigest::VERSION],
        )?;
        if changed == 0 {
            return Err(missing(id));
        }
        Ok(())
    })
}

pub(super) fn by_offset_source(
    conn: &Connection,
    athlete: AthleteId,
    source: Option<OffsetSource>,
) -> Result<Vec<Id>> {
    let mut statement = conn.prepare_cached(
        "SELECT id FROM activities WHERE athlete_id = ?1 AND offset_source IS ?2 ORDER BY id",
    )?;
    let rows = statement.query_map(params![athlete.0, source.map(|s| s.id())], |row| {
        Ok(Id(row.get(0)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(super) fn set_local_time(
    conn: &Connection,
    athlete: AthleteId,
    id: Id,
    local: &LocalTime<'_>,
) -> Result<()> {
    if !(-14 * 3600..=14 * 3600).contains(&local.utc_offset_s) {
        return Err(StoreError::Invalid(tuneup_core::model::InvalidField::new(
            "utc offset",
            format!(
                "{} s is out of range (must be -14 h to +14 h)",
                local.utc_offset_s
            ),
        )));
    }
    write(conn, |tx| {
        let start_ms: Option<i64> = tx
            .query_row(
                "SELECT start_utc_ms FROM activities WHERE id = ?1 AND athlete_id = ?2",
                [id.0, athlete.0],
                |row| row.get(0),
            )
            .optional()?;
        let start_ms = start_ms.ok_or_else(|| missing(id))?;
        let local_date = Utc
            .timestamp_millis_opt(start_ms + i64::from(local.utc_offset_s) * 1000)
            .single()
            .map(|t| date_text(t.date_naive()))
            .ok_or_else(|| StoreError::Corrupt {
                what: format!("activity {}: start {start_ms} ms", id.0),
            })?;
        tx.execute(
            "UPDATE activities SET utc_offset_s = ?3, local_date = ?4, offset_source = ?5,
                implausible = ?6
             WHERE id = ?1 AND athlete_id = ?2",
            params![
                id.0,
                athlete.0,
                local.utc_offset_s,
                local_date,
                local.source.id(),
                local.implausible
            ],
        )?;
        Ok(())
    })
}
