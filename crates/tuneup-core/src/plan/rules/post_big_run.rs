//! `post_big_run`: a light (Swedish) massage 24–48 h after the end of each big run, as a
//! window of days. When no day in the window is free for a professional, the plan says so
//! and gives the self-massage routine for that run instead.

use super::service_interval::Visit;
use crate::plan::context::{Block, Ctx, Out, days};
use crate::plan::format;
use crate::plan::{
    Because, BecauseKind, BigRun, Conflict, ItemKind, PlanInput, PlanItem, PlanRules, RuleId,
};
use crate::vocab::{SessionKind, Technique};
use chrono::{Duration, FixedOffset, NaiveDate};

/// Something after which the legs want a light massage within a window of days.
pub(crate) struct Trigger {
    pub rule: RuleId,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// What happened, in plain words ("Sat 32 km long run, 2.3× your usual load").
    pub what: String,
    /// Added at the end of the reason.
    pub note: Option<String>,
    /// A day to choose when it is free (the maintenance visit).
    pub prefer: Option<NaiveDate>,
    pub because: Vec<Because>,
}

/// A big run whose light-massage window can reach the plan.
pub(crate) struct Window {
    pub run: BigRun,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// "Sat 32 km long run, 2.3× your usual load".
    pub what: String,
}

/// The windows of the big runs near the plan, oldest first. Races are left out: they have
/// their own, stricter after-care under `post_race`.
pub(crate) fn windows(input: &PlanInput<'_>, rules: &PlanRules, end: NaiveDate) -> Vec<Window> {
    // The window ends at most `post_big_run_to_hours` (plus a day for the time zone) after
    // the run's day.
    let reach = Duration::hours(i64::from(rules.post_big_run_to_hours)) + Duration::days(1);
    let mut runs: Vec<&BigRun> = input
        .big_runs
        .iter()
        .filter(|r| r.date + reach >= input.from && r.date <= end)
        .filter(|r| !input.races.iter().any(|race| race.item.date == r.date))
        .collect();
    runs.sort_by_key(|r| (r.date, r.activity));
    runs.into_iter()
        .map(|run| {
            let (first, last) = window(input, rules, run);
            Window {
                run: run.clone(),
                first,
                last,
                what: describe(input, run),
            }
        })
        .collect()
}

/// Deep work waits until the light-massage window of a big run is over: the legs want
/// light work then.
pub(crate) fn blocks(ctx: &Ctx<'_>, date: NaiveDate, technique: Technique, out: &mut Vec<Block>) {
    if !technique.is_deep() {
        return;
    }
    for w in &ctx.big_run_windows {
        if date >= w.run.date && date <= w.last {
            out.push(Block {
                rule: RuleId::PostBigRun,
                reason: format!(
                    "{} is within {} h of the {} (light massage only)",
                    format::day(date),
                    ctx.rules.post_big_run_to_hours,
                    w.what.split(',').next().unwrap_or(&w.what)
                ),
            });
            return;
        }
    }
}

/// A light massage in each big run's window; the maintenance visit is used when it falls
/// in the window, so the runner books one appointment, not two.
pub(crate) fn apply(ctx: &Ctx<'_>, visit: &Visit, out: &mut Out) {
    for w in &ctx.big_run_windows {
        place_light_massage(
            ctx,
            Trigger {
                rule: RuleId::PostBigRun,
                first: w.first,
                last: w.last,
                what: w.what.clone(),
                note: None,
                prefer: visit.date.filter(|_| visit.booked.is_none()),
                because: vec![Because::new(
                    BecauseKind::Activity,
                    w.run.activity,
                    w.run.date,
                )],
            },
            out,
        );
    }
}

/// The local days 24 h and 48 h after the run ended.
fn window(input: &PlanInput<'_>, rules: &PlanRules, run: &BigRun) -> (NaiveDate, NaiveDate) {
    let offset_s = input
        .activities
        .iter()
        .find(|a| a.id == run.activity)
        .map_or(0, |a| a.item.utc_offset_s);
    let offset =
        FixedOffset::east_opt(offset_s).unwrap_or(FixedOffset::east_opt(0).expect("zero offset"));
    let end = run.end.with_timezone(&offset);
    let local_day = |hours: u32| (end + Duration::hours(i64::from(hours))).date_naive();
    (
        local_day(rules.post_big_run_from_hours),
        local_day(rules.post_big_run_to_hours),
    )
}

/// "Sat 32 km long run, 2.3× your usual load".
fn describe(input: &PlanInput<'_>, run: &BigRun) -> String {
    let kind = input
        .activities
        .iter()
        .find(|a| a.id == run.activity)
        .and_then(|a| a.item.kind);
    let what = match kind {
        _ if !run.session.is_empty() => run.session.as_str(),
        Some(SessionKind::Long) => "long run",
        Some(SessionKind::Hard) => "hard session",
        Some(SessionKind::Race) => "race",
        _ => "run",
    };
    let why = if !run.reason.trim().is_empty() {
        run.reason.trim().to_string()
    } else if let Some(ratio) = run.load_ratio {
        format!("load {}× your largest in 30 days", format::number(ratio))
    } else {
        "a big one for you".to_string()
    };
    format!(
        "{} {} {what}, {why}",
        format::day(run.date),
        format::distance(run.distance, input.units)
    )
}

/// Puts a light massage on the first free day of the trigger's window, or, when none is
/// free, a self-massage item and a conflict saying why.
pub(crate) fn place_light_massage(ctx: &Ctx<'_>, trigger: Trigger, out: &mut Out) {
    let first_in = trigger.first.max(ctx.from());
    let last_in = trigger.last.min(ctx.end);
    if first_in > last_in {
        return;
    }
    // A massage already logged or booked in the window takes care of it.
    if ctx
        .input
        .massages
        .iter()
        .any(|m| m.item.date >= trigger.first && m.item.date <= trigger.last)
    {
        return;
    }
    let note = trigger
        .note
        .as_ref()
        .map(|n| format!("; {n}"))
        .unwrap_or_default();
    let slots = ctx.slots(days(first_in, last_in), Technique::Swedish);
    if let Some(day) = trigger.prefer.filter(|d| slots.allowed.contains(d)) {
        out.item(PlanItem {
            date: day,
            until: None,
            kind: ItemKind::Massage,
            technique: Some(Technique::Swedish),
            areas: ctx.rules.leg_areas.clone(),
            muscles: Vec::new(),
            rule: trigger.rule,
            reason: format!(
                "{} → light (Swedish) massage {}: the maintenance visit that day covers it, so keep it light{note}",
                trigger.what,
                format::day(day)
            ),
            because: trigger.because,
            ..Default::default()
        });
        return;
    }
    let run = slots.first_run();
    match (run.first(), run.last()) {
        (Some(first), Some(last)) => {
            let mut reason = format!(
                "{} → light (Swedish) massage {}",
                trigger.what,
                format::days_or(&run)
            );
            if !slots.blocked.is_empty() {
                reason.push_str(&format!(" ({})", slots.blocked_text()));
            }
            reason.push_str(&note);
            out.item(PlanItem {
                date: *first,
                until: (first != last).then_some(*last),
                kind: ItemKind::Massage,
                technique: Some(Technique::Swedish),
                areas: ctx.rules.leg_areas.clone(),
                muscles: Vec::new(),
                rule: trigger.rule,
                reason,
                because: trigger.because,
                ..Default::default()
            });
        }
        _ => {
            let blocked = slots.blocked_text();
            out.conflict(Conflict {
                rule: trigger.rule,
                date: first_in,
                reason: format!(
                    "no day fits a professional massage after {}: {blocked}",
                    trigger.what
                ),
                with: slots.blocked.first().map(|(_, b)| b.rule),
            });
            let window: Vec<NaiveDate> = days(first_in, last_in).collect();
            out.item(PlanItem {
                date: first_in,
                until: (first_in != last_in).then_some(last_in),
                kind: ItemKind::SelfMassage,
                technique: None,
                areas: ctx.rules.leg_areas.clone(),
                muscles: Vec::new(),
                rule: trigger.rule,
                reason: format!(
                    "{} → no slot for a professional massage ({blocked}); do the self-massage routine for this run {} instead{note}",
                    trigger.what,
                    format::days_or(&window)
                ),
                because: trigger.because,
                ..Default::default()
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::testkit::{Fixture, conflicts_of, items_of, nov};
    use crate::plan::{ItemKind, RuleId};
    use crate::vocab::{MassagePurpose, RacePriority, SessionKind, Technique};

    fn fixture() -> Fixture {
        let mut f = Fixture::new(nov(28));
        f.massage(1, nov(26), Technique::Swedish, MassagePurpose::Maintenance);
        f
    }

    #[test]
    fn a_saturday_long_run_gets_a_light_massage_sunday_or_monday() {
        let mut f = fixture();
        f.big_run(10, nov(28), 32.0, 2.3);
        let plan = f.plan();
        let items = items_of(&plan, RuleId::PostBigRun);
        assert_eq!(items.len(), 1);
        assert_eq!((items[0].date, items[0].until), (nov(29), Some(nov(30))));
        assert_eq!(items[0].technique, Some(Technique::Swedish));
        assert_eq!(
            items[0].reason,
            "Sat 32 km long run, 2.3× your usual load → light (Swedish) massage Sun or Mon"
        );
        assert_eq!(items[0].because[0].id, "10");
    }

    #[test]
    fn a_runner_who_reads_miles_gets_miles() {
        let mut f = fixture();
        f.units = crate::vocab::UnitSystem::Imperial;
        f.big_run(10, nov(28), 32.0, 2.3);
        let plan = f.plan();
        let items = items_of(&plan, RuleId::PostBigRun);
        assert!(
            items[0].reason.starts_with("Sat 19.9 mi long run"),
            "{}",
            items[0].reason
        );
        assert!(
            plan.service.reason.contains("or 155.3 mi"),
            "{}",
            plan.service.reason
        );
    }

    #[test]
    fn intervals_on_monday_leave_sunday_only() {
        let mut f = fixture();
        f.big_run(10, nov(28), 32.0, 2.3);
        f.planned(5, nov(30), SessionKind::Hard, "intervals 6x1k");
        let plan = f.plan();
        let items = items_of(&plan, RuleId::PostBigRun);
        assert_eq!((items[0].date, items[0].until), (nov(29), None));
        assert!(
            items[0]
                .reason
                .contains("massage Sun (Mon is out: intervals 6x1k planned"),
            "{}",
            items[0].reason
        );
    }

    #[test]
    fn no_free_day_gives_self_massage_and_a_conflict() {
        let mut f = fixture();
        f.big_run(10, nov(28), 32.0, 2.3);
        f.planned(5, nov(29), SessionKind::Hard, "tempo 8k");
        f.planned(6, nov(30), SessionKind::Hard, "intervals 6x1k");
        let plan = f.plan();
        let items = items_of(&plan, RuleId::PostBigRun);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].kind, ItemKind::SelfMassage);
        assert_eq!((items[0].date, items[0].until), (nov(29), Some(nov(30))));
        let conflicts = conflicts_of(&plan, RuleId::PostBigRun);
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].with, Some(RuleId::NoHardAfterMassage));
        assert!(
            conflicts[0].reason.contains("Sun is out: tempo 8k"),
            "{}",
            conflicts[0].reason
        );
    }

    #[test]
    fn a_massage_already_in_the_window_or_an_old_run_adds_nothing() {
        let mut f = fixture();
        f.big_run(10, nov(28), 32.0, 2.3);
        f.massage(2, nov(29), Technique::Swedish, MassagePurpose::Recovery);
        assert!(items_of(&f.plan(), RuleId::PostBigRun).is_empty());
        let mut f = fixture();
        f.big_run(10, nov(20), 30.0, 2.0);
        assert!(items_of(&f.plan(), RuleId::PostBigRun).is_empty());
    }

    #[test]
    fn a_run_ending_late_in_the_evening_shifts_the_window_by_local_time() {
        let mut f = fixture();
        f.big_run(10, nov(28), 32.0, 2.3);
        // Started 08:00 UTC at UTC+14: ends 00:40 local on Sunday.
        f.activities[0].item.utc_offset_s = 14 * 3600;
        let plan = f.plan();
        let items = items_of(&plan, RuleId::PostBigRun);
        assert_eq!((items[0].date, items[0].until), (nov(30), Some(nov(31))));
    }

    #[test]
    fn a_big_run_on_a_race_day_is_left_to_post_race() {
        let mut f = fixture();
        f.big_run(10, nov(28), 21.1, 3.0);
        f.race(7, nov(28), "City Half", 21.1, RacePriority::B);
        let plan = f.plan();
        assert!(items_of(&plan, RuleId::PostBigRun).is_empty());
        assert_eq!(items_of(&plan, RuleId::PostRace).len(), 1);
    }
}
