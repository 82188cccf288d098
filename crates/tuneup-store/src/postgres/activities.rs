//! Activities, their stream blobs and the original files they came from. A batch is written
//! with one multi-row INSERT per table (ids drawn first, so they come back in batch order).

use super::columns::{from_json, get, json_text, limit_offset, small, vocab, vocab_opt};
use crate::{
    ActivityQuery, DuplicateDecision, LocalTime, NewActivity, Page, RemovedSession, Result,
    StoreError, Streams, check_streams, streams_codec,
};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use postgres::types::ToSql;
use postgres::{Client, Row};
use tuneup_core::load::LoadDigest;
use tuneup_core::model::{Activity, ActivitySource, HeartRateSummary};
use tuneup_core::units::{Bpm, Meters, Seconds};
use tuneup_core::{AthleteId, Id, Record};

type Param<'a> = &'a (dyn ToSql + Sync);

/// PostgreSQL takes at most 65,535 parameters in one statement: rows per INSERT stay under it.
const ROWS_PER_INSERT: usize = 1000;

const COLUMNS: &str = "a.id, a.sport, a.start_utc_ms, a.utc_offset_s, a.elapsed_s, a.moving_s,
    a.distance_m, a.elevation_gain_m, a.hr_avg, a.hr_max, a.rpe, a.title, a.kind, a.source_kind,
    a.source_sha256, a.source_name, a.device, a.load_digest, a.offset_source, a.implausible,
    a.crc_mismatch";

/// What is worked out for an activity before the write begins: checked, streams encoded.
pub(super) struct Prepared {
    blob: Option<Vec<u8>>,
    digest: Option<String>,
}

/// Checks each activity and encodes its streams, outside the transaction (and its lock).
pub(super) fn prepare(batch: &[NewActivity<'_>]) -> Result<Vec<Prepared>> {
    batch
        .iter()
        .map(|new| {
            new.activity.validate()?;
            Ok(Prepared {
                blob: stream_blob(new.activity)?,
                digest: new.digest.map(json_text).transpose()?,
            })
        })
        .collect()
}

/// The encoded streams to store, checked; `None` without samples.
fn stream_blob(activity: &Activity) -> Result<Option<Vec<u8>>> {
    let Some(streams) = activity.streams.as_ref().filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    check_streams(streams)?;
    Ok(Some(streams_codec::encode(streams)))
}

/// An activity's column values, owned, in the order of [`ACTIVITY_INSERT_COLUMNS`].
struct ActivityValues {
    id: i64,
    athlete: i64,
    sport: &'static str,
    start_ms: i64,
    utc_offset_s: i32,
    local_date: NaiveDate,
    elapsed: f64,
    moving: f64,
    distance: f64,
    elevation_gain: Option<f64>,
    hr_avg: Option<f64>,
    hr_max: Option<f64>,
    rpe: Option<i16>,
    title: Option<String>,
    kind: Option<&'static str>,
    source_kind: &'static str,
    sha: Option<String>,
    source_name: Option<String>,
    device: Option<String>,
    digest: Option<String>,
    digest_version: Option<i32>,
    offset_source: &'static str,
    implausible: Option<String>,
    crc_mismatch: bool,
    /// Which session of its file (`Original::index`), so a removal can name it.
    source_index: Option<i32>,
}

const ACTIVITY_INSERT_COLUMNS: &str = "id, athlete_id, sport, start_utc_ms, utc_offset_s,
    local_date, elapsed_s, moving_s, distance_m, elevation_gain_m, hr_avg, hr_max, rpe, title,
    kind, source_kind, source_sha256, source_name, device, load_digest, load_digest_version,
    offset_source, implausible, crc_mismatch, source_index";
const ACTIVITY_VALUES: usize = 25;

impl ActivityValues {
    fn new(id: i64, athlete: AthleteId, new: &NewActivity<'_>, prepared: &Prepared) -> Self {
        let a = new.activity;
        ActivityValues {
            id,
            athlete: athlete.0,
            sport: a.sport.id(),
            start_ms: a.start.timestamp_millis(),
            utc_offset_s: a.utc_offset_s,
            local_date: a.local_date(),
            elapsed: a.elapsed.0,
            moving: a.moving.0,
            distance: a.distance.0,
            elevation_gain: a.elevation_gain.map(|m| m.0),
            hr_avg: a.heart_rate.map(|hr| hr.average.0),
            hr_max: a.heart_rate.map(|hr| hr.max.0),
            rpe: a.rpe.map(i16::from),
            title: a.title.clone(),
            kind: a.kind.map(|k| k.id()),
            source_kind: a.source.kind.id(),
            sha: match new.original {
                Some(original) => Some(original.sha256.to_string()),
                None => a.source.file_sha256.clone(),
            },
            source_name: a.source.file_name.clone(),
            device: a.source.device.clone(),
            digest: prepared.digest.clone(),
            digest_version: new.digest.map(|_| LoadDigest::VERSION as i32),
            offset_source: a.offset_source.id(),
            implausible: a.implausible.clone(),
            crc_mismatch: a.crc_mismatch,
            source_index: new.original.map(|o| o.index as i32),
        }
    }

    fn params(&self) -> [Param<'_>; ACTIVITY_VALUES] {
        [
            &self.id,
            &self.athlete,
            &self.sport,
            &self.start_ms,
            &self.utc_offset_s,
            &self.local_date,
            &self.elapsed,
            &self.moving,
            &self.distance,
            &self.elevation_gain,
            &self.hr_avg,
            &self.hr_max,
            &self.rpe,
            &self.title,
            &self.kind,
            &self.source_kind,
            &self.sha,
            &self.source_name,
            &self.device,
            &self.digest,
            &self.digest_version,
            &self.offset_source,
            &self.implausible,
            &self.crc_mismatch,
            &self.source_index,
        ]
    }
}

/// `($1, $2), ($3, $4), …` for `rows` rows of `width` values.
fn placeholders(rows: usize, width: usize) -> String {
    (0..rows)
        .map(|r| {
            let row: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", row.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One multi-row INSERT per chunk: `head` is `INSERT INTO t (cols) VALUES`, `tail` what
/// follows the values (`ON CONFLICT …`, `RETURNING …`). Returns the rows it returned.
fn insert_rows(
    client: &mut Client,
    head: &str,
    tail: &str,
    width: usize,
    rows: &[Vec<Param<'_>>],
) -> std::result::Result<Vec<Row>, postgres::Error> {
    let mut returned = Vec::new();
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let sql = format!("{head} {} {tail}", placeholders(chunk.len(), width));
        let params: Vec<Param<'_>> = chunk.iter().flatten().copied().collect();
        returned.extend(client.query(&sql, &params)?);
    }
    Ok(returned)
}

pub(super) fn add(
    client: &mut Client,
    athlete: AthleteId,
    batch: &[NewActivity<'_>],
    prepared: &[Prepared],
) -> Result<Vec<Id>> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    keep_originals(client, athlete, batch)?;
    let ids: Vec<i64> = client
        .query(
            "SELECT nextval(pg_get_serial_sequence('activities', 'id'))
             FROM generate_series(1, $1::bigint)",
            &[&(batch.len() as i64)],
        )?
        .iter()
        .map(|row| row.get(0))
        .collect();
    let values: Vec<ActivityValues> = batch
        .iter()
        .zip(prepared)
        .zip(&ids)
        .map(|((new, prepared), id)| ActivityValues::new(*id, athlete, new, prepared))
        .collect();
    let rows: Vec<Vec<Param<'_>>> = values.iter().map(|v| v.params().to_vec()).collect();
    let streams: Vec<Vec<Param<'_>>> = ids
        .iter()
        .zip(prepared)
        .filter_map(|(id, p)| p.blob.as_ref().map(|blob| vec![id as Param<'_>, blob]))
        .collect();
    let head = format!("INSERT INTO activities ({ACTIVITY_INSERT_COLUMNS}) VALUES");
    if rows.len() <= ROWS_PER_INSERT && !streams.is_empty() {
        // One round trip: the activities, then their streams (whose foreign key is checked
        // at the statement's end, when the activities are there).
        let activity_values = placeholders(rows.len(), ACTIVITY_VALUES);
        let first = rows.len() * ACTIVITY_VALUES;
        let stream_values: Vec<String> = (0..streams.len())
            .map(|r| format!("(${}, ${})", first + 2 * r + 1, first + 2 * r + 2))
            .collect();
        let sql = format!(
            "WITH added AS ({head} {activity_values})
             INSERT INTO activity_streams (activity_id, data) VALUES {}",
            stream_values.join(", ")
        );
        let params: Vec<Param<'_>> = rows.iter().chain(&streams).flatten().copied().collect();
        client.execute(&sql, &params)?;
    } else {
        insert_rows(client, &head, "", ACTIVITY_VALUES, &rows)?;
        insert_rows(
            client,
            "INSERT INTO activity_streams (activity_id, data) VALUES",
            "",
            2,
            &streams,
        )?;
    }
    Ok(ids.into_iter().map(Id).collect())
}

/// Keeps the batch's original files (content-addressed, one copy), records that the athlete
/// imported them, and places each session once: a session placed before, by this batch or
/// another writer, is a [`StoreError::Conflict`] naming it.
fn keep_originals(
    client: &mut Client,
    athlete: AthleteId,
    batch: &[NewActivity<'_>],
) -> Result<()> {
    let mut files: Vec<_> = batch.iter().filter_map(|new| new.original).collect();
    if files.is_empty() {
        return Ok(());
    }
    let sessions: Vec<(String, i32)> = files
        .iter()
        .map(|f| (f.sha256.to_string(), f.index as i32))
        .collect();
    // Sorted, so two writers sharing files lock their rows in the same order.
    files.sort_by_key(|f| f.sha256);
    files.dedup_by_key(|f| f.sha256);
    let sizes: Vec<i64> = files.iter().map(|f| f.bytes.len() as i64).collect();
    let file_rows: Vec<Vec<Param<'_>>> = files
        .iter()
        .zip(&sizes)
        .map(|(f, size)| vec![&f.sha256 as Param<'_>, &f.name, size, &f.bytes])
        .collect();
    let owner_rows: Vec<Vec<Param<'_>>> = files
        .iter()
        .map(|f| vec![&athlete.0 as Param<'_>, &f.sha256])
        .collect();
    let session_rows: Vec<Vec<Param<'_>>> = sessions
        .iter()
        .map(|(sha, index)| vec![&athlete.0 as Param<'_>, sha, index])
        .collect();
    let placed = if files.len() * 6 + sessions.len() * 3 <= ROWS_PER_INSERT * 24 {
        // One round trip for the three inserts (what an import writes for each file).
        place_at_once(client, &file_rows, &owner_rows, &session_rows)?
    } else {
        insert_rows(
            client,
            "INSERT INTO original_files (sha256, name, size, bytes) VALUES",
            "ON CONFLICT (sha256) DO NOTHING",
            4,
            &file_rows,
        )?;
        insert_rows(
            client,
            "INSERT INTO athlete_originals (athlete_id, sha256) VALUES",
            "ON CONFLICT DO NOTHING",
            2,
            &owner_rows,
        )?;
        insert_rows(
            client,
            "INSERT INTO imported_sessions (athlete_id, sha256, session_index) VALUES",
            "ON CONFLICT DO NOTHING RETURNING sha256, session_index",
            3,
            &session_rows,
        )?
    };
    if placed.len() == sessions.len() {
        return Ok(());
    }
    let placed: Vec<(String, i32)> = placed.iter().map(|r| (r.get(0), r.get(1))).collect();
    let mut seen = Vec::new();
    for (new, session) in batch.iter().filter_map(|n| n.original).zip(&sessions) {
        let first_time = placed.contains(session) && !seen.contains(session);
        if !first_time {
            return Err(StoreError::Conflict {
                what: format!(
                    "activity {} of file {} (imported before)",
                    new.index + 1,
                    new.name.unwrap_or(new.sha256)
                ),
            });
        }
        seen.push(session.clone());
    }
    Ok(())
}

/// The files, their owner and the sessions placed in one statement (data-modifying CTEs; the
/// foreign key from `athlete_originals` is checked at its end). Returns the placed sessions.
fn place_at_once(
    client: &mut Client,
    files: &[Vec<Param<'_>>],
    owners: &[Vec<Param<'_>>],
    sessions: &[Vec<Param<'_>>],
) -> Result<Vec<Row>> {
    let numbered = |rows: &[Vec<Param<'_>>], width: usize, from: usize| {
        (0..rows.len())
            .map(|r| {
                let row: Vec<String> = (1..=width)
                    .map(|c| format!("${}", from + r * width + c))
                    .collect();
                format!("({})", row.join(", "))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let owners_from = files.len() * 4;
    let sessions_from = owners_from + owners.len() * 2;
    let sql = format!(
        "WITH files AS (
            INSERT INTO original_files (sha256, name, size, bytes) VALUES {}
            ON CONFLICT (sha256) DO NOTHING
         ), owners AS (
            INSERT INTO athlete_originals (athlete_id, sha256) VALUES {}
            ON CONFLICT DO NOTHING
         )
         INSERT INTO imported_sessions (athlete_id, sha256, session_index) VALUES {}
         ON CONFLICT DO NOTHING RETURNING sha256, session_index",
        numbered(files, 4, 0),
        numbered(owners, 2, owners_from),
        numbered(sessions, 3, sessions_from),
    );
    let params: Vec<Param<'_>> = files
        .iter()
        .chain(owners)
        .chain(sessions)
        .flatten()
        .copied()
        .collect();
    Ok(client.query(&sql, &params)?)
}

fn from_row(row: &Row) -> Result<Record<Activity>> {
    let start_ms: i64 = get(row, "start_utc_ms")?;
    let start = Utc
        .timestamp_millis_opt(start_ms)
        .single()
        .ok_or_else(|| StoreError::Corrupt {
            what: format!("activity start {start_ms} ms"),
        })?;
    let hr_avg: Option<f64> = get(row, "hr_avg")?;
    let hr_max: Option<f64> = get(row, "hr_max")?;
    let digest: Option<&str> = get(row, "load_digest")?;
    let activity = Activity {
        sport: vocab(row, "sport", "sport")?,
        start,
        utc_offset_s: get(row, "utc_offset_s")?,
        offset_source: vocab_opt(row, "offset_source", "offset_source")?.unwrap_or_default(),
        implausible: get(row, "implausible")?,
        crc_mismatch: get(row, "crc_mismatch")?,
        elapsed: Seconds(get(row, "elapsed_s")?),
        moving: Seconds(get(row, "moving_s")?),
        distance: Meters(get(row, "distance_m")?),
        elevation_gain: get::<Option<f64>>(row, "elevation_gain_m")?.map(Meters),
        heart_rate: match (hr_avg, hr_max) {
            (Some(average), Some(max)) => Some(HeartRateSummary {
                average: Bpm(average),
                max: Bpm(max),
            }),
            _ => None,
        },
        rpe: get::<Option<i16>>(row, "rpe")?
            .map(|v| small(v, "rpe"))
            .transpose()?,
        title: get(row, "title")?,
        kind: vocab_opt(row, "kind", "kind")?,
        source: ActivitySource {
            kind: vocab(row, "source_kind", "source_kind")?,
            file_sha256: get(row, "source_sha256")?,
            file_name: get(row, "source_name")?,
            device: get(row, "device")?,
        },
        streams: None,
        digest: digest.map(from_json).transpose()?,
    };
    Ok(Record::new(Id(get(row, "id")?), activity))
}

/// A row with its streams (the `data` column of a LEFT JOIN on `activity_streams`).
fn with_streams(row: &Row) -> Result<Record<Activity>> {
    let mut record = from_row(row)?;
    let blob: Option<&[u8]> = get(row, "data")?;
    record.item.streams = blob.map(streams_codec::decode).transpose()?;
    Ok(record)
}

pub(super) fn list(
    client: &mut Client,
    athlete: AthleteId,
    query: &ActivityQuery,
) -> Result<Vec<Record<Activity>>> {
    let (limit, offset) = limit_offset(query.page);
    let streams = query.streams == Streams::With;
    // One statement: the rows and their streams come from the same snapshot.
    let sql = format!(
        "SELECT {COLUMNS}{} FROM activities a {}
         WHERE a.athlete_id = $1
           AND ($2::date IS NULL OR a.local_date >= $2)
           AND ($3::date IS NULL OR a.local_date <= $3)
         ORDER BY a.start_utc_ms, a.id LIMIT $4 OFFSET $5",
        if streams { ", s.data" } else { "" },
        if streams {
            "LEFT JOIN activity_streams s ON s.activity_id = a.id"
        } else {
            ""
        },
    );
    let rows = client.query(
        &sql,
        &[&athlete.0, &query.since, &query.until, &limit, &offset],
    )?;
    let read = if streams { with_streams } else { from_row };
    rows.iter().map(read).collect()
}

pub(super) fn one(
    client: &mut Client,
    athlete: AthleteId,
    id: Id,
) -> Result<Option<Record<Activity>>> {
    let sql = format!(
        "SELECT {COLUMNS}, s.data FROM activities a
         LEFT JOIN activity_streams s ON s.activity_id = a.id
         WHERE a.id = $1 AND a.athlete_id = $2"
    );
    client
        .query_opt(&sql, &[&id.0, &athlete.0])?
        .as_ref()
        .map(with_streams)
        .transpose()
}

pub(super) fn starting_between(
    client: &mut Client,
    athlete: AthleteId,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Record<Activity>>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM activities a
         WHERE a.athlete_id = $3 AND a.start_utc_ms BETWEEN $1 AND $2
         ORDER BY a.start_utc_ms, a.id"
    );
    client
        .query(
            &sql,
            &[&from.timestamp_millis(), &to.timestamp_millis(), &athlete.0],
        )?
        .iter()
        .map(from_row)
        .collect()
}

pub(super) fn remove(
    client: &mut Client,
    athlete: AthleteId,
    id: Id,
    at: DateTime<Utc>,
) -> Result<bool> {
    let session = client.query_opt(
        "SELECT source_sha256, source_index FROM activities WHERE id = $1 AND athlete_id = $2",
        &[&id.0, &athlete.0],
    )?;
    let Some(session) = session else {
        return Ok(false);
    };
    let sha: Option<String> = get(&session, "source_sha256")?;
    let index: Option<i32> = get(&session, "source_index")?;
    if let (Some(sha), Some(index)) = (sha, index) {
        // The session stays placed, marked removed: importing the file again skips it.
        client.execute(
            "INSERT INTO imported_sessions (athlete_id, sha256, session_index, removed_utc_ms)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (athlete_id, sha256, session_index)
             DO UPDATE SET removed_utc_ms = EXCLUDED.removed_utc_ms",
            &[&athlete.0, &sha, &index, &at.timestamp_millis()],
        )?;
    }
    // Streams and decisions go with it (ON DELETE CASCADE); the original file stays.
    Ok(client.execute(
        "DELETE FROM activities WHERE id = $1 AND athlete_id = $2",
        &[&id.0, &athlete.0],
    )? > 0)
}

/// The sessions of the file `sha256` this athlete removed, by index.
pub(super) fn removed_sessions(
    client: &mut Client,
    athlete: AthleteId,
    sha256: &str,
) -> Result<Vec<RemovedSession>> {
    client
        .query(
            "SELECT session_index, removed_utc_ms FROM imported_sessions
             WHERE athlete_id = $1 AND sha256 = $2 AND removed_utc_ms IS NOT NULL
             ORDER BY session_index",
            &[&athlete.0, &sha256],
        )?
        .iter()
        .map(|row| {
            let index: i32 = get(row, "session_index")?;
            let ms: i64 = get(row, "removed_utc_ms")?;
            let removed_at =
                Utc.timestamp_millis_opt(ms)
                    .single()
                    .ok_or_else(|| StoreError::Corrupt {
                        what: format!("removal time {ms} ms"),
                    })?;
            let index = u32::try_from(index).map_err(|_| StoreError::Corrupt {
                what: format!("session index {index}"),
            })?;
            Ok(RemovedSession { index, removed_at })
        })
        .collect()
}

/// Forgets that a session was removed, so it can be placed again; false when it was not.
pub(super) fn restore_session(
    client: &mut Client,
    athlete: AthleteId,
    sha256: &str,
    index: u32,
) -> Result<bool> {
    // No stored session has an index beyond an INTEGER column's range.
    let Ok(index) = i32::try_from(index) else {
        return Ok(false);
    };
    Ok(client.execute(
        "DELETE FROM imported_sessions
         WHERE athlete_id = $1 AND sha256 = $2 AND session_index = $3
           AND removed_utc_ms IS NOT NULL",
        &[&athlete.0, &sha256, &index],
    )? > 0)
}

/// Ids from a query whose first column is one.
pub(super) fn ids(client: &mut Client, sql: &str, params: &[Param<'_>]) -> Result<Vec<Id>> {
    Ok(client
        .query(sql, params)?
        .iter()
        .map(|row| Id(row.get(0)))
        .collect())
}

/// Runs an UPDATE of one activity; `NotFound` when it changed nothing.
pub(super) fn update_one(
    client: &mut Client,
    id: Id,
    sql: &str,
    params: &[Param<'_>],
) -> Result<()> {
    if client.execute(sql, params)? == 0 {
        return Err(missing(id));
    }
    Ok(())
}

/// Changes what the runner may correct of an activity; its source, streams and digest stay.
pub(super) fn update(
    client: &mut Client,
    athlete: AthleteId,
    id: Id,
    activity: &Activity,
) -> Result<()> {
    update_one(
        client,
        id,
        "UPDATE activities SET sport = $3, elapsed_s = $4, moving_s = $5, distance_m = $6,
            elevation_gain_m = $7, rpe = $8, title = $9, kind = $10
         WHERE id = $1 AND athlete_id = $2",
        &[
            &id.0,
            &athlete.0,
            &activity.sport.id(),
            &activity.elapsed.0,
            &activity.moving.0,
            &activity.distance.0,
            &activity.elevation_gain.map(|m| m.0),
            &activity.rpe.map(i16::from),
            &activity.title,
            &activity.kind.map(|k| k.id()),
        ],
    )
}

fn missing(id: Id) -> StoreError {
    StoreError::NotFound {
        what: "activity",
        id: id.0,
    }
}

/// Places one session of a file (see [`keep_originals`]) and returns the hash the row
/// should carry: the original's when there is one, else the activity's own.
fn keep_original(
    client: &mut Client,
    athlete: AthleteId,
    new: &NewActivity<'_>,
) -> Result<Option<String>> {
    keep_originals(client, athlete, std::slice::from_ref(new))?;
    Ok(match new.original {
        Some(original) => Some(original.sha256.to_string()),
        None => new.activity.source.file_sha256.clone(),
    })
}

fn insert_decision(
    client: &mut Client,
    athlete: AthleteId,
    kept: Id,
    kept_sha256: Option<&str>,
    dropped: &ActivitySource,
    dropped_sha256: Option<&str>,
    reason: &str,
) -> Result<()> {
    client.execute(
        "INSERT INTO import_decisions (kept_id, kept_sha256, dropped_sha256, dropped_name,
            dropped_kind, reason, athlete_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &kept.0,
            &kept_sha256,
            &dropped_sha256,
            &dropped.file_name,
            &dropped.kind.id(),
            &reason,
            &athlete.0,
        ],
    )?;
    Ok(())
}

pub(super) fn record_duplicate(
    client: &mut Client,
    athlete: AthleteId,
    kept: Id,
    duplicate: NewActivity<'_>,
    reason: &str,
) -> Result<()> {
    let kept_sha: Option<String> = client
        .query_opt(
            "SELECT source_sha256 FROM activities WHERE id = $1 AND athlete_id = $2",
            &[&kept.0, &athlete.0],
        )?
        .ok_or_else(|| missing(kept))?
        .get(0);
    let dropped_sha = keep_original(client, athlete, &duplicate)?;
    insert_decision(
        client,
        athlete,
        kept,
        kept_sha.as_deref(),
        &duplicate.activity.source,
        dropped_sha.as_deref(),
        reason,
    )
}

pub(super) fn replace(
    client: &mut Client,
    athlete: AthleteId,
    id: Id,
    replacement: NewActivity<'_>,
    prepared: &Prepared,
    reason: &str,
) -> Result<()> {
    let sql = format!("SELECT {COLUMNS} FROM activities a WHERE a.id = $1 AND a.athlete_id = $2");
    let old = client
        .query_opt(&sql, &[&id.0, &athlete.0])?
        .as_ref()
        .map(from_row)
        .transpose()?
        .ok_or_else(|| missing(id))?;
    let sha = keep_original(client, athlete, &replacement)?;
    let mut v = ActivityValues::new(id.0, athlete, &replacement, prepared);
    // What the runner typed about the run outlives the file it first came with.
    v.rpe = v.rpe.or(old.item.rpe.map(i16::from));
    v.title = v.title.or(old.item.title.clone());
    v.kind = v.kind.or(old.item.kind.map(|k| k.id()));
    v.sha = sha.clone();
    let params = v.params();
    client.execute(
        "UPDATE activities SET sport = $3, start_utc_ms = $4, utc_offset_s = $5,
            local_date = $6, elapsed_s = $7, moving_s = $8, distance_m = $9,
            elevation_gain_m = $10, hr_avg = $11, hr_max = $12, rpe = $13, title = $14,
            kind = $15, source_kind = $16, source_sha256 = $17, source_name = $18,
            device = $19, load_digest = $20, load_digest_version = $21,
            offset_source = $22, implausible = $23, crc_mismatch = $24, source_index = $25
         WHERE id = $1 AND athlete_id = $2",
        &params,
    )?;
    client.execute(
        "DELETE FROM activity_streams WHERE activity_id = $1",
        &[&id.0],
    )?;
    if let Some(blob) = &prepared.blob {
        client.execute(
            "INSERT INTO activity_streams (activity_id, data) VALUES ($1, $2)",
            &[&id.0, blob],
        )?;
    }
    insert_decision(
        client,
        athlete,
        id,
        sha.as_deref(),
        &old.item.source,
        old.item.source.file_sha256.as_deref(),
        reason,
    )
}

pub(super) fn decisions(
    client: &mut Client,
    athlete: AthleteId,
    page: Page,
) -> Result<Vec<DuplicateDecision>> {
    let (limit, offset) = limit_offset(page);
    client
        .query(
            "SELECT kept_id, kept_sha256, dropped_sha256, dropped_name, dropped_kind, reason
             FROM import_decisions WHERE athlete_id = $3 ORDER BY id LIMIT $1 OFFSET $2",
            &[&limit, &offset, &athlete.0],
        )?
        .iter()
        .map(|row| {
            Ok(DuplicateDecision {
                kept: Id(get(row, "kept_id")?),
                kept_sha256: get(row, "kept_sha256")?,
                dropped_sha256: get(row, "dropped_sha256")?,
                dropped_name: get(row, "dropped_name")?,
                dropped_kind: vocab(row, "dropped_kind", "dropped_kind")?,
                reason: get(row, "reason")?,
            })
        })
        .collect()
}

/// An offset within -14 h to +14 h, else `Invalid`.
pub(super) fn check_offset(utc_offset_s: i32) -> Result<()> {
    if (-14 * 3600..=14 * 3600).contains(&utc_offset_s) {
        return Ok(());
    }
    Err(StoreError::Invalid(tuneup_core::model::InvalidField::new(
        "utc offset",
        format!("{utc_offset_s} s is out of range (must be -14 h to +14 h)"),
    )))
}

pub(super) fn set_local_time(
    client: &mut Client,
    athlete: AthleteId,
    id: Id,
    local: &LocalTime<'_>,
) -> Result<()> {
    let start_ms: i64 = client
        .query_opt(
            "SELECT start_utc_ms FROM activities WHERE id = $1 AND athlete_id = $2",
            &[&id.0, &athlete.0],
        )?
        .ok_or_else(|| missing(id))?
        .get(0);
    let local_date = Utc
        .timestamp_millis_opt(start_ms + i64::from(local.utc_offset_s) * 1000)
        .single()
        .map(|t| t.date_naive())
        .ok_or_else(|| StoreError::Corrupt {
            what: format!("activity {}: start {start_ms} ms", id.0),
        })?;
    client.execute(
        "UPDATE activities SET utc_offset_s = $3, local_date = $4, offset_source = $5,
            implausible = $6
         WHERE id = $1 AND athlete_id = $2",
        &[
            &id.0,
            &athlete.0,
            &local.utc_offset_s,
            &local_date,
            &local.source.id(),
            &local.implausible,
        ],
    )?;
    Ok(())
}
