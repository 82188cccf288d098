//! `tuneup planned import FILE`: read a training plan from a calendar export (.ics) or a
//! CSV (`date,kind,title`), so the planner keeps massage away from its hard days.

use anyhow::Context as _;
use clap::Args;
use std::path::PathBuf;
use tuneup_app::training_plan;
use tuneup_core::AthleteId;
use tuneup_store::Store;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A calendar export (.ics) or a CSV with the columns date,kind,title (kind may be
    /// empty: it is then read from the title — intervals, tempo, threshold, hills,
    /// fartlek, track and vo2 are hard; long is long; race is a race; easy, recovery,
    /// shakeout and jog are easy; rest and off are rest).
    pub file: PathBuf,
    /// Show what would be added without saving it.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(
    store: &mut dyn Store,
    athlete: AthleteId,
    system_zone: tuneup_app::Tz,
    args: ImportArgs,
) -> anyhow::Result<()> {
    let path = &args.file;
    let content = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read '{}'", path.display()))?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let file = training_plan::read(store, athlete, &name, &content, system_zone)
        .with_context(|| format!("{}", path.display()))?;
    for warning in &file.warnings {
        eprintln!("{}: {warning}", path.display());
    }
    for session in &file.new {
        println!(
            "{} {} ({})",
            session.date.format("%a %Y-%m-%d"),
            session.title,
            session.kind.id()
        );
    }
    if args.dry_run {
        println!("dry run: {} sessions would be added", file.new.len());
        return Ok(());
    }
    training_plan::save(store, athlete, &file)?;
    println!(
        "imported {} planned sessions from {} ({} already there)",
        file.new.len(),
        path.display(),
        file.already_there
    );
    Ok(())
}
