//! Races, planned sessions, soreness, massage sessions and therapists.

use super::columns::{date_text, json_text, parse_date, parse_id, parse_ids};
use super::{limit_offset, write};
use crate::{Page, Result};
use rusqlite::{Connection, Row, params};
use tuneup_core::model::{MassageSession, PlannedSession, Race, SorenessEntry, Therapist};
use tuneup_core::units::Meters;
use tuneup_core::{AthleteId, Id, Record};

/// Runs one insert as its own write and returns the new row's id.
fn insert(conn: &Connection, sql: &str, values: &[&dyn rusqlite::ToSql]) -> Result<Id> {
    write(conn, |tx| {
        tx.execute(sql, values)?;
        Ok(Id(tx.last_insert_rowid()))
    })
}

/// One page of rows; `sql` ends with `LIMIT ?1 OFFSET ?2`.
fn select<T>(
    conn: &Connection,
    sql: &str,
    page: Page,
    map: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<Record<T>>> {
    let (limit, offset) = limit_offset(page);
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map(params![limit, offset], |row| {
        Ok(Record::new(Id(row.get("id")?), map(row)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// `table` is always one of our own table names, never user input.
pub(super) fn remove(
    conn: &Connection,
    _athlete: AthleteId,
    table: &'static str,
    id: Id,
) -> Result<bool> {
    write(conn, |tx| {
        Ok(tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id.0])? > 0)
    })
}

pub(super) fn add_race(conn: &Connection, _athlete: AthleteId, race: &Race) -> Result<Id> {
    race.validate()?;
    insert(
        conn,
        "INSERT INTO races (date, name, distance_m, priority) VALUES (?1, ?2, ?3, ?4)",
        params![
            date_text(race.date),
            race.name,
            race.distance.0,
            race.priority.id()
        ],
    )
}

pub(super) fn races(
    conn: &Connection,
    _athlete: AthleteId,
    page: Page,
) -> Result<Vec<Record<Race>>> {
    select(
        conn,
        "SELECT * FROM races ORDER BY date, id LIMIT ?1 OFFSET ?2",
        page,
        |row| {
            Ok(Race {
                date: parse_date(&row.get::<_, String>("date")?)?,
                name: row.get("name")?,
                distance: Meters(row.get("distance_m")?),
                priority: parse_id("priority", &row.get::<_, String>("priority")?)?,
            })
        },
    )
}

pub(super) fn add_planned(
    conn: &Connection,
    _athlete: AthleteId,
    session: &PlannedSession,
) -> Result<Id> {
    session.validate()?;
    insert(
        conn,
        "INSERT INTO planned_sessions (date, kind, title) VALUES (?1, ?2, ?3)",
        params![date_text(session.date), session.kind.id(), session.title],
    )
}

pub(super) fn planned(
    conn: &Connection,
    _athlete: AthleteId,
    page: Page,
) -> Result<Vec<Record<PlannedSession>>> {
    select(
        conn,
        "SELECT * FROM planned_sessions ORDER BY date, id LIMIT ?1 OFFSET ?2",
        page,
        |row| {
            Ok(PlannedSession {
                date: parse_date(&row.get::<_, String>("date")?)?,
                kind: parse_id("kind", &row.get::<_, String>("kind")?)?,
                title: row.get("title")?,
            })
        },
    )
}

pub(super) fn add_soreness(
    conn: &Connection,
    _athlete: AthleteId,
    entry: &SorenessEntry,
) -> Result<Id> {
    entry.validate()?;
    insert(
        conn,
        "INSERT INTO soreness (date, area, side, level, kind, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            date_text(entry.date),
            entry.area.id(),
            entry.side.id(),
            entry.level,
            entry.kind.id(),
            entry.note
        ],
    )
}

pub(super) fn soreness(
    conn: &Connection,
    _athlete: AthleteId,
    page: Page,
) -> Result<Vec<Record<SorenessEntry>>> {
    select(
        conn,
        "SELECT * FROM soreness ORDER BY date, id LIMIT ?1 OFFSET ?2",
        page,
        |row| {
            Ok(SorenessEntry {
                date: parse_date(&row.get::<_, String>("date")?)?,
                area: parse_id("area", &row.get::<_, String>("area")?)?,
                side: parse_id("side", &row.get::<_, String>("side")?)?,
                level: row.get("level")?,
                kind: parse_id("kind", &row.get::<_, String>("kind")?)?,
                note: row.get("note")?,
            })
        },
    )
}

pub(super) fn add_massage(
    conn: &Connection,
    _athlete: AthleteId,
    session: &MassageSession,
) -> Result<Id> {
    session.validate()?;
    insert(
        conn,
        "INSERT INTO massage_sessions (date, therapist_id, techniques, areas, pressure, purpose,
            cost, insurance, felt_after, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            date_text(session.date),
            session.therapist.map(|id| id.0),
            json_text(&session.techniques)?,
            json_text(&session.areas)?,
            session.pressure,
            session.purpose.id(),
            session.cost,
            session.insurance.id(),
            session.felt_after,
            session.note
        ],
    )
}

pub(super) fn massages(
    conn: &Connection,
    _athlete: AthleteId,
    page: Page,
) -> Result<Vec<Record<MassageSession>>> {
    select(
        conn,
        "SELECT * FROM massage_sessions ORDER BY date, id LIMIT ?1 OFFSET ?2",
        page,
        |row| {
            let insurance: String = row.get("insurance")?;
            Ok(MassageSession {
                date: parse_date(&row.get::<_, String>("date")?)?,
                therapist: row.get::<_, Option<i64>>("therapist_id")?.map(Id),
                techniques: parse_ids("techniques", &row.get::<_, String>("techniques")?)?,
                areas: parse_ids("areas", &row.get::<_, String>("areas")?)?,
                pressure: row.get("pressure")?,
                purpose: parse_id("purpose", &row.get::<_, String>("purpose")?)?,
                cost: row.get("cost")?,
                insurance: parse_id("insurance", &insurance)?,
                felt_after: row.get("felt_after")?,
                note: row.get("note")?,
            })
        },
    )
}

pub(super) fn add_therapist(
    conn: &Connection,
    _athlete: AthleteId,
    therapist: &Therapist,
) -> Result<Id> {
    therapist.validate()?;
    insert(
        conn,
        "INSERT INTO therapists (name, contact, licence, licence_region, techniques, insurance,
            price, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            therapist.name,
            therapist.contact,
            therapist.licence,
            therapist.licence_region,
            json_text(&therapist.techniques)?,
            therapist.insurance,
            therapist.price,
            therapist.notes
        ],
    )
}

pub(super) fn therapists(
    conn: &Connection,
    _athlete: AthleteId,
    page: Page,
) -> Result<Vec<Record<Therapist>>> {
    select(
        conn,
        "SELECT * FROM therapists WHERE removed = 0 ORDER BY name, id LIMIT ?1 OFFSET ?2",
        page,
        |row| {
            Ok(Therapist {
                name: row.get("name")?,
                contact: row.get("contact")?,
                licence: row.get("licence")?,
                licence_region: row.get("licence_region")?,
                techniques: parse_ids("techniques", &row.get::<_, String>("techniques")?)?,
                insurance: row.get("insurance")?,
                price: row.get("price")?,
                notes: row.get("notes")?,
            })
        },
    )
}
