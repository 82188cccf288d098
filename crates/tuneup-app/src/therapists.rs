//! The runner's list of massage therapists, each with the clinic precautions checklist.
//! Removing a therapist takes them off the list but keeps the row, so logged sessions still
//! name who did them.

use crate::{AppError, Result};
use chrono::NaiveDate;
use tuneup_core::knowledge::knowledge;
use tuneup_core::model::{CheckAnswer, ClinicCheck, PrecautionAnswer, Therapist};
use tuneup_core::vocab::Technique;
use tuneup_core::{AthleteId, Id, Record};
use tuneup_store::{Listing, Page, Store};

/// Changes to a therapist's details: `None` leaves a field as it is, an empty text clears it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TherapistDetails {
    pub contact: Option<String>,
    pub licence: Option<String>,
    pub licence_region: Option<String>,
    pub techniques: Option<Vec<Technique>>,
    pub insurance: Option<String>,
    /// As typed (`95`, `€95`): it takes the runner's currency.
    pub price: Option<tuneup_core::money::TypedAmount>,
    pub notes: Option<String>,
    pub precautions: PrecautionAnswers,
}

/// Answers to the clinic precautions checklist, by precaution id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrecautionAnswers {
    pub yes: Vec<String>,
    pub no: Vec<String>,
    pub unsure: Vec<String>,
    /// When the clinic was checked (default: today).
    pub checked: Option<NaiveDate>,
}

/// A therapist as shown on their own: listed or removed, with the last clinic check.
#[derive(Debug, Clone)]
pub struct TherapistDetail {
    pub record: Record<Therapist>,
    pub listing: Listing,
    pub check: Option<ClinicCheck>,
}

/// Adds a therapist (and their clinic check, if answers are given) as one action.
pub fn add(
    store: &mut dyn Store,
    athlete: AthleteId,
    name: &str,
    details: TherapistDetails,
    today: NaiveDate,
) -> Result<Id> {
    let mut therapist = Therapist {
        name: name.to_string(),
        ..Therapist::default()
    };
    let currency = store.profile(athlete)?.currency();
    let check = apply(&mut therapist, details, today, currency)?;
    let mut added = None;
    store.in_transaction(&mut |store| {
        let id = store.add_therapist(athlete, &therapist)?;
        if let Some(check) = &check {
            store.set_clinic_check(athlete, id, check)?;
        }
        added = Some(id);
        Ok(())
    })?;
    Ok(added.expect("the transaction ran"))
}

/// Changes a listed therapist's details; new checklist answers replace the old ones they
/// name and keep the rest. Returns the therapist as now stored.
pub fn edit(
    store: &mut dyn Store,
    athlete: AthleteId,
    id: Id,
    name: Option<String>,
    details: TherapistDetails,
    today: NaiveDate,
) -> Result<Therapist> {
    let found = find(store, athlete, id)?;
    if found.1 != Listing::Listed {
        return Err(AppError::Conflict(format!(
            "therapist {id} was removed from your list; add them again to change details"
        )));
    }
    let mut therapist = found.0.item;
    if let Some(name) = name {
        therapist.name = name;
    }
    let currency = store.profile(athlete)?.currency();
    let check = apply(&mut therapist, details, today, currency)?;
    store.in_transaction(&mut |store| {
        store.update_therapist(athlete, id, &therapist)?;
        if let Some(check) = &check {
            let merged = merge(store.clinic_check(athlete, id)?, check.clone());
            store.set_clinic_check(athlete, id, &merged)?;
        }
        Ok(())
    })?;
    Ok(therapist)
}

/// The therapists on the list, each with their last clinic check.
pub fn list(
    store: &dyn Store,
    athlete: AthleteId,
) -> Result<Vec<(Record<Therapist>, Option<ClinicCheck>)>> {
    let mut listed = Vec::new();
    for therapist in store.therapists(athlete, Page::ALL)? {
        let check = store.clinic_check(athlete, therapist.id)?;
        listed.push((therapist, check));
    }
    Ok(listed)
}

/// One therapist, listed or removed.
pub fn show(store: &dyn Store, athlete: AthleteId, id: Id) -> Result<TherapistDetail> {
    let (record, listing) = find(store, athlete, id)?;
    let check = store.clinic_check(athlete, id)?;
    Ok(TherapistDetail {
        record,
        listing,
        check,
    })
}

/// Takes a therapist off the list; returns who it was.
pub fn remove(store: &mut dyn Store, athlete: AthleteId, id: Id) -> Result<Record<Therapist>> {
    let (record, listing) = find(store, athlete, id)?;
    if listing != Listing::Listed {
        return Err(AppError::Conflict(format!(
            "therapist {id} ({}) is already off your list",
            record.item.name
        )));
    }
    store.remove_therapist(athlete, id)?;
    Ok(record)
}

fn find(store: &dyn Store, athlete: AthleteId, id: Id) -> Result<(Record<Therapist>, Listing)> {
    store.therapist(athlete, id)?.ok_or(AppError::NotFound {
        what: "therapist",
        id: id.0,
    })
}

fn apply(
    therapist: &mut Therapist,
    details: TherapistDetails,
    today: NaiveDate,
    currency: tuneup_core::money::Currency,
) -> Result<Option<ClinicCheck>> {
    let TherapistDetails {
        contact,
        licence,
        licence_region,
        techniques,
        insurance,
        price,
        notes,
        precautions,
    } = details;
    let set = |field: &mut Option<String>, value: Option<String>| {
        if let Some(value) = value {
            // An empty value clears the field.
            *field = Some(value).filter(|v| !v.trim().is_empty());
        }
    };
    set(&mut therapist.contact, contact);
    set(&mut therapist.licence, licence);
    set(&mut therapist.licence_region, licence_region);
    set(&mut therapist.insurance, insurance);
    set(&mut therapist.notes, notes);
    if let Some(techniques) = techniques {
        therapist.techniques = techniques;
    }
    if let Some(price) = price {
        let price = price
            .in_currency(currency)
            .map_err(|reason| AppError::invalid_input("price", reason))?;
        therapist.price = Some(price);
    }
    check_from(precautions, today)
}

/// The answers as a dated check; none when no answer was given.
fn check_from(answers_given: PrecautionAnswers, today: NaiveDate) -> Result<Option<ClinicCheck>> {
    let mut answers = Vec::new();
    for (ids, answer) in [
        (answers_given.yes, CheckAnswer::Yes),
        (answers_given.no, CheckAnswer::No),
        (answers_given.unsure, CheckAnswer::Unsure),
    ] {
        for id in ids {
            let id = id.trim().to_ascii_lowercase().replace('-', "_");
            if !id.is_empty() {
                answers.push(PrecautionAnswer { id, answer });
            }
        }
    }
    if answers.is_empty() {
        if answers_given.checked.is_some() {
            return Err(AppError::invalid_input(
                "checked",
                "give the answers too (--yes, --no or --unsure with precaution ids)",
            ));
        }
        return Ok(None);
    }
    let check = ClinicCheck {
        checked_on: answers_given.checked.unwrap_or(today),
        answers,
    };
    check
        .validate()
        .map_err(|e| AppError::invalid_input("precautions", e.reason))?;
    Ok(Some(check))
}

/// A newer check over an older one: new answers win, old answers to other questions stay.
fn merge(old: Option<ClinicCheck>, new: ClinicCheck) -> ClinicCheck {
    let Some(old) = old else {
        return new;
    };
    let mut answers: Vec<PrecautionAnswer> = old
        .answers
        .into_iter()
        .filter(|a| new.answer(&a.id).is_none())
        .collect();
    answers.extend(new.answers);
    // Checklist order, so a listing reads the same every time.
    let order = |id: &str| {
        knowledge()
            .precautions
            .iter()
            .position(|p| p.id == id)
            .unwrap_or(usize::MAX)
    };
    answers.sort_by_key(|a| order(&a.id));
    ClinicCheck {
        checked_on: new.checked_on,
        answers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: AthleteId = AthleteId::LOCAL;

    fn check(checked_on: NaiveDate, answers: &[(&str, CheckAnswer)]) -> ClinicCheck {
        ClinicCheck {
            checked_on,
            answers: answers
                .iter()
                .map(|(id, answer)| PrecautionAnswer {
                    id: (*id).into(),
                    answer: *answer,
                })
                .collect(),
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).expect("valid date")
    }

    #[test]
    fn a_newer_answer_replaces_the_old_one_and_the_rest_stay() {
        let old = check(
            day(1),
            &[
                ("linens", CheckAnswer::Yes),
                ("air_filtration", CheckAnswer::Unsure),
            ],
        );
        let new = check(day(9), &[("air_filtration", CheckAnswer::Yes)]);
        let merged = merge(Some(old), new);
        assert_eq!(merged.checked_on, day(9));
        assert_eq!(merged.answer("air_filtration"), Some(CheckAnswer::Yes));
        assert_eq!(merged.answer("linens"), Some(CheckAnswer::Yes));
        // In checklist order: air filtration comes before linens.
        assert_eq!(merged.answers[0].id, "air_filtration");
    }

    #[test]
    fn precaution_answers_become_a_dated_check() {
        let answers = PrecautionAnswers {
            yes: vec!["linens".into(), "Air-Filtration".into()],
            no: vec!["local_rules".into()],
            unsure: vec![],
            checked: None,
        };
        let check = check_from(answers, day(27))
            .unwrap()
            .expect("answers given");
        assert_eq!(check.checked_on, day(27));
        assert_eq!(check.answer("air_filtration"), Some(CheckAnswer::Yes));
        assert_eq!(check.answer("local_rules"), Some(CheckAnswer::No));
        let unknown = PrecautionAnswers {
            yes: vec!["masks".into()],
            ..PrecautionAnswers::default()
        };
        let error = check_from(unknown, day(27)).unwrap_err();
        assert!(
            matches!(&error, AppError::InvalidInput { field, reason }
                if field == "precautions" && reason.contains("unknown precaution 'masks'")),
            "{error}"
        );
    }

    #[test]
    fn edit_and_remove_follow_the_listing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let details = TherapistDetails {
            price: Some(tuneup_core::money::parse_amount("85").unwrap()),
            precautions: PrecautionAnswers {
                yes: vec!["linens".into()],
                ..PrecautionAnswers::default()
            },
            ..TherapistDetails::default()
        };
        let id = add(store.as_mut(), ME, "Jordan Lee", details, day(2)).unwrap();
        let more = TherapistDetails {
            price: Some(tuneup_core::money::parse_amount("€90").unwrap()),
            ..TherapistDetails::default()
        };
        let error = edit(store.as_mut(), ME, id, None, more, day(3)).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("price: '€90' is in EUR, but your amounts are in USD"),
            "{error}"
        );
        assert_eq!(
            show(store.as_ref(), ME, id).unwrap().record.item.price,
            Some(tuneup_core::money::Money::new(
                8500,
                tuneup_core::money::Currency::DEFAULT
            ))
        );
        let answers = TherapistDetails {
            precautions: PrecautionAnswers {
                no: vec!["air_filtration".into()],
                ..PrecautionAnswers::default()
            },
            ..TherapistDetails::default()
        };
        edit(
            store.as_mut(),
            ME,
            id,
            Some("J. Lee".into()),
            answers,
            day(4),
        )
        .unwrap();
        let shown = show(store.as_ref(), ME, id).unwrap();
        assert_eq!(shown.record.item.name, "J. Lee");
        let check = shown.check.unwrap();
        assert_eq!(check.answer("linens"), Some(CheckAnswer::Yes));
        assert_eq!(check.answer("air_filtration"), Some(CheckAnswer::No));
        assert_eq!(remove(store.as_mut(), ME, id).unwrap().item.name, "J. Lee");
        assert!(list(store.as_ref(), ME).unwrap().is_empty());
        assert!(matches!(
            remove(store.as_mut(), ME, id),
            Err(AppError::Conflict(_))
        ));
        assert!(matches!(
            show(store.as_ref(), ME, Id(42)),
            Err(AppError::NotFound {
                what: "therapist",
                id: 42
            })
        ));
    }
}
