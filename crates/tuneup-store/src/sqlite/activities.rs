//! Activities, their stream blobs and the original files they came from.

use super::columns::{date_text, parse_id};
use crate::{ActivityQuery, NewActivity, Result, Streams, check_streams, streams_codec};
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use sha2::{Digest, Sha256};
use tuneup_core::model::{Activity, ActivitySource, HeartRateSummary, SourceKind};
use tuneup_core::units::{Bpm, Meters, Seconds};
use tuneup_core::{Id, Record};

const COLUMNS: &str = "id, sport, start_utc_ms, utc_offset_s, elapsed_s, moving_s, distance_m,
    elevation_gain_m, hr_avg, hr_max, rpe, title, kind, source_kind, source_sha256, source_name,
    device";

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
                source_kind, source_sha256, source_name, device)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
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
            ])?;
            let id = tx.last_insert_rowid();
            if let Some(streams) = activity.streams.as_ref().filter(|s| !s.is_empty()) {
                check_streams(streams)?;
                insert_streams.execute(params![id, streams_codec::encode(streams)])?;
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
            kind: SourceKind::from_id(&source_kind).unwrap_or(SourceKind::Manual),
            file_sha256: row.get("source_sha256")?,
            file_name: row.get("source_name")?,
            device: row.get("device")?,
        },
        streams: None,
    };
    Ok(Record::new(Id(row.get("id")?), activity))
}
