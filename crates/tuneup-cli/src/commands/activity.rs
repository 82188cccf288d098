//! `tuneup activity add` and `tuneup activities`: runs typed in by hand, and the list of all.

use crate::context::Context;
use crate::output::{OutputArgs, Table, or_dash, print_json};
use crate::values;
use anyhow::Context as _;
use chrono::{NaiveDate, NaiveTime};
use clap::{Args, Subcommand};
use tuneup_app::activities::{self, DateRange, ManualActivity};
use tuneup_core::load::{DistanceVsLongest, Intensity};
use tuneup_core::model::Activity;
use tuneup_core::units::{
    Meters, Seconds, format_distance, format_duration, format_pace_in, format_speed_in,
};
use tuneup_core::vocab::{SessionKind, Sport, UnitSystem};

#[derive(Debug, Subcommand)]
pub enum ActivityCommand {
    /// Log a run by hand: date, duration, distance, and how hard it felt.
    ///
    /// Example: tuneup activity add --date 2026-11-20 --duration 45m --distance 8k --rpe 4
    Add(AddArgs),
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
    /// How far: 10k, 10 km, 6.2mi, 800m.
    #[arg(long, allow_hyphen_values = true, value_parser = values::distance)]
    pub distance: Meters,
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
    /// Keep it even if it looks impossible (faster than the world record): it is stored,
    /// flagged, and counted for nothing.
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
    println!(
        "saved run {id}: {} on {}, {:.2} km in {}",
        activity.title.as_deref().unwrap_or(activity.sport.label()),
        args.date,
        activity.distance.km(),
        format_duration(activity.elapsed)
    );
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
        "time",
        "pace/speed",
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
            format_distance(a.distance, units),
            format_duration(a.elapsed),
            pace_or_speed(a, units),
            or_dash(a.heart_rate.map(|hr| hr.average.0.round())),
            or_dash(analysed.map(|x| format!("{:.0}", x.load.load.0))),
            or_dash(analysed.map(|x| x.load.method.id())),
            match analysed {
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
    table.print_or("no activities yet: import files with `tuneup import`, or add a run with `tuneup activity add`");
    if !big_runs.is_empty() {
        println!();
        println!("Big runs (each earns a light massage 24–48 h later):");
        for (id, date, summary) in big_runs {
            println!("  {id} {date}: {summary}");
        }
    }
    if !hard.is_empty() {
        println!();
        println!("Hard sessions, by what they held:");
        for (id, date, reason) in hard {
            println!("  {id} {date}: {reason}");
        }
    }
    if !doubtful.is_empty() {
        println!();
        println!("Doubtful recordings:");
        for (id, date, reason) in doubtful {
            println!("  {id} {date}: {reason}");
        }
    }
    if !table.is_empty() {
        println!();
        println!(
            "load: 100 ≈ one hour at your threshold. methods: hr_trimp (heart rate), pace_rtss (grade-adjusted pace), session_rpe (how hard it felt × minutes), duration_estimate (time only)."
        );
    }
    Ok(())
}

/// Runners and walkers read pace; riders read speed.
fn pace_or_speed(activity: &Activity, units: UnitSystem) -> String {
    match activity.average_speed() {
        None => "-".to_string(),
        Some(speed) if activity.sport == Sport::Cycling => format_speed_in(speed, units),
        Some(speed) => format_pace_in(speed, units),
    }
}
