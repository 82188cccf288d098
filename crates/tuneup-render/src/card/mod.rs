//! The intake card: one printable page the runner hands the massage therapist before an
//! appointment — recent training, big runs and the next race, sore and tight areas on a body
//! outline, injuries, preferences, goals and questions.
//!
//! [`build`] picks what goes on the card from the runner's records; [`html`] and [`text`]
//! render it. Only what the runner entered or the data shows is on it: an empty section is
//! left out rather than filled with advice. The lists are capped so the card stays one page;
//! a capped list says how many entries it left out.

mod body;
mod chart;
mod html;
mod text;

#[cfg(test)]
mod tests;

pub use body::{BodyView, Shape, shapes};
pub use html::html;
pub use text::text;

use chrono::{Duration, NaiveDate};
use tuneup_core::load::Analysis;
use tuneup_core::model::{
    AthleteProfile, Conversation, MassageSession, Race, SorenessEntry, Therapist,
};
use tuneup_core::units::{METERS_PER_MILE, Meters};
use tuneup_core::vocab::{
    BodyArea, MassagePurpose, RacePriority, Side, SorenessKind, Technique, UnitSystem, WeekStart,
};
use tuneup_core::{Id, Record};

/// How many days of training, soreness and big runs the card covers.
pub const WINDOW_DAYS: i64 = 28;
/// How far back injuries (sharp pain, rehab sessions) are shown: a rehab block outlasts four
/// weeks, and the therapist should know about it.
pub const INJURY_DAYS: i64 = 84;
/// Caps that keep the card on one page.
pub const MAX_BIG_RUNS: usize = 3;
pub const MAX_AREAS: usize = 5;
pub const MAX_INJURIES: usize = 3;
pub const MAX_GOALS: usize = 3;
pub const MAX_QUESTIONS: usize = 3;
/// Longer text is cut at these many characters, with an ellipsis: names (runner, therapist,
/// race), notes (on areas, injuries, the last session, preferences), and goals and questions.
pub const NAME_CHARS: usize = 32;
pub const NOTE_CHARS: usize = 70;
pub const LINE_CHARS: usize = 80;

/// Everything the card is built from. The caller reads it from the store; `build` is pure.
#[derive(Debug, Clone, Copy)]
pub struct CardInput<'a> {
    pub today: NaiveDate,
    pub profile: &'a AthleteProfile,
    /// The training-load analysis up to `today`.
    pub analysis: &'a Analysis,
    pub races: &'a [Record<Race>],
    pub soreness: &'a [Record<SorenessEntry>],
    pub massages: &'a [Record<MassageSession>],
    /// Therapists that sessions refer to (listed or removed), for names.
    pub therapists: &'a [Record<Therapist>],
    /// The therapist the card is for, if the runner named one.
    pub for_therapist: Option<Id>,
    /// Goals for this session, in the runner's words.
    pub goals: &'a [String],
    /// Questions the runner wants to ask, in their words.
    pub questions: &'a [String],
}

/// The card's content, chosen and capped; the renderers only lay it out.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub date: NaiveDate,
    pub runner: Option<String>,
    pub therapist: Option<String>,
    pub units: UnitSystem,
    /// Four weeks ending today, oldest first.
    pub weeks: Vec<Week>,
    pub big_runs: Capped<BigRunLine>,
    pub next_race: Option<RaceLine>,
    /// The next A race, when it is not the next race: deep work is timed around it.
    pub goal_race: Option<RaceLine>,
    /// Latest entry per area and side in the window, worst first.
    pub areas: Capped<AreaMark>,
    pub injuries: Capped<InjuryLine>,
    pub last_massage: Option<LastMassage>,
    pub preferences: Preferences,
    pub goals: Capped<String>,
    pub questions: Capped<String>,
}

/// A list with the number of entries left out to keep the card on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Capped<T> {
    pub items: Vec<T>,
    pub left_out: usize,
}

impl<T> Capped<T> {
    fn new(mut items: Vec<T>, max: usize) -> Self {
        let left_out = items.len().saturating_sub(max);
        items.truncate(max);
        Capped { items, left_out }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// One week of the training chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Week {
    pub start: NaiveDate,
    /// Running distance.
    pub distance: Meters,
    pub runs: u32,
    /// Training load of every activity, in points (100 ≈ an hour at threshold).
    pub load: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BigRunLine {
    pub date: NaiveDate,
    /// The analysis's own summary, e.g. "32.0 km long run, 3.3× your median run".
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RaceLine {
    pub date: NaiveDate,
    pub name: String,
    pub distance: Meters,
    pub priority: RacePriority,
    pub days_away: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AreaMark {
    pub area: BodyArea,
    pub side: Side,
    pub level: u8,
    pub kind: SorenessKind,
    pub date: NaiveDate,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InjuryLine {
    pub date: NaiveDate,
    pub what: String,
    /// The runner's note: what they felt, or what the physical therapist said.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LastMassage {
    pub date: NaiveDate,
    pub therapist: Option<String>,
    pub techniques: Vec<Technique>,
    /// The first areas worked, capped at [`MAX_AREAS`].
    pub areas: Vec<BodyArea>,
    pub areas_left_out: usize,
    pub pressure: Option<u8>,
    pub purpose: MassagePurpose,
    pub felt_after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Preferences {
    pub pressure: Option<u8>,
    pub draping: Option<String>,
    pub avoid: Vec<BodyArea>,
    pub conversation: Option<Conversation>,
    pub notes: Option<String>,
}

impl Preferences {
    pub fn is_empty(&self) -> bool {
        *self == Preferences::default()
    }
}

/// Chooses what goes on the card.
pub fn build(input: &CardInput<'_>) -> Card {
    let today = input.today;
    let from = today - Duration::days(WINDOW_DAYS - 1);
    let name_of = |id: Option<Id>| {
        id.and_then(|id| input.therapists.iter().find(|t| t.id == id))
            .map(|t| clip(&t.item.name, NAME_CHARS))
    };
    let comfort = &input.profile.comfort;
    Card {
        date: today,
        runner: input.profile.name.as_deref().map(|n| clip(n, NAME_CHARS)),
        therapist: name_of(input.for_therapist),
        units: input.profile.units,
        weeks: weeks(input.analysis, today, input.profile.week_start),
        big_runs: Capped::new(
            input
                .analysis
                .activities
                .iter()
                .rev()
                .filter(|a| a.date >= from && a.date <= today)
                .filter_map(|a| {
                    a.big_run.as_ref().map(|b| BigRunLine {
                        date: a.date,
                        // The first reason is enough on a one-page card.
                        summary: b.summary.split("; ").next().unwrap_or_default().to_string(),
                    })
                })
                .collect(),
            MAX_BIG_RUNS,
        ),
        next_race: next_race(input.races, today, |_| true),
        goal_race: next_race(input.races, today, |r| r.priority == RacePriority::A)
            .filter(|goal| Some(goal) != next_race(input.races, today, |_| true).as_ref()),
        areas: Capped::new(areas(input.soreness, from, today), MAX_AREAS),
        injuries: Capped::new(injuries(input, today), MAX_INJURIES),
        last_massage: input
            .massages
            .iter()
            .filter(|m| m.item.date <= today)
            .max_by_key(|m| (m.item.date, m.id))
            .map(|m| LastMassage {
                date: m.item.date,
                therapist: name_of(m.item.therapist),
                techniques: m.item.techniques.clone(),
                areas: m.item.areas.iter().copied().take(MAX_AREAS).collect(),
                areas_left_out: m.item.areas.len().saturating_sub(MAX_AREAS),
                pressure: m.item.pressure,
                purpose: m.item.purpose,
                felt_after: m
                    .item
                    .felt_after
                    .as_deref()
                    .and_then(non_blank)
                    .map(|t| clip(t, NOTE_CHARS)),
            }),
        preferences: Preferences {
            pressure: comfort.pressure,
            draping: comfort
                .draping
                .as_deref()
                .and_then(non_blank)
                .map(|t| clip(t, NOTE_CHARS)),
            avoid: comfort.avoid_areas.clone(),
            conversation: comfort.conversation,
            notes: comfort
                .notes
                .as_deref()
                .and_then(non_blank)
                .map(|t| clip(t, NOTE_CHARS)),
        },
        goals: Capped::new(clipped_lines(input.goals), MAX_GOALS),
        questions: Capped::new(clipped_lines(input.questions), MAX_QUESTIONS),
    }
}

/// The first race on or after `today` that `wanted` accepts.
fn next_race(
    races: &[Record<Race>],
    today: NaiveDate,
    wanted: impl Fn(&Race) -> bool,
) -> Option<RaceLine> {
    races
        .iter()
        .filter(|r| r.item.date >= today && wanted(&r.item))
        .min_by_key(|r| (r.item.date, r.id))
        .map(|r| RaceLine {
            date: r.item.date,
            name: clip(&r.item.name, NAME_CHARS),
            distance: r.item.distance,
            priority: r.item.priority,
            days_away: (r.item.date - today).num_days(),
        })
}

/// The four calendar weeks (from the runner's week start, Monday or Sunday) up to the one
/// holding `today`, oldest first: the weeks a runner and a therapist talk in.
fn weeks(analysis: &Analysis, today: NaiveDate, week_start: WeekStart) -> Vec<Week> {
    use chrono::Datelike;
    let into_week = match week_start {
        WeekStart::Monday => today.weekday().num_days_from_monday(),
        WeekStart::Sunday => today.weekday().num_days_from_sunday(),
    };
    let this_start = today - Duration::days(i64::from(into_week));
    let from = this_start - Duration::days(WINDOW_DAYS - 7);
    (0..WINDOW_DAYS / 7)
        .map(|i| {
            let start = from + Duration::days(i * 7);
            let end = start + Duration::days(6);
            let runs = analysis
                .activities
                .iter()
                .filter(|a| a.sport.is_running() && a.date >= start && a.date <= end);
            let (distance, count) = runs.fold((0.0, 0), |(d, n), a| (d + a.distance.0, n + 1));
            Week {
                start,
                distance: Meters(distance),
                runs: count,
                load: analysis
                    .series_between(start, end)
                    .iter()
                    .map(|d| d.load.0)
                    .sum(),
            }
        })
        .collect()
}

/// The latest entry for each area and side in the window; an entry a later 0/10 closed (on
/// its side or on both) drops out.
fn areas(soreness: &[Record<SorenessEntry>], from: NaiveDate, today: NaiveDate) -> Vec<AreaMark> {
    let mut latest: Vec<&Record<SorenessEntry>> = Vec::new();
    let mut window: Vec<&Record<SorenessEntry>> = soreness
        .iter()
        .filter(|s| s.item.date >= from && s.item.date <= today)
        .collect();
    window.sort_by_key(|s| (s.item.date, s.id));
    let mut recent = tuneup_core::model::still_open(&window, |s| &s.item);
    recent.reverse();
    for entry in recent.into_iter().copied() {
        if !latest
            .iter()
            .any(|l| l.item.area == entry.item.area && l.item.side == entry.item.side)
        {
            latest.push(entry);
        }
    }
    let mut marks: Vec<AreaMark> = latest
        .into_iter()
        .filter(|s| s.item.level > 0)
        .map(|s| AreaMark {
            area: s.item.area,
            side: s.item.side,
            level: s.item.level,
            kind: s.item.kind,
            date: s.item.date,
            note: s
                .item
                .note
                .as_deref()
                .and_then(non_blank)
                .map(|t| clip(t, NOTE_CHARS)),
        })
        .collect();
    // Worst first; then body order, so the list reads top to bottom on equal levels.
    marks.sort_by_key(|m| (std::cmp::Reverse(m.level), m.area, m.side));
    marks
}

/// Sharp pain and rehab sessions: what the therapist must know before touching an area.
fn injuries(input: &CardInput<'_>, today: NaiveDate) -> Vec<InjuryLine> {
    let from = today - Duration::days(INJURY_DAYS - 1);
    let in_range = |date: NaiveDate| date >= from && date <= today;
    let mut lines: Vec<InjuryLine> = input
        .soreness
        .iter()
        .filter(|s| s.item.kind.is_pain() && in_range(s.item.date))
        .map(|s| InjuryLine {
            date: s.item.date,
            what: format!(
                "sharp pain, {} ({}), level {}/10",
                s.item.area.label(),
                side_words(s.item.side),
                s.item.level
            ),
            note: s
                .item
                .note
                .as_deref()
                .and_then(non_blank)
                .map(|t| clip(t, NOTE_CHARS)),
        })
        .chain(
            input
                .massages
                .iter()
                .filter(|m| m.item.purpose == MassagePurpose::Rehab && in_range(m.item.date))
                .map(|m| InjuryLine {
                    date: m.item.date,
                    what: if m.item.areas.is_empty() {
                        "rehab massage".to_string()
                    } else {
                        format!("rehab massage: {}", area_labels(&m.item.areas))
                    },
                    note: m
                        .item
                        .note
                        .as_deref()
                        .or(m.item.felt_after.as_deref())
                        .and_then(non_blank)
                        .map(|t| clip(t, NOTE_CHARS)),
                }),
        )
        .collect();
    lines.sort_by_key(|l| std::cmp::Reverse(l.date));
    lines
}

fn clipped_lines(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| non_blank(l))
        .map(|l| clip(l, LINE_CHARS))
        .collect()
}

fn non_blank(text: &str) -> Option<&str> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then_some(trimmed)
}

/// Cuts long text so one runaway note cannot push the card onto a second page.
fn clip(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

pub(crate) fn side_words(side: Side) -> &'static str {
    match side {
        Side::Left => "left",
        Side::Right => "right",
        Side::Both => "both sides",
    }
}

pub(crate) fn area_labels(areas: &[BodyArea]) -> String {
    areas
        .iter()
        .map(|a| a.label())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn technique_labels(techniques: &[Technique]) -> String {
    techniques
        .iter()
        .map(|t| t.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A distance in the runner's units, one decimal.
pub(crate) fn distance(distance: Meters, units: UnitSystem) -> String {
    match units {
        UnitSystem::Metric => format!("{:.1} km", distance.km()),
        UnitSystem::Imperial => format!("{:.1} mi", distance.0 / METERS_PER_MILE),
    }
}

pub(crate) fn distance_value(distance: Meters, units: UnitSystem) -> f64 {
    match units {
        UnitSystem::Metric => distance.km(),
        UnitSystem::Imperial => distance.0 / METERS_PER_MILE,
    }
}

pub(crate) fn unit_name(units: UnitSystem) -> &'static str {
    match units {
        UnitSystem::Metric => "km",
        UnitSystem::Imperial => "mi",
    }
}

pub(crate) fn pressure_words(pressure: u8) -> String {
    let word = match pressure {
        1 => "light",
        2 => "light to medium",
        3 => "medium",
        4 => "firm",
        _ => "very firm",
    };
    format!("{pressure}/5 ({word})")
}

pub(crate) fn conversation_words(conversation: Conversation) -> &'static str {
    match conversation {
        Conversation::Quiet => "prefers a quiet session",
        Conversation::Chat => "happy to chat",
    }
}

pub(crate) fn kind_words(kind: SorenessKind) -> &'static str {
    kind.label()
}

/// "Sat 21 Nov".
pub(crate) fn short_date(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

/// "Friday 27 November 2026".
pub(crate) fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

pub(crate) fn priority_words(priority: RacePriority) -> &'static str {
    match priority {
        RacePriority::A => "A race (goal)",
        RacePriority::B => "B race",
        RacePriority::C => "C race (training)",
    }
}
