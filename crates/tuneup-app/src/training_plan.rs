//! A training plan from a calendar export (.ics) or a CSV (`date,kind,title`), so the
//! planner keeps massage away from its hard days.

use crate::Result;
use tuneup_core::AthleteId;
use tuneup_core::model::PlannedSession;
use tuneup_formats::training_plan;
use tuneup_store::{Page, Store};

/// What a training-plan file holds, against what is already stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanFile {
    /// Sessions not stored yet, in the file's order.
    pub new: Vec<PlannedSession>,
    /// Sessions in the file that are stored already (same day, kind and title).
    pub already_there: usize,
    /// What the reader skipped or guessed, one line each.
    pub warnings: Vec<String>,
}

/// Reads `content` (named `file_name`, whose extension says the format) and compares it with
/// the stored plan. Stores nothing: see [`save`].
/// Calendar times land on the runner's days (the profile's zone, else `system_zone`).
pub fn read(
    store: &dyn Store,
    athlete: AthleteId,
    file_name: &str,
    content: &str,
    system_zone: tuneup_core::timezone::Tz,
) -> Result<PlanFile> {
    let zone = crate::profile::runner_zone(store, athlete, system_zone)?;
    let read = training_plan::read_in_zone(file_name, content, zone)?;
    // Importing the same plan twice adds nothing.
    let existing = store.planned(athlete, Page::ALL)?;
    let new: Vec<PlannedSession> = read
        .sessions
        .iter()
        .filter(|s| !existing.iter().any(|e| &e.item == *s))
        .cloned()
        .collect();
    Ok(PlanFile {
        already_there: read.sessions.len() - new.len(),
        new,
        warnings: read.warnings,
    })
}

/// Stores the new sessions of a plan file, all or none.
pub fn save(store: &mut dyn Store, athlete: AthleteId, file: &PlanFile) -> Result<()> {
    store.in_transaction(&mut |store| {
        for session in &file.new {
            store.add_planned(athlete, session)?;
        }
        Ok(())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_plan_twice_adds_nothing_the_second_time() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let csv = "date,kind,title\n2026-12-01,hard,6x800\n2026-12-03,easy,Recovery jog\n";
        let me = AthleteId::LOCAL;
        let first = read(
            store.as_ref(),
            me,
            "plan.csv",
            csv,
            tuneup_core::timezone::Tz::UTC,
        )
        .unwrap();
        assert_eq!((first.new.len(), first.already_there), (2, 0));
        save(store.as_mut(), me, &first).unwrap();
        let second = read(
            store.as_ref(),
            me,
            "plan.csv",
            csv,
            tuneup_core::timezone::Tz::UTC,
        )
        .unwrap();
        assert_eq!((second.new.len(), second.already_there), (0, 2));
        assert!(
            read(
                store.as_ref(),
                me,
                "plan.txt",
                csv,
                tuneup_core::timezone::Tz::UTC
            )
            .is_err()
        );
    }
}
