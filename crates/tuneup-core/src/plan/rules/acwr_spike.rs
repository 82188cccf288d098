//! `acwr_spike`: when the last 7 days' load is well above the weekly average of the 28 days
//! before them, a caution to put recovery first and ease the ramp. Computed from weekly
//! totals (Gabbett's rolling ratio), never from the daily EWMA, which swings with every long
//! run (DOMAIN.md). It is context, not a verdict: in Garmin-RUNSAFE the weekly ratio showed no
//! positive link with injury. Silent on race day and the day after, when a big week is the
//! point.

use crate::plan::context::{Ctx, Out, days};
use crate::plan::format;
use crate::plan::{Because, BecauseKind, ItemKind, PlanItem, RuleId};
use crate::vocab::SessionKind;
use chrono::Duration;

pub(crate) fn apply(ctx: &Ctx<'_>, out: &mut Out) {
    let rules = ctx.rules;
    let from = ctx.from();
    let oldest = from - Duration::days(i64::from(rules.acwr_max_age_days));
    let Some(week) = ctx
        .input
        .acwr
        .iter()
        .filter(|w| {
            w.date <= from
                && w.date >= oldest
                && w.weekly_average_before > 0.0
                && w.last_7_days.is_finite()
        })
        .max_by_key(|w| w.date)
    else {
        return;
    };
    let race_on = |d: chrono::NaiveDate| {
        ctx.input.races.iter().any(|r| r.item.date == d)
            || ctx
                .input
                .activities
                .iter()
                .any(|a| a.item.kind == Some(SessionKind::Race) && a.item.local_date() == d)
    };
    if race_on(from) || race_on(from - Duration::days(1)) {
        return;
    }
    let ratio = week.shown_ratio();
    if ratio <= rules.acwr_threshold {
        return;
    }
    let date = week.date;
    let until = (from + Duration::days(i64::from(rules.acwr_caution_days) - 1)).min(ctx.end);
    // Only sessions still ahead: today's counts while nothing has been logged today.
    let ran_today = ctx
        .input
        .activities
        .iter()
        .any(|a| a.item.local_date() == from);
    let hard: Vec<_> = days(from, until)
        .filter(|d| *d > from || !ran_today)
        .filter_map(|d| ctx.hard_on(d))
        .collect();
    let mut reason = format!(
        "your load over the 7 days to {} was {:.0} points, {ratio:.2}× your weekly average of \
         {:.0} over the 4 weeks before (a caution from {}) → put recovery first and ease the \
         ramp. The weekly ratio is context, not a risk verdict: in Garmin-RUNSAFE it showed no \
         positive link with injury",
        format::day_date(date),
        week.last_7_days,
        week.weekly_average_before,
        format::number(rules.acwr_threshold)
    );
    if !hard.is_empty() {
        reason.push_str(&format!(
            "; {} hard session{} planned by {} ({}): consider making one easy",
            hard.len(),
            if hard.len() == 1 { "" } else { "s" },
            format::day(until),
            format::and_list(
                &hard
                    .iter()
                    .map(|h| format!("{} {}", format::day(h.item.date), h.item.title))
                    .collect::<Vec<_>>()
            )
        ));
    }
    let week_start = date - Duration::days(6);
    let mut because: Vec<Because> = ctx
        .input
        .activities
        .iter()
        .filter(|a| {
            let d = a.item.local_date();
            d >= week_start && d <= date
        })
        .map(|a| Because::new(BecauseKind::Activity, a.id, a.item.local_date()))
        .collect();
    because.extend(
        hard.iter()
            .map(|h| Because::new(BecauseKind::Planned, h.id, h.item.date)),
    );
    out.item(PlanItem {
        date: from,
        until: (until > from).then_some(until),
        kind: ItemKind::Caution,
        technique: None,
        areas: Vec::new(),
        muscles: Vec::new(),
        rule: RuleId::AcwrSpike,
        reason,
        because,
        ..Default::default()
    });
}

#[cfg(test)]
mod tests {
    use crate::plan::testkit::{Fixture, items_of, nov, weekly};
    use crate::plan::{ItemKind, RuleId, WeeklyLoad};
    use crate::vocab::{MassagePurpose, RacePriority, SessionKind, Technique};

    fn fixture(ratio: f64) -> Fixture {
        let mut f = Fixture::new(nov(27));
        f.massage(1, nov(26), Technique::Swedish, MassagePurpose::Maintenance);
        f.run(10, nov(25), 20.0, SessionKind::Long);
        f.acwr = vec![weekly(nov(20), 1.1), weekly(nov(26), ratio)];
        f
    }

    #[test]
    fn a_week_well_above_the_weekly_average_gives_a_week_of_caution() {
        let mut f = fixture(1.62);
        f.planned(5, nov(29), SessionKind::Hard, "hill repeats");
        let plan = f.plan();
        let items = items_of(&plan, RuleId::AcwrSpike);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].kind, ItemKind::Caution);
        assert_eq!((items[0].date, items[0].until), (nov(27), Some(nov(33))));
        // 300 × 1.62 = 486 against 300 a week.
        assert!(
            items[0].reason.starts_with(
                "your load over the 7 days to Thu 26 Nov was 486 points, 1.62× your weekly \
                 average of 300 over the 4 weeks before (a caution from 1.5)"
            ),
            "{}",
            items[0].reason
        );
        assert!(items[0].reason.contains("Garmin-RUNSAFE"));
        assert!(
            items[0]
                .reason
                .contains("1 hard session planned by Thu (Sun hill repeats)"),
            "{}",
            items[0].reason
        );
        assert_eq!(items[0].because.len(), 2);
    }

    #[test]
    fn a_ratio_shown_as_one_fifty_or_a_stale_value_does_not_fire() {
        assert!(items_of(&fixture(1.5).plan(), RuleId::AcwrSpike).is_empty());
        // 1.504 is shown as "1.50": not above 1.5.
        assert!(items_of(&fixture(1.504).plan(), RuleId::AcwrSpike).is_empty());
        let mut f = fixture(1.1);
        f.acwr = vec![weekly(nov(20), 1.9)];
        assert!(items_of(&f.plan(), RuleId::AcwrSpike).is_empty());
    }

    #[test]
    fn an_ordinary_week_raises_no_caution() {
        // Four weeks of 5 × 60 points, then the same week again: 300 / 300 = 1.00.
        let mut f = fixture(1.0);
        f.acwr = vec![WeeklyLoad {
            date: nov(26),
            last_7_days: 300.0,
            weekly_average_before: 300.0,
        }];
        assert!(items_of(&f.plan(), RuleId::AcwrSpike).is_empty());
    }

    #[test]
    fn never_on_race_day_or_the_day_after() {
        for race_day in [nov(27), nov(26)] {
            let mut f = fixture(1.9);
            f.race(30, race_day, "Turkey Trot", 10.0, RacePriority::B);
            assert!(
                items_of(&f.plan(), RuleId::AcwrSpike).is_empty(),
                "race on {race_day}"
            );
        }
        // Two days after, the caution is back.
        let mut f = fixture(1.9);
        f.race(30, nov(25), "Turkey Trot", 10.0, RacePriority::B);
        assert_eq!(items_of(&f.plan(), RuleId::AcwrSpike).len(), 1);
    }

    #[test]
    fn a_session_already_run_today_is_not_advised_against() {
        let mut f = fixture(1.9);
        f.planned(5, nov(27), SessionKind::Hard, "tempo");
        f.run(11, nov(27), 10.0, SessionKind::Hard);
        let plan = f.plan();
        let items = items_of(&plan, RuleId::AcwrSpike);
        assert!(!items[0].reason.contains("tempo"), "{}", items[0].reason);
    }
}
