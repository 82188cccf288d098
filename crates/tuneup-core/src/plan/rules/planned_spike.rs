//! `planned_spike`: a caution before a planned run that would spike. A planned session with
//! a distance more than `planned_spike_over` (10 %) longer than the longest run of the
//! `planned_spike_window_days` (30) days before it gets a caution on its day, in
//! Garmin-RUNSAFE's bands (Frandsen et al., Br J Sports Med 2025; DOMAIN.md, "Classifying
//! sessions and spotting risky runs"): "Sat 32 km is 23 % longer than your longest run in 30
//! days (26 km)". The study found such runs *linked to* more overuse injuries; it is an
//! observational cohort, so the words never say "causes".
//!
//! The baseline is the runs already done: the sessions between now and then are only plans.
//! With no run in the window there is no baseline and no caution. Races and rest days are
//! exempt: a race is run for its own sake, and a spike caution on race day helps no one.

use crate::load::{SPIKE_SOURCE, SpikeBand};
use crate::plan::context::{Ctx, Out};
use crate::plan::format;
use crate::plan::{Because, BecauseKind, ItemKind, PlanItem, RuleId};
use crate::units::Meters;
use crate::vocab::SessionKind;
use chrono::Duration;

pub(crate) fn apply(ctx: &Ctx<'_>, out: &mut Out) {
    let rules = ctx.rules;
    let window = Duration::days(i64::from(rules.planned_spike_window_days));
    let units = ctx.input.units;
    for session in ctx.input.planned {
        let planned = &session.item;
        let Some(distance) = planned.distance else {
            continue;
        };
        if !ctx.in_horizon(planned.date)
            || matches!(planned.counts_as(), SessionKind::Race | SessionKind::Rest)
            || ctx.input.races.iter().any(|r| r.item.date == planned.date)
        {
            continue;
        }
        let Some(longest) = ctx
            .input
            .activities
            .iter()
            .filter(|a| {
                let day = a.item.local_date();
                a.item.sport.is_running()
                    && a.item.distance.0 > 0.0
                    && day < planned.date
                    && day >= planned.date - window
            })
            .max_by(|a, b| {
                a.item
                    .distance
                    .0
                    .total_cmp(&b.item.distance.0)
                    .then(b.item.start.cmp(&a.item.start))
            })
        else {
            continue;
        };
        let over = distance.0 / longest.item.distance.0 - 1.0;
        // Compared as shown: "10 %" is not more than 10 %.
        let shown = (over * 100.0).round();
        if shown <= (rules.planned_spike_over * 100.0).round() {
            continue;
        }
        let band = SpikeBand::of(over);
        let ratio = band
            .info()
            .hazard_ratio
            .map_or_else(String::new, |hr| format!("; hazard ratio {hr}"));
        let keep_to = Meters(longest.item.distance.0 * (1.0 + rules.planned_spike_over));
        let reason = format!(
            "{} {} is {shown:.0} % longer than your longest run in {} days ({}, {}): a spike of \
             {}, linked to more overuse injuries in {SPIKE_SOURCE}{ratio} → keep it to {} or \
             less, or build up to it over a few weeks",
            format::day(planned.date),
            format::distance(distance, units),
            rules.planned_spike_window_days,
            format::distance(longest.item.distance, units),
            format::day_date(longest.item.local_date()),
            band.label(),
            format::distance(keep_to, units),
        );
        out.item(PlanItem {
            date: planned.date,
            until: None,
            kind: ItemKind::Caution,
            technique: None,
            areas: Vec::new(),
            muscles: Vec::new(),
            rule: RuleId::PlannedSpike,
            reason,
            because: vec![
                Because::new(BecauseKind::Planned, session.id, planned.date),
                Because::new(BecauseKind::Activity, longest.id, longest.item.local_date()),
            ],
            ..Default::default()
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::testkit::{Fixture, items_of, nov};
    use crate::plan::{ItemKind, RuleId};
    use crate::units::Meters;
    use crate::vocab::{RacePriority, SessionKind};

    /// Today Fri 27 Nov; the longest run of the last 30 days is 26 km on Sun 22 Nov.
    fn fixture(planned_km: f64, kind: SessionKind) -> Fixture {
        let mut f = Fixture::new(nov(27));
        f.run(1, nov(15), 20.0, SessionKind::Long);
        f.run(2, nov(22), 26.0, SessionKind::Long);
        f.run(3, nov(25), 10.0, SessionKind::Easy);
        f.planned(7, nov(28), kind, "long run");
        f.planned.last_mut().expect("just planned").item.distance =
            Some(Meters::from_km(planned_km));
        f
    }

    #[test]
    fn a_planned_run_23_percent_over_the_longest_gets_a_caution_before_it() {
        let plan = fixture(32.0, SessionKind::Long).plan();
        let items = items_of(&plan, RuleId::PlannedSpike);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].kind, ItemKind::Caution);
        assert_eq!(items[0].date, nov(28));
        assert!(
            items[0].reason.starts_with(
                "Sat 32 km is 23 % longer than your longest run in 30 days (26 km, Sun 22 Nov): \
                 a spike of 10–30 %, linked to more overuse injuries in Garmin-RUNSAFE, \
                 Frandsen et al., Br J Sports Med 2025; hazard ratio 1.64 (1.31–2.05) → keep it \
                 to 28.6 km or less"
            ),
            "{}",
            items[0].reason
        );
        assert!(!items[0].reason.contains("cause"));
        let because: Vec<_> = items[0].because.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(because, ["2", "7"]);
    }

    #[test]
    fn up_to_10_percent_races_rest_and_no_baseline_are_silent() {
        // 28.6 km is 10 % over 26 km: the reference band.
        assert!(
            items_of(
                &fixture(28.6, SessionKind::Long).plan(),
                RuleId::PlannedSpike
            )
            .is_empty()
        );
        assert!(
            items_of(
                &fixture(42.2, SessionKind::Race).plan(),
                RuleId::PlannedSpike
            )
            .is_empty()
        );
        let mut f = fixture(42.2, SessionKind::Long);
        f.race(30, nov(28), "Turkey Marathon", 42.2, RacePriority::A);
        assert!(items_of(&f.plan(), RuleId::PlannedSpike).is_empty());
        // No run in the 30 days before: no baseline, no caution.
        let mut f = fixture(32.0, SessionKind::Long);
        f.activities.clear();
        assert!(items_of(&f.plan(), RuleId::PlannedSpike).is_empty());
        // Without a distance there is nothing to compare.
        let mut f = fixture(32.0, SessionKind::Long);
        f.planned[0].item.distance = None;
        assert!(items_of(&f.plan(), RuleId::PlannedSpike).is_empty());
    }

    #[test]
    fn the_threshold_is_the_profiles() {
        let mut f = fixture(32.0, SessionKind::Long);
        f.rules.planned_spike_over = 0.30;
        assert!(items_of(&f.plan(), RuleId::PlannedSpike).is_empty());
        let mut f = fixture(60.0, SessionKind::Easy);
        f.rules.planned_spike_over = 0.30;
        let plan = f.plan();
        let items = items_of(&plan, RuleId::PlannedSpike);
        assert!(
            items[0].reason.contains("a spike of over 100 %"),
            "{}",
            items[0].reason
        );
    }

    #[test]
    fn a_6x800_filed_as_easy_counts_as_a_hard_session() {
        use crate::plan::context::Ctx;
        let mut f = fixture(10.0, SessionKind::Easy);
        f.planned(8, nov(29), SessionKind::Easy, "6x800 on the track");
        f.planned(9, nov(30), SessionKind::Easy, "recovery jog");
        let input = f.input();
        let ctx = Ctx::new(&input, &f.rules);
        assert_eq!(ctx.hard_on(nov(29)).map(|s| s.id.0), Some(8));
        assert_eq!(ctx.hard_on(nov(30)), None);
    }
}
