//! The routine builder: ranks areas by what asks for them (the runner's choice, recent
//! soreness, symptoms, the last run, trigger-point sources of sore areas), picks the best owned
//! tool for each, and fits the steps into the minutes available.

use super::{RecentRun, Routine, RoutineRequest, RoutineStep, SkippedArea};
use crate::knowledge::{KnowledgeBase, knowledge};
use crate::model::SorenessEntry;
use crate::vocab::{BodyArea, Side, SorenessKind, Tool, UnknownId};
use chrono::NaiveDate;
use std::collections::BTreeMap;

// Priorities: what the runner asks for beats what the log shows, which beats what the run
// suggests; several reasons add up, so an area sore *and* loaded by the run ranks higher.
const EXPLICIT: i64 = 1000;
const SORENESS: i64 = 100;
const SORENESS_PER_LEVEL: i64 = 10;
const SORENESS_PER_DAY_AGO: i64 = 5;
const REFERRAL: i64 = 40;
const SYMPTOM: i64 = 80;
const RUN: i64 = 60;
const GENERAL: i64 = 20;
/// Later entries in a list of areas matter a little less than earlier ones.
const PER_POSITION: i64 = 5;
/// Minutes at most on the day before a race and on race day.
const RACE_MINUTES: u32 = 5;
/// Durations are shortened in steps of this many seconds, so they stay round.
const SHORTEN_STEP: u32 = 5;

/// Why an area is in the routine, collected before the steps are made.
#[derive(Debug, Default)]
struct Candidate {
    priority: i64,
    reasons: Vec<String>,
}

#[derive(Debug, Default)]
struct Candidates {
    areas: BTreeMap<BodyArea, Candidate>,
    /// Areas asked for that are worked through others (the Achilles), in the order met.
    redirected: Vec<BodyArea>,
}

impl Candidates {
    /// Adds `area`, or the areas it is worked through (the calves for the Achilles), whose
    /// reason then names the area asked for.
    fn add(&mut self, kb: &KnowledgeBase, area: BodyArea, priority: i64, reason: String) {
        let worked = kb.worked_areas(area);
        let reason = if worked == [area] {
            reason
        } else {
            if !self.redirected.contains(&area) {
                self.redirected.push(area);
            }
            format!(
                "{reason} (for the {}, worked through its muscles)",
                area.label()
            )
        };
        for area in worked {
            let candidate = self.areas.entry(area).or_default();
            candidate.priority += priority;
            if !candidate.reasons.contains(&reason) {
                candidate.reasons.push(reason.clone());
            }
        }
    }

    /// Highest priority first; ties in body-area order, so the result is deterministic.
    fn ranked(self) -> Vec<(BodyArea, Candidate)> {
        let mut ranked: Vec<_> = self.areas.into_iter().collect();
        ranked.sort_by(|(a, x), (b, y)| y.priority.cmp(&x.priority).then(a.cmp(b)));
        ranked
    }
}

/// Builds the day's routine from the shipped knowledge base. Fails only on an unknown symptom id.
pub fn build_routine(request: &RoutineRequest) -> Result<Routine, UnknownId> {
    build_with(knowledge(), request)
}

pub(super) fn build_with(
    kb: &KnowledgeBase,
    request: &RoutineRequest,
) -> Result<Routine, UnknownId> {
    let symptoms = request
        .symptoms
        .iter()
        .map(|id| kb.symptom(id))
        .collect::<Result<Vec<_>, _>>()?;
    let mut candidates = Candidates::default();
    let mut notes = Vec::new();

    for area in &request.areas {
        candidates.add(kb, *area, EXPLICIT, "you asked for it".to_string());
    }

    if let Some(run) = request.run {
        let focus = kb.run_focus(run.run);
        let words = run_words(&focus.name, run, request.date);
        for (position, area) in focus.areas.iter().enumerate() {
            candidates.add(
                kb,
                *area,
                RUN - PER_POSITION * position as i64,
                words.clone(),
            );
        }
    }

    let (recent, professional) = recent_soreness(kb, request);
    for entry in &recent {
        let days_ago = (request.date - entry.date).num_days();
        let priority = SORENESS + SORENESS_PER_LEVEL * i64::from(entry.level)
            - SORENESS_PER_DAY_AGO * days_ago;
        candidates.add(
            kb,
            entry.area,
            priority,
            soreness_words(entry, request.date),
        );
        // Trigger points elsewhere may be where a sore area's pain comes from.
        let mut sources: BTreeMap<BodyArea, Vec<String>> = BTreeMap::new();
        for muscle in kb.muscles_referring_to_area(entry.area) {
            if muscle.area != entry.area {
                sources
                    .entry(muscle.area)
                    .or_default()
                    .push(format!("the {}", muscle.name));
            }
        }
        for (area, muscles) in sources {
            let reason = format!(
                "{} can refer pain to your {} (trigger points)",
                join_and(&muscles.iter().map(String::as_str).collect::<Vec<_>>()),
                entry.area.label()
            );
            candidates.add(kb, area, REFERRAL + i64::from(entry.level), reason);
        }
    }

    for symptom in &symptoms {
        for (position, area) in symptom.areas.iter().enumerate() {
            let priority = SYMPTOM - PER_POSITION * position as i64;
            candidates.add(kb, *area, priority, format!("for {}", symptom.name));
        }
        if symptom.id == "desk_day" {
            notes.push(
                "After a day at a desk, roll the glutes out before you run, not only after."
                    .to_string(),
            );
        }
    }

    if candidates.areas.is_empty() {
        for (position, area) in kb.routine.general_areas.iter().enumerate() {
            let priority = GENERAL - PER_POSITION * position as i64;
            candidates.add(kb, *area, priority, "a light general set".to_string());
        }
    }

    for area in &candidates.redirected {
        if let Some(why) = &kb.area(*area).never_worked {
            notes.push(why.clone());
        }
    }
    let mut skipped = Vec::new();
    let mut steps = Vec::new();
    // Areas worked deep today or yesterday rest for 24 h.
    let resting: BTreeMap<BodyArea, NaiveDate> = request
        .deep_work
        .iter()
        .filter(|w| (0..=1).contains(&(request.date - w.date).num_days()))
        .flat_map(|w| w.areas.iter().map(move |a| (*a, w.date)))
        .collect();
    let mut rested = Vec::new();
    for (area, candidate) in candidates.ranked() {
        if professional.iter().any(|p| p.area == area) {
            continue;
        }
        if let Some(date) = resting.get(&area) {
            rested.push(area);
            skipped.push(SkippedArea {
                area,
                reason: format!(
                    "worked deep at your massage {}: give it 24 h before self-massage",
                    day_words(*date, request.date)
                ),
            });
            continue;
        }
        match step_for(kb, area, &request.tools, candidate.reasons.join("; ")) {
            Some(step) => steps.push(step),
            None => skipped.push(SkippedArea {
                area,
                reason: "no technique for this area in the knowledge base".to_string(),
            }),
        }
    }
    for p in &professional {
        if request.areas.contains(&p.area) {
            notes.push(format!(
                "You asked for the {}, but it is left out: {}.",
                p.area.label(),
                p.reason
            ));
        }
    }

    if !rested.is_empty() {
        let areas: Vec<&str> = rested.iter().map(|a| a.label()).collect();
        notes.push(format!(
            "Your massage worked the {} deep: leave {} alone for 24 h (gentle stroking at most).",
            join_and(&areas),
            if rested.len() == 1 { "it" } else { "them" }
        ));
    }
    // The day before a race and race day: light and short.
    let mut minutes = request.minutes;
    if let Some(race) = request
        .race
        .as_ref()
        .filter(|r| (0..=1).contains(&(r.date - request.date).num_days()))
    {
        minutes = minutes.min(RACE_MINUTES);
        notes.push(format!(
            "{} {}: keep it light and short ({RACE_MINUTES} min at most): roll gently, without pausing on tender spots; nothing new, nothing deep.",
            race.name,
            if race.date == request.date { "is today" } else { "is tomorrow" },
        ));
    }
    let floors: Vec<u32> = steps.iter().map(|s| floor_of(kb, s.area, s.tool)).collect();
    let budget = minutes.saturating_mul(60);
    let kept = fit(&mut steps, &floors, budget);
    for step in steps.drain(kept..) {
        skipped.push(SkippedArea {
            area: step.area,
            reason: format!("did not fit in {minutes} minutes"),
        });
    }
    let total_seconds = steps.iter().map(|s| s.seconds).sum();

    Ok(Routine {
        date: request.date,
        minutes: request.minutes,
        steps,
        total_seconds,
        skipped,
        see_a_professional: professional,
        notes,
        cautions: kb.routine.general_cautions.clone(),
        disclaimer: kb.disclaimer.clone(),
    })
}

/// The most recent, most severe entry per area within the window, split into those to massage
/// and those (sharp, or at the professional level) that need a professional instead.
fn recent_soreness<'a>(
    kb: &KnowledgeBase,
    request: &'a RoutineRequest,
) -> (Vec<&'a SorenessEntry>, Vec<SkippedArea>) {
    let window = i64::from(kb.routine.soreness_window_days);
    let mut latest: BTreeMap<BodyArea, &SorenessEntry> = BTreeMap::new();
    let mut professional: BTreeMap<BodyArea, &SorenessEntry> = BTreeMap::new();
    for entry in &request.soreness {
        let days_ago = (request.date - entry.date).num_days();
        if !(0..window).contains(&days_ago) || entry.level == 0 {
            continue;
        }
        let severe = entry.kind.is_pain() || entry.level >= kb.routine.professional_level;
        let map = if severe {
            &mut professional
        } else {
            &mut latest
        };
        let keep = map
            .get(&entry.area)
            .is_none_or(|kept| (entry.date, entry.level) > (kept.date, kept.level));
        if keep {
            map.insert(entry.area, entry);
        }
    }
    let professional: Vec<SkippedArea> = professional
        .into_values()
        .map(|entry| SkippedArea {
            area: entry.area,
            reason: format!(
                "{}: see a physical therapist or doctor before massaging it yourself",
                soreness_words(entry, request.date)
            ),
        })
        .collect();
    // An area with severe pain stays off the massage list even if a milder entry is newer.
    latest.retain(|area, _| !professional.iter().any(|p| p.area == *area));
    let mut recent: Vec<&SorenessEntry> = latest.into_values().collect();
    recent.sort_by(|a, b| (b.date, b.level, a.area).cmp(&(a.date, a.level, b.area)));
    (recent, professional)
}

/// The step for an area with the best tool the runner owns.
fn step_for(
    kb: &KnowledgeBase,
    area: BodyArea,
    tools: &[Tool],
    reason: String,
) -> Option<RoutineStep> {
    let technique = kb.best_self_massage(area, tools)?;
    let mut cautions = kb.area(area).cautions.clone();
    cautions.extend(technique.cautions.iter().cloned());
    Some(RoutineStep {
        area,
        tool: technique.tool,
        seconds: technique.seconds,
        how: technique.how.clone(),
        cautions,
        reason,
        muscles: technique
            .muscles
            .iter()
            .filter_map(|id| kb.muscle(id).map(|m| m.name.clone()))
            .collect(),
    })
}

/// Builds steps for given areas with a fixed reason each; used by the `why` look-up.
pub(super) fn steps_for(
    kb: &KnowledgeBase,
    areas: &[(BodyArea, String)],
    tools: &[Tool],
) -> Vec<RoutineStep> {
    areas
        .iter()
        .filter_map(|(area, reason)| step_for(kb, *area, tools, reason.clone()))
        .collect()
}

fn floor_of(kb: &KnowledgeBase, area: BodyArea, tool: Tool) -> u32 {
    kb.self_massage_for(area)
        .find(|t| t.tool == tool)
        .map_or(SHORTEN_STEP, |t| t.min_seconds)
}

/// Fits the steps into `budget` seconds: drops the lowest-priority steps until their floors
/// fit, then takes the same number of seconds off every step (never below its floor) until the
/// total fits. Returns how many steps are kept; the rest are to be dropped.
fn fit(steps: &mut [RoutineStep], floors: &[u32], budget: u32) -> usize {
    let mut kept = steps.len();
    while kept > 0 && floors[..kept].iter().sum::<u32>() > budget {
        kept -= 1;
    }
    let defaults: Vec<u32> = steps[..kept].iter().map(|s| s.seconds).collect();
    let longest = defaults.iter().copied().max().unwrap_or(0);
    let mut cut = 0;
    loop {
        let total: u32 = defaults
            .iter()
            .zip(floors)
            .map(|(d, f)| d.saturating_sub(cut).max(*f))
            .sum();
        if total <= budget || cut >= longest {
            break;
        }
        cut += SHORTEN_STEP;
    }
    for ((step, default), floor) in steps.iter_mut().zip(&defaults).zip(floors) {
        step.seconds = default.saturating_sub(cut).max(*floor);
    }
    kept
}

fn day_words(date: NaiveDate, today: NaiveDate) -> String {
    match (today - date).num_days() {
        0 => "today".to_string(),
        1 => "yesterday".to_string(),
        -1 => "tomorrow".to_string(),
        _ => format!("on {}", date.format("%a")),
    }
}

/// "sore 5/10 on Tue", "sharp pain 4/10 yesterday (left)".
fn soreness_words(entry: &SorenessEntry, today: NaiveDate) -> String {
    let when = day_words(entry.date, today);
    let what = match entry.kind {
        SorenessKind::Sharp => format!("sharp pain {}/10 {when}", entry.level),
        SorenessKind::Bone => format!("bone pain {}/10 {when}", entry.level),
        kind => format!("{} {}/10 {when}", kind.id(), entry.level),
    };
    match entry.side {
        Side::Both => what,
        side => format!("{what} ({})", side.id()),
    }
}

/// "your long run yesterday", "today's hill run".
fn run_words(name: &str, run: RecentRun, today: NaiveDate) -> String {
    match (today - run.date).num_days() {
        0 => format!("today's {name}"),
        -1 => format!("tomorrow's {name}"),
        _ => format!("your {name} {}", day_words(run.date, today)),
    }
}

pub(super) fn join_and(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests;
