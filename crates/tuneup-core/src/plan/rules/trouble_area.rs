//! `trouble_area`: an area logged sore or tight on two or more days in a week, or once at
//! 5/10 or more, gets deep tissue (after a Swedish warm-up) at the next maintenance visit,
//! plus trigger-point work on the muscles known to refer pain to it.

use super::see_a_pro::capitalise;
use super::service_interval::Visit;
use crate::plan::context::{Ctx, Out};
use crate::plan::format;
use crate::plan::{Because, BecauseKind, Conflict, ItemKind, PlanItem, RuleId};
use crate::vocab::{BodyArea, SorenessKind, Technique};
use chrono::{Duration, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// What the soreness log says about one trouble area.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Trouble {
    pub days: BTreeSet<NaiveDate>,
    pub worst: u8,
    pub because: Vec<Because>,
    /// Days logged at `trouble_min_level` or more.
    pub strong: BTreeSet<NaiveDate>,
}

impl Trouble {
    /// The last day the log still makes this a trouble area, if nothing more is logged:
    /// when the entries that make it one have left the window.
    fn holds_until(&self, ctx: &Ctx<'_>) -> NaiveDate {
        let window = Duration::days(i64::from(ctx.rules.trouble_window_days) - 1);
        let min_days = ctx.rules.trouble_min_days as usize;
        let by_days = (self.days.len() >= min_days)
            .then(|| self.days.iter().rev().nth(min_days - 1))
            .flatten()
            .map(|d| *d + window);
        let by_level = self.strong.iter().next_back().map(|d| *d + window);
        by_days.max(by_level).unwrap_or(ctx.from())
    }
}

/// The trouble areas as of `from`.
pub(crate) fn findings(ctx: &Ctx<'_>) -> BTreeMap<BodyArea, Trouble> {
    let rules = ctx.rules;
    let from = ctx.from();
    let since = from - Duration::days(i64::from(rules.trouble_window_days) - 1);
    // An area worked deep at a massage (logged, or booked for today) is seen to: only what
    // is logged after it counts again.
    let worked_deep = |area: BodyArea| {
        ctx.input
            .massages
            .iter()
            .filter(|m| m.item.date <= from && m.item.is_deep() && m.item.areas.contains(&area))
            .map(|m| m.item.date)
            .max()
    };
    let mut by_area: BTreeMap<BodyArea, Trouble> = BTreeMap::new();
    for entry in ctx.input.soreness {
        let e = &entry.item;
        if e.date < since || e.date > from || e.level == 0 {
            continue;
        }
        if worked_deep(e.area).is_some_and(|d| e.date <= d) {
            continue;
        }
        if !matches!(e.kind, SorenessKind::Sore | SorenessKind::Tight) {
            continue;
        }
        let trouble = by_area.entry(e.area).or_insert_with(|| Trouble {
            days: BTreeSet::new(),
            worst: 0,
            because: Vec::new(),
            strong: BTreeSet::new(),
        });
        if e.level >= rules.trouble_min_level {
            trouble.strong.insert(e.date);
        }
        trouble.days.insert(e.date);
        trouble.worst = trouble.worst.max(e.level);
        trouble
            .because
            .push(Because::new(BecauseKind::Soreness, entry.id, e.date));
    }
    by_area.retain(|_, t| {
        t.days.len() >= rules.trouble_min_days as usize || t.worst >= rules.trouble_min_level
    });
    by_area
}

pub(crate) fn apply(ctx: &Ctx<'_>, visit: &Visit, out: &mut Out) {
    for (area, trouble) in findings(ctx) {
        let what = describe(ctx, area, &trouble);
        if let Some(pro) = ctx.pro_areas.get(&area) {
            out.conflict(Conflict {
                rule: RuleId::TroubleArea,
                date: visit.date.unwrap_or(ctx.from()),
                reason: format!(
                    "{what}, which would mean deep tissue and trigger-point work there at the next visit, but {pro} → a physical therapist first, no deep work on the {} until then",
                    area.label(),
                    pro = pro.why
                ),
                with: Some(RuleId::SeeAPro),
            });
            continue;
        }
        match visit.date {
            Some(date) => at_visit(ctx, visit, date, area, &trouble, &what, out),
            None => {
                // Daily self-massage while the log makes it a trouble area, up to the visit.
                let next = match visit.booked_on {
                    Some(day) => format!("the massage you booked for {}", format::day_date(day)),
                    None => format!(
                        "your next maintenance visit (due {})",
                        format::day_date(visit.due)
                    ),
                };
                let before_visit = visit.booked_on.unwrap_or(visit.due) - Duration::days(1);
                let until = trouble
                    .holds_until(ctx)
                    .min(ctx.end)
                    .min(before_visit)
                    .max(ctx.from());
                out.item(PlanItem {
                    date: ctx.from(),
                    until: (until > ctx.from()).then_some(until),
                    kind: ItemKind::SelfMassage,
                    technique: None,
                    areas: worked_areas(area).0,
                    muscles: Vec::new(),
                    rule: RuleId::TroubleArea,
                    reason: format!(
                        "{what} → ask for deep tissue on {} at {next}; until then, self-massage them daily{}",
                        worked_areas(area).1,
                        if until < ctx.end {
                            format!(
                                " to {} (log them again if they still bother you)",
                                format::day_date(until)
                            )
                        } else {
                            String::new()
                        }
                    ),
                    because: trouble.because.clone(),
                    ..Default::default()
                })
            }
        }
    }
}

fn at_visit(
    ctx: &Ctx<'_>,
    visit: &Visit,
    date: NaiveDate,
    area: BodyArea,
    trouble: &Trouble,
    what: &str,
    out: &mut Out,
) {
    let which = if visit.booked.is_some() {
        "booked"
    } else {
        "maintenance"
    };
    if let Some(block) = ctx.blocks(date, Technique::DeepTissue).into_iter().next() {
        out.visit_conflict(
            Conflict {
                rule: RuleId::TroubleArea,
                date,
                reason: format!(
                    "{what}, but deep work at the {which} visit on {} is out: {} → Swedish only this time, deep work at the visit after",
                    format::day_date(date),
                    block.reason
                ),
                with: Some(block.rule),
            },
            Conflict {
                rule: RuleId::TroubleArea,
                date,
                reason: format!(
                    "{what}, but no visit in this plan can take deep work on {} → self-massage them and ask for deep tissue at your next visit",
                    worked_areas(area).1
                ),
                with: None,
            },
        );
        return;
    }
    out.item(PlanItem {
        date,
        until: None,
        kind: ItemKind::Massage,
        technique: Some(Technique::DeepTissue),
        areas: worked_areas(area).0,
        muscles: Vec::new(),
        rule: RuleId::TroubleArea,
        reason: format!(
            "{what} → deep tissue on {} at your {which} visit on {}, after a Swedish warm-up",
            worked_areas(area).1,
            format::day_date(date)
        ),
        because: trouble.because.clone(),
        ..Default::default()
    });
    let muscles = ctx.input.referrals.get(&area).cloned().unwrap_or_default();
    if !muscles.is_empty() {
        out.item(PlanItem {
            date,
            until: None,
            kind: ItemKind::Massage,
            technique: Some(Technique::TriggerPoint),
            areas: worked_areas(area).0,
            rule: RuleId::TroubleArea,
            reason: format!(
                "pain in the {} can be referred from trigger points in the {} → ask for trigger-point work on them at the same visit",
                area.label(),
                format::and_list(&muscles)
            ),
            muscles,
            because: trouble.because.clone(),
            ..Default::default()
        });
    }
}

/// The areas massaged for `area` and how to name them: "the calves", or for an area worked
/// through others, "the calves (the Achilles tendon itself is never worked)".
fn worked_areas(area: BodyArea) -> (Vec<BodyArea>, String) {
    let worked = crate::knowledge::knowledge().worked_areas(area);
    let names: Vec<String> = worked.iter().map(|a| a.label().to_string()).collect();
    let mut name = format!("the {}", format::and_list(&names));
    if worked != [area] {
        name.push_str(&format!(" (the {} itself is never worked)", area.label()));
    }
    (worked, name)
}

/// "Calves logged sore or tight on 3 days this week (worst 4/10)".
fn describe(ctx: &Ctx<'_>, area: BodyArea, trouble: &Trouble) -> String {
    let name = capitalise(area.label());
    if trouble.days.len() >= ctx.rules.trouble_min_days as usize {
        format!(
            "{name} logged sore or tight on {} of the last {} (worst {}/10)",
            format::days_count(trouble.days.len() as i64),
            format::days_count(i64::from(ctx.rules.trouble_window_days)),
            trouble.worst
        )
    } else {
        let day = trouble
            .days
            .iter()
            .next_back()
            .copied()
            .unwrap_or(ctx.from());
        format!(
            "{name} logged at {}/10 on {}",
            trouble.worst,
            format::day_date(day)
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::testkit::{Fixture, conflicts_of, items_of, nov};
    use crate::plan::{ItemKind, RuleId};
    use crate::vocab::{BodyArea, MassagePurpose, RacePriority, SorenessKind, Technique};

    /// Last massage on 6 Nov: the next visit is due Fri 27 Nov, the plan's first day.
    fn fixture() -> Fixture {
        let mut f = Fixture::new(nov(27));
        f.massage(1, nov(6), Technique::Swedish, MassagePurpose::Maintenance);
        f.referrals.insert(
            BodyArea::Feet,
            vec!["gastrocnemius".to_string(), "soleus".to_string()],
        );
        f
    }

    #[test]
    fn two_sore_days_in_a_week_get_deep_tissue_and_trigger_points_at_the_visit() {
        let mut f = fixture();
        f.sore(20, nov(24), BodyArea::Feet, 3, SorenessKind::Sore);
        f.sore(21, nov(26), BodyArea::Feet, 4, SorenessKind::Tight);
        let plan = f.plan();
        // One visit: the Swedish warm-up of the maintenance visit, deep tissue on the feet and
        // trigger points on the muscles that refer pain there.
        let visits = crate::plan::testkit::visits(&plan);
        assert_eq!(visits.len(), 1, "{visits:#?}");
        let visit = visits[0];
        assert_eq!(visit.date, nov(27));
        assert_eq!(visit.rule, RuleId::TroubleArea);
        assert_eq!(visit.technique, Some(Technique::DeepTissue));
        let techniques: Vec<Technique> = visit.parts.iter().map(|p| p.technique).collect();
        assert_eq!(
            techniques,
            [
                Technique::Swedish,
                Technique::TriggerPoint,
                Technique::DeepTissue
            ]
        );
        let trigger = &visit.parts[1];
        assert_eq!(trigger.muscles, vec!["gastrocnemius", "soleus"]);
        assert_eq!(trigger.areas, vec![BodyArea::Feet]);
        assert!(
            visit
                .reason
                .contains("2 days of the last 7 days (worst 4/10)")
                && visit.reason.contains("after a Swedish warm-up"),
            "{}",
            visit.reason
        );
        let rules: Vec<RuleId> = visit.reasons.iter().map(|r| r.rule).collect();
        assert_eq!(
            rules,
            [
                RuleId::TroubleArea,
                RuleId::TroubleArea,
                RuleId::ServiceInterval
            ]
        );
    }

    #[test]
    fn an_area_worked_deep_at_a_visit_is_not_asked_for_again_at_the_next() {
        let mut f = fixture();
        f.sore(20, nov(22), BodyArea::Feet, 3, SorenessKind::Sore);
        f.sore(21, nov(23), BodyArea::Feet, 4, SorenessKind::Tight);
        assert!(!items_of(&f.plan(), RuleId::TroubleArea).is_empty());
        // Deep tissue on the feet on Tue 24 Nov saw to what was logged before it.
        f.massage(
            2,
            nov(24),
            Technique::DeepTissue,
            MassagePurpose::Maintenance,
        );
        f.massages[1].item.areas = vec![BodyArea::Feet];
        assert!(items_of(&f.plan(), RuleId::TroubleArea).is_empty());
        // What is logged after it counts again.
        f.sore(22, nov(25), BodyArea::Feet, 3, SorenessKind::Sore);
        f.sore(23, nov(26), BodyArea::Feet, 3, SorenessKind::Sore);
        assert!(!items_of(&f.plan(), RuleId::TroubleArea).is_empty());
    }

    #[test]
    fn one_mild_day_does_not_fire_one_day_at_five_does() {
        let mut f = fixture();
        f.sore(20, nov(26), BodyArea::Quads, 4, SorenessKind::Sore);
        assert!(items_of(&f.plan(), RuleId::TroubleArea).is_empty());
        f.soreness[0].item.level = 5;
        let plan = f.plan();
        let items = items_of(&plan, RuleId::TroubleArea);
        assert_eq!(
            items.len(),
            1,
            "no referral map for the quads: no trigger-point item"
        );
        assert!(
            items[0]
                .reason
                .starts_with("Quadriceps logged at 5/10 on Thu 26 Nov")
        );
    }

    #[test]
    fn entries_older_than_a_week_do_not_count() {
        let mut f = fixture();
        f.sore(20, nov(19), BodyArea::Feet, 3, SorenessKind::Sore);
        f.sore(21, nov(20), BodyArea::Feet, 3, SorenessKind::Sore);
        assert!(items_of(&f.plan(), RuleId::TroubleArea).is_empty());
    }

    #[test]
    fn see_a_pro_overrides_and_the_conflict_is_explained() {
        let mut f = fixture();
        f.sore(20, nov(24), BodyArea::Feet, 3, SorenessKind::Sore);
        f.sore(21, nov(26), BodyArea::Feet, 8, SorenessKind::Sore);
        let plan = f.plan();
        assert!(items_of(&plan, RuleId::TroubleArea).is_empty());
        assert_eq!(items_of(&plan, RuleId::SeeAPro).len(), 1);
        let conflicts = conflicts_of(&plan, RuleId::TroubleArea);
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].with, Some(RuleId::SeeAPro));
        assert!(
            conflicts[0].reason.contains("pain at 8/10"),
            "{}",
            conflicts[0].reason
        );
    }

    #[test]
    fn a_taper_turns_deep_work_at_the_visit_into_a_conflict() {
        let mut f = fixture();
        f.sore(20, nov(24), BodyArea::Feet, 3, SorenessKind::Sore);
        f.sore(21, nov(26), BodyArea::Feet, 4, SorenessKind::Sore);
        f.race(7, nov(29), "Turkey Half", 21.1, RacePriority::A);
        // Room in the budget: the maintenance visit on Fri stays, Swedish only.
        f.rules.visits_per_28_days = 4;
        let plan = f.plan();
        assert!(items_of(&plan, RuleId::TroubleArea).is_empty());
        let conflicts = conflicts_of(&plan, RuleId::TroubleArea);
        assert_eq!(conflicts[0].with, Some(RuleId::RaceTaper));
        assert!(
            conflicts[0]
                .reason
                .contains("maintenance visit on Fri 27 Nov is out"),
            "{}",
            conflicts[0].reason
        );
    }

    #[test]
    fn a_conflict_never_names_a_visit_that_lost_to_the_budget() {
        let mut f = fixture();
        f.sore(20, nov(24), BodyArea::Feet, 3, SorenessKind::Sore);
        f.sore(21, nov(26), BodyArea::Feet, 4, SorenessKind::Sore);
        f.race(7, nov(29), "Turkey Half", 21.1, RacePriority::A);
        // The massage on 6 Nov and the one after the race fill the budget: no visit on Fri.
        let plan = f.plan();
        assert!(
            !plan
                .items
                .iter()
                .any(|i| i.kind == ItemKind::Massage && i.date == nov(27))
        );
        let conflicts = conflicts_of(&plan, RuleId::TroubleArea);
        assert_eq!(conflicts.len(), 1, "{conflicts:#?}");
        assert!(
            !conflicts[0].reason.contains("visit on Fri")
                && conflicts[0]
                    .reason
                    .contains("ask for deep tissue at your next visit"),
            "{}",
            conflicts[0].reason
        );
    }

    #[test]
    fn with_the_visit_beyond_the_plan_self_massage_bridges_the_gap() {
        let mut f = fixture();
        f.massages[0].item.date = nov(25);
        f.sore(20, nov(24), BodyArea::Feet, 3, SorenessKind::Sore);
        f.sore(21, nov(26), BodyArea::Feet, 4, SorenessKind::Sore);
        let plan = f.plan();
        let items = items_of(&plan, RuleId::TroubleArea);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].kind, ItemKind::SelfMassage);
        assert!(
            items[0].reason.contains("due Wed 16 Dec"),
            "{}",
            items[0].reason
        );
    }

    #[test]
    fn a_sore_achilles_is_worked_at_the_calves_never_itself() {
        let mut f = fixture();
        f.sore(20, nov(26), BodyArea::Achilles, 6, SorenessKind::Tight);
        let plan = f.plan();
        let visits = crate::plan::testkit::visits(&plan);
        assert_eq!(visits.len(), 1, "{visits:#?}");
        let visit = visits[0];
        assert_eq!(visit.rule, RuleId::TroubleArea);
        for part in &visit.parts {
            assert!(!part.areas.contains(&BodyArea::Achilles), "{part:#?}");
        }
        let deep = visit
            .parts
            .iter()
            .find(|p| p.technique == Technique::DeepTissue)
            .expect("deep tissue");
        assert_eq!(deep.areas, vec![BodyArea::Calves]);
        assert!(
            visit.reasons.iter().any(|r| r
                .reason
                .contains("the calves (the Achilles tendon itself is never worked)")),
            "{:#?}",
            visit.reasons
        );
    }
}
