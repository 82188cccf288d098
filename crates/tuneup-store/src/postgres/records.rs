//! Races, planned sessions, soreness, massage sessions, therapists and clinic checks.

use super::columns::{from_json, get, json_text, limit_offset, money, small, vocab, vocab_list};
use crate::{Listing, Page, Result, StoreError};
use postgres::types::ToSql;
use postgres::{Client, Row};
use tuneup_core::model::{
    ClinicCheck, MassageSession, PlannedSession, Race, SorenessEntry, Therapist,
};
use tuneup_core::units::Meters;
use tuneup_core::{AthleteId, Id, Record};

type Param<'a> = &'a (dyn ToSql + Sync);

/// Runs one insert that ends `RETURNING id` and returns the new row's id.
fn insert(client: &mut Client, sql: &str, params: &[Param<'_>]) -> Result<Id> {
    Ok(Id(client.query_one(sql, params)?.get(0)))
}

/// One page of one athlete's rows; `sql` filters on `athlete_id = $3` and ends with
/// `LIMIT $1 OFFSET $2`.
fn select<T>(
    client: &mut Client,
    athlete: AthleteId,
    sql: &str,
    page: Page,
    map: impl Fn(&Row) -> Result<T>,
) -> Result<Vec<Record<T>>> {
    let (limit, offset) = limit_offset(page);
    client
        .query(sql, &[&limit, &offset, &athlete.0])?
        .iter()
        .map(|row| Ok(Record::new(Id(get(row, "id")?), map(row)?)))
        .collect()
}

/// Runs one update of one row; `NotFound` naming `what` when it changed nothing.
fn update(
    client: &mut Client,
    what: &'static str,
    id: Id,
    sql: &str,
    params: &[Param<'_>],
) -> Result<()> {
    if client.execute(sql, params)? == 0 {
        return Err(StoreError::NotFound { what, id: id.0 });
    }
    Ok(())
}

/// `table` is always one of our own table names, never user input.
pub(super) fn remove(
    client: &mut Client,
    athlete: AthleteId,
    table: &'static str,
    id: Id,
) -> Result<bool> {
    Ok(client.execute(
        &format!("DELETE FROM {table} WHERE id = $1 AND athlete_id = $2"),
        &[&id.0, &athlete.0],
    )? > 0)
}

pub(super) fn add_race(client: &mut Client, athlete: AthleteId, race: &Race) -> Result<Id> {
    insert(
        client,
        "INSERT INTO races (date, name, distance_m, priority, athlete_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        &[
            &race.date,
            &race.name,
            &race.distance.0,
            &race.priority.id(),
            &athlete.0,
        ],
    )
}

pub(super) fn races(
    client: &mut Client,
    athlete: AthleteId,
    page: Page,
) -> Result<Vec<Record<Race>>> {
    select(
        client,
        athlete,
        "SELECT * FROM races WHERE athlete_id = $3 ORDER BY date, id LIMIT $1 OFFSET $2",
        page,
        |row| {
            Ok(Race {
                date: get(row, "date")?,
                name: get(row, "name")?,
                distance: Meters(get(row, "distance_m")?),
                priority: vocab(row, "priority", "priority")?,
            })
        },
    )
}

pub(super) fn update_race(
    client: &mut Client,
    athlete: AthleteId,
    id: Id,
    race: &Race,
) -> Result<()> {
    update(
        client,
        "race",
        id,
        "UPDATE races SET date = $1, name = $2, distance_m = $3, priority = $4
         WHERE id = $5 AND athlete_id = $6",
        &[
            &race.date,
            &race.name,
            &race.distance.0,
            &race.priority.id(),
            &id.0,
            &athlete.0,
        ],
    )
}

pub(super) fn add_planned(
    client: &mut Client,
    athlete: AthleteId,
    session: &PlannedSession,
) -> Result<Id> {
    insert(
        client,
        "INSERT INTO planned_sessions (date, kind, title, distance_m, athlete_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        &[
            &session.date,
            &session.kind.id(),
            &session.title,
            &session.distance.map(|d| d.0),
            &athlete.0,
        ],
    )
}

pub(super) fn planned(
    client: &mut Client,
    athlete: AthleteId,
    page: Page,
) -> Result<Vec<Record<PlannedSession>>> {
    select(
        client,
        athlete,
        "SELECT * FROM planned_sessions WHERE athlete_id = $3 ORDER BY date, id LIMIT $1 OFFSET $2",
        page,
        |row| {
            Ok(PlannedSession {
                date: get(row, "date")?,
                kind: vocab(row, "kind", "kind")?,
                title: get(row, "title")?,
                distance: get::<Option<f64>>(row, "distance_m")?.map(Meters),
            })
        },
    )
}

pub(super) fn update_planned(
    client: &mut Client,
    athlete: AthleteId,
    id: Id,
    session: &PlannedSession,
) -> Result<()> {
    update(
        client,
        "planned session",
        id,
        "UPDATE planned_sessions SET date = $1, kind = $2, title = $3, distance_m = $4
         WHERE id = $5 AND athlete_id = $6",
        &[
            &session.date,
            &session.kind.id(),
            &session.title,
            &session.distance.map(|d| d.0),
            &id.0,
            &athlete.0,
        ],
    )
}

pub(super) fn add_soreness(
    client: &mut Client,
    athlete: AthleteId,
    entry: &SorenessEntry,
) -> Result<Id> {
    insert(
        client,
        "INSERT INTO soreness (date, area, side, level, kind, note, athlete_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        &[
            &entry.date,
            &entry.area.id(),
            &entry.side.id(),
            &i16::from(entry.level),
            &entry.kind.id(),
            &entry.note,
            &athlete.0,
        ],
    )
}

pub(super) fn soreness(
    client: &mut Client,
    athlete: AthleteId,
    page: Page,
) -> Result<Vec<Record<SorenessEntry>>> {
    select(
        client,
        athlete,
        "SELECT * FROM soreness WHERE athlete_id = $3 ORDER BY date, id LIMIT $1 OFFSET $2",
        page,
        |row| {
            Ok(SorenessEntry {
                date: get(row, "date")?,
                area: vocab(row, "area", "area")?,
                side: vocab(row, "side", "side")?,
                level: small(get(row, "level")?, "level")?,
                kind: vocab(row, "kind", "kind")?,
                note: get(row, "note")?,
            })
        },
    )
}

pub(super) fn update_soreness(
    client: &mut Client,
    athlete: AthleteId,
    id: Id,
    entry: &SorenessEntry,
) -> Result<()> {
    update(
        client,
        "soreness entry",
        id,
        "UPDATE soreness SET date = $1, area = $2, side = $3, level = $4, kind = $5, note = $6
         WHERE id = $7 AND athlete_id = $8",
        &[
            &entry.date,
            &entry.area.id(),
            &entry.side.id(),
            &i16::from(entry.level),
            &entry.kind.id(),
            &entry.note,
            &id.0,
            &athlete.0,
        ],
    )
}

/// A session names one of this athlete's own therapists, listed or removed.
fn check_therapist(
    client: &mut Client,
    athlete: AthleteId,
    session: &MassageSession,
) -> Result<()> {
    if let Some(therapist) = session.therapist
        && therapist_row(client, athlete, therapist)?.is_none()
    {
        return Err(StoreError::NotFound {
            what: "therapist",
            id: therapist.0,
        });
    }
    Ok(())
}

/// A massage session's column values, in the order both statements below take them.
fn massage_values(session: &MassageSession) -> Result<(String, String, Option<i16>)> {
    Ok((
        json_text(&session.techniques)?,
        json_text(&session.areas)?,
        session.pressure.map(i16::from),
    ))
}

pub(super) fn add_massage(
    client: &mut Client,
    athlete: AthleteId,
    session: &MassageSession,
) -> Result<Id> {
    check_therapist(client, athlete, session)?;
    let (techniques, areas, pressure) = massage_values(session)?;
    insert(
        client,
        "INSERT INTO massage_sessions (date, therapist_id, techniques, areas, pressure, purpose,
            cost_minor, cost_currency, insurance, felt_after, note, athlete_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        &[
            &session.date,
            &session.therapist.map(|id| id.0),
            &techniques,
            &areas,
            &pressure,
            &session.purpose.id(),
            &session.cost.map(|c| c.minor),
            &session.cost.map(|c| c.currency.to_string()),
            &session.insurance.id(),
            &session.felt_after,
            &session.note,
            &athlete.0,
        ],
    )
}

pub(super) fn update_massage(
    client: &mut Client,
    athlete: AthleteId,
    id: Id,
    session: &MassageSession,
) -> Result<()> {
    check_therapist(client, athlete, session)?;
    let (techniques, areas, pressure) = massage_values(session)?;
    update(
        client,
        "massage session",
        id,
        "UPDATE massage_sessions SET date = $1, therapist_id = $2, techniques = $3, areas = $4,
            pressure = $5, purpose = $6, cost_minor = $7, cost_currency = $8, insurance = $9,
            felt_after = $10, note = $11
         WHERE id = $12 AND athlete_id = $13",
        &[
            &session.date,
            &session.therapist.map(|id| id.0),
            &techniques,
            &areas,
            &pressure,
            &session.purpose.id(),
            &session.cost.map(|c| c.minor),
            &session.cost.map(|c| c.currency.to_string()),
            &session.insurance.id(),
            &session.felt_after,
            &session.note,
            &id.0,
            &athlete.0,
        ],
    )
}

pub(super) fn massages(
    client: &mut Client,
    athlete: AthleteId,
    page: Page,
) -> Result<Vec<Record<MassageSession>>> {
    select(
        client,
        athlete,
        "SELECT * FROM massage_sessions WHERE athlete_id = $3 ORDER BY date, id LIMIT $1 OFFSET $2",
        page,
        |row| {
            Ok(MassageSession {
                date: get(row, "date")?,
                therapist: get::<Option<i64>>(row, "therapist_id")?.map(Id),
                techniques: vocab_list(row, "techniques", "techniques")?,
                areas: vocab_list(row, "areas", "areas")?,
                pressure: get::<Option<i16>>(row, "pressure")?
                    .map(|v| small(v, "pressure"))
                    .transpose()?,
                purpose: vocab(row, "purpose", "purpose")?,
                cost: money(row, "cost")?,
                insurance: vocab(row, "insurance", "insurance")?,
                felt_after: get(row, "felt_after")?,
                note: get(row, "note")?,
            })
        },
    )
}

fn therapist_from(row: &Row) -> Result<Therapist> {
    Ok(Therapist {
        name: get(row, "name")?,
        contact: get(row, "contact")?,
        licence: get(row, "licence")?,
        licence_region: get(row, "licence_region")?,
        techniques: vocab_list(row, "techniques", "techniques")?,
        insurance: get(row, "insurance")?,
        price: money(row, "price")?,
        notes: get(row, "notes")?,
    })
}

pub(super) fn add_therapist(
    client: &mut Client,
    athlete: AthleteId,
    therapist: &Therapist,
) -> Result<Id> {
    insert(
        client,
        "INSERT INTO therapists (name, contact, licence, licence_region, techniques, insurance,
            price_minor, price_currency, notes, athlete_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        &[
            &therapist.name,
            &therapist.contact,
            &therapist.licence,
            &therapist.licence_region,
            &json_text(&therapist.techniques)?,
            &therapist.insurance,
            &therapist.price.map(|p| p.minor),
            &therapist.price.map(|p| p.currency.to_string()),
            &therapist.notes,
            &athlete.0,
        ],
    )
}

pub(super) fn therapists(
    client: &mut Client,
    athlete: AthleteId,
    page: Page,
) -> Result<Vec<Record<Therapist>>> {
    select(
        client,
        athlete,
        "SELECT * FROM therapists WHERE athlete_id = $3 AND NOT removed
         ORDER BY name, id LIMIT $1 OFFSET $2",
        page,
        therapist_from,
    )
}

fn therapist_row(client: &mut Client, athlete: AthleteId, id: Id) -> Result<Option<Row>> {
    Ok(client.query_opt(
        "SELECT * FROM therapists WHERE id = $1 AND athlete_id = $2",
        &[&id.0, &athlete.0],
    )?)
}

pub(super) fn therapist(
    client: &mut Client,
    athlete: AthleteId,
    id: Id,
) -> Result<Option<(Record<Therapist>, Listing)>> {
    let Some(row) = therapist_row(client, athlete, id)? else {
        return Ok(None);
    };
    let listing = if get::<bool>(&row, "removed")? {
        Listing::Removed
    } else {
        Listing::Listed
    };
    Ok(Some((Record::new(id, therapist_from(&row)?), listing)))
}

pub(super) fn update_therapist(
    client: &mut Client,
    athlete: AthleteId,
    id: Id,
    therapist: &Therapist,
) -> Result<bool> {
    Ok(client.execute(
        "UPDATE therapists SET name = $2, contact = $3, licence = $4, licence_region = $5,
            techniques = $6, insurance = $7, price_minor = $8, price_currency = $9, notes = $10
         WHERE id = $1 AND NOT removed AND athlete_id = $11",
        &[
            &id.0,
            &therapist.name,
            &therapist.contact,
            &therapist.licence,
            &therapist.licence_region,
            &json_text(&therapist.techniques)?,
            &therapist.insurance,
            &therapist.price.map(|p| p.minor),
            &therapist.price.map(|p| p.currency.to_string()),
            &therapist.notes,
            &athlete.0,
        ],
    )? > 0)
}

pub(super) fn set_clinic_check(
    client: &mut Client,
    athlete: AthleteId,
    therapist: Id,
    check: &ClinicCheck,
) -> Result<bool> {
    let listed = client
        .query_opt(
            "SELECT 1 FROM therapists WHERE id = $1 AND NOT removed AND athlete_id = $2",
            &[&therapist.0, &athlete.0],
        )?
        .is_some();
    if !listed {
        return Ok(false);
    }
    client.execute(
        "INSERT INTO clinic_checks (therapist_id, checked_on, answers, athlete_id)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (therapist_id) DO UPDATE
         SET checked_on = excluded.checked_on, answers = excluded.answers",
        &[
            &therapist.0,
            &check.checked_on,
            &json_text(&check.answers)?,
            &athlete.0,
        ],
    )?;
    Ok(true)
}

pub(super) fn clinic_check(
    client: &mut Client,
    athlete: AthleteId,
    therapist: Id,
) -> Result<Option<ClinicCheck>> {
    client
        .query_opt(
            "SELECT checked_on, answers FROM clinic_checks
             WHERE therapist_id = $1 AND athlete_id = $2",
            &[&therapist.0, &athlete.0],
        )?
        .map(|row| {
            Ok(ClinicCheck {
                checked_on: get(&row, "checked_on")?,
                answers: from_json(get(&row, "answers")?)?,
            })
        })
        .transpose()
}
