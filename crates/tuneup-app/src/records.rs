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
    entry.kind.is_pain() || entry.level >= 7
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

/// Changes a race as `change` says; returns it as now stored.
pub fn edit_race(
    store: &mut dyn Store,
    athlete: AthleteId,
    id: Id,
    change: impl FnOnce(&mut Race),
) -> Result<Race> {
    let mut race = find(races(store, athlete)?, "race", id)?;
    change(&mut race);
    store.update_race(athlete, id, &race)?;
    Ok(race)
}

/// Changes a planned session as `change` says; returns it as now stored.
pub fn edit_planned(
    store: &mut dyn Store,
    athlete: AthleteId,
    id: Id,
    change: impl FnOnce(&mut PlannedSession),
) -> Result<PlannedSession> {
    let mut session = find(planned(store, athlete, None)?, "planned session", id)?;
    change(&mut session);
    store.update_planned(athlete, id, &session)?;
    Ok(session)
}

/// Changes a soreness entry as `change` says; returns it as now stored.
pub fn edit_soreness(
    store: &mut dyn Store,
    athlete: AthleteId,
    id: Id,
    change: impl FnOnce(&mut SorenessEntry),
) -> Result<SorenessEntry> {
    let mut entry = find(soreness(store, athlete, None)?, "soreness entry", id)?;
    change(&mut entry);
    store.update_soreness(athlete, id, &entry)?;
    Ok(entry)
}

pub fn remove_soreness(store: &mut dyn Store, athlete: AthleteId, id: Id) -> Result<()> {
    removed(store.remove_soreness(athlete, id)?, "soreness entry", id)
}

/// Closes a sore area: a 0/10 entry on `date`, which the planner and routines read as "no
/// longer sore" (the newest entry for an area and side is the one that counts).
pub fn resolve_soreness(
    store: &mut dyn Store,
    athlete: AthleteId,
    area: tuneup_core::vocab::BodyArea,
    side: tuneup_core::vocab::Side,
    date: NaiveDate,
) -> Result<(Id, SorenessEntry)> {
    let entry = SorenessEntry {
        date,
        area,
        side,
        level: 0,
        kind: tuneup_core::vocab::SorenessKind::Sore,
        note: Some("resolved".into()),
    };
    let id = store.add_soreness(athlete, &entry)?;
    Ok((id, entry))
}

/// The item of `records` with `id`, or `NotFound`.
pub(crate) fn find<T>(records: Vec<Record<T>>, what: &'static str, id: Id) -> Result<T> {
    records
        .into_iter()
        .find(|r| r.id == id)
        .map(|r| r.item)
        .ok_or(AppError::NotFound { what, id: id.0 })
}

/// `NotFound` when a removal found nothing to remove.
pub(crate) fn removed(found: bool, what: &'static str, id: Id) -> Result<()> {
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

    #[test]
    fn corrections_change_one_record_and_name_what_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let race = Race {
            date: day(13),
            name: "City Marathon".into(),
            distance: Meters::from_km(42.195),
            priority: RacePriority::A,
        };
        let id = add_race(store.as_mut(), ME, &race).unwrap();
        let moved = edit_race(store.as_mut(), ME, id, |r| r.date = day(14)).unwrap();
        assert_eq!(moved.date, day(14));
        assert_eq!(races(store.as_ref(), ME).unwrap()[0].item.date, day(14));
        let error = edit_race(store.as_mut(), ME, Id(id.0 + 1), |_| {}).unwrap_err();
        assert_eq!(error.to_string(), format!("no race with id {}", id.0 + 1));

        let session = PlannedSession {
            date: day(2),
            kind: SessionKind::Easy,
            title: "6x800".into(),
            distance: None,
        };
        let pid = add_planned(store.as_mut(), ME, &session).unwrap();
        let hard = edit_planned(store.as_mut(), ME, pid, |s| s.kind = SessionKind::Hard).unwrap();
        assert_eq!(hard.kind, SessionKind::Hard);

        use tuneup_core::vocab::{BodyArea, Side, SorenessKind};
        let entry = SorenessEntry {
            date: day(1),
            area: BodyArea::Calves,
            side: Side::Left,
            level: 6,
            kind: SorenessKind::Tight,
            note: None,
        };
        let sid = add_soreness(store.as_mut(), ME, &entry).unwrap();
        let lower = edit_soreness(store.as_mut(), ME, sid, |e| e.level = 3).unwrap();
        assert_eq!(lower.level, 3);
        let bad = edit_soreness(store.as_mut(), ME, sid, |e| e.level = 11);
        assert!(matches!(bad, Err(AppError::Invalid(_))), "{bad:?}");
        let (_, resolved) =
            resolve_soreness(store.as_mut(), ME, BodyArea::Calves, Side::Left, day(3)).unwrap();
        assert_eq!(resolved.level, 0);
        assert_eq!(soreness(store.as_ref(), ME, None).unwrap().len(), 2);
        remove_soreness(store.as_mut(), ME, sid).unwrap();
        assert_eq!(soreness(store.as_ref(), ME, None).unwrap().len(), 1);
        assert!(remove_soreness(store.as_mut(), ME, sid).is_err());
    }
}
