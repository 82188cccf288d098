//! The recovery plan for the coming days.

use crate::Result;
use crate::analysis::analyse;
use chrono::NaiveDate;
use tuneup_core::AthleteId;
use tuneup_core::knowledge::knowledge;
use tuneup_core::model::still_open;
use tuneup_core::plan::{Plan, PlanInput, from_load, plan};
use tuneup_store::{Page, Store};

/// How many days a plan covers unless the runner asks for another span.
pub const DEFAULT_DAYS: u32 = 14;

/// Plans `days` days from `from` with everything stored for `athlete`.
pub fn build(store: &dyn Store, athlete: AthleteId, from: NaiveDate, days: u32) -> Result<Plan> {
    let stored = analyse(store, athlete, from)?;
    let (profile, activities, races, analysis) = (
        stored.profile,
        stored.activities,
        stored.races,
        stored.analysis,
    );
    let big_runs = from_load::big_runs(
        &analysis,
        &activities,
        profile.big_run.spike_window_days,
        profile.units,
    );
    let acwr = from_load::acwr(&analysis);
    let planned = store.planned(athlete, Page::ALL)?;
    // What still hurts: an entry a later 0/10 closed is over.
    let log = store.soreness(athlete, Page::ALL)?;
    let soreness: Vec<_> = still_open(&log, |r| &r.item).into_iter().cloned().collect();
    let massages = store.massages(athlete, Page::ALL)?;
    let referrals = knowledge().referral_map();
    let input = PlanInput {
        from,
        days,
        cadence: profile.massage_cadence,
        units: profile.units,
        activities: &activities,
        big_runs: &big_runs,
        acwr: &acwr,
        planned: &planned,
        races: &races,
        soreness: &soreness,
        massages: &massages,
        referrals: &referrals,
    };
    Ok(plan(&input, &profile.plan_rules)?)
}
