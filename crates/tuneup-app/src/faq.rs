//! Answers to the common questions, quoting the runner's own rule values.

use crate::Result;
use tuneup_core::AthleteId;
use tuneup_core::knowledge::{FaqEntry, knowledge};
use tuneup_store::Store;

/// The FAQ with the numbers of `athlete`'s plan rules in its answers.
pub fn faq(store: &dyn Store, athlete: AthleteId) -> Result<Vec<FaqEntry>> {
    let rules = store.profile(athlete)?.plan_rules;
    Ok(knowledge()
        .faq
        .iter()
        .map(|entry| entry.with_rules(&rules))
        .collect())
}
