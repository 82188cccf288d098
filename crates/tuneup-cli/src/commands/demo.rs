//! `tuneup demo`: the shop window. Builds the generated sample athlete into a fresh SQLite
//! file and shows what tuneup knows about them.

use crate::context::Context;
use anyhow::Context as _;
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;
use tuneup_app::overview::{Overview, overview};
use tuneup_app::routine::RoutineOptions;
use tuneup_core::sample::marathon_build;
use tuneup_store::DatabaseLocation;

/// The demo shows the same two weeks `tuneup plan` shows by default.
const DEMO_PLAN_DAYS: u32 = tuneup_app::plan::DEFAULT_DAYS;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Write the sample database here instead of a new temporary folder.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(context: &Context, args: DemoArgs) -> anyhow::Result<()> {
    let path = match args.out {
        Some(path) => {
            anyhow::ensure!(
                !path.exists(),
                "--out '{}' already exists: the demo writes a fresh database",
                path.display()
            );
            path
        }
        None => tempfile::Builder::new()
            .prefix("tuneup-demo-")
            .tempdir()
            .context("cannot create a temporary folder for the sample database")?
            .keep()
            .join("sample.db"),
    };
    let sample = marathon_build(context.system_today());
    let athlete = context.athlete;
    let mut store = tuneup_app::open_store(
        &DatabaseLocation::Sqlite(path.clone()),
        athlete,
        context.system_zone,
    )?;
    tuneup_app::sample::store_sample(store.as_mut(), athlete, &sample)?;

    println!("SAMPLE DATA: a generated runner, not a real person.");
    println!("{}", "=".repeat(60));
    print_overview(
        &overview(store.as_ref(), athlete, context.system_today())?,
        context.system_today(),
    );
    let plan = tuneup_app::plan::build(
        store.as_ref(),
        athlete,
        context.system_today(),
        DEMO_PLAN_DAYS,
    )?;
    println!();
    print!("{}", tuneup_render::plan_text::render(&plan));

    let routine = tuneup_app::routine::build(
        store.as_ref(),
        athlete,
        &RoutineOptions::for_day(context.system_today()),
    )?;
    println!();
    print_routine(&routine, &path);

    let card_path = path.with_file_name("card.html");
    super::card::write_card(store.as_ref(), athlete, context.system_today(), &card_path)?;
    println!();
    println!(
        "Intake card for the next massage (printable): {}",
        card_path.display()
    );
    println!("The sample database is kept at {}", path.display());
    println!("Explore it, for example:");
    println!("  tuneup --database {} activities", path.display());
    Ok(())
}

/// Who the sample runner is, how their training and body stand today.
fn print_overview(overview: &Overview, today: NaiveDate) {
    println!(
        "{} — {} runs logged; the last 4 weeks: {} runs, {:.0} km",
        overview.name.as_deref().unwrap_or("sample runner"),
        overview.activities,
        overview.recent_activities,
        overview.recent_km
    );
    if let Some(last) = &overview.last_activity {
        println!(
            "Last run: {} on {}, {:.1} km",
            last.item.title.as_deref().unwrap_or("run"),
            last.item.local_date().format("%a %Y-%m-%d"),
            last.item.distance.km()
        );
    }
    for race in &overview.races {
        let when = if race.item.date >= today {
            let days = (race.item.date - today).num_days();
            format!("in {days} {}", if days == 1 { "day" } else { "days" })
        } else {
            "done".to_string()
        };
        println!(
            "Race: {} on {} ({:.1} km, priority {}) — {when}",
            race.item.name,
            race.item.date,
            race.item.distance.km(),
            race.item.priority.id()
        );
    }
    for entry in &overview.soreness {
        println!(
            "Sore: {} {} ({}), {}/10 on {}",
            entry.item.area.label(),
            entry.item.kind.id(),
            entry.item.side.label(),
            entry.item.level,
            entry.item.date
        );
    }
    if let Some(day) = &overview.load_today {
        println!(
            "Training load today: fitness {:.0}, fatigue {:.0}, form {:+.0}{}",
            day.chronic,
            day.acute,
            day.form,
            match (day.acwr, day.zone) {
                (Some(ratio), Some(zone)) =>
                    format!(", acute:chronic ratio {ratio:.2} ({})", zone.label()),
                _ => String::new(),
            }
        );
    }
    if !overview.recent_big_runs.is_empty() {
        println!("Big runs in the last 4 weeks:");
        for run in &overview.recent_big_runs {
            if let Some(flag) = &run.big_run {
                println!("  {}: {}", run.date.format("%a %Y-%m-%d"), flag.summary);
            }
        }
    }
    if let Some(massage) = &overview.last_massage {
        println!(
            "Last massage: {} ({} days ago)",
            massage.item.date,
            (today - massage.item.date).num_days()
        );
    }
}

/// Today's routine in one line per step; `tuneup routine` shows the full instructions.
fn print_routine(routine: &tuneup_core::routine::Routine, database: &std::path::Path) {
    println!(
        "Today's self-massage ({} of {} minutes):",
        super::routine::clock(routine.total_seconds),
        routine.minutes
    );
    for (number, step) in routine.steps.iter().enumerate() {
        println!(
            "  {}. {} with {}, {} — {}",
            number + 1,
            step.area.label(),
            step.tool.label(),
            super::routine::clock(step.seconds),
            step.reason
        );
    }
    for skipped in &routine.see_a_professional {
        println!(
            "  see a professional about your {}: {}",
            skipped.area.label(),
            skipped.reason
        );
    }
    println!(
        "  Full instructions: tuneup --database {} routine   (guided: routine play)",
        database.display()
    );
}
