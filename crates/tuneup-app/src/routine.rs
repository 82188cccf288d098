//! Today's self-massage, built from the last run, the soreness log, symptoms, the tools the
//! runner owns and the minutes they have.

use crate::Result;
use chrono::NaiveDate;
use tuneup_core::AthleteId;
use tuneup_core::knowledge::RunType;
use tuneup_core::model::still_open;
use tuneup_core::routine::{
    DeepWork, RaceAhead, RecentRun, Routine, RoutineRequest, build_routine,
};
use tuneup_core::vocab::{BodyArea, Tool};
use tuneup_store::{Page, Store};

/// Minutes a routine takes unless the runner says otherwise.
pub const DEFAULT_MINUTES: u32 = 10;

/// What shapes the routine. What is left empty comes from the stored data.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutineOptions {
    pub date: NaiveDate,
    pub minutes: u32,
    /// Areas the runner wants worked, first in line.
    pub areas: Vec<BodyArea>,
    /// Symptom ids from the knowledge base (heel_pain, desk_day, ...).
    pub symptoms: Vec<String>,
    /// The tools to use this time; empty means the profile's tools.
    pub tools: Vec<Tool>,
    /// The run to follow, instead of the latest run that day or the day before.
    pub run: Option<RunType>,
}

impl RoutineOptions {
    /// The routine `date` gets with nothing asked for.
    pub fn for_day(date: NaiveDate) -> Self {
        RoutineOptions {
            date,
            minutes: DEFAULT_MINUTES,
            areas: Vec::new(),
            symptoms: Vec::new(),
            tools: Vec::new(),
            run: None,
        }
    }
}

/// Reads the profile's tools, the soreness log and the recent runs, and builds the routine.
pub fn build(store: &dyn Store, athlete: AthleteId, options: &RoutineOptions) -> Result<Routine> {
    let date = options.date;
    let tools = if options.tools.is_empty() {
        store.profile(athlete)?.tools
    } else {
        options.tools.clone()
    };
    let run = match options.run {
        Some(run) => Some(RecentRun { date, run }),
        None => {
            // The analysis names the run: a calendar race is a race, intervals a hard session.
            let stored = crate::analysis::analyse(store, athlete, date)?;
            RecentRun::latest_analysed(&stored.activities, &stored.analysis, date)
        }
    };
    // What still hurts: an entry a later 0/10 closed is over.
    let log = store.soreness(athlete, Page::ALL)?;
    let soreness = still_open(&log, |r| &r.item)
        .into_iter()
        .map(|r| r.item.clone())
        .collect();
    // Deep work at a massage today or yesterday: those areas rest for 24 h.
    let deep_work = store
        .massages(athlete, Page::ALL)?
        .into_iter()
        .filter(|m| m.item.is_deep() && (0..=1).contains(&(date - m.item.date).num_days()))
        .map(|m| DeepWork {
            date: m.item.date,
            areas: m.item.areas,
        })
        .collect();
    let race = store
        .races(athlete, Page::ALL)?
        .into_iter()
        .filter(|r| r.item.date >= date)
        .min_by_key(|r| (r.item.date, r.id))
        .map(|r| RaceAhead {
            date: r.item.date,
            name: r.item.name,
        });
    let request = RoutineRequest {
        date,
        minutes: options.minutes,
        areas: options.areas.clone(),
        symptoms: options.symptoms.clone(),
        tools,
        run,
        soreness,
        deep_work,
        race,
    };
    Ok(build_routine(&request)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tuneup_core::model::SorenessEntry;
    use tuneup_core::vocab::{Side, SorenessKind};

    #[test]
    fn areas_worked_deep_at_yesterdays_massage_rest_and_race_eve_is_short() {
        use tuneup_core::model::{InsuranceStatus, MassageSession, Race};
        use tuneup_core::units::Meters;
        use tuneup_core::vocab::{MassagePurpose, RacePriority, Technique};
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let me = AthleteId::LOCAL;
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let sore = SorenessEntry {
            date: day(24),
            area: BodyArea::Calves,
            side: Side::Left,
            level: 4,
            kind: SorenessKind::Tight,
            note: None,
        };
        crate::records::add_soreness(store.as_mut(), me, &sore).unwrap();
        let massage = MassageSession {
            date: day(24),
            therapist: None,
            techniques: vec![Technique::Swedish, Technique::DeepTissue],
            areas: vec![BodyArea::Calves],
            pressure: None,
            purpose: MassagePurpose::Maintenance,
            cost: None,
            insurance: InsuranceStatus::None,
            felt_after: None,
            note: None,
        };
        crate::massages::add(store.as_mut(), me, &massage).unwrap();
        let routine = build(store.as_ref(), me, &RoutineOptions::for_day(day(25))).unwrap();
        assert!(routine.steps.iter().all(|s| s.area != BodyArea::Calves));
        assert!(
            routine
                .notes
                .iter()
                .any(|n| n.contains("worked the calves deep")),
            "{:?}",
            routine.notes
        );
        let race = Race {
            date: day(26),
            name: "Turkey Trot".into(),
            distance: Meters(10_000.0),
            priority: RacePriority::B,
        };
        crate::records::add_race(store.as_mut(), me, &race).unwrap();
        let routine = build(store.as_ref(), me, &RoutineOptions::for_day(day(25))).unwrap();
        assert!(routine.total_seconds <= 5 * 60);
        assert!(
            routine
                .notes
                .iter()
                .any(|n| n.starts_with("Turkey Trot is tomorrow")),
            "{:?}",
            routine.notes
        );
    }

    #[test]
    fn a_resolved_area_no_longer_leads_the_routine() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let me = AthleteId::LOCAL;
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let sore = SorenessEntry {
            date: day(24),
            area: BodyArea::Hamstrings,
            side: Side::Left,
            level: 5,
            kind: SorenessKind::Tight,
            note: None,
        };
        crate::records::add_soreness(store.as_mut(), me, &sore).unwrap();
        let reason_of_first = |store: &dyn Store| {
            let routine = build(store, me, &RoutineOptions::for_day(day(26))).unwrap();
            (routine.steps[0].area, routine.steps[0].reason.clone())
        };
        let (area, reason) = reason_of_first(store.as_ref());
        assert_eq!(area, BodyArea::Hamstrings, "{reason}");
        assert!(reason.contains("5/10"), "{reason}");
        crate::records::resolve_soreness(
            store.as_mut(),
            me,
            BodyArea::Hamstrings,
            Side::Left,
            day(25),
        )
        .unwrap();
        let (_, reason) = reason_of_first(store.as_ref());
        assert!(!reason.contains("5/10"), "{reason}");
    }
}
