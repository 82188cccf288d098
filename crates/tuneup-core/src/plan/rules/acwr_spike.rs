//! `acwr_spike`: when the acute:chronic workload ratio is above 1.5, load has risen faster
//! than the body is used to → a caution to put recovery first and ease the ramp.

use crate::plan::context::{Ctx, Out, days};
use crate::plan::format;
use crate::plan::{Because, BecauseKind, ItemKind, PlanItem, RuleId};
use chrono::Duration;

pub(crate) fn apply(ctx: &Ctx<'_>, out: &mut Out) {
    let rules = ctx.rules;
    let from = ctx.from();
    let oldest = from - Duration::days(i64::from(rules.acwr_max_age_days));
    let Some(&(date, ratio)) = ctx
        .input
        .acwr
        .iter()
        .filter(|(d, r)| *d <= from && *d >= oldest && r.is_finite())
        .max_by_key(|(d, _)| *d)
    else {
        return;
    };
    if ratio <= rules.acwr_threshold {
        return;
    }
    let until = (from + Duration::days(i64::from(rules.acwr_caution_days) - 1)).min(ctx.end);
    let hard: Vec<_> = days(from, until).filter_map(|d| ctx.hard_on(d)).collect();
    let mut reason = format!(
        "acute:chronic load ratio {ratio:.2} on {}, above {}: your last week was much bigger than what you are used to → put recovery first and ease the ramp",
        format::day_date(date),
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
    });
}

#[cfg(test)]
mod tests {
    use crate::plan::testkit::{Fixture, items_of, nov};
    use crate::plan::{ItemKind, RuleId};
    use crate::vocab::{MassagePurpose, SessionKind, Technique};

    fn fixture(ratio: f64) -> Fixture {
        let mut f = Fixture::new(nov(27));
        f.massage(1, nov(26), Technique::Swedish, MassagePurpose::Maintenance);
        f.run(10, nov(25), 20.0, SessionKind::Long);
        f.acwr = vec![(nov(20), 1.1), (nov(26), ratio)];
        f
    }

    #[test]
    fn a_ratio_above_one_and_a_half_gives_a_week_of_caution() {
        let mut f = fixture(1.62);
        f.planned(5, nov(29), SessionKind::Hard, "hill repeats");
        let plan = f.plan();
        let items = items_of(&plan, RuleId::AcwrSpike);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].kind, ItemKind::Caution);
        assert_eq!((items[0].date, items[0].until), (nov(27), Some(nov(33))));
        assert!(
            items[0]
                .reason
                .starts_with("acute:chronic load ratio 1.62 on Thu 26 Nov, above 1.5"),
            "{}",
            items[0].reason
        );
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
    fn exactly_one_and_a_half_or_a_stale_value_does_not_fire() {
        assert!(items_of(&fixture(1.5).plan(), RuleId::AcwrSpike).is_empty());
        let mut f = fixture(1.1);
        f.acwr = vec![(nov(20), 1.9)];
        assert!(items_of(&f.plan(), RuleId::AcwrSpike).is_empty());
    }
}
