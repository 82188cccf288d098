//! `tuneup massage add|list`: the log of professional massage sessions.

use crate::context::Context;
use crate::output::{OutputArgs, Table, or_dash, print_json};
use crate::values;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tuneup_core::Id;
use tuneup_core::model::{InsuranceStatus, MassageSession};
use tuneup_core::vocab::{BodyArea, MassagePurpose, Technique};

#[derive(Debug, Subcommand)]
pub enum MassageCommand {
    /// Log a massage session. It resets the service interval.
    ///
    /// Example: tuneup massage add --date 2026-11-20 --technique swedish --areas calves,quads --purpose maintenance
    Add(AddArgs),
    /// Show the massage log.
    List(OutputArgs),
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
    #[arg(long)]
    pub therapist: Option<i64>,
    /// What it cost.
    #[arg(long)]
    pub cost: Option<f64>,
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
    InsuranceStatus::from_id(text).ok_or_else(|| {
        format!("unknown insurance status '{text}' (expected one of: none, to_claim, claimed, paid, denied)")
    })
}

pub fn run(context: &Context, command: MassageCommand) -> anyhow::Result<()> {
    let mut store = context.open_store()?;
    match command {
        MassageCommand::Add(args) => {
            if let Some(id) = args.therapist {
                anyhow::ensure!(
                    store.therapists()?.iter().any(|t| t.id == Id(id)),
                    "--therapist: no therapist with id {id} (see `tuneup therapist list`)"
                );
            }
            let session = MassageSession {
                date: args.date,
                therapist: args.therapist.map(Id),
                techniques: args.technique,
                areas: args.areas,
                pressure: args.pressure,
                purpose: args.purpose,
                cost: args.cost,
                insurance: args.insurance,
                felt_after: args.felt,
                note: args.note,
            };
            let id = store.add_massage(&session)?;
            println!(
                "logged massage {id} on {}: {} ({})",
                session.date,
                join(session.techniques.iter().map(|t| t.label())),
                session.purpose.label()
            );
        }
        MassageCommand::List(output) => {
            let sessions = store.massages()?;
            if output.json {
                return print_json(&sessions);
            }
            let mut table = Table::new(&[
                "id",
                "date",
                "techniques",
                "areas",
                "pressure",
                "purpose",
                "cost",
                "insurance",
            ]);
            for s in &sessions {
                let m = &s.item;
                table.row(vec![
                    s.id.to_string(),
                    m.date.to_string(),
                    join(m.techniques.iter().map(|t| t.id())),
                    join(m.areas.iter().map(|a| a.id())),
                    or_dash(m.pressure),
                    m.purpose.id().to_string(),
                    or_dash(m.cost.map(|c| format!("{c:.2}"))),
                    m.insurance.id().to_string(),
                ]);
            }
            table.print_or("no sessions logged: use `tuneup massage add`");
        }
    }
    Ok(())
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(",")
}
