//! `tuneup plan`: the recovery plan for the coming days, as day-by-day text, as JSON, or as
//! an iCalendar file a calendar app can import.

use crate::context::Context;
use crate::output::print_json;
use crate::values;
use anyhow::Context as _;
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;
use tuneup_render::{plan_ics, plan_text};

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The first day of the plan (default: today).
    #[arg(long, value_parser = values::date)]
    pub from: Option<NaiveDate>,
    /// How many days to plan (1 to 366).
    #[arg(long, default_value_t = tuneup_app::plan::DEFAULT_DAYS)]
    pub days: u32,
    /// Print one JSON object instead of text, for scripts.
    #[arg(long)]
    pub json: bool,
    /// Also write the plan to this iCalendar file (import it into Google, Apple or
    /// Outlook calendars; re-importing a newer plan updates the same events). An existing
    /// file is read back first: what dropped out of the plan is published as cancelled.
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
}

pub fn run(context: &Context, args: PlanArgs) -> anyhow::Result<()> {
    let store = context.open_store()?;
    let from = args.from.unwrap_or(context.today());
    let plan = tuneup_app::plan::build(store.as_ref(), context.athlete, from, args.days)?;
    if let Some(path) = &args.ics {
        // The file's DTSTAMP: when it was made. The CLI is the edge that may read the clock.
        // The file being overwritten is the previous plan: read back, it keeps each visit's
        // UID and lets what dropped out be published as cancelled. A file that cannot be
        // read (none yet) means no previous plan.
        let previous = std::fs::read_to_string(path).ok();
        let text = plan_ics::render_replacing(&plan, chrono::Utc::now(), previous.as_deref());
        let events = text.matches("BEGIN:VEVENT").count();
        std::fs::write(path, text)
            .with_context(|| format!("cannot write the calendar file '{}'", path.display()))?;
        eprintln!("wrote {} events to {}", events, path.display());
    }
    if args.json {
        print_json(&plan)
    } else {
        crate::output::print_wrapped(&plan_text::render(&plan))
    }
}
