//! `tuneup activity add` and `tuneup activities`: runs typed in by hand, and the list of all.

use crate::context::Context;
use crate::output::{OutputArgs, Table, or_dash, print_json, print_wrapped};
use crate::values;
use anyhow::Context as _;
use chrono::{NaiveDate, NaiveTime};
use clap::{Args, Subcommand};
use tuneup_app::activities::{self, ActivityEdit, DateRange, ManualActivity};
use tuneup_core::load::{DistanceVsLongest, Intensity};
use tuneup_core::model::Activity;
use tuneup_core::units::{
    Meters, Seconds, format_distance, format_duration, format_pace_in, format_speed_in,
};
use tuneup_core::vocab::{SessionKind, Sport, UnitSystem};
use tuneup_core::{Id, Record};

#[derive(Debug, Subcommand)]
pub enum ActivityCommand {
    /// Log a run by hand: date, duration, distance, and how hard it felt.
    ///
    /// Example: tuneup activity add --date 2026-11-20 --duration 45m --distance 8k --rpe 4
    Add(AddArgs),
    /// Correct an activity: sport, title, kind (race marks a race), effort, distance,
    /// duration, climb; or leave it out of the statistics. Its original file stays.
    ///
    /// Example: tuneup activity edit 12 --sport cycling --title "Commute"
    Edit(EditArgs),
    /// Remove an activity (see `tuneup activities` for ids).
    Rm(RemoveArgs),
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The activity's id (see `tuneup activities`).
    #[arg(value_parser = values::id)]
    pub id: i64,
    /// running, walking, hiking, cycling, swimming, strength, ...
    #[arg(long, value_parser = values::vocab::<Sport>)]
    pub sport: Option<Sport>,
    /// A new name; "" clears it.
    #[arg(long)]
    pub title: Option<String>,
    /// easy, hard, long, race or rest: `--kind race` marks a race.
    #[arg(long, value_parser = values::vocab::<SessionKind>)]
    pub kind: Option<SessionKind>,
    /// How hard it felt, 1 to 10.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=10))]
    pub rpe: Option<u8>,
    /// The right distance: 10k, 6.2mi, 800m.
    #[arg(long, allow_hyphen_values = true, value_parser = values::distance)]
    pub distance: Option<Meters>,
    /// The right duration: 1:05:00, 45:30, 65m.
    #[arg(long, allow_hyphen_values = true, value_parser = values::duration)]
    pub duration: Option<Seconds>,
    /// Climbing: 120m.
    #[arg(long, value_parser = values::distance)]
    pub elevation_gain: Option<Meters>,
    /// Leave it out of load, estimates and baselines (it stays listed).
    #[arg(long, conflicts_with = "include")]
    pub exclude: bool,
    /// Count it again after --exclude.
    #[arg(long)]
    pub include: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The activity's id (see `tuneup activities`).
    #[arg(value_parser = values::id)]
    pub id: i64,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The day you ran (YYYY-MM-DD).
    #[arg(long, value_parser = values::date)]
    pub date: NaiveDate,
    /// When you started, local time (HH:MM). Default 12:00.
    #[arg(long, value_name = "HH:MM", value_parser = start_time)]
    pub start: Option<NaiveTime>,
    /// How long it took: 1:05:00, 45:30, 65m or 1h5m.
    #[arg(long, allow_hyphen_values = true, value_parser = values::duration)]
    pub duration: Seconds,
    /// How far: 10k, 10 km, 6.2mi, 800m. Not needed for strength, yoga or other sessions.
    #[arg(long, allow_hyphen_values = true, value_parser = values::distance)]
    pub distance: Option<Meters>,
    /// How hard it felt, 1 (very easy) to 10 (maximal). Used for the training load.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=10))]
    pub rpe: Option<u8>,
    /// A name for it, like "Tempo by the river".
    #[arg(long)]
    pub title: Option<String>,
    /// What kind of session it was: easy, hard, long, race or rest.
    #[arg(long, value_parser = values::vocab::<SessionKind>)]
    pub kind: Option<SessionKind>,
    /// The sport, if not a run: walking, hiking, cycling, swimming, strength, ...
    #[arg(long, default_value = "running", value_parser = values::vocab::<Sport>)]
    pub sport: Sport,
    /// Climbing, if you know it: 120m.
    #[arg(long, value_parser = values::distance)]
    pub elevation_gain: Option<Meters>,
    /// Store it anyway: when the same run (same day, time and distance within 2 %) is
    /// already stored, or when it looks impossible (faster than the world record: then it
    /// is flagged and counted for nothing).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only from this day on (YYYY-MM-DD).
    #[arg(long, value_parser = values::date)]
    pub since: Option<NaiveDate>,
    /// Only up to this day (YYYY-MM-DD).
    #[arg(long, value_parser = values::date)]
    pub until: Option<NaiveDate>,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn start_time(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .map_err(|_| format!("'{text}' is not a time of day: use HH:MM, like 07:30"))
}

pub fn run(context: &Context, command: ActivityCommand) -> anyhow::Result<()> {
    match command {
        ActivityCommand::Add(args) => add(context, args),
        ActivityCommand::Edit(args) => edit(context, args),
        ActivityCommand::Rm(args) => remove(context, args),
    }
}

fn add(context: &Context, args: AddArgs) -> anyhow::Result<()> {
    let manual = ManualActivity {
        date: args.date,
        start: args.start,
        zone: context.runner_zone()?,
        force: args.force,
        duration: args.duration,
        distance: args.distance,
        rpe: args.rpe,
        title: args.title,
        kind: args.kind,
        sport: args.sport,
        elevation_gain: args.elevation_gain,
    };
    let mut store = context.open_store()?;
    let (id, activity) = activities::add_manual(store.as_mut(), context.athlete, &manual)
        .context("the run was not saved")?;
    let units = tuneup_app::profile::units(store.as_ref(), context.athlete)?;
    let name = activity.title.as_deref().unwrap_or(activity.sport.label());
    if activity.distance.0 > 0.0 {
        println!(
            "saved run {id}: {name} on {}, {} in {}",
            args.date,
            format_distance(activity.distance, units),
            format_duration(activity.elapsed)
        );
    } else {
        // A session that covers no distance (strength, yoga).
        println!(
            "saved session {id}: {name} on {}, {}",
            args.date,
            format_duration(activity.elapsed)
        );
    }
    Ok(())
}

fn edit(context: &Context, args: EditArgs) -> anyhow::Result<()> {
    let change = ActivityEdit {
        sport: args.sport,
        title: args.title,
        kind: args.kind,
        rpe: args.rpe,
        distance: args.distance,
        duration: args.duration,
        elevation_gain: args.elevation_gain,
        excluded: match (args.exclude, args.include) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
    };
    let id = Id(args.id);
    let mut store = context.open_store()?;
    let activity = activities::edit(store.as_mut(), context.athlete, id, &change)
        .context("the activity was not changed")?;
    if args.output.json {
        return print_json(&Record::new(id, activity));
    }
    let units = tuneup_app::profile::units(store.as_ref(), context.athlete)?;
    println!(
        "changed activity {id}: {} on {}, {} in {}{}",
        activity.title.as_deref().unwrap_or(activity.sport.label()),
        activity.local_date(),
        format_distance(activity.distance, units),
        format_duration(activity.elapsed),
        match change.excluded {
            Some(true) => " (left out of the statistics)",
            Some(false) => " (counted again)",
            None => "",
        }
    );
    Ok(())
}

fn remove(context: &Context, args: RemoveArgs) -> anyhow::Result<()> {
    let mut store = context.open_store()?;
    let removed = activities::remove(store.as_mut(), context.athlete, Id(args.id), context.now())?;
    if args.output.json {
        return print_json(&removed);
    }
    println!(
        "removed activity {}: {} on {}",
        removed.id,
        removed
            .item
            .title
            .as_deref()
            .unwrap_or(removed.item.sport.label()),
        removed.item.local_date()
    );
    if removed.item.source.file_sha256.is_some() {
        println!(
            "  importing its file again leaves it out; `tuneup import --restore FILE` brings it back"
        );
    }
    Ok(())
}

pub fn list(context: &Context, args: ListArgs) -> anyhow::Result<()> {
    let store = context.open_store()?;
    let range = DateRange {
        since: args.since,
        until: args.until,
    };
    let listed = activities::list(store.as_ref(), context.athlete, context.today(), range)?;
    if args.output.json {
        return print_json(&listed.activities);
    }
    let units = listed.units;
    let mut table = Table::new(&[
        "id",
        "date",
        "sport",
        "distance",
        "elapsed",
        "moving",
        "pace (moving)",
        "hr",
        "load",
        "method",
        "effort",
        "vs 30-day longest",
        "title",
    ]);
    let mut big_runs = Vec::new();
    let mut hard = Vec::new();
    let mut doubtful = Vec::new();
    for listed in &listed.activities {
        let (id, a) = (listed.record.id, &listed.record.item);
        let analysed = listed.analysis.as_ref();
        if let Some(reason) = &a.implausible {
            doubtful.push((id, a.local_date(), format!("not counted: {reason}")));
        }
        if a.crc_mismatch {
            doubtful.push((
                id,
                a.local_date(),
                "its file failed its CRC check: values kept as read".to_string(),
            ));
        }
        if let Some(big) = analysed.and_then(|x| x.big_run.as_ref()) {
            big_runs.push((id, a.local_date(), big.summary.clone()));
        }
        if let Some(x) = analysed.filter(|x| x.intensity == Intensity::Hard) {
            hard.push((id, a.local_date(), x.intensity_reason.clone()));
        }
        table.row(vec![
            id.to_string(),
            a.local_date().to_string(),
            a.sport.id().to_string(),
            // A session that covers no distance (strength, yoga) shows none.
            if a.distance.0 > 0.0 {
                format_distance(a.distance, units)
            } else {
                "-".to_string()
            },
            format_duration(a.elapsed),
            if a.moving.0 > 0.0 {
                format_duration(a.moving)
            } else {
                "-".to_string()
            },
            pace_or_speed(a, units),
            or_dash(a.heart_rate.map(|hr| hr.average.0.round())),
            or_dash(analysed.map(|x| format!("{:.0}", x.load.load.0))),
            or_dash(analysed.map(|x| x.load.method.id())),
            match analysed {
                _ if listed.excluded => "excluded".to_string(),
                _ if a.implausible.is_some() => "implausible".to_string(),
                Some(x) if x.big_run.is_some() => format!("{} BIG", x.intensity.id()),
                Some(x) => x.intensity.id().to_string(),
                None => "-".to_string(),
            },
            match analysed.and_then(|x| x.vs_longest) {
                Some(DistanceVsLongest::NoBaseline) => "no baseline".to_string(),
                Some(DistanceVsLongest::Compared { over, band, .. }) if band.is_spike() => {
                    format!("{:+.0} % spike", over * 100.0)
                }
                Some(DistanceVsLongest::Compared { over, .. }) => format!("{:+.0} %", over * 100.0),
                None => "-".to_string(),
            },
            a.title.clone().unwrap_or_default(),
        ]);
    }
    let empty = match (args.since, args.until) {
        (None, None) => "no activities yet: import files with `tuneup import`, or add a run with `tuneup activity add`".to_string(),
        (Some(since), None) => format!("no activities from {since} on"),
        (None, Some(until)) => format!("no activities up to {until}"),
        (Some(since), Some(until)) => format!("no activities from {since} to {until}"),
    };
    table.print_or(&empty);
    // The notes under the table are text: wrapped to the width like the rest.
    let mut notes = String::new();
    let mut section = |title: &str, entries: Vec<(tuneup_core::Id, chrono::NaiveDate, String)>| {
        if !entries.is_empty() {
            notes.push_str(&format!("\n{title}\n"));
            for (id, date, text) in entries {
                notes.push_str(&format!("  {id} {date}: {text}\n"));
            }
        }
    };
    section(
        "Big runs (each earns a light massage 24–48 h later):",
        big_runs,
    );
    section("Hard sessions, by what they held:", hard);
    section("Doubtful recordings:", doubtful);
    if !table.is_empty() {
        notes.push_str(
            "\nelapsed: start to finish; moving: without stops; pace and speed use moving time.\nload: 100 ≈ one hour at your threshold. methods: hr_trimp (heart rate), pace_rtss (grade-adjusted pace), session_rpe (how hard it felt × minutes), duration_estimate (time only).\n",
        );
    }
    print_wrapped(&notes)
}

/// Runners and walkers read pace; riders read speed.
fn pace_or_speed(activity: &Activity, units: UnitSystem) -> String {
    match activity.average_speed() {
        None => "-".to_string(),
        Some(speed) if activity.sport == Sport::Cycling => format_speed_in(speed, units),
        Some(speed) => format_pace_in(speed, units),
    }
}
