//! `tuneup planned add|list|rm`: the training the runner plans to do.

use crate::context::Context;
use crate::output::{OutputArgs, Table, print_json};
use crate::values;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tuneup_app::records;
use tuneup_core::model::PlannedSession;
use tuneup_core::units::Meters;
use tuneup_core::units::format_distance;
use tuneup_core::vocab::SessionKind;
use tuneup_core::{Id, Record};

#[derive(Debug, Subcommand)]
pub enum PlannedCommand {
    /// Plan a session.
    ///
    /// Example: tuneup planned add --date 2026-12-01 --kind hard --title "6x800 intervals"
    Add(AddArgs),
    /// List planned sessions.
    List(ListArgs),
    /// Remove a planned session by its id.
    Rm {
        #[arg(value_parser = values::id)]
        id: i64,
    },
    /// Correct a planned session (see `tuneup planned list` for ids).
    Edit(EditArgs),
    /// Import a training plan from a calendar export (.ics) or a CSV (date,kind,title,distance).
    ///
    /// Example: tuneup planned import ~/Downloads/marathon-plan.ics
    Import(super::planned_import::ImportArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long, value_parser = values::date)]
    pub date: NaiveDate,
    /// easy, hard, long, race or rest. Massage is kept away from hard days.
    #[arg(long, value_parser = values::vocab::<SessionKind>)]
    pub kind: SessionKind,
    #[arg(long)]
    pub title: String,
    /// How far you mean to run: 32k, 20mi. The plan cautions before a run that would be
    /// more than 10 % longer than your longest in 30 days.
    #[arg(long, value_parser = values::distance)]
    pub distance: Option<Meters>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The session's id (see `tuneup planned list`).
    #[arg(value_parser = values::id)]
    pub id: i64,
    #[arg(long, value_parser = values::date)]
    pub date: Option<NaiveDate>,
    /// easy, hard, long, race or rest.
    #[arg(long, value_parser = values::vocab::<SessionKind>)]
    pub kind: Option<SessionKind>,
    #[arg(long)]
    pub title: Option<String>,
    /// How far you mean to run: 32k, 20mi.
    #[arg(long, value_parser = values::distance)]
    pub distance: Option<Meters>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only from this day on (default: everything).
    #[arg(long, value_parser = values::date)]
    pub from: Option<NaiveDate>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(context: &Context, command: PlannedCommand) -> anyhow::Result<()> {
    let mut store = context.open_store()?;
    let athlete = context.athlete;
    let units = tuneup_app::profile::units(store.as_ref(), athlete)?;
    match command {
        PlannedCommand::Add(args) => {
            let session = PlannedSession {
                date: args.date,
                kind: args.kind,
                title: args.title,
                distance: args.distance,
            };
            let id = records::add_planned(store.as_mut(), athlete, &session)?;
            let distance = session
                .distance
                .map_or_else(String::new, |d| format!(", {}", format_distance(d, units)));
            println!(
                "planned {id}: {} ({}{distance}) on {}",
                session.title,
                session.kind.id(),
                session.date
            );
        }
        PlannedCommand::List(args) => {
            let sessions = records::planned(store.as_ref(), athlete, args.from)?;
            if args.output.json {
                return print_json(&sessions);
            }
            let mut table = Table::new(&["id", "date", "kind", "distance", "title"]);
            for s in &sessions {
                table.row(vec![
                    s.id.to_string(),
                    s.item.date.format("%a %Y-%m-%d").to_string(),
                    s.item.kind.id().to_string(),
                    s.item
                        .distance
                        .map_or_else(String::new, |d| format_distance(d, units)),
                    s.item.title.clone(),
                ]);
            }
            table.print_or(&match args.from {
                Some(from) => format!("nothing planned from {from} on"),
                None => "nothing planned: add sessions with `tuneup planned add`".to_string(),
            });
        }
        PlannedCommand::Import(args) => {
            super::planned_import::run(store.as_mut(), athlete, context.system_zone, args)?
        }
        PlannedCommand::Edit(args) => {
            let id = Id(args.id);
            let session = records::edit_planned(store.as_mut(), athlete, id, |s| {
                s.date = args.date.unwrap_or(s.date);
                s.kind = args.kind.unwrap_or(s.kind);
                s.title = args.title.unwrap_or_else(|| s.title.clone());
                s.distance = args.distance.or(s.distance);
            })?;
            if args.output.json {
                return print_json(&Record::new(id, session));
            }
            println!(
                "changed {id}: {} ({}) on {}",
                session.title,
                session.kind.id(),
                session.date
            );
        }
        PlannedCommand::Rm { id } => {
            records::remove_planned(store.as_mut(), athlete, Id(id))?;
            println!("removed planned session {id}");
        }
    }
    Ok(())
}
