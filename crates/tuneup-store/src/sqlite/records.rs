//! Races, planned sessions, soreness, massage sessions and therapists.

use super::columns::{date_text, json_text, money, parse_date, parse_id, parse_ids};
use super::{limit_offset, write};
use crate::{Page, Result};
use rusqlite::{Connection, Row, params};
use tuneup_core::model::{MassageSession, PlannedSession, Race, SorenessEntry, Therapist};
use tuneup_core::units::Meters;
use tuneup_core::{AthleteId, Id, Record};

/// Runs one insert as its own write and returns the new row's id.
/// `sql` takes the athlete as its last parameter.
fn insert(
    conn: &Connection,
    athlete: AthleteId,
    sql: &str,
    values: &[&dyn rusqlite::ToSql],
) -> Result<Id> {
    let mut values = values.to_vec();
    values.push(&athlete.0);
    write(conn, |tx| {
        tx.execute(sql, values.as_slice())?;
        Ok(Id(tx.last_insert_rowid()))
    })
}

/// One page of one athlete's rows; `sql` filters on `athlete_id = ?3` and ends with
/// `LIMIT ?1 OFFSET ?2`.
fn select<T>(
    conn: &Connection,
    athlete: AthleteId,
    sql: &str,
    page: Page,
    map: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<Record<T>>> {
    let (limit, offset) = limit_offset(page);
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map(params![limit, offset, athlete.0], |row| {
        Ok(Record::new(Id(row.get("id")?), map(row)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Runs one update of one row of the athlete's as its own write; `NotFound` when the athlete
/// has no such row. `sql` takes the row id and the athlete as its last two parameters.
fn update(
    conn: &Connection,
    athlete: AthleteId,
    what: &'static str,
    id: Id,
    sql: &str,
    values: &[&dyn rusqlite::ToSql],
) -> Result<()> {
    let mut values = values.to_vec();
    values.push(&id.0);
    values.push(&athlete.0);
    write(conn, |tx| {
        if tx.execute(sql, values.as_slice())? == 0 {
            return Err(crate::StoreError::NotFound { what, id: id.0 });
        }
        Ok(())
    })
}

/// `table` is always one of our own table names, never user input.
pub(super) fn remove(
    conn: &Connection,
    athlete: AthleteId,
    table: &'static str,
    id: Id,
) -> Result<bool> {
    write(conn, |tx| {
        Ok(tx.execute(
            &format!("DELETE FROM {table} WHERE id = ?1 AND athlete_id = ?2"),
            [id.0, athlete.0],
        )? > 0)
    })
}

pub(super) fn add_race(conn: &Connection, athlete: AthleteId, race: &Race) -> Result<Id> {
    race.validate()?;
    insert(
        conn,
        athlete,
        "INSERT INTO races (date, name, distance_m, priority, athlete_id)
         VALUES (?1, ?2, ?3, ?4, ?5)",
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
    athlete: AthleteId,
    page: Page,
) -> Result<Vec<Record<Race>>> {
    select(
        conn,
        athlete,
        "SELECT * FROM races WHERE athlete_id = ?3 ORDER BY date, id LIMIT ?1 OFFSET ?2",
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

pub(super) fn update_race(
    conn: &Connection,
    athlete: AthleteId,
    id: Id,
    race: &Race,
) -> Result<()> {
    race.validate()?;
    update(
        conn,
        athlete,
        "race",
        id,
        "UPDATE races SET date = ?1, name = ?2, distance_m = ?3, priority = ?4
         WHERE id = ?5 AND athlete_id = ?6",
        params![
            date_text(race.date),
            race.name,
            race.distance.0,
            race.priority.id()
        ],
    )
}

pub(super) fn add_planned(
    conn: &Connection,
    athlete: AthleteId,
    session: &PlannedSession,
) -> Result<Id> {
    session.validate()?;
    insert(
        conn,
        athlete,
        "INSERT INTO planned_sessions (date, kind, title, distance_m, athlete_id) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            date_text(session.date),
            session.kind.id(),
            session.title,
            session.distance.map(|d| d.0)
        ],
    )
}

pub(super) fn planned(
    conn: &Connection,
    athlete: AthleteId,
    page: Page,
) -> Result<Vec<Record<PlannedSession>>> {
    select(
        conn,
        athlete,
        "SELECT * FROM planned_sessions WHERE athlete_id = ?3 ORDER BY date, id LIMIT ?1 OFFSET ?2",
        page,
        |row| {
            Ok(PlannedSession {
                date: parse_date(&row.get::<_, String>("date")?)?,
                kind: parse_id("kind", &row.get::<_, String>("kind")?)?,
                title: row.get("title")?,
                distance: row.get::<_, Option<f64>>("distance_m")?.map(Meters),
            })
        },
    )
}

pub(super) fn update_planned(
    conn: &Connection,
    athlete: AthleteId,
    id: Id,
    session: &PlannedSession,
) -> Result<()> {
    session.validate()?;
    update(
        conn,
        athlete,
        "planned session",
        id,
        "UPDATE planned_sessions SET date = ?1, kind = ?2, title = ?3, distance_m = ?4
         WHERE id = ?5 AND athlete_id = ?6",
        params![
            date_text(session.date),
            session.kind.id(),
            session.title,
            session.distance.map(|d| d.0)
        ],
    )
}

pub(super) fn add_soreness(
    conn: &Connection,
    athlete: AthleteId,
    entry: &SorenessEntry,
) -> Result<Id> {
    entry.validate()?;
    insert(
        conn,
        athlete,
        "INSERT INTO soreness (date, area, side, level, kind, note, athlete_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
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
    athlete: AthleteId,
    page: Page,
) -> Result<Vec<Record<SorenessEntry>>> {
    select(
        conn,
        athlete,
        "SELECT * FROM soreness WHERE athlete_id = ?3 ORDER BY date, id LIMIT ?1 OFFSET ?2",
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

pub(super) fn update_soreness(
    conn: &Connection,
    athlete: AthleteId,
    id: Id,
    entry: &SorenessEntry,
) -> Result<()> {
    entry.validate()?;
    update(
        conn,
        athlete,
        "soreness entry",
        id,
        "UPDATE soreness SET date = ?1, area = ?2, side = ?3, level = ?4, kind = ?5, note = ?6
         WHERE id = ?7 AND athlete_id = ?8",
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

/// A session names one of this athlete's own therapists, listed or removed.
fn check_therapist(conn: &Connection, athlete: AthleteId, session: &MassageSession) -> Result<()> {
    if let Some(therapist) = session.therapist
        && super::therapists::one(conn, athlete, therapist)?.is_none()
    {
        return Err(crate::StoreError::NotFound {
            what: "therapist",
            id: therapist.0,
        });
    }
    Ok(())
}

pub(super) fn update_massage(
    conn: &Connection,
    athlete: AthleteId,
    id: Id,
    session: &MassageSession,
) -> Result<()> {
    session.validate()?;
    check_therapist(conn, athlete, session)?;
    update(
        conn,
        athlete,
        "massage session",
        id,
        "UPDATE massage_sessions SET date = ?1, therapist_id = ?2, techniques = ?3, areas = ?4,
            pressure = ?5, purpose = ?6, cost_minor = ?7, cost_currency = ?8, insurance = ?9,
            felt_after = ?10, note = ?11
         WHERE id = ?12 AND athlete_id = ?13",
        params![
            date_text(session.date),
            session.therapist.map(|id| id.0),
            json_text(&session.techniques)?,
            json_text(&session.areas)?,
            session.pressure,
            session.purpose.id(),
            session.cost.map(|c| c.minor),
            session.cost.map(|c| c.currency.to_string()),
            session.insurance.id(),
            session.felt_after,
            session.note
        ],
    )
}

pub(super) fn add_massage(
    conn: &Connection,
    athlete: AthleteId,
    session: &MassageSession,
) -> Result<Id> {
    session.validate()?;
    check_therapist(conn, athlete, session)?;
    insert(
        conn,
        athlete,
        "INSERT INTO massage_sessions (date, therapist_id, techniques, areas, pressure, purpose,
            cost_minor, cost_currency, insurance, felt_after, note, athlete_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            date_text(session.date),
            session.therapist.map(|id| id.0),
            json_text(&session.techniques)?,
            json_text(&session.areas)?,
            session.pressure,
            session.purpose.id(),
            session.cost.map(|c| c.minor),
            session.cost.map(|c| c.currency.to_string()),
            session.insurance.id(),
            session.felt_after,
            session.note
        ],
    )
}

pub(super) fn massages(
    conn: &Connection,
    athlete: AthleteId,
    page: Page,
) -> Result<Vec<Record<MassageSession>>> {
    select(
        conn,
        athlete,
        "SELECT * FROM massage_sessions WHERE athlete_id = ?3 ORDER BY date, id LIMIT ?1 OFFSET ?2",
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
                cost: money(row, "cost")?,
                insurance: parse_id("insurance", &insurance)?,
                felt_after: row.get("felt_after")?,
                note: row.get("note")?,
            })
        },
    )
}

pub(super) fn add_therapist(
    conn: &Connection,
    athlete: AthleteId,
    therapist: &Therapist,
) -> Result<Id> {
    therapist.validate()?;
    insert(
        conn,
        athlete,
        "INSERT INTO therapists (name, contact, licence, licence_region, techniques, insurance,
            price_minor, price_currency, notes, athlete_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            therapist.name,
            therapist.contact,
            therapist.licence,
            therapist.licence_region,
            json_text(&therapist.techniques)?,
            therapist.insurance,
            therapist.price.map(|p| p.minor),
            therapist.price.map(|p| p.currency.to_string()),
            therapist.notes
        ],
    )
}

pub(super) fn therapists(
    conn: &Connection,
    athlete: AthleteId,
    page: Page,
) -> Result<Vec<Record<Therapist>>> {
    select(
        conn,
        athlete,
        "SELECT * FROM therapists WHERE athlete_id = ?3 AND removed = 0
         ORDER BY name, id LIMIT ?1 OFFSET ?2",
        page,
        |row| {
            Ok(Therapist {
                name: row.get("name")?,
                contact: row.get("contact")?,
                licence: row.get("licence")?,
                licence_region: row.get("licence_region")?,
                techniques: parse_ids("techniques", &row.get::<_, String>("techniques")?)?,
                insurance: row.get("insurance")?,
                price: money(row, "price")?,
                notes: row.get("notes")?,
            })
        },
    )
}
