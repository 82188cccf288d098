//! The recovery planner: massage and self-massage scheduled like service intervals, every
//! item carrying the rule that produced it, the records that caused it and a plain reason.
//!
//! The planner is a pure function of its input: `from` is "today" (nothing reads the clock),
//! and the same input always gives the same plan, in the same order. Rules live one per
//! file under `rules/`; thresholds live in [`PlanRules`]. When two rules disagree, the
//! planner keeps the safer one and writes the clash into [`Plan::conflicts`].

mod config;
mod context;
mod format;
pub mod from_load;
mod rules;
#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests;
mod visits;

pub use config::PlanRules;

use crate::id::{Id, Record};
use crate::model::{
    Activity, InvalidField, MassageCadence, MassageSession, PlannedSession, Race, SorenessEntry,
};
use crate::units::Meters;
use crate::vocab::{BodyArea, Technique, UnitSystem};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A run that is large for this athlete, as the training-load module judged it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BigRun {
    pub activity: Id,
    /// The local calendar day of the run.
    pub date: NaiveDate,
    /// When the run ended; the 24–48 h window counts from here.
    pub end: DateTime<Utc>,
    pub distance: Meters,
    /// The run's load divided by the largest load of the 30 days before it, when it was big
    /// by load.
    pub load_ratio: Option<f64>,
    /// How the session is named: "long run", "hard session", "race", "run".
    #[serde(default)]
    pub session: String,
    /// Why it counts as big, in plain words ("25 % longer than your longest run in 30 days
    /// (26 km)").
    pub reason: String,
}

/// The 7 days ending on `date` against the weekly average of the 28 days before them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeeklyLoad {
    pub date: NaiveDate,
    pub last_7_days: f64,
    pub weekly_average_before: f64,
}

impl WeeklyLoad {
    /// The ratio as shown, to two decimals: a rule compares what the runner reads, so "1.50"
    /// is never "above 1.5".
    pub fn shown_ratio(&self) -> f64 {
        (self.last_7_days / self.weekly_average_before * 100.0).round() / 100.0
    }
}

/// Which muscles can refer pain to a body area (trigger-point referral), as the knowledge
/// base knows it. An area missing from the map simply gets no trigger-point item.
pub type Referrals = BTreeMap<BodyArea, Vec<String>>;

/// Everything the planner reads. Slices need not be sorted.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    /// The first planned day; also "today" for every look-back (soreness, service interval).
    pub from: NaiveDate,
    /// How many days to plan, `from` included.
    pub days: u32,
    pub cadence: MassageCadence,
    /// How distances are written in reasons (the JSON stays in km).
    pub units: UnitSystem,
    pub activities: &'a [Record<Activity>],
    pub big_runs: &'a [BigRun],
    /// Weekly load totals by day (the rolling acute:chronic ratio's parts).
    pub acwr: &'a [WeeklyLoad],
    pub planned: &'a [Record<PlannedSession>],
    pub races: &'a [Record<Race>],
    pub soreness: &'a [Record<SorenessEntry>],
    /// Massage sessions: those dated before `from` are done, the others are booked.
    pub massages: &'a [Record<MassageSession>],
    pub referrals: &'a Referrals,
}

/// The plan for `days` days from `from`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub from: NaiveDate,
    pub days: u32,
    pub service: ServiceStatus,
    pub items: Vec<PlanItem>,
    pub conflicts: Vec<Conflict>,
}

/// The massage service interval, like a car's: the last visit and when the next is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceStatus {
    pub last: Option<NaiveDate>,
    pub days_since: Option<i64>,
    /// Running distance since the last massage, in km (one decimal).
    pub km_since: f64,
    pub next_due: NaiveDate,
    pub status: ServiceState,
    pub reason: String,
}

crate::vocab::vocabulary!(
    ServiceState, "service state" {
        Ok = "ok": "not due yet",
        Due = "due": "due",
        Overdue = "overdue": "overdue",
    }
);

/// One thing to do (or not do) on a day or a window of days.
///
/// A professional massage (`kind: massage`) is a *visit*: at most one a day. Its `parts` say
/// what to ask for (technique, areas, muscles) and its `reasons` every rule that asked for
/// it; the top-level `technique` is its deepest part, `rule`/`reason` its reason of highest
/// priority and `because` the union of the reasons' records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    /// A stable id: a hash of the rule and the record that triggered the item (for a visit,
    /// of its primary reason), so it survives a replan that moves or narrows the window.
    #[serde(default)]
    pub id: String,
    pub date: NaiveDate,
    /// The last day of a window (inclusive); `None` for a single day.
    pub until: Option<NaiveDate>,
    pub kind: ItemKind,
    pub technique: Option<Technique>,
    pub areas: Vec<BodyArea>,
    /// For trigger-point work: the muscles to work on (they refer pain to `areas`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub muscles: Vec<String>,
    pub rule: RuleId,
    pub reason: String,
    pub because: Vec<Because>,
    /// A visit's parts, deepest last-asked order: Swedish warm-up first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<VisitPart>,
    /// Every rule that asked for this visit, highest priority first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<VisitReason>,
    /// The id of the massage the runner booked, when this visit is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booked: Option<String>,
}

impl Default for PlanItem {
    fn default() -> Self {
        PlanItem {
            id: String::new(),
            date: NaiveDate::default(),
            until: None,
            kind: ItemKind::Caution,
            technique: None,
            areas: Vec::new(),
            muscles: Vec::new(),
            rule: RuleId::ServiceInterval,
            reason: String::new(),
            because: Vec::new(),
            parts: Vec::new(),
            reasons: Vec::new(),
            booked: None,
        }
    }
}

impl PlanItem {
    /// The last day the item covers.
    pub fn last_day(&self) -> NaiveDate {
        self.until.unwrap_or(self.date)
    }

    /// Whether the item covers `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        date >= self.date && date <= self.last_day()
    }
}

/// One part of a visit: a technique on some areas (and, for trigger points, muscles).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitPart {
    pub technique: Technique,
    pub areas: Vec<BodyArea>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub muscles: Vec<String>,
}

/// One rule that asked for a visit, with its own reason and records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitReason {
    /// The id this reason would have as a visit of its own (see [`PlanItem::id`]).
    pub id: String,
    pub rule: RuleId,
    pub reason: String,
    pub because: Vec<Because>,
}

crate::vocab::vocabulary!(
    ItemKind, "item kind" {
        Massage = "massage": "massage",
        SelfMassage = "self_massage": "self-massage",
        Rest = "rest": "rest",
        Caution = "caution": "caution",
        Note = "note": "note",
    }
);

crate::vocab::vocabulary!(
    /// The planner's rules, in the order they are listed to people.
    RuleId, "rule" {
        ServiceInterval = "service_interval": "service interval",
        PostBigRun = "post_big_run": "after a big run",
        NoHardAfterMassage = "no_hard_after_massage": "no hard session after a massage",
        RehabRestDay = "rehab_rest_day": "rest after a rehab massage",
        RaceTaper = "race_taper": "race taper",
        PostRace = "post_race": "after a race",
        TroubleArea = "trouble_area": "trouble area",
        AcwrSpike = "acwr_spike": "load spike",
        SeeAPro = "see_a_pro": "see a professional",
        PlannedSpike = "planned_spike": "planned run spike",
    }
);

/// A record that caused an item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Because {
    #[serde(rename = "type")]
    pub kind: BecauseKind,
    pub id: String,
    pub date: NaiveDate,
}

crate::vocab::vocabulary!(
    BecauseKind, "record kind" {
        Activity = "activity": "activity",
        Soreness = "soreness": "soreness entry",
        Race = "race": "race",
        Massage = "massage": "massage",
        Planned = "planned": "planned session",
    }
);

impl Because {
    pub fn new(kind: BecauseKind, id: Id, date: NaiveDate) -> Self {
        Because {
            kind,
            id: id.to_string(),
            date,
        }
    }
}

/// Two rules that wanted different things, or a booked massage that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Conflict {
    /// The rule whose wish was not (fully) met, or the rule a booked session breaks.
    pub rule: RuleId,
    pub date: NaiveDate,
    pub reason: String,
    /// The rule that won, when another rule caused the clash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with: Option<RuleId>,
}

/// The input could not be planned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    #[error("plan rules: {0}")]
    Rules(#[from] InvalidField),
    #[error("days: {0} is out of range (must be 1 to {max})", max = MAX_DAYS)]
    Days(u32),
}

/// The longest plan: a year.
pub const MAX_DAYS: u32 = 366;

/// Plans `input.days` days from `input.from`.
pub fn plan(input: &PlanInput<'_>, rules: &PlanRules) -> Result<Plan, PlanError> {
    rules.validate()?;
    crate::limits::check_date("from", input.from)?;
    if input.days == 0 || input.days > MAX_DAYS {
        return Err(PlanError::Days(input.days));
    }
    let notes = passed_unbooked(input, rules);
    Ok(plan_with(input, rules, notes))
}

/// A visit yesterday's plan suggested for a big run or a race, whose window ended yesterday
/// with no massage in it: noted once, today, and the plan moves on. (Visits for the service
/// interval or a trouble area are simply suggested again.)
fn passed_unbooked(input: &PlanInput<'_>, rules: &PlanRules) -> Vec<PlanItem> {
    let yesterday = input.from - chrono::Duration::days(1);
    let before = plan_with(
        &PlanInput {
            from: yesterday,
            ..*input
        },
        rules,
        Vec::new(),
    );
    let mut notes = Vec::new();
    for visit in before
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Massage && i.booked.is_none() && i.last_day() == yesterday)
    {
        let Some(reason) = visit.reasons.iter().find(|r| {
            matches!(
                r.rule,
                RuleId::PostBigRun | RuleId::PostRace | RuleId::RaceTaper
            )
        }) else {
            continue;
        };
        if input.massages.iter().any(|m| visit.covers(m.item.date)) {
            continue;
        }
        let race = reason
            .because
            .iter()
            .filter(|b| b.kind == BecauseKind::Race)
            .find_map(|b| input.races.iter().find(|r| r.id.to_string() == b.id));
        let what = match (reason.rule, race) {
            (RuleId::RaceTaper, Some(race)) => {
                format!("the pre-race flush before {}", race.item.name)
            }
            (RuleId::PostRace, Some(race)) => format!("the light massage after {}", race.item.name),
            _ => {
                let run = reason.reason.split([',', '→']).next().unwrap_or("").trim();
                format!("the light massage after the {run}")
            }
        };
        let window: Vec<NaiveDate> = context::days(visit.date, visit.last_day()).collect();
        notes.push(PlanItem {
            date: input.from,
            kind: ItemKind::Note,
            rule: reason.rule,
            areas: visit.areas.clone(),
            reason: format!(
                "not booked: {what} (suggested for {}) → its window has passed and the plan moves on",
                format::days_or(&window)
            ),
            because: reason.because.clone(),
            ..Default::default()
        });
    }
    notes
}

fn plan_with(input: &PlanInput<'_>, rules: &PlanRules, notes: Vec<PlanItem>) -> Plan {
    let ctx = context::Ctx::new(input, rules);
    let mut out = context::Out::default();

    let mut service = rules::service_interval::status(&ctx);
    let visit = rules::service_interval::schedule(&ctx, &mut service, &mut out);
    rules::trouble_area::apply(&ctx, &visit, &mut out);
    rules::post_big_run::apply(&ctx, &visit, &mut out);
    rules::race_taper::apply(&ctx, &mut out);
    rules::no_hard_after_massage::check_booked(&ctx, &mut out);
    rules::rehab_rest_day::apply(&ctx, &mut out);
    rules::acwr_spike::apply(&ctx, &mut out);
    rules::planned_spike::apply(&ctx, &mut out);
    rules::see_a_pro::apply(&ctx, &mut out);
    visits::consolidate(&ctx, &mut out);
    out.settle_visit_conflicts();
    visits::no_slot_beside_visits(&mut out);
    visits::rest_after_deep_work(&ctx, &mut out);
    out.items.extend(notes);

    let (items, conflicts) = out.finish();
    Plan {
        from: input.from,
        days: input.days,
        service,
        items,
        conflicts,
    }
}
