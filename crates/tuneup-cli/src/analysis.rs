//! Loads what the training-load analysis needs from the store and runs it.

use tuneup_core::AthleteId;
use tuneup_core::Record;
use tuneup_core::load::{Analysis, AnalysisOptions, analyse_with};
use tuneup_core::model::{Activity, AthleteProfile, Race};
use tuneup_store::Page;
use tuneup_store::{ActivityQuery, Store};

/// The analysis together with what was read to make it, so a command does not read the
/// profile, the activities or the races a second time.
pub struct StoredAnalysis {
    pub profile: AthleteProfile,
    /// Every activity, oldest first, without streams.
    pub activities: Vec<Record<Activity>>,
    pub races: Vec<Record<Race>>,
    pub analysis: Analysis,
}

/// The analysis of everything stored, as of `today`; the big-run rule is the profile's.
/// Activities are listed without their streams: each carries its load digest, which gives
/// heart-rate and pace loads the same numbers as the samples, and reading a ten-year history's
/// streams would take seconds and hundreds of megabytes (BENCHMARKS.md).
pub fn analyse_store(
    store: &dyn Store,
    today: chrono::NaiveDate,
) -> anyhow::Result<StoredAnalysis> {
    let profile = store.profile(AthleteId::LOCAL)?;
    let activities = store.activities(AthleteId::LOCAL, &ActivityQuery::default())?;
    let races = store.races(AthleteId::LOCAL, Page::ALL)?;
    let options = AnalysisOptions {
        big_run: profile.big_run,
    };
    let analysis = analyse_with(&profile, &activities, &races, today, &options);
    Ok(StoredAnalysis {
        profile,
        activities,
        races,
        analysis,
    })
}
