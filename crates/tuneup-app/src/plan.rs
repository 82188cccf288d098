//! The recovery plan for the coming days.

use crate::Result;
use crate::analysis::analyse;
use chrono::NaiveDate;
use tuneup_core::knowledge::knowledge;
use tuneup_core::plan::{Plan, PlanInput, from_load, plan};
use tuneup_core::{AthleteId, limits};
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
    // Stored records dated beyond the limits (an older build let them in) are left out.
    let mut planned = store.planned(athlete, Page::ALL)?;
    planned.retain(|r| limits::date_in_range(r.item.date));
    let mut soreness = store.soreness(athlete, Page::ALL)?;
    soreness.retain(|r| limits::date_in_range(r.item.date));
    let mut massages = store.massages(athlete, Page::ALL)?;
    massages.retain(|r| limits::date_in_range(r.item.date));
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
