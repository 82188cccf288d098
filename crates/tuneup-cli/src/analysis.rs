//! Loads what the training-load analysis needs from the store and runs it.

use tuneup_core::load::{Analysis, AnalysisOptions, analyse_with};
use tuneup_store::{ActivityQuery, Store, Streams};

/// The analysis of everything stored, as of `today`. Streams are read so heart-rate and pace
/// loads use the samples, not just the summaries; the big-run rule is the profile's.
pub fn analyse_store(store: &dyn Store, today: chrono::NaiveDate) -> anyhow::Result<Analysis> {
    let profile = store.profile()?;
    let activities = store.activities(&ActivityQuery {
        streams: Streams::With,
        ..Default::default()
    })?;
    let races = store.races()?;
    let options = AnalysisOptions {
        big_run: profile.big_run,
    };
    Ok(analyse_with(&profile, &activities, &races, today, &options))
}
