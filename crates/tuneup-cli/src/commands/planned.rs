//! `tuneup planned add|list|rm`: the training the runner plans to do.

use crate::context::Context;
use crate::output::{OutputArgs, Table, print_json};
use crate::values;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tuneup_app::records;
use tuneup_core::model::PlannedSession;
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
    Rm { id: i64 },
    /// Correct a planned session (see `tuneup planned list` for ids).
    Edit(EditArgs),
    /// Import a training plan from a calendar export (.ics) or a CSV (date,kind,title).
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
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The session's id (see `tuneup planned list`).
    pub id: i64,
    #[arg(long, value_parser = values::date)]
    pub date: Option<NaiveDate>,
    /// easy, hard, long, race or rest.
    #[arg(long, value_parser = values::vocab::<SessionKind>)]
    pub kind: Option<SessionKind>,
    #[arg(long)]
    pub title: Option<String>,
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
    match command {
        PlannedCommand::Add(args) => {
            let session = PlannedSession {
                date: args.date,
                kind: args.kind,
                title: args.title,
            };
            let id = records::add_planned(store.as_mut(), athlete, &session)?;
            println!(
                "planned {id}: {} ({}) on {}",
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
            let mut table = Table::new(&["id", "date", "kind", "title"]);
            for s in &sessions {
                table.row(vec![
                    s.id.to_string(),
                    s.item.date.format("%a %Y-%m-%d").to_string(),
                    s.item.kind.id().to_string(),
                    s.item.title.clone(),
                ]);
            }
            table.print_or(&match args.from {
                Some(from) => format!("nothing planned from {from} on"),
                None => "nothing planned: add sessions with `tuneup planned add`".to_string(),
            });
        }
        PlannedCommand::Import(args) => super::planned_import::run(store.as_mut(), athlete, args)?,
        PlannedCommand::Edit(args) => {
            let id = Id(args.id);
            let session = records::edit_planned(store.as_mut(), athlete, id, |s| {
                s.date = args.date.unwrap_or(s.date);
                s.kind = args.kind.unwrap_or(s.kind);
                s.title = args.title.unwrap_or_else(|| s.title.clone());
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
