//! `tuneup card`: the intake card for the next massage appointment, as printable HTML or as
//! text for the terminal.

use crate::analysis::analyse_store;
use crate::context::Context;
use anyhow::Context as _;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use tuneup_core::AthleteId;
use tuneup_core::knowledge::knowledge;
use tuneup_core::model::Therapist;
use tuneup_core::{Id, Record};
use tuneup_render::card::{Card, CardInput, build, html, text};
use tuneup_store::Page;
use tuneup_store::{Listing, Store};

#[derive(Debug, Args)]
pub struct CardArgs {
    /// The therapist the card is for (see `tuneup therapist list`): their name goes on it.
    #[arg(long)]
    pub therapist: Option<i64>,
    /// Write the card to this file (HTML unless --format text). Without it, the card is
    /// printed to the terminal as text.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// html (one printable page) or text.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// A goal for the session, in your words; repeat for more (up to 3 are shown).
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

/// What goes on the card besides the stored data.
#[derive(Debug, Clone, Default)]
pub struct CardOptions {
    pub therapist: Option<Id>,
    pub goals: Vec<String>,
    pub questions: Vec<String>,
}

pub fn run(context: &Context, args: CardArgs) -> anyhow::Result<()> {
    let store = context.open_store()?;
    let options = CardOptions {
        therapist: args.therapist.map(Id),
        goals: args.goal,
        questions: args.question.iter().map(|q| expand_question(q)).collect(),
    };
    let card = card(store.as_ref(), context.today, &options)?;
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
        None => print!("{rendered}"),
    }
    Ok(())
}

/// Writes the HTML card for the stored athlete as of `today` to `path`, with no therapist,
/// goals or questions. For `tuneup demo`.
pub fn write_card(store: &dyn Store, today: NaiveDate, path: &Path) -> anyhow::Result<()> {
    let card = card(store, today, &CardOptions::default())?;
    write(path, &html(&card))
}

/// Reads what the card needs from the store and builds it.
pub fn card(store: &dyn Store, today: NaiveDate, options: &CardOptions) -> anyhow::Result<Card> {
    if let Some(id) = options.therapist {
        let (record, listing) = store.therapist(AthleteId::LOCAL, id)?.with_context(|| {
            format!("--therapist: no therapist with id {id} (see `tuneup therapist list`)")
        })?;
        anyhow::ensure!(
            listing == Listing::Listed,
            "--therapist: {} (id {id}) was removed from your list",
            record.item.name
        );
    }
    let stored = analyse_store(store, today)?;
    let (profile, races, analysis) = (stored.profile, stored.races, stored.analysis);
    let soreness = store.soreness(AthleteId::LOCAL, Page::ALL)?;
    let massages = store.massages(AthleteId::LOCAL, Page::ALL)?;
    // Sessions may name removed therapists: look each one up, listed or not.
    let mut therapists: Vec<Record<Therapist>> = Vec::new();
    let ids = massages
        .iter()
        .filter_map(|m| m.item.therapist)
        .chain(options.therapist);
    for id in ids {
        if !therapists.iter().any(|t| t.id == id)
            && let Some((record, _)) = store.therapist(AthleteId::LOCAL, id)?
        {
            therapists.push(record);
        }
    }
    Ok(build(&CardInput {
        today,
        profile: &profile,
        analysis: &analysis,
        races: &races,
        soreness: &soreness,
        massages: &massages,
        therapists: &therapists,
        for_therapist: options.therapist,
        goals: &options.goals,
        questions: &options.questions,
    }))
}

/// A question id from the knowledge base becomes its text; anything else is the runner's own.
fn expand_question(question: &str) -> String {
    knowledge()
        .therapist_questions
        .iter()
        .find(|q| q.id.eq_ignore_ascii_case(question.trim()))
        .map_or_else(|| question.to_string(), |q| q.text.clone())
}

fn write(path: &Path, contents: &str) -> anyhow::Result<()> {
    std::fs::write(path, contents)
        .with_context(|| format!("cannot write the intake card to '{}'", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    use tuneup_core::model::SorenessEntry;
    use tuneup_core::vocab::{BodyArea, Side, SorenessKind};
    use tuneup_store::sqlite::SqliteStore;

    #[test]
    fn write_card_writes_the_stored_athlete_s_card() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).expect("valid date");
        let mut store = SqliteStore::in_memory().unwrap();
        store
            .add_soreness(
                AthleteId::LOCAL,
                &SorenessEntry {
                    date: today,
                    area: BodyArea::Calves,
                    side: Side::Right,
                    level: 4,
                    kind: SorenessKind::Tight,
                    note: Some("after <hills>".into()),
                },
            )
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("card.html");
        write_card(&store, today, &path).unwrap();
        let page = std::fs::read_to_string(&path).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains(r#"class="area marked tight" data-area="calves" data-side="right""#));
        assert!(page.contains("after &lt;hills&gt;"));
        let missing = dir.path().join("no/such/folder/card.html");
        let error = write_card(&store, today, &missing).unwrap_err().to_string();
        assert!(error.contains("cannot write the intake card"), "{error}");
    }

    #[test]
    fn a_removed_therapist_cannot_be_the_card_s_addressee() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).expect("valid date");
        let mut store = SqliteStore::in_memory().unwrap();
        let id = store
            .add_therapist(
                AthleteId::LOCAL,
                &Therapist {
                    name: "Alex Kim".into(),
                    ..Therapist::default()
                },
            )
            .unwrap();
        let options = CardOptions {
            therapist: Some(id),
            ..CardOptions::default()
        };
        assert_eq!(
            card(&store, today, &options).unwrap().therapist.as_deref(),
            Some("Alex Kim")
        );
        store.remove_therapist(AthleteId::LOCAL, id).unwrap();
        let error = card(&store, today, &options).unwrap_err().to_string();
        assert!(error.contains("was removed"), "{error}");
    }

    #[test]
    fn a_question_id_expands_and_free_text_stays() {
        let timing = expand_question("timing");
        assert!(
            timing.starts_with("How should we time sessions"),
            "{timing}"
        );
        assert_eq!(expand_question("Is ice OK?"), "Is ice OK?");
    }
}
