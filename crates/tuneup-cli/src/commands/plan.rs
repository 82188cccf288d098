//! `tuneup plan`: the recovery plan for the coming days, as day-by-day text, as JSON, or as
//! an iCalendar file a calendar app can import.

use crate::analysis::analyse_store;
use crate::context::Context;
use crate::output::print_json;
use crate::values;
use anyhow::Context as _;
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;
use tuneup_core::knowledge::knowledge;
use tuneup_core::plan::{Plan, PlanInput, from_load, plan};
use tuneup_render::{plan_ics, plan_text};
use tuneup_store::Store;

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The first day of the plan (default: today).
    #[arg(long, value_parser = values::date)]
    pub from: Option<NaiveDate>,
    /// How many days to plan (1 to 366).
    #[arg(long, default_value_t = 14)]
    pub days: u32,
    /// Print one JSON object instead of text, for scripts.
    #[arg(long)]
    pub json: bool,
    /// Also write the plan to this iCalendar file (import it into Google, Apple or
    /// Outlook calendars; re-importing a newer plan updates the same events).
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
}

pub fn run(context: &Context, args: PlanArgs) -> anyhow::Result<()> {
    let store = context.open_store()?;
    let plan = build_plan(
        store.as_ref(),
        args.from.unwrap_or(context.today),
        args.days,
    )?;
    if let Some(path) = &args.ics {
        // The file's DTSTAMP: when it was made. The CLI is the edge that may read the clock.
        let text = plan_ics::render(&plan, chrono::Utc::now());
        std::fs::write(path, text)
            .with_context(|| format!("cannot write the calendar file '{}'", path.display()))?;
        eprintln!(
            "wrote {} events to {}",
            plan.items.len() + plan.conflicts.len(),
            path.display()
        );
    }
    if args.json {
        print_json(&plan)
    } else {
        print!("{}", plan_text::render(&plan));
        Ok(())
    }
}

/// Plans `days` days from `from` with everything in the store (also used by `tuneup demo`).
pub fn build_plan(store: &dyn Store, from: NaiveDate, days: u32) -> anyhow::Result<Plan> {
    let stored = analyse_store(store, from)?;
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
    let planned = store.planned()?;
    let soreness = store.soreness()?;
    let massages = store.massages()?;
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
