//! What every rule needs: the input indexed by day, the horizon, the question "may a
//! massage of this technique go on this day, and if not, which rule says no?", and the
//! collector for items and conflicts.

use super::format;
use super::rules::{no_hard_after_massage, post_big_run, race_taper, see_a_pro};
use super::{Conflict, PlanInput, PlanItem, PlanRules, RuleId};
use crate::id::Record;
use crate::model::PlannedSession;
use crate::vocab::{BodyArea, Technique};
use chrono::{Duration, NaiveDate};
use std::collections::BTreeMap;

pub(crate) struct Ctx<'a> {
    pub input: &'a PlanInput<'a>,
    pub rules: &'a PlanRules,
    /// The last planned day, inclusive.
    pub end: NaiveDate,
    planned: BTreeMap<NaiveDate, Vec<&'a Record<PlannedSession>>>,
    /// Areas that must wait for a physical therapist, with what was found.
    pub pro_areas: BTreeMap<BodyArea, see_a_pro::Finding>,
    /// The light-massage windows of big runs near the plan.
    pub big_run_windows: Vec<post_big_run::Window>,
}

/// A rule saying no to a massage on a day.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Block {
    pub rule: RuleId,
    pub reason: String,
}

/// The days of a window on which a massage may go, and why the others may not.
pub(crate) struct Slots {
    pub allowed: Vec<NaiveDate>,
    pub blocked: Vec<(NaiveDate, Block)>,
}

impl<'a> Ctx<'a> {
    pub fn new(input: &'a PlanInput<'a>, rules: &'a PlanRules) -> Self {
        let end = input.from + Duration::days(i64::from(input.days) - 1);
        let mut planned: BTreeMap<NaiveDate, Vec<&Record<PlannedSession>>> = BTreeMap::new();
        // Only days the rules ask about: the plan and the few days after it that deep work
        // at its end looks ahead to.
        let look_ahead = end + Duration::days(3);
        for session in input
            .planned
            .iter()
            .filter(|s| s.item.date >= input.from && s.item.date <= look_ahead)
        {
            planned.entry(session.item.date).or_default().push(session);
        }
        for sessions in planned.values_mut() {
            sessions.sort_by_key(|s| s.id);
        }
        let mut ctx = Ctx {
            input,
            rules,
            end,
            planned,
            pro_areas: BTreeMap::new(),
            big_run_windows: post_big_run::windows(input, rules, end),
        };
        ctx.pro_areas = see_a_pro::findings(&ctx);
        ctx
    }

    pub fn from(&self) -> NaiveDate {
        self.input.from
    }

    pub fn in_horizon(&self, date: NaiveDate) -> bool {
        date >= self.input.from && date <= self.end
    }

    pub fn planned_on(&self, date: NaiveDate) -> &[&'a Record<PlannedSession>] {
        self.planned.get(&date).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The first hard session planned on `date`, if any: by the kind it counts as, so
    /// "6x800" filed as easy is hard (`PlannedSession::counts_as`).
    pub fn hard_on(&self, date: NaiveDate) -> Option<&'a Record<PlannedSession>> {
        self.planned_on(date)
            .iter()
            .copied()
            .find(|s| self.rules.hard_kinds.contains(&s.item.counts_as()))
    }

    /// Why a massage with `technique` may not go on `date` (empty: it may).
    pub fn blocks(&self, date: NaiveDate, technique: Technique) -> Vec<Block> {
        let mut blocks = Vec::new();
        no_hard_after_massage::blocks(self, date, technique, &mut blocks);
        race_taper::blocks(self, date, technique, &mut blocks);
        post_big_run::blocks(self, date, technique, &mut blocks);
        blocks
    }

    /// Splits `days` (clipped to the horizon) into the allowed and the blocked ones.
    pub fn slots(&self, days: impl IntoIterator<Item = NaiveDate>, technique: Technique) -> Slots {
        let mut slots = Slots {
            allowed: Vec::new(),
            blocked: Vec::new(),
        };
        for date in days.into_iter().filter(|d| self.in_horizon(*d)) {
            match self.blocks(date, technique).into_iter().next() {
                None => slots.allowed.push(date),
                Some(block) => slots.blocked.push((date, block)),
            }
        }
        slots
    }
}

/// Every day from `first` to `last`, inclusive.
pub(crate) fn days(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    first.iter_days().take_while(move |d| *d <= last)
}

impl Slots {
    /// The allowed days from the first one up to the first gap: a window shown as one
    /// span must not cover a blocked day.
    pub fn first_run(&self) -> Vec<NaiveDate> {
        let mut run: Vec<NaiveDate> = Vec::new();
        for day in &self.allowed {
            match run.last() {
                Some(last) if *day != *last + Duration::days(1) => break,
                _ => run.push(*day),
            }
        }
        run
    }

    /// "Mon is out: intervals planned that day" for each blocked day.
    pub fn blocked_text(&self) -> String {
        let parts: Vec<String> = self
            .blocked
            .iter()
            .map(|(date, block)| format!("{} is out: {}", format::day(*date), block.reason))
            .collect();
        parts.join("; ")
    }
}

/// Items and conflicts as the rules add them; `finish` sorts them into a stable order.
#[derive(Default)]
pub(crate) struct Out {
    pub items: Vec<PlanItem>,
    pub conflicts: Vec<Conflict>,
    /// Conflicts about a visit on their day, kept only if that visit survives the budget.
    about_visits: Vec<(Conflict, Conflict)>,
}

impl Out {
    pub fn item(&mut self, item: PlanItem) {
        self.items.push(item);
    }

    pub fn conflict(&mut self, conflict: Conflict) {
        self.conflicts.push(conflict);
    }

    /// A conflict that names the visit on `kept.date`, written before the visits are
    /// settled: `kept` stands if a visit is still on that day afterwards, `lost` if not.
    pub fn visit_conflict(&mut self, kept: Conflict, lost: Conflict) {
        self.about_visits.push((kept, lost));
    }

    /// Settles the conflicts about visits once the budget has had its say.
    pub fn settle_visit_conflicts(&mut self) {
        for (kept, lost) in std::mem::take(&mut self.about_visits) {
            let still = self
                .items
                .iter()
                .any(|i| i.kind == super::ItemKind::Massage && i.date == kept.date);
            self.conflicts.push(if still { kept } else { lost });
        }
    }

    pub fn finish(mut self) -> (Vec<PlanItem>, Vec<Conflict>) {
        for item in &mut self.items {
            item.because.sort();
            item.because.dedup();
        }
        self.items.sort_by(|a, b| {
            (a.date, a.rule, a.kind, a.technique, &a.areas, &a.reason).cmp(&(
                b.date,
                b.rule,
                b.kind,
                b.technique,
                &b.areas,
                &b.reason,
            ))
        });
        self.items.dedup();
        // Every item gets a stable id (visits have theirs already); the rare twin gets a
        // suffix, in the plan's stable order.
        let mut seen = std::collections::BTreeSet::new();
        for item in &mut self.items {
            if item.id.is_empty() {
                let areas: Vec<&str> = item.areas.iter().map(|a| a.id()).collect();
                let trigger = item
                    .because
                    .first()
                    .map(|b| format!("{}:{}", b.kind, b.id))
                    .unwrap_or_else(|| "none".to_string());
                item.id = super::visits::hash_id(&format!(
                    "{}|{}|{}|{}",
                    item.kind,
                    item.rule,
                    trigger,
                    areas.join(",")
                ));
            }
            let mut id = item.id.clone();
            let mut n = 1;
            while !seen.insert(id.clone()) {
                n += 1;
                id = format!("{}-{n}", item.id);
            }
            item.id = id;
        }
        self.conflicts.sort();
        self.conflicts.dedup();
        (self.items, self.conflicts)
    }
}
