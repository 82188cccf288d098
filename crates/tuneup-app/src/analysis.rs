//! The training-load analysis of everything stored.

use crate::Result;
use tuneup_core::load::{Analysis, AnalysisOptions, analyse_with};
use tuneup_core::model::{Activity, AthleteProfile, Race};
use tuneup_core::{AthleteId, Record, limits};
use tuneup_store::{ActivityQuery, Store};

/// The analysis together with what was read to make it, so a use case does not read the
/// profile, the activities or the races a second time.
pub struct StoredAnalysis {
    pub profile: AthleteProfile,
    /// Every activity that counts, oldest first, without streams.
    pub activities: Vec<Record<Activity>>,
    /// Activities the runner left out of the statistics, oldest first: listed, never
    /// analysed, planned around or used for an estimate.
    pub excluded: Vec<Record<Activity>>,
    pub races: Vec<Record<Race>>,
    pub analysis: Analysis,
}

/// The analysis of everything stored for `athlete`, as of `today`; the big-run rule is the
/// profile's. Activities are listed without their streams: each carries its load digest,
/// which gives heart-rate and pace loads the same numbers as the samples, and reading a
/// ten-year history's streams would take seconds and hundreds of megabytes (BENCHMARKS.md).
pub fn analyse(
    store: &dyn Store,
    athlete: AthleteId,
    today: chrono::NaiveDate,
) -> Result<StoredAnalysis> {
    let profile = store.profile(athlete)?;
    let left_out = store.excluded_activities(athlete)?;
    let (excluded, mut activities): (Vec<_>, Vec<_>) = store
        .activities(athlete, &ActivityQuery::default())?
        .into_iter()
        .partition(|a| left_out.contains(&a.id));
    let mut races = store.races(athlete, tuneup_store::Page::ALL)?;
    // What an older build let in beyond the limits (a 1e30 s lap, a date 200,000 years
    // ago) stays stored but is left out of every analysis, so it can never stop one.
    activities.retain(|record| within_limits(&record.item));
    races.retain(|record| limits::date_in_range(record.item.date));
    let options = AnalysisOptions {
        big_run: profile.big_run,
        units: profile.units,
    };
    let analysis = analyse_with(&profile, &activities, &races, today, &options);
    Ok(StoredAnalysis {
        profile,
        activities,
        excluded,
        races,
        analysis,
    })
}

/// Whether a stored activity is within the limits every new one is checked against.
pub(crate) fn within_limits(activity: &Activity) -> bool {
    limits::check_instant("date", activity.start).is_ok()
        && limits::check_duration("duration", activity.elapsed.0).is_ok()
        && limits::check_duration("moving time", activity.moving.0).is_ok()
        && limits::check_distance("distance", activity.distance.0).is_ok()
}
