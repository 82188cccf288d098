//! Visits, not rule hits: the massages the rules asked for become appointments a runner can
//! book and afford. Hits on the same day (or in overlapping windows) merge into one visit with
//! its parts and reasons; visits keep a spacing and a budget over any 28 days, and when the
//! budget binds the visits are kept in order of priority (booked, after a goal race, the
//! pre-race flush, after a big run, a trouble area, the service interval). A visit that loses
//! becomes a self-massage item for the same purpose that says which visit won and why.

use super::context::{Ctx, Out, days};
use super::format;
use super::{Because, BecauseKind, Conflict, ItemKind, PlanItem, RuleId, VisitPart, VisitReason};
use crate::vocab::{BodyArea, RacePriority, Technique};
use chrono::{Duration, NaiveDate};

/// The window the visit budget counts over.
pub const BUDGET_WINDOW_DAYS: i64 = 28;

/// Minutes of self-massage offered in place of a visit that lost.
const SELF_MASSAGE_MINUTES: u32 = 10;

/// Why a visit is kept before another when the budget binds; the order is the priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Priority {
    Booked,
    AfterRace,
    Flush,
    AfterBigRun,
    Trouble,
    Service,
}

/// One rule's wish for a professional massage.
#[derive(Debug, Clone)]
struct Hit {
    item: PlanItem,
    priority: Priority,
}

/// Hits merged on one day or one window.
#[derive(Debug, Clone)]
struct Group {
    first: NaiveDate,
    last: NaiveDate,
    hits: Vec<Hit>,
    booked: Option<String>,
}

impl Group {
    fn priority(&self) -> Priority {
        self.hits
            .iter()
            .map(|h| h.priority)
            .min()
            .unwrap_or(Priority::Service)
    }
}

/// A visit that is in the count: logged, booked or kept by this plan.
#[derive(Debug, Clone)]
struct Taken {
    first: NaiveDate,
    last: NaiveDate,
    /// "you had a massage on Sun 1 Nov", "the pre-race flush on Sat".
    what: String,
}

/// Turns the massage items the rules added into visits.
pub(crate) fn consolidate(ctx: &Ctx<'_>, out: &mut Out) {
    let mut hits: Vec<Hit> = Vec::new();
    let mut rest = Vec::new();
    for mut item in std::mem::take(&mut out.items) {
        if item.kind == ItemKind::Massage {
            item.id = reason_id(&item);
            let priority = priority(ctx, &item);
            hits.push(Hit { item, priority });
        } else {
            rest.push(item);
        }
    }
    out.items = rest;
    let mut groups = booked_groups(ctx);
    // Fixed days first, then windows; within each, by priority and day.
    hits.sort_by_key(|h| (h.item.until.is_some(), h.priority, h.item.date, h.item.rule));
    for hit in hits {
        let (first, last) = (hit.item.date, hit.item.last_day());
        let joined = groups
            .iter_mut()
            .filter(|g| g.first <= last && first <= g.last)
            .min_by_key(|g| (g.priority(), g.first));
        match joined {
            Some(group) => {
                group.first = group.first.max(first);
                group.last = group.last.min(last);
                group.hits.push(hit);
            }
            None => groups.push(Group {
                first,
                last,
                hits: vec![hit],
                booked: None,
            }),
        }
    }
    // Logged massages, those booked beyond the plan, and the race visits to come.
    let mut taken: Vec<Taken> = ctx
        .input
        .massages
        .iter()
        .filter(|m| !ctx.in_horizon(m.item.date))
        .map(|m| Taken {
            first: m.item.date,
            last: m.item.date,
            what: if m.item.date < ctx.from() {
                format!("you had a massage on {}", format::day_date(m.item.date))
            } else {
                format!(
                    "you have a massage booked on {}",
                    format::day_date(m.item.date)
                )
            },
        })
        .collect();
    taken.extend(reserved(ctx));
    groups.sort_by_key(|g| (g.priority(), g.first));
    for mut group in groups {
        if group.booked.is_some() {
            taken.push(Taken {
                first: group.first,
                last: group.last,
                what: format!("you have a massage booked on {}", format::day(group.first)),
            });
            let visit = visit_item(ctx, group, out);
            out.items.push(visit);
            continue;
        }
        let allowed: Vec<NaiveDate> = days(group.first, group.last)
            .filter(|d| spacing_blocker(ctx, &taken, *d).is_none())
            .filter(|d| budget_blockers(ctx, &taken, *d).is_none())
            .collect();
        let run = first_run(&allowed);
        match (run.first(), run.last()) {
            (Some(first), Some(last)) => {
                // Days the spacing or the budget took out of the window, said once.
                let note = days(group.first, group.last)
                    .find(|d| !run.contains(d))
                    .map(|d| format!("; {} is out: {}", format::day(d), why_lost(ctx, &taken, d)));
                group.first = *first;
                group.last = *last;
                if let Some(note) = note {
                    for hit in &mut group.hits {
                        hit.item.reason.push_str(&note);
                    }
                }
                taken.push(Taken {
                    first: *first,
                    last: *last,
                    what: describe_kept(&group),
                });
                let visit = visit_item(ctx, group, out);
                out.items.push(visit);
            }
            _ => {
                let why = why_lost(ctx, &taken, group.first);
                out.items.push(lost_item(ctx, group, &why));
            }
        }
    }
}

/// The visits a race will ask for beyond the plan's last day, held back so that a visit of
/// lower priority now does not take their place in the budget: the massage after an A or B
/// race and the flush before a goal race, when their windows start within 4 weeks of the
/// plan's end. A massage logged or booked in such a window already stands for it.
fn reserved(ctx: &Ctx<'_>) -> Vec<Taken> {
    let rules = ctx.rules;
    let reach = ctx.end + Duration::days(BUDGET_WINDOW_DAYS);
    let mut out = Vec::new();
    let mut races: Vec<_> = ctx.input.races.iter().collect();
    races.sort_by_key(|r| (r.item.date, r.id));
    for race in races {
        let r = &race.item;
        let mut windows = Vec::new();
        if rules.taper_priorities.contains(&r.priority) {
            windows.push((
                r.date - Duration::days(i64::from(rules.taper_no_deep_days)),
                r.date - Duration::days(i64::from(rules.taper_light_until_days)),
                format!("the pre-race flush before {}", r.name),
            ));
        }
        if matches!(r.priority, RacePriority::A | RacePriority::B) {
            windows.push((
                r.date + Duration::days(1),
                r.date + Duration::days(2),
                format!("the massage after {}", r.name),
            ));
        }
        for (first, last, what) in windows {
            let covered = ctx
                .input
                .massages
                .iter()
                .any(|m| m.item.date >= first && m.item.date <= last);
            if first > ctx.end && first <= reach && first <= last && !covered {
                out.push(Taken {
                    first,
                    last,
                    what: format!("{what} on {}", format::day_date(first)),
                });
            }
        }
    }
    out
}

/// A big run's window with no free day says "no slot", unless a visit of this plan sits on
/// the day before or after it: then the self-massage item points to that visit instead, so
/// the plan never says "no slot" beside a slot it offers.
pub(crate) fn no_slot_beside_visits(out: &mut Out) {
    const NO_SLOT: &str = "→ no slot for a professional massage (";
    const DO: &str = "); do the self-massage routine for this run ";
    let visits: Vec<NaiveDate> = out
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Massage)
        .map(|i| i.date)
        .collect();
    for item in out
        .items
        .iter_mut()
        .filter(|i| i.kind == ItemKind::SelfMassage)
    {
        let (first, last) = (
            item.date - Duration::days(1),
            item.last_day() + Duration::days(1),
        );
        let Some(visit) = visits.iter().find(|d| **d >= first && **d <= last) else {
            continue;
        };
        let Some(start) = item.reason.find(NO_SLOT) else {
            continue;
        };
        let rest = &item.reason[start + NO_SLOT.len()..];
        let Some(mid) = rest.find(DO) else {
            continue;
        };
        let blocked = rest[..mid].to_string();
        let tail = rest[mid + DO.len()..].replacen(" instead", "", 1);
        item.reason = format!(
            "{}→ the nearest professional massage is the visit on {} ({blocked}); do the self-massage routine for this run {tail}",
            &item.reason[..start],
            format::day_date(*visit),
        );
    }
}

/// No self-massage on an area the day it is worked deep or the day after (24 h): a
/// self-massage item that would cover such a day leaves the area out (and says so), starts
/// once the day is past, or goes when nothing is left of it. Deep work is a logged or booked
/// deep massage on its areas, or a deep part of a visit in this plan.
pub(crate) fn rest_after_deep_work(ctx: &Ctx<'_>, out: &mut Out) {
    let mut deep: Vec<(NaiveDate, BodyArea)> = Vec::new();
    for m in ctx.input.massages.iter().filter(|m| m.item.is_deep()) {
        deep.extend(m.item.areas.iter().map(|a| (m.item.date, *a)));
    }
    for visit in out.items.iter().filter(|i| i.kind == ItemKind::Massage) {
        for part in visit.parts.iter().filter(|p| p.technique.is_deep()) {
            deep.extend(part.areas.iter().map(|a| (visit.date, *a)));
        }
    }
    let resting = |area: BodyArea, day: NaiveDate| {
        deep.iter()
            .filter(|(d, a)| *a == area && (day == *d || day == *d + Duration::days(1)))
            .map(|(d, _)| *d)
            .next()
    };
    let mut kept = Vec::new();
    for mut item in std::mem::take(&mut out.items) {
        if item.kind != ItemKind::SelfMassage {
            kept.push(item);
            continue;
        }
        // Start after the days on which any of its areas rests.
        let window: Vec<NaiveDate> = days(item.date, item.last_day()).collect();
        let free = window
            .iter()
            .find(|d| item.areas.iter().all(|a| resting(*a, **d).is_none()));
        match free {
            Some(first) if *first > item.date => {
                item.date = *first;
                if item.until.is_some_and(|u| u <= *first) {
                    item.until = None;
                }
                item.reason.push_str(&format!(
                    " (from {}: deep work the day before wants 24 h first)",
                    format::day(*first)
                ));
            }
            Some(_) => {}
            None => {
                // Every day has a resting area: leave those areas out.
                let mut out_areas = Vec::new();
                let mut when = None;
                item.areas
                    .retain(|a| match window.iter().find_map(|d| resting(*a, *d)) {
                        Some(d) => {
                            out_areas.push(*a);
                            when = Some(d);
                            false
                        }
                        None => true,
                    });
                if item.areas.is_empty() {
                    continue;
                }
                if let Some(when) = when {
                    item.reason.push_str(&format!(
                        " (not the {}: worked deep on {}, leave them 24 h)",
                        format::areas(&out_areas),
                        format::day(when)
                    ));
                }
            }
        }
        kept.push(item);
    }
    out.items = kept;
}

/// The stable id of one rule's wish: its rule, the record that triggered it and the
/// technique, never its day or window.
pub(crate) fn reason_id(item: &PlanItem) -> String {
    let trigger = item
        .because
        .iter()
        .min()
        .map(|b| format!("{}:{}", b.kind, b.id))
        .unwrap_or_else(|| "none".to_string());
    hash_id(&format!(
        "{}|{}|{}",
        item.rule,
        trigger,
        item.technique.map_or("", |t| t.id())
    ))
}

/// A short, stable hex id of `key` (64-bit FNV-1a: the same on every platform and release).
pub(crate) fn hash_id(key: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn priority(ctx: &Ctx<'_>, item: &PlanItem) -> Priority {
    match item.rule {
        RuleId::RaceTaper => {
            let race = item
                .because
                .iter()
                .filter(|b| b.kind == BecauseKind::Race)
                .find_map(|b| ctx.input.races.iter().find(|r| r.id.to_string() == b.id));
            match race {
                Some(race) if item.date >= race.item.date => after_race_priority(race),
                _ => Priority::Flush,
            }
        }
        RuleId::PostRace => {
            let race = item
                .because
                .iter()
                .filter(|b| b.kind == BecauseKind::Race)
                .find_map(|b| ctx.input.races.iter().find(|r| r.id.to_string() == b.id));
            race.map_or(Priority::AfterBigRun, after_race_priority)
        }
        RuleId::PostBigRun => Priority::AfterBigRun,
        RuleId::TroubleArea => Priority::Trouble,
        _ => Priority::Service,
    }
}

fn after_race_priority(race: &crate::id::Record<crate::model::Race>) -> Priority {
    if matches!(race.item.priority, RacePriority::A | RacePriority::B) {
        Priority::AfterRace
    } else {
        Priority::AfterBigRun
    }
}

/// Booked massages in the plan: visits already, with their own parts.
fn booked_groups(ctx: &Ctx<'_>) -> Vec<Group> {
    let mut booked: Vec<_> = ctx
        .input
        .massages
        .iter()
        .filter(|m| ctx.in_horizon(m.item.date))
        .collect();
    booked.sort_by_key(|m| (m.item.date, m.id));
    let mut groups: Vec<Group> = Vec::new();
    for massage in booked {
        let m = &massage.item;
        let techniques: Vec<String> = m.techniques.iter().map(|t| t.label().to_string()).collect();
        let item = PlanItem {
            date: m.date,
            kind: ItemKind::Massage,
            technique: Some(m.judged_technique()),
            areas: m.areas.clone(),
            rule: RuleId::ServiceInterval,
            reason: format!(
                "you booked a {} massage{} for {}: it counts as your next maintenance visit",
                format::and_list(&techniques),
                if m.areas.is_empty() {
                    String::new()
                } else {
                    format!(" on the {}", format::areas(&m.areas))
                },
                format::day_date(m.date)
            ),
            because: vec![Because::new(BecauseKind::Massage, massage.id, m.date)],
            ..Default::default()
        };
        let mut item = item;
        item.id = reason_id(&item);
        let parts = m.techniques.iter().map(|t| PlanItem {
            technique: Some(*t),
            ..item.clone()
        });
        let hits: Vec<Hit> = parts
            .map(|item| Hit {
                item,
                priority: Priority::Booked,
            })
            .collect();
        match groups.iter_mut().find(|g| g.first == m.date) {
            Some(group) => group.hits.extend(hits),
            None => groups.push(Group {
                first: m.date,
                last: m.date,
                hits,
                booked: Some(massage.id.to_string()),
            }),
        }
    }
    groups
}

/// The days from the first one up to the first gap.
fn first_run(allowed: &[NaiveDate]) -> Vec<NaiveDate> {
    let mut run: Vec<NaiveDate> = Vec::new();
    for day in allowed {
        match run.last() {
            Some(last) if *day != *last + Duration::days(1) => break,
            _ => run.push(*day),
        }
    }
    run
}

/// The visit that is too close to `day`, if one is.
fn spacing_blocker<'t>(ctx: &Ctx<'_>, taken: &'t [Taken], day: NaiveDate) -> Option<&'t Taken> {
    let min = i64::from(ctx.rules.visit_min_days_between);
    taken.iter().find(|t| {
        let gap = if day < t.first {
            (t.first - day).num_days()
        } else if day > t.last {
            (day - t.last).num_days()
        } else {
            0
        };
        gap < min
    })
}

/// The visits that fill the budget of some 28 days around `day`, if they do.
fn budget_blockers<'t>(
    ctx: &Ctx<'_>,
    taken: &'t [Taken],
    day: NaiveDate,
) -> Option<Vec<&'t Taken>> {
    let max = ctx.rules.visits_per_28_days as usize;
    (0..BUDGET_WINDOW_DAYS).find_map(|back| {
        let start = day - Duration::days(back);
        let end = start + Duration::days(BUDGET_WINDOW_DAYS - 1);
        let inside: Vec<&Taken> = taken
            .iter()
            .filter(|t| t.first <= end && start <= t.last)
            .collect();
        (inside.len() >= max).then_some(inside)
    })
}

/// Which visit won, in plain words.
fn why_lost(ctx: &Ctx<'_>, taken: &[Taken], day: NaiveDate) -> String {
    if let Some(near) = spacing_blocker(ctx, taken, day) {
        return format!(
            "{}, and you allow at least {} between visits",
            near.what,
            format::days_count(i64::from(ctx.rules.visit_min_days_between))
        );
    }
    let mut inside = budget_blockers(ctx, taken, day).unwrap_or_default();
    inside.sort_by_key(|t| t.first);
    let what: Vec<String> = inside.iter().map(|t| t.what.clone()).collect();
    format!(
        "{}, and you allow {} in 4 weeks",
        format::and_list(&what),
        visits_count(ctx.rules.visits_per_28_days)
    )
}

fn visits_count(n: u32) -> String {
    if n == 1 {
        "1 visit".to_string()
    } else {
        format!("{n} visits")
    }
}

fn describe_kept(group: &Group) -> String {
    let when = format::day_date(group.first);
    match group.priority() {
        Priority::Booked => format!("you have a massage booked on {when}"),
        Priority::AfterRace => format!("the massage after the race on {when}"),
        Priority::Flush => format!("the pre-race flush on {when}"),
        Priority::AfterBigRun => format!("the light massage after the big run on {when}"),
        Priority::Trouble => format!("the trouble-area visit on {when}"),
        Priority::Service => format!("the maintenance visit on {when}"),
    }
}

/// The visit a group of hits makes: parts, reasons, and the rules checked for every part.
fn visit_item(ctx: &Ctx<'_>, group: Group, out: &mut Out) -> PlanItem {
    let mut hits = group.hits;
    hits.sort_by_key(|h| (h.priority, h.item.date, h.item.rule));
    let mut parts: Vec<VisitPart> = Vec::new();
    let mut reasons: Vec<VisitReason> = Vec::new();
    let mut because: Vec<Because> = Vec::new();
    for hit in &hits {
        let technique = hit.item.technique.unwrap_or(Technique::Swedish);
        // A merged visit obeys every rule for each of its parts, on every day it may go.
        let blocked =
            days(group.first, group.last).find_map(|d| ctx.blocks(d, technique).into_iter().next());
        match blocked {
            Some(block) if group.booked.is_none() => {
                out.conflict(Conflict {
                    rule: hit.item.rule,
                    date: group.first,
                    reason: format!(
                        "{} left out of the visit on {}: {}",
                        technique.label(),
                        format::day_date(group.first),
                        block.reason
                    ),
                    with: Some(block.rule),
                });
                continue;
            }
            _ => {}
        }
        add_part(&mut parts, technique, &hit.item.areas, &hit.item.muscles);
        if !reasons
            .iter()
            .any(|r| r.rule == hit.item.rule && r.reason == hit.item.reason)
        {
            reasons.push(VisitReason {
                id: hit.item.id.clone(),
                rule: hit.item.rule,
                reason: hit.item.reason.clone(),
                because: {
                    let mut because = hit.item.because.clone();
                    because.sort();
                    because.dedup();
                    because
                },
            });
        }
        because.extend(hit.item.because.iter().cloned());
    }
    // Deep work comes after a Swedish warm-up.
    if parts.iter().any(|p| p.technique.is_deep())
        && !parts.iter().any(|p| p.technique == Technique::Swedish)
    {
        let areas = parts
            .iter()
            .flat_map(|p| p.areas.clone())
            .collect::<Vec<_>>();
        add_part(&mut parts, Technique::Swedish, &areas, &[]);
    }
    parts.sort_by_key(|p| (depth(p.technique), p.technique));
    because.sort();
    because.dedup();
    let mut areas: Vec<BodyArea> = Vec::new();
    let mut muscles: Vec<String> = Vec::new();
    for part in &parts {
        for area in &part.areas {
            if !areas.contains(area) {
                areas.push(*area);
            }
        }
        for muscle in &part.muscles {
            if !muscles.contains(muscle) {
                muscles.push(muscle.clone());
            }
        }
    }
    let primary = hits.first().map(|h| h.item.clone()).unwrap_or_default();
    PlanItem {
        id: primary.id.clone(),
        date: group.first,
        until: (group.last != group.first).then_some(group.last),
        kind: ItemKind::Massage,
        technique: parts.iter().map(|p| p.technique).max_by_key(|t| depth(*t)),
        areas,
        muscles,
        rule: primary.rule,
        reason: primary.reason,
        because,
        parts,
        reasons,
        booked: group.booked,
    }
}

/// How deep a technique goes, for choosing the one a visit is named by.
fn depth(technique: Technique) -> u8 {
    match (technique.is_deep(), technique) {
        (false, _) => 0,
        (true, Technique::TriggerPoint) => 1,
        (true, _) => 2,
    }
}

fn add_part(
    parts: &mut Vec<VisitPart>,
    technique: Technique,
    areas: &[BodyArea],
    muscles: &[String],
) {
    let same = parts
        .iter_mut()
        .find(|p| p.technique == technique && p.muscles.is_empty() && muscles.is_empty());
    match same {
        Some(part) => {
            for area in areas {
                if !part.areas.contains(area) {
                    part.areas.push(*area);
                }
            }
        }
        None => {
            let mut unique: Vec<BodyArea> = Vec::new();
            for area in areas {
                if !unique.contains(area) {
                    unique.push(*area);
                }
            }
            parts.push(VisitPart {
                technique,
                areas: unique,
                muscles: muscles.to_vec(),
            })
        }
    }
}

/// The self-massage a visit that lost becomes, for the same purpose.
fn lost_item(ctx: &Ctx<'_>, group: Group, why: &str) -> PlanItem {
    let mut hits = group.hits;
    hits.sort_by_key(|h| (h.priority, h.item.date, h.item.rule));
    let primary = hits.first().map(|h| h.item.clone()).unwrap_or_default();
    let mut areas: Vec<BodyArea> = Vec::new();
    let mut because: Vec<Because> = Vec::new();
    for hit in &hits {
        for area in &hit.item.areas {
            if !areas.contains(area) {
                areas.push(*area);
            }
        }
        because.extend(hit.item.because.iter().cloned());
    }
    because.sort();
    because.dedup();
    let what = primary
        .reason
        .split(" → ")
        .next()
        .unwrap_or(&primary.reason)
        .to_string();
    let window: Vec<NaiveDate> = days(group.first, group.last).collect();
    let first = group.first.max(ctx.from());
    // The maintenance visit that rode along waits too: say so, so "overdue" is not left
    // without an answer.
    let service_waits = if primary.rule != RuleId::ServiceInterval
        && hits.iter().any(|h| h.item.rule == RuleId::ServiceInterval)
    {
        "; the maintenance visit due then waits for room in your budget too"
    } else {
        ""
    };
    PlanItem {
        id: hash_id(&format!("{}|self", primary.id)),
        date: first,
        until: (group.last > first).then_some(group.last),
        kind: ItemKind::SelfMassage,
        areas: areas.clone(),
        rule: primary.rule,
        reason: format!(
            "{what}, but {why}: {SELF_MASSAGE_MINUTES} min self-massage on the {} {} instead of a professional massage{service_waits}",
            format::areas(&areas),
            format::days_or(&window)
        ),
        because,
        ..Default::default()
    }
}
