//! `tuneup race add|list|rm`: the races on the runner's calendar.

use crate::context::Context;
use crate::output::{OutputArgs, Table, print_json};
use crate::values;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tuneup_app::records;
use tuneup_core::model::Race;
use tuneup_core::units::{Meters, format_distance};
use tuneup_core::vocab::RacePriority;
use tuneup_core::{Id, Record};

#[derive(Debug, Subcommand)]
pub enum RaceCommand {
    /// Add a race.
    ///
    /// Example: tuneup race add --date 2026-12-13 --name "City Marathon" --distance 42.2k --priority A
    Add(AddArgs),
    /// List your races.
    List(OutputArgs),
    /// Remove a race by its id (see `tuneup race list`).
    Rm {
        #[arg(value_parser = values::id)]
        id: i64,
    },
    /// Correct a race (see `tuneup race list` for ids).
    Edit(EditArgs),
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The race's id (see `tuneup race list`).
    #[arg(value_parser = values::id)]
    pub id: i64,
    #[arg(long, value_parser = values::date)]
    pub date: Option<NaiveDate>,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long, value_parser = values::distance)]
    pub distance: Option<Meters>,
    /// A (the goal race), B or C.
    #[arg(long, value_parser = values::vocab::<RacePriority>)]
    pub priority: Option<RacePriority>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Race day (YYYY-MM-DD).
    #[arg(long, value_parser = values::date)]
    pub date: NaiveDate,
    #[arg(long)]
    pub name: String,
    /// 5k, 10k, 21.1k, 42.2k, 26.2mi, marathon, half.
    #[arg(long, value_parser = values::distance)]
    pub distance: Meters,
    /// A is your goal race; B and C are tune-ups. The plan protects an A race most.
    #[arg(long, default_value = "A", value_parser = values::vocab::<RacePriority>)]
    pub priority: RacePriority,
}

pub fn run(context: &Context, command: RaceCommand) -> anyhow::Result<()> {
    let mut store = context.open_store()?;
    let athlete = context.athlete;
    let units = tuneup_app::profile::units(store.as_ref(), athlete)?;
    match command {
        RaceCommand::Add(args) => {
            let race = Race {
                date: args.date,
                name: args.name,
                distance: args.distance,
                priority: args.priority,
            };
            let id = records::add_race(store.as_mut(), athlete, &race)?;
            println!(
                "added race {id}: {} on {} ({}, priority {})",
                race.name,
                race.date,
                format_distance(race.distance, units),
                race.priority.id()
            );
        }
        RaceCommand::List(output) => {
            let races = records::races(store.as_ref(), athlete)?;
            if output.json {
                return print_json(&races);
            }
            let mut table = Table::new(&["id", "date", "distance", "priority", "name"]);
            for r in &races {
                table.row(vec![
                    r.id.to_string(),
                    r.item.date.to_string(),
                    format_distance(r.item.distance, units),
                    r.item.priority.id().to_string(),
                    r.item.name.clone(),
                ]);
            }
            table.print_or("no races yet: add one with `tuneup race add`");
        }
        RaceCommand::Edit(args) => {
            let id = Id(args.id);
            let race = records::edit_race(store.as_mut(), athlete, id, |r| {
                r.date = args.date.unwrap_or(r.date);
                r.name = args.name.unwrap_or_else(|| r.name.clone());
                r.distance = args.distance.unwrap_or(r.distance);
                r.priority = args.priority.unwrap_or(r.priority);
            })?;
            if args.output.json {
                return print_json(&Record::new(id, race));
            }
            println!(
                "changed race {id}: {} on {} ({}, priority {})",
                race.name,
                race.date,
                format_distance(race.distance, units),
                race.priority.id()
            );
        }
        RaceCommand::Rm { id } => {
            records::remove_race(store.as_mut(), athlete, Id(id))?;
            println!("removed race {id}");
        }
    }
    Ok(())
}
