//! Today's self-massage, built from the last run, the soreness log, symptoms, the tools the
//! runner owns and the minutes they have.

use crate::Result;
use chrono::NaiveDate;
use tuneup_core::AthleteId;
use tuneup_core::knowledge::RunType;
use tuneup_core::model::still_open;
use tuneup_core::routine::{RecentRun, Routine, RoutineRequest, build_routine};
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
    let request = RoutineRequest {
        date,
        minutes: options.minutes,
        areas: options.areas.clone(),
        symptoms: options.symptoms.clone(),
        tools,
        run,
        soreness,
    };
    Ok(build_routine(&request)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tuneup_core::model::SorenessEntry;
    use tuneup_core::vocab::{Side, SorenessKind};

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
