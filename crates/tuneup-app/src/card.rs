//! The intake card for the next massage appointment.

use crate::{AppError, Result};
use chrono::NaiveDate;
use tuneup_core::knowledge::knowledge;
use tuneup_core::model::Therapist;
use tuneup_core::{AthleteId, Id, Record};
use tuneup_render::card::{Card, CardInput, build};
use tuneup_store::{Listing, Page, Store};

/// What goes on the card besides the stored data.
#[derive(Debug, Clone, Default)]
pub struct CardOptions {
    /// The therapist the card is addressed to.
    pub therapist: Option<Id>,
    pub goals: Vec<String>,
    /// Questions in the runner's words, or ids of the knowledge base's questions.
    pub questions: Vec<String>,
}

/// Reads what the card needs from the store and builds it. A therapist who is not on the
/// runner's list (unknown, or removed) cannot be the card's addressee.
pub fn card(
    store: &dyn Store,
    athlete: AthleteId,
    today: NaiveDate,
    options: &CardOptions,
) -> Result<Card> {
    if let Some(id) = options.therapist {
        let (record, listing) = store.therapist(athlete, id)?.ok_or(AppError::NotFound {
            what: "therapist",
            id: id.0,
        })?;
        if listing != Listing::Listed {
            return Err(AppError::Conflict(format!(
                "{} (id {id}) was removed from your list",
                record.item.name
            )));
        }
    }
    let stored = crate::analysis::analyse(store, athlete, today)?;
    let (profile, races, analysis) = (stored.profile, stored.races, stored.analysis);
    let soreness = store.soreness(athlete, Page::ALL)?;
    let massages = store.massages(athlete, Page::ALL)?;
    // Sessions may name removed therapists: look each one up, listed or not.
    let mut therapists: Vec<Record<Therapist>> = Vec::new();
    let ids = massages
        .iter()
        .filter_map(|m| m.item.therapist)
        .chain(options.therapist);
    for id in ids {
        if !therapists.iter().any(|t| t.id == id)
            && let Some((record, _)) = store.therapist(athlete, id)?
        {
            therapists.push(record);
        }
    }
    // Goals given now, or the ones the runner gave last time.
    let goals = if options.goals.is_empty() {
        &profile.comfort.goals
    } else {
        &options.goals
    };
    let questions: Vec<String> = options
        .questions
        .iter()
        .map(|q| expand_question(q))
        .collect();
    Ok(build(&CardInput {
        today,
        profile: &profile,
        analysis: &analysis,
        races: &races,
        soreness: &soreness,
        massages: &massages,
        therapists: &therapists,
        for_therapist: options.therapist,
        goals,
        questions: &questions,
    }))
}

/// Keeps the goals the runner gave for the card, so the next card carries them too.
pub fn remember_goals(store: &mut dyn Store, athlete: AthleteId, goals: &[String]) -> Result<()> {
    let mut profile = store.profile(athlete)?;
    let goals: Vec<String> = goals
        .iter()
        .map(|g| g.trim().to_string())
        .filter(|g| !g.is_empty())
        .collect();
    if profile.comfort.goals != goals {
        profile.comfort.goals = goals;
        store.set_profile(athlete, &profile)?;
    }
    Ok(())
}

/// A question id from the knowledge base becomes its text; anything else is the runner's own.
pub fn expand_question(question: &str) -> String {
    knowledge()
        .therapist_questions
        .iter()
        .find(|q| q.id.eq_ignore_ascii_case(question.trim()))
        .map_or_else(|| question.to_string(), |q| q.text.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tuneup_core::model::SorenessEntry;
    use tuneup_core::vocab::{BodyArea, Side, SorenessKind};
    use tuneup_render::card::html;

    const ME: AthleteId = AthleteId::LOCAL;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).expect("valid date")
    }

    #[test]
    fn the_card_shows_the_stored_soreness_escaped() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        store
            .add_soreness(
                ME,
                &SorenessEntry {
                    date: today(),
                    area: BodyArea::Calves,
                    side: Side::Right,
                    level: 4,
                    kind: SorenessKind::Tight,
                    note: Some("after <hills>".into()),
                },
            )
            .unwrap();
        let page = html(&card(store.as_ref(), ME, today(), &CardOptions::default()).unwrap());
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains(r#"class="area marked tight" data-area="calves" data-side="right""#));
        assert!(page.contains("after &lt;hills&gt;"));
    }

    #[test]
    fn a_removed_or_unknown_therapist_cannot_be_the_card_s_addressee() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let id = store
            .add_therapist(
                ME,
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
        let made = card(store.as_ref(), ME, today(), &options).unwrap();
        assert_eq!(made.therapist.as_deref(), Some("Alex Kim"));
        store.remove_therapist(ME, id).unwrap();
        let error = card(store.as_ref(), ME, today(), &options).unwrap_err();
        assert!(
            matches!(error, AppError::Conflict(ref m) if m.contains("was removed")),
            "{error}"
        );
        let unknown = CardOptions {
            therapist: Some(Id(99)),
            ..CardOptions::default()
        };
        let error = card(store.as_ref(), ME, today(), &unknown).unwrap_err();
        assert!(
            matches!(
                error,
                AppError::NotFound {
                    what: "therapist",
                    id: 99
                }
            ),
            "{error}"
        );
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

    #[test]
    fn goals_given_once_stay_on_the_next_card() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let goals = vec!["loosen calves before the marathon".to_string()];
        remember_goals(store.as_mut(), ME, &goals).unwrap();
        let later = card(store.as_ref(), ME, today(), &CardOptions::default()).unwrap();
        assert_eq!(later.goals.items, goals);
        let other = CardOptions {
            goals: vec!["neck".into()],
            ..CardOptions::default()
        };
        let now = card(store.as_ref(), ME, today(), &other).unwrap();
        assert_eq!(now.goals.items, vec!["neck".to_string()]);
    }
}
