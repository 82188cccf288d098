//! Activities, their stream blobs and the original files they came from.

use super::columns::{date_text, from_json, json_text, parse_id};
use crate::{
    ActivityQuery, DuplicateDecision, NewActivity, Result, StoreError, Streams, check_streams,
    streams_codec,
};
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use sha2::{Digest, Sha256};
use tuneup_core::load;
use tuneup_core::model::{Activity, ActivitySource, HeartRateSummary, InvalidField, SourceKind};
use tuneup_core::units::{Bpm, Meters, Seconds};
use tuneup_core::{Id, Record};

const COLUMNS: &str = "id, sport, start_utc_ms, utc_offset_s, elapsed_s, moving_s, distance_m,
    elevation_gain_m, hr_avg, hr_max, rpe, title, kind, source_kind, source_sha256, source_name,
    device, load_digest";

pub(super) fn add(conn: &mut Connection, batch: &[NewActivity<'_>]) -> Result<Vec<Id>> {
    let tx = conn.savepoint()?;
    let mut ids = Vec::with_capacity(batch.len());
    {
        let mut insert_file = tx.prepare_cached(
            "INSERT INTO original_files (sha256, name, size, bytes) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (sha256) DO NOTHING",
        )?;
        let mut insert_activity = tx.prepare_cached(
            "INSERT INTO activities (sport, start_utc_ms, utc_offset_s, local_date, elapsed_s,
                moving_s, distance_m, elevation_gain_m, hr_avg, hr_max, rpe, title, kind,
                source_kind, source_sha256, source_name, device, load_digest)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18)",
        )?;
        let mut insert_streams =
            tx.prepare_cached("INSERT INTO activity_streams (activity_id, data) VALUES (?1, ?2)")?;
        for new in batch {
            let activity = new.activity;
            activity.validate()?;
            let mut sha = activity.source.file_sha256.clone();
            if let Some(bytes) = new.original {
                // The hash is computed here, not trusted from the caller: content addressing
                // is only as good as the hash.
                let digest = hex::encode(Sha256::digest(bytes));
                insert_file.execute(params![
                    digest,
                    activity.source.file_name,
                    bytes.len() as i64,
                    bytes
                ])?;
                sha = Some(digest);
            }
            let blob = stream_blob(activity)?;
            let load_digest = digest_json(activity, blob.as_deref())?;
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
            ])?;
            let id = tx.last_insert_rowid();
            if let Some(blob) = blob {
                insert_streams.execute(params![id, blob])?;
            }
            ids.push(Id(id));
        }
    }
    tx.commit()?;
    Ok(ids)
}

pub(super) fn list(conn: &Connection, query: &ActivityQuery) -> Result<Vec<Record<Activity>>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM activities
         WHERE (?1 IS NULL OR local_date >= ?1) AND (?2 IS NULL OR local_date <= ?2)
         ORDER BY start_utc_ms, id"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(
        params![query.since.map(date_text), query.until.map(date_text)],
        from_row,
    )?;
    let mut activities = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    if query.streams == Streams::With {
        for record in &mut activities {
            record.item.streams = load_streams(conn, record.id)?;
        }
    }
    Ok(activities)
}

pub(super) fn one(conn: &Connection, id: Id) -> Result<Option<Record<Activity>>> {
    let sql = format!("SELECT {COLUMNS} FROM activities WHERE id = ?1");
    let record = conn.query_row(&sql, [id.0], from_row).optional()?;
    match record {
        None => Ok(None),
        Some(mut record) => {
            record.item.streams = load_streams(conn, id)?;
            Ok(Some(record))
        }
    }
}

pub(super) fn starting_between(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Record<Activity>>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM activities WHERE start_utc_ms BETWEEN ?1 AND ?2 ORDER BY start_utc_ms"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(
        params![from.timestamp_millis(), to.timestamp_millis()],
        from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(super) fn remove(conn: &mut Connection, id: Id) -> Result<bool> {
    let tx = conn.savepoint()?;
    tx.execute(
        "DELETE FROM activity_streams WHERE activity_id = ?1",
        [id.0],
    )?;
    let removed = tx.execute("DELETE FROM activities WHERE id = ?1", [id.0])? > 0;
    tx.commit()?;
    Ok(removed)
}

/// The encoded streams to store, checked; `None` without samples.
fn stream_blob(activity: &Activity) -> Result<Option<Vec<u8>>> {
    let Some(streams) = activity.streams.as_ref().filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    check_streams(streams)?;
    Ok(Some(streams_codec::encode(streams)))
}

/// The load digest to store with an activity, as JSON. Worked out from the stored blob, not
/// the caller's streams: the codec rounds samples (1 cm, 1 ms), and a digest of what is kept
/// gives the loads the streams themselves would give when read back. Without streams, a
/// digest the caller brings (an activity copied from another store) is kept.
fn digest_json(activity: &Activity, blob: Option<&[u8]>) -> Result<Option<String>> {
    let digest = match blob {
        Some(bytes) => Some(load::digest(&streams_codec::decode(bytes)?)),
        None => activity.digest.clone(),
    };
    digest.as_ref().map(json_text).transpose()
}

/// Fills in the digest of every activity stored with streams but without one (rows written
/// before the column existed), inside the caller's transaction.
pub(super) fn backfill_digests(conn: &Connection) -> Result<()> {
    let mut pending = conn.prepare(
        "SELECT s.activity_id, s.data FROM activity_streams s
         JOIN activities a ON a.id = s.activity_id
         WHERE a.load_digest IS NULL",
    )?;
    let mut update = conn.prepare("UPDATE activities SET load_digest = ?2 WHERE id = ?1")?;
    let mut rows = pending.query([])?;
    // One blob at a time: a ten-year history's streams are far bigger than its digests.
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let blob: Vec<u8> = row.get(1)?;
        // A blob that no longer decodes keeps no digest: its activity falls back to its
        // summaries, rather than the whole file refusing to open over one damaged run.
        let Ok(streams) = streams_codec::decode(&blob) else {
            continue;
        };
        update.execute(params![id, json_text(&load::digest(&streams))?])?;
    }
    Ok(())
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

fn from_row(row: &Row<'_>) -> rusqlite::Result<Record<Activity>> {
    let start_ms: i64 = row.get("start_utc_ms")?;
    let start = Utc
        .timestamp_millis_opt(start_ms)
        .single()
        .ok_or(rusqlite::Error::IntegralValueOutOfRange(2, start_ms))?;
    let hr_avg: Option<f64> = row.get("hr_avg")?;
    let hr_max: Option<f64> = row.get("hr_max")?;
    let kind: Option<String> = row.get("kind")?;
    let source_kind: String = row.get("source_kind")?;
    let digest: Option<String> = row.get("load_digest")?;
    let activity = Activity {
        sport: parse_id(&row.get::<_, String>("sport")?)?,
        start,
        utc_offset_s: row.get("utc_offset_s")?,
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
        kind: kind.as_deref().map(parse_id).transpose()?,
        source: ActivitySource {
            kind: source_kind.parse().unwrap_or(SourceKind::Manual),
            file_sha256: row.get("source_sha256")?,
            file_name: row.get("source_name")?,
            device: row.get("device")?,
        },
        streams: None,
        digest: digest.as_deref().map(from_json).transpose()?,
    };
    Ok(Record::new(Id(row.get("id")?), activity))
}

/// Keeps a file's original bytes (content-addressed) and returns the hash the row should
/// carry: the computed one when bytes are given, else the caller's.
fn keep_original(conn: &Connection, new: &NewActivity<'_>) -> Result<Option<String>> {
    let Some(bytes) = new.original else {
        return Ok(new.activity.source.file_sha256.clone());
    };
    let digest = hex::encode(Sha256::digest(bytes));
    conn.prepare_cached(
        "INSERT INTO original_files (sha256, name, size, bytes) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (sha256) DO NOTHING",
    )?
    .execute(params![
        digest,
        new.activity.source.file_name,
        bytes.len() as i64,
        bytes
    ])?;
    Ok(Some(digest))
}

fn insert_decision(
    conn: &Connection,
    kept: Id,
    kept_sha256: Option<&str>,
    dropped: &ActivitySource,
    dropped_sha256: Option<&str>,
    reason: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO import_decisions (kept_id, kept_sha256, dropped_sha256, dropped_name,
            dropped_kind, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        kept.0,
        kept_sha256,
        dropped_sha256,
        dropped.file_name,
        dropped.kind.id(),
        reason
    ])?;
    Ok(())
}

fn missing(id: Id) -> StoreError {
    StoreError::Invalid(InvalidField::new(
        "activity",
        format!("no activity with id {}", id.0),
    ))
}

pub(super) fn record_duplicate(
    conn: &mut Connection,
    kept: Id,
    duplicate: NewActivity<'_>,
    reason: &str,
) -> Result<()> {
    let tx = conn.savepoint()?;
    let kept_sha: Option<Option<String>> = tx
        .query_row(
            "SELECT source_sha256 FROM activities WHERE id = ?1",
            [kept.0],
            |row| row.get(0),
        )
        .optional()?;
    let kept_sha = kept_sha.ok_or_else(|| missing(kept))?;
    let dropped_sha = keep_original(&tx, &duplicate)?;
    insert_decision(
        &tx,
        kept,
        kept_sha.as_deref(),
        &duplicate.activity.source,
        dropped_sha.as_deref(),
        reason,
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn replace(
    conn: &mut Connection,
    id: Id,
    replacement: NewActivity<'_>,
    reason: &str,
) -> Result<()> {
    let activity = replacement.activity;
    activity.validate()?;
    if let Some(streams) = activity.streams.as_ref() {
        check_streams(streams)?;
    }
    let blob = stream_blob(activity)?;
    let digest = digest_json(activity, blob.as_deref())?;
    let tx = conn.savepoint()?;
    let sql = format!("SELECT {COLUMNS} FROM activities WHERE id = ?1");
    let old = tx
        .query_row(&sql, [id.0], from_row)
        .optional()?
        .ok_or_else(|| missing(id))?;
    let sha = keep_original(&tx, &replacement)?;
    tx.execute(
        "UPDATE activities SET sport = ?2, start_utc_ms = ?3, utc_offset_s = ?4, local_date = ?5,
            elapsed_s = ?6, moving_s = ?7, distance_m = ?8, elevation_gain_m = ?9, hr_avg = ?10,
            hr_max = ?11, rpe = ?12, title = ?13, kind = ?14, source_kind = ?15,
            source_sha256 = ?16, source_name = ?17, device = ?18, load_digest = ?19
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
        ],
    )?;
    tx.execute(
        "DELETE FROM activity_streams WHERE activity_id = ?1",
        [id.0],
    )?;
    if let Some(blob) = blob {
        tx.execute(
            "INSERT INTO activity_streams (activity_id, data) VALUES (?1, ?2)",
            params![id.0, blob],
        )?;
    }
    insert_decision(
        &tx,
        id,
        sha.as_deref(),
        &old.item.source,
        old.item.source.file_sha256.as_deref(),
        reason,
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn decisions(conn: &Connection) -> Result<Vec<DuplicateDecision>> {
    let mut statement = conn.prepare_cached(
        "SELECT kept_id, kept_sha256, dropped_sha256, dropped_name, dropped_kind, reason
         FROM import_decisions ORDER BY id",
    )?;
    let rows = statement.query_map([], |row| {
        let kind: String = row.get(4)?;
        Ok(DuplicateDecision {
            kept: Id(row.get(0)?),
            kept_sha256: row.get(1)?,
            dropped_sha256: row.get(2)?,
            dropped_name: row.get(3)?,
            dropped_kind: kind.parse().unwrap_or(SourceKind::Manual),
            reason: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
