//! `tuneup massage add|list|stats`: the log of professional massage sessions, and what it
//! adds up to (spend, insurance claims, how often, which areas).

use crate::context::Context;
use crate::output::{OutputArgs, Table, or_dash, print_json};
use crate::values;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tuneup_app::AppError;
use tuneup_app::massages::{self, MassageStats, TherapistNames, write_claim_csv};
use tuneup_core::model::{InsuranceStatus, MassageSession};
use tuneup_core::vocab::{BodyArea, MassagePurpose, Technique};
use tuneup_core::{Id, Record};

#[derive(Debug, Subcommand)]
pub enum MassageCommand {
    /// Log a massage session. It resets the service interval.
    ///
    /// Example: tuneup massage add --date 2026-11-20 --technique swedish --areas calves,quads --purpose maintenance
    Add(AddArgs),
    /// Show the massage log.
    List(ListArgs),
    /// Sessions, spend, insurance claims, average interval and the areas worked most.
    ///
    /// Example: tuneup massage stats --year 2026 --csv > massage-2026.csv
    Stats(StatsArgs),
    /// Correct a logged or booked session (see `tuneup massage list` for ids).
    Edit(EditArgs),
    /// Remove a session from the log.
    Rm(RemoveArgs),
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The session's id (see `tuneup massage list`).
    #[arg(value_parser = values::id)]
    pub id: i64,
    #[arg(long, value_parser = values::date)]
    pub date: Option<NaiveDate>,
    /// swedish, deep_tissue, trigger_point; several separated by commas.
    #[arg(long, value_delimiter = ',', value_parser = values::vocab::<Technique>)]
    pub technique: Option<Vec<Technique>>,
    /// The areas worked, separated by commas.
    #[arg(long, value_delimiter = ',', value_parser = values::vocab::<BodyArea>)]
    pub areas: Option<Vec<BodyArea>>,
    #[arg(long, value_parser = values::vocab::<MassagePurpose>)]
    pub purpose: Option<MassagePurpose>,
    /// Pressure, 1 (light) to 5 (very firm).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub pressure: Option<u8>,
    /// The therapist's id (see `tuneup therapist list`).
    #[arg(long, value_parser = values::id)]
    pub therapist: Option<i64>,
    #[arg(long, value_parser = values::money)]
    pub cost: Option<tuneup_core::money::TypedAmount>,
    #[arg(long, value_parser = insurance)]
    pub insurance: Option<InsuranceStatus>,
    #[arg(long)]
    pub felt: Option<String>,
    /// A new note; "" clears it.
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The session's id (see `tuneup massage list`).
    #[arg(value_parser = values::id)]
    pub id: i64,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only sessions in this calendar year.
    #[arg(long)]
    pub year: Option<i32>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Only sessions in this calendar year.
    #[arg(long)]
    pub year: Option<i32>,
    /// Print one CSV row per session (date, therapist, licence, techniques, areas, cost,
    /// claim status) for an insurance or HSA claim, instead of the summary.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long, value_parser = values::date)]
    pub date: NaiveDate,
    /// swedish, deep_tissue, trigger_point; several separated by commas.
    #[arg(long, value_delimiter = ',', required = true, value_parser = values::vocab::<Technique>)]
    pub technique: Vec<Technique>,
    /// The areas worked, separated by commas: calves,quads,glutes.
    #[arg(long, value_delimiter = ',', value_parser = values::vocab::<BodyArea>)]
    pub areas: Vec<BodyArea>,
    /// maintenance, recovery, or rehab (after rehab work the next day is a rest day).
    #[arg(long, default_value = "maintenance", value_parser = values::vocab::<MassagePurpose>)]
    pub purpose: MassagePurpose,
    /// Pressure, 1 (light) to 5 (very firm).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub pressure: Option<u8>,
    /// The therapist's id (see `tuneup therapist list`).
    #[arg(long, value_parser = values::id)]
    pub therapist: Option<i64>,
    /// What it cost.
    #[arg(long, value_parser = values::money)]
    pub cost: Option<tuneup_core::money::TypedAmount>,
    /// Insurance claim status: none, to_claim, claimed, paid, denied.
    #[arg(long, default_value = "none", value_parser = insurance)]
    pub insurance: InsuranceStatus,
    /// How you felt in the days after.
    #[arg(long)]
    pub felt: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
}

fn insurance(text: &str) -> Result<InsuranceStatus, String> {
    text.parse()
        .map_err(|e: tuneup_core::vocab::UnknownId| e.to_string())
}

pub fn run(context: &Context, command: MassageCommand) -> anyhow::Result<()> {
    let mut store = context.open_store()?;
    let athlete = context.athlete;
    match command {
        MassageCommand::Add(args) => {
            let cost = args
                .cost
                .as_ref()
                .map(|typed| tuneup_app::profile::amount(store.as_ref(), athlete, "cost", typed))
                .transpose()?;
            let session = MassageSession {
                date: args.date,
                therapist: args.therapist.map(Id),
                techniques: args.technique,
                areas: args.areas,
                pressure: args.pressure,
                purpose: args.purpose,
                cost,
                insurance: args.insurance,
                felt_after: args.felt,
                note: args.note,
            };
            let id =
                massages::add(store.as_mut(), athlete, &session).map_err(|error| match error {
                    AppError::NotFound {
                        what: "therapist",
                        id,
                    } => anyhow::anyhow!(
                        "--therapist: no therapist with id {id} (see `tuneup therapist list`)"
                    ),
                    other => other.into(),
                })?;
            println!(
                "logged massage {id} on {}: {} ({})",
                session.date,
                join(session.techniques.iter().map(|t| t.label())),
                session.purpose.label()
            );
        }
        MassageCommand::Edit(args) => {
            let id = Id(args.id);
            let cost = args
                .cost
                .as_ref()
                .map(|typed| tuneup_app::profile::amount(store.as_ref(), athlete, "cost", typed))
                .transpose()?;
            let session = massages::edit(store.as_mut(), athlete, id, |m| {
                m.date = args.date.unwrap_or(m.date);
                if let Some(techniques) = args.technique {
                    m.techniques = techniques;
                }
                if let Some(areas) = args.areas {
                    m.areas = areas;
                }
                m.purpose = args.purpose.unwrap_or(m.purpose);
                m.pressure = args.pressure.or(m.pressure);
                m.therapist = args.therapist.map(Id).or(m.therapist);
                m.cost = cost.or(m.cost);
                m.insurance = args.insurance.unwrap_or(m.insurance);
                m.felt_after = args.felt.or(m.felt_after.take());
                if let Some(note) = args.note {
                    m.note = Some(note).filter(|n| !n.trim().is_empty());
                }
            })
            .map_err(|error| match error {
                AppError::NotFound {
                    what: "therapist",
                    id,
                } => anyhow::anyhow!(
                    "--therapist: no therapist with id {id} (see `tuneup therapist list`)"
                ),
                other => other.into(),
            })?;
            if args.output.json {
                return print_json(&Record::new(id, session));
            }
            println!(
                "changed massage {id} on {}: {} ({})",
                session.date,
                join(session.techniques.iter().map(|t| t.label())),
                session.purpose.label()
            );
        }
        MassageCommand::Rm(args) => {
            massages::remove(store.as_mut(), athlete, Id(args.id))?;
            println!("removed massage session {}", args.id);
        }
        MassageCommand::List(args) => {
            let sessions = massages::list(store.as_ref(), athlete, args.year)?;
            if args.output.json {
                return print_json(&sessions);
            }
            let names = TherapistNames::load(store.as_ref(), athlete, &sessions)?;
            let mut table = Table::new(&[
                "id",
                "date",
                "therapist",
                "techniques",
                "areas",
                "pressure",
                "purpose",
                "cost",
                "insurance",
                "felt after",
            ]);
            for s in &sessions {
                let m = &s.item;
                table.row(vec![
                    s.id.to_string(),
                    m.date.to_string(),
                    or_dash(names.name(m.therapist)),
                    join(m.techniques.iter().map(|t| t.id())),
                    join(m.areas.iter().map(|a| a.id())),
                    or_dash(m.pressure),
                    m.purpose.id().to_string(),
                    or_dash(m.cost.map(|c| c.to_string())),
                    m.insurance.id().to_string(),
                    or_dash(m.felt_after.clone()),
                ]);
            }
            table.print_or(&match args.year {
                Some(year) => format!("no sessions logged in {year}"),
                None => "no sessions logged: use `tuneup massage add`".to_string(),
            });
        }
        MassageCommand::Stats(args) => {
            if args.csv {
                let sessions =
                    massages::happened(store.as_ref(), athlete, args.year, context.today())?;
                let names = TherapistNames::load(store.as_ref(), athlete, &sessions)?;
                let mut out = std::io::stdout().lock();
                write_claim_csv(&mut out, &sessions, &names)?;
                return Ok(());
            }
            let report = massages::stats(store.as_ref(), athlete, args.year, context.today())?;
            if args.output.json {
                return print_json(&report);
            }
            let stats = &report.stats;
            print!("{}", stats_text(stats, args.year));
            if !report.booked.is_empty() {
                let dates: Vec<String> = report
                    .booked
                    .iter()
                    .map(|s| s.item.date.to_string())
                    .collect();
                println!(
                    "  {:<18} {} (not counted above): {}",
                    "booked",
                    crate::output::count(report.booked.len(), "session", "sessions"),
                    dates.join(", ")
                );
            }
        }
    }
    Ok(())
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(",")
}

fn stats_text(stats: &MassageStats, year: Option<i32>) -> String {
    let scope = year.map_or_else(|| "all years".to_string(), |y| y.to_string());
    if stats.sessions == 0 {
        return format!("no massage sessions logged ({scope}): use `tuneup massage add`\n");
    }
    let mut out = format!("Massage sessions, {scope}\n");
    let mut line = |label: &str, value: String| out.push_str(&format!("  {label:<18} {value}\n"));
    line("sessions", stats.sessions.to_string());
    line("spend", stats.spend.to_string());
    line(
        "claimed",
        format!("{} (of which paid {})", stats.claimed, stats.paid),
    );
    if !stats.to_claim.0.is_empty() {
        line("still to claim", stats.to_claim.to_string());
    }
    if !stats.denied.0.is_empty() {
        line("denied", stats.denied.to_string());
    }
    line(
        "average interval",
        stats.average_interval_days.map_or_else(
            || "- (needs two sessions)".to_string(),
            |d| format!("{d:.1} days"),
        ),
    );
    let top: Vec<String> = stats
        .areas
        .iter()
        .take(5)
        .map(|a| format!("{} ({})", a.area.label(), a.sessions))
        .collect();
    if !top.is_empty() {
        line("areas worked most", top.join(", "));
    }
    out
}
