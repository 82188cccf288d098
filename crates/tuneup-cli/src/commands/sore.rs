//! `tuneup sore add|list`: the soreness log the planner and routines read.

use crate::context::Context;
use crate::output::{OutputArgs, Table, or_dash, print_json};
use crate::values;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tuneup_app::records;
use tuneup_core::model::SorenessEntry;
use tuneup_core::vocab::{BodyArea, Side, SorenessKind};
use tuneup_core::{Id, Record};

#[derive(Debug, Subcommand)]
pub enum SoreCommand {
    /// Log a sore or tight area.
    ///
    /// Example: tuneup sore add calves --side left --level 6 --kind tight
    ///
    /// Areas: quads, hamstrings, it_band, glutes, hip_flexors, adductors, calves, shins,
    /// feet, lower_back, rib_cage, neck, shoulders.
    Add(AddArgs),
    /// Show the soreness log.
    List(ListArgs),
    /// Correct an entry (see `tuneup sore list` for ids); --level 0 closes the area.
    Edit(EditArgs),
    /// Remove an entry.
    Rm(IdArgs),
    /// Mark an area as no longer sore (a 0/10 entry today, or on --date).
    Resolve(ResolveArgs),
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The entry's id (see `tuneup sore list`).
    #[arg(value_parser = values::id)]
    pub id: i64,
    #[arg(long, value_parser = values::vocab::<BodyArea>)]
    pub area: Option<BodyArea>,
    #[arg(long, value_parser = values::vocab::<Side>)]
    pub side: Option<Side>,
    /// 0 (gone) to 10.
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=10))]
    pub level: Option<u8>,
    #[arg(long, value_parser = values::vocab::<SorenessKind>)]
    pub kind: Option<SorenessKind>,
    #[arg(long, value_parser = values::date)]
    pub date: Option<NaiveDate>,
    /// A new note; "" clears it.
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct IdArgs {
    /// The entry's id (see `tuneup sore list`).
    #[arg(value_parser = values::id)]
    pub id: i64,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    #[arg(value_parser = values::vocab::<BodyArea>)]
    pub area: BodyArea,
    #[arg(long, default_value = "both", value_parser = values::vocab::<Side>)]
    pub side: Side,
    /// The day it stopped (default: today).
    #[arg(long, value_parser = values::date)]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Where: quads, it_band, glutes, calves, feet, adductors, ...
    #[arg(value_parser = values::vocab::<BodyArea>)]
    pub area: BodyArea,
    /// left, right or both.
    #[arg(long, default_value = "both", value_parser = values::vocab::<Side>)]
    pub side: Side,
    /// How bad, 0 (nothing) to 10 (worst). 7 or more: see a professional.
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=10))]
    pub level: u8,
    /// tight, sore, sharp or bone (pain on one spot of a bone); sharp and bone pain are a
    /// reason to see a physical therapist, and before a race a reason to ask before running.
    #[arg(long, default_value = "sore", value_parser = values::vocab::<SorenessKind>)]
    pub kind: SorenessKind,
    /// The day (default: today).
    #[arg(long, value_parser = values::date)]
    pub date: Option<NaiveDate>,
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only from this day on.
    #[arg(long, value_parser = values::date)]
    pub since: Option<NaiveDate>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(context: &Context, command: SoreCommand) -> anyhow::Result<()> {
    let mut store = context.open_store()?;
    let athlete = context.athlete;
    match command {
        SoreCommand::Add(args) => {
            let entry = SorenessEntry {
                date: args.date.unwrap_or(context.today()),
                area: args.area,
                side: args.side,
                level: args.level,
                kind: args.kind,
                note: args.note,
            };
            let id = records::add_soreness(store.as_mut(), athlete, &entry)?;
            println!(
                "logged {id}: {} {} ({}), {}/10 on {}",
                entry.area.label(),
                entry.kind.id(),
                entry.side.label(),
                entry.level,
                entry.date
            );
            if records::needs_a_professional(&entry) {
                println!(
                    "sharp or strong pain is worth showing to a physical therapist; avoid deep massage there until then"
                );
            }
        }
        SoreCommand::Edit(args) => {
            let id = Id(args.id);
            let entry = records::edit_soreness(store.as_mut(), athlete, id, |e| {
                e.area = args.area.unwrap_or(e.area);
                e.side = args.side.unwrap_or(e.side);
                e.level = args.level.unwrap_or(e.level);
                e.kind = args.kind.unwrap_or(e.kind);
                e.date = args.date.unwrap_or(e.date);
                if let Some(note) = args.note {
                    e.note = Some(note).filter(|n| !n.trim().is_empty());
                }
            })?;
            if args.output.json {
                return print_json(&Record::new(id, entry));
            }
            println!(
                "changed {id}: {} {} ({}), {}/10 on {}",
                entry.area.label(),
                entry.kind.id(),
                entry.side.label(),
                entry.level,
                entry.date
            );
        }
        SoreCommand::Rm(args) => {
            records::remove_soreness(store.as_mut(), athlete, Id(args.id))?;
            println!("removed soreness entry {}", args.id);
        }
        SoreCommand::Resolve(args) => {
            let date = args.date.unwrap_or(context.today());
            let (id, entry) =
                records::resolve_soreness(store.as_mut(), athlete, args.area, args.side, date)?;
            println!(
                "logged {id}: {} ({}) no longer sore from {}",
                entry.area.label(),
                entry.side.label(),
                entry.date
            );
        }
        SoreCommand::List(args) => {
            let entries = records::soreness(store.as_ref(), athlete, args.since)?;
            if args.output.json {
                return print_json(&entries);
            }
            let mut table = Table::new(&["id", "date", "area", "side", "level", "kind", "note"]);
            for e in &entries {
                table.row(vec![
                    e.id.to_string(),
                    e.item.date.to_string(),
                    e.item.area.id().to_string(),
                    e.item.side.id().to_string(),
                    e.item.level.to_string(),
                    e.item.kind.id().to_string(),
                    or_dash(e.item.note.clone()),
                ]);
            }
            table.print_or(&match args.since {
                Some(since) => format!("nothing logged since {since}"),
                None => "nothing logged: use `tuneup sore add AREA --level N`".to_string(),
            });
        }
    }
    Ok(())
}
