//! The runner's simple records: races, planned sessions and the soreness log.

use crate::{AppError, Result};
use chrono::NaiveDate;
use tuneup_core::model::{PlannedSession, Race, SorenessEntry};
use tuneup_core::{AthleteId, Id, Record};
use tuneup_store::{Page, Store};

pub fn add_race(store: &mut dyn Store, athlete: AthleteId, race: &Race) -> Result<Id> {
    Ok(store.add_race(athlete, race)?)
}

/// Every race, by date.
pub fn races(store: &dyn Store, athlete: AthleteId) -> Result<Vec<Record<Race>>> {
    Ok(store.races(athlete, Page::ALL)?)
}

pub fn remove_race(store: &mut dyn Store, athlete: AthleteId, id: Id) -> Result<()> {
    removed(store.remove_race(athlete, id)?, "race", id)
}

pub fn add_planned(
    store: &mut dyn Store,
    athlete: AthleteId,
    session: &PlannedSession,
) -> Result<Id> {
    Ok(store.add_planned(athlete, session)?)
}

/// Planned sessions from `from` on (all of them without it), by date.
pub fn planned(
    store: &dyn Store,
    athlete: AthleteId,
    from: Option<NaiveDate>,
) -> Result<Vec<Record<PlannedSession>>> {
    Ok(store
        .planned(athlete, Page::ALL)?
        .into_iter()
        .filter(|s| from.is_none_or(|from| s.item.date >= from))
        .collect())
}

pub fn remove_planned(store: &mut dyn Store, athlete: AthleteId, id: Id) -> Result<()> {
    removed(store.remove_planned(athlete, id)?, "planned session", id)
}

/// Whether a soreness entry is worth showing to a professional: sharp, or strong.
pub fn needs_a_professional(entry: &SorenessEntry) -> bool {
    entry.kind == tuneup_core::vocab::SorenessKind::Sharp || entry.level >= 7
}

pub fn add_soreness(
    store: &mut dyn Store,
    athlete: AthleteId,
    entry: &SorenessEntry,
) -> Result<Id> {
    Ok(store.add_soreness(athlete, entry)?)
}

/// The soreness log from `since` on (all of it without), oldest first.
pub fn soreness(
    store: &dyn Store,
    athlete: AthleteId,
    since: Option<NaiveDate>,
) -> Result<Vec<Record<SorenessEntry>>> {
    Ok(store
        .soreness(athlete, Page::ALL)?
        .into_iter()
        .filter(|e| since.is_none_or(|since| e.item.date >= since))
        .collect())
}

fn removed(found: bool, what: &'static str, id: Id) -> Result<()> {
    if found {
        Ok(())
    } else {
        Err(AppError::NotFound { what, id: id.0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tuneup_core::units::Meters;
    use tuneup_core::vocab::{RacePriority, SessionKind};

    const ME: AthleteId = AthleteId::LOCAL;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn removing_what_is_not_there_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let race = Race {
            date: day(13),
            name: "City Marathon".into(),
            distance: Meters::from_km(42.195),
            priority: RacePriority::A,
        };
        let id = add_race(store.as_mut(), ME, &race).unwrap();
        assert_eq!(races(store.as_ref(), ME).unwrap()[0].item, race);
        remove_race(store.as_mut(), ME, id).unwrap();
        let error = remove_race(store.as_mut(), ME, id).unwrap_err();
        assert_eq!(error.to_string(), format!("no race with id {id}"));
        let error = remove_planned(store.as_mut(), ME, Id(7)).unwrap_err();
        assert_eq!(error.to_string(), "no planned session with id 7");
    }

    #[test]
    fn planned_sessions_filter_from_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        for d in [1, 5, 9] {
            let session = PlannedSession {
                date: day(d),
                kind: SessionKind::Hard,
                title: format!("session {d}"),
                distance: None,
            };
            add_planned(store.as_mut(), ME, &session).unwrap();
        }
        let later = planned(store.as_ref(), ME, Some(day(5))).unwrap();
        let titles: Vec<_> = later.iter().map(|s| s.item.title.as_str()).collect();
        assert_eq!(titles, ["session 5", "session 9"]);
    }
}
