//! Therapist edits, soft removal and the clinic precautions check (migration 0003).

use super::columns::{date_text, from_json, json_text, parse_date, parse_ids};
use super::write;
use crate::{Listing, Result};
use rusqlite::{Connection, OptionalExtension, params};
use tuneup_core::model::{ClinicCheck, Therapist};
use tuneup_core::{AthleteId, Id, Record};

pub(super) fn one(
    conn: &Connection,
    athlete: AthleteId,
    id: Id,
) -> Result<Option<(Record<Therapist>, Listing)>> {
    Ok(conn
        .query_row(
            "SELECT * FROM therapists WHERE id = ?1 AND athlete_id = ?2",
            [id.0, athlete.0],
            |row| {
                let therapist = Therapist {
                    name: row.get("name")?,
                    contact: row.get("contact")?,
                    licence: row.get("licence")?,
                    licence_region: row.get("licence_region")?,
                    techniques: parse_ids("techniques", &row.get::<_, String>("techniques")?)?,
                    insurance: row.get("insurance")?,
                    price: super::columns::money(row, "price")?,
                    notes: row.get("notes")?,
                };
                let listing = if row.get::<_, i64>("removed")? == 0 {
                    Listing::Listed
                } else {
                    Listing::Removed
                };
                Ok((Record::new(id, therapist), listing))
            },
        )
        .optional()?)
}

pub(super) fn update(
    conn: &Connection,
    athlete: AthleteId,
    id: Id,
    therapist: &Therapist,
) -> Result<bool> {
    therapist.validate()?;
    write(conn, |tx| {
        let changed = tx.execute(
            "UPDATE therapists SET name = ?2, contact = ?3, licence = ?4, licence_region = ?5,
            techniques = ?6, insurance = ?7, price_minor = ?8, notes = ?9, price_currency = ?11
         WHERE id = ?1 AND removed = 0 AND athlete_id = ?10",
            params![
                id.0,
                therapist.name,
                therapist.contact,
                therapist.licence,
                therapist.licence_region,
                json_text(&therapist.techniques)?,
                therapist.insurance,
                therapist.price.map(|p| p.minor),
                therapist.notes,
                athlete.0,
                therapist.price.map(|p| p.currency.to_string())
            ],
        )?;
        Ok(changed > 0)
    })
}

/// Marks the therapist removed rather than deleting the row: sessions reference it.
pub(super) fn remove(conn: &Connection, athlete: AthleteId, id: Id) -> Result<bool> {
    write(conn, |tx| {
        let changed = tx.execute(
            "UPDATE therapists SET removed = 1 WHERE id = ?1 AND removed = 0 AND athlete_id = ?2",
            [id.0, athlete.0],
        )?;
        Ok(changed > 0)
    })
}

pub(super) fn set_check(
    conn: &Connection,
    athlete: AthleteId,
    therapist: Id,
    check: &ClinicCheck,
) -> Result<bool> {
    check.validate()?;
    write(conn, |tx| {
        let listed = tx
            .query_row(
                "SELECT 1 FROM therapists WHERE id = ?1 AND removed = 0 AND athlete_id = ?2",
                [therapist.0, athlete.0],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !listed {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO clinic_checks (therapist_id, checked_on, answers, athlete_id)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (therapist_id) DO UPDATE
         SET checked_on = excluded.checked_on, answers = excluded.answers",
            params![
                therapist.0,
                date_text(check.checked_on),
                json_text(&check.answers)?,
                athlete.0
            ],
        )?;
        Ok(true)
    })
}

pub(super) fn check(
    conn: &Connection,
    athlete: AthleteId,
    therapist: Id,
) -> Result<Option<ClinicCheck>> {
    Ok(conn
        .query_row(
            "SELECT checked_on, answers FROM clinic_checks
             WHERE therapist_id = ?1 AND athlete_id = ?2",
            [therapist.0, athlete.0],
            |row| {
                Ok(ClinicCheck {
                    checked_on: parse_date(&row.get::<_, String>(0)?)?,
                    answers: from_json(&row.get::<_, String>(1)?)?,
                })
            },
        )
        .optional()?)
}
