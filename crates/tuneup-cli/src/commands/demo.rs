//! `tuneup demo`: the shop window. Builds the generated sample athlete into a fresh SQLite
//! file and shows what tuneup knows about them.

use crate::analysis::analyse_store;
use crate::context::Context;
use anyhow::Context as _;
use clap::Args;
use std::collections::HashMap;
use std::path::PathBuf;
use tuneup_core::AthleteId;
use tuneup_core::Id;
use tuneup_core::sample::{SampleAthlete, marathon_build};
use tuneup_store::Page;
use tuneup_store::sqlite::SqliteStore;
use tuneup_store::{ActivityQuery, NewActivity, Store};

/// The demo shows the same two weeks `tuneup plan` shows by default.
const DEMO_PLAN_DAYS: u32 = 14;

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
    let athlete = marathon_build(context.today);
    let mut store = SqliteStore::open(&path)?;
    store_athlete(&mut store, &athlete)?;

    println!("SAMPLE DATA: a generated runner, not a real person.");
    println!("{}", "=".repeat(60));
    print_summary(&store, context)?;
    let plan = super::plan::build_plan(&store, context.today, DEMO_PLAN_DAYS)?;
    println!();
    print!("{}", tuneup_render::plan_text::render(&plan));

    let routine = super::routine::build_from(
        &store,
        context.today,
        &super::routine::RequestArgs::for_today(),
    )?;
    println!();
    print_routine(&routine, &path);

    let card_path = path.with_file_name("card.html");
    super::card::write_card(&store, context.today, &card_path)?;
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

/// Stores the whole sample athlete as one user action.
fn store_athlete(store: &mut SqliteStore, athlete: &SampleAthlete) -> anyhow::Result<()> {
    store.in_transaction(&mut |store| {
        store.set_profile(AthleteId::LOCAL, &athlete.profile)?;
        let mut therapist_ids: HashMap<Id, Id> = HashMap::new();
        for (index, therapist) in athlete.therapists.iter().enumerate() {
            therapist_ids.insert(
                Id(index as i64),
                store.add_therapist(AthleteId::LOCAL, therapist)?,
            );
        }
        let digests: Vec<_> = athlete
            .activities
            .iter()
            .map(tuneup_import::stored_digest)
            .collect();
        let batch: Vec<_> = athlete
            .activities
            .iter()
            .zip(&digests)
            .map(|(activity, digest)| NewActivity {
                activity,
                original: None,
                digest: digest.as_ref(),
            })
            .collect();
        store.add_activities(AthleteId::LOCAL, &batch)?;
        for race in &athlete.races {
            store.add_race(AthleteId::LOCAL, race)?;
        }
        for session in &athlete.planned {
            store.add_planned(AthleteId::LOCAL, session)?;
        }
        for entry in &athlete.soreness {
            store.add_soreness(AthleteId::LOCAL, entry)?;
        }
        for massage in &athlete.massages {
            let mut massage = massage.clone();
            massage.therapist = massage
                .therapist
                .and_then(|i| therapist_ids.get(&i).copied());
            store.add_massage(AthleteId::LOCAL, &massage)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn print_summary(store: &dyn Store, context: &Context) -> anyhow::Result<()> {
    let profile = store.profile(AthleteId::LOCAL)?;
    let activities = store.activities(AthleteId::LOCAL, &ActivityQuery::default())?;
    let four_weeks_ago = context.today - chrono::Duration::days(28);
    let recent: Vec<_> = activities
        .iter()
        .filter(|a| a.item.local_date() >= four_weeks_ago)
        .collect();
    let recent_km: f64 = recent.iter().map(|a| a.item.distance.km()).sum();
    println!(
        "{} — {} runs logged; the last 4 weeks: {} runs, {:.0} km",
        profile.name.as_deref().unwrap_or("sample runner"),
        activities.len(),
        recent.len(),
        recent_km
    );
    if let Some(last) = activities.last() {
        println!(
            "Last run: {} on {}, {:.1} km",
            last.item.title.as_deref().unwrap_or("run"),
            last.item.local_date().format("%a %Y-%m-%d"),
            last.item.distance.km()
        );
    }
    for race in store.races(AthleteId::LOCAL, Page::ALL)? {
        let when = if race.item.date >= context.today {
            format!("in {} days", (race.item.date - context.today).num_days())
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
    for entry in store
        .soreness(AthleteId::LOCAL, Page::ALL)?
        .iter()
        .rev()
        .take(3)
    {
        println!(
            "Sore: {} {} ({}), {}/10 on {}",
            entry.item.area.label(),
            entry.item.kind.id(),
            entry.item.side.label(),
            entry.item.level,
            entry.item.date
        );
    }
    print_load(store, context)?;
    if let Some(massage) = store.massages(AthleteId::LOCAL, Page::ALL)?.last() {
        println!(
            "Last massage: {} ({} days ago)",
            massage.item.date,
            (context.today - massage.item.date).num_days()
        );
    }
    Ok(())
}

/// Today's form and the recent big runs, from the training-load analysis.
fn print_load(store: &dyn Store, context: &Context) -> anyhow::Result<()> {
    let analysis = analyse_store(store, context.today)?.analysis;
    if let Some(day) = analysis.series.last() {
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
    let since = context.today - chrono::Duration::days(28);
    let big: Vec<_> = analysis.big_runs().filter(|a| a.date >= since).collect();
    if !big.is_empty() {
        println!("Big runs in the last 4 weeks:");
        for run in big {
            if let Some(flag) = &run.big_run {
                println!("  {}: {}", run.date.format("%a %Y-%m-%d"), flag.summary);
            }
        }
    }
    Ok(())
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
