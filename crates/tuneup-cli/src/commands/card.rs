//! `tuneup card`: the intake card for the next massage appointment, as printable HTML or as
//! text for the terminal.

use crate::context::Context;
use crate::values;
use anyhow::Context as _;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use tuneup_app::AppError;
use tuneup_app::card::{CardOptions, card};
use tuneup_core::{AthleteId, Id};
use tuneup_render::card::{html, text};
use tuneup_store::Store;

#[derive(Debug, Args)]
pub struct CardArgs {
    /// The therapist the card is for (see `tuneup therapist list`): their name goes on it.
    #[arg(long, value_parser = values::id)]
    pub therapist: Option<i64>,
    /// Write the card to this file (HTML unless --format text). Without it, the card is
    /// printed to the terminal as text.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// html (one printable page) or text.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// A goal for the session, in your words; repeat for more (up to 3 are shown). Goals
    /// are kept for the next card until you give new ones.
    #[arg(long, value_name = "TEXT")]
    pub goal: Vec<String>,
    /// A question for the therapist, in your words, or the id of one from
    /// `tuneup precautions` (e.g. timing, pressure); repeat for more (up to 3 are shown).
    #[arg(long, value_name = "TEXT|ID")]
    pub question: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Html,
    Text,
}

pub fn run(context: &Context, args: CardArgs) -> anyhow::Result<()> {
    let mut store = context.open_store()?;
    if !args.goal.is_empty() {
        tuneup_app::card::remember_goals(store.as_mut(), context.athlete, &args.goal)?;
    }
    let options = CardOptions {
        therapist: args.therapist.map(Id),
        goals: args.goal,
        questions: args.question,
    };
    let card =
        card(store.as_ref(), context.athlete, context.today(), &options).map_err(|error| {
            match error {
                AppError::NotFound {
                    what: "therapist",
                    id,
                } => anyhow::anyhow!(
                    "--therapist: no therapist with id {id} (see `tuneup therapist list`)"
                ),
                AppError::Conflict(why) => anyhow::anyhow!("--therapist: {why}"),
                other => other.into(),
            }
        })?;
    let format = args.format.unwrap_or(if args.out.is_some() {
        Format::Html
    } else {
        Format::Text
    });
    let rendered = match format {
        Format::Html => html(&card),
        Format::Text => text(&card),
    };
    match args.out {
        Some(path) => {
            write(&path, &rendered)?;
            println!("wrote the intake card to {}", path.display());
            if format == Format::Html {
                println!("open it in a browser and print it: it fits on one page");
            }
        }
        None => crate::output::print_wrapped(&rendered)?,
    }
    Ok(())
}

/// Writes the HTML card for the stored athlete as of `today` to `path`, with no therapist,
/// goals or questions. For `tuneup demo`.
pub fn write_card(
    store: &dyn Store,
    athlete: AthleteId,
    today: NaiveDate,
    path: &Path,
) -> anyhow::Result<()> {
    let card = card(store, athlete, today, &CardOptions::default())?;
    write(path, &html(&card))
}

fn write(path: &Path, contents: &str) -> anyhow::Result<()> {
    std::fs::write(path, contents)
        .with_context(|| format!("cannot write the intake card to '{}'", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_that_cannot_be_written_names_the_file() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).expect("valid date");
        let dir = tempfile::tempdir().unwrap();
        let location = tuneup_store::DatabaseLocation::Sqlite(dir.path().join("t.db"));
        let store =
            tuneup_app::open_store(&location, AthleteId::LOCAL, tuneup_app::Tz::UTC).unwrap();
        let path = dir.path().join("card.html");
        write_card(store.as_ref(), AthleteId::LOCAL, today, &path).unwrap();
        let page = std::fs::read_to_string(&path).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>"));
        let missing = dir.path().join("no/such/folder/card.html");
        let error = write_card(store.as_ref(), AthleteId::LOCAL, today, &missing)
            .unwrap_err()
            .to_string();
        assert!(error.contains("cannot write the intake card"), "{error}");
    }
}
