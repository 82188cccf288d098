//! `rehab_rest_day`: after a massage to rehab an injury, the next day is a rest day; a run
//! planned on it is flagged.

use crate::plan::context::{Ctx, Out};
use crate::plan::format;
use crate::plan::{Because, BecauseKind, Conflict, ItemKind, PlanItem, RuleId};
use crate::vocab::{MassagePurpose, SessionKind};
use chrono::Duration;

pub(crate) fn apply(ctx: &Ctx<'_>, out: &mut Out) {
    for massage in ctx.input.massages {
        if massage.item.purpose != MassagePurpose::Rehab {
            continue;
        }
        let rest = massage.item.date + Duration::days(1);
        if !ctx.in_horizon(rest) {
            continue;
        }
        let areas = &massage.item.areas;
        out.item(PlanItem {
            date: rest,
            until: None,
            kind: ItemKind::Rest,
            technique: None,
            areas: areas.clone(),
            muscles: Vec::new(),
            rule: RuleId::RehabRestDay,
            reason: format!(
                "rehab massage on {}{} → rest day on {}, so the treated tissue can settle",
                format::day_date(massage.item.date),
                if areas.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", format::areas(areas))
                },
                format::day(rest)
            ),
            because: vec![Because::new(
                BecauseKind::Massage,
                massage.id,
                massage.item.date,
            )],
            ..Default::default()
        });
        for session in ctx.planned_on(rest) {
            if session.item.kind == SessionKind::Rest {
                continue;
            }
            out.conflict(Conflict {
                rule: RuleId::RehabRestDay,
                date: rest,
                reason: format!(
                    "{} ({}) is planned on {}, the rest day after the rehab massage on {} → move it or rest",
                    session.item.title,
                    session.item.kind.label(),
                    format::day_date(rest),
                    format::day(massage.item.date)
                ),
                with: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::testkit::{Fixture, conflicts_of, items_of, nov};
    use crate::plan::{ItemKind, RuleId};
    use crate::vocab::{MassagePurpose, SessionKind, Technique};

    #[test]
    fn a_rehab_massage_makes_the_next_day_a_rest_day() {
        let mut f = Fixture::new(nov(27));
        f.massage(1, nov(27), Technique::DeepTissue, MassagePurpose::Rehab);
        let plan = f.plan();
        let items = items_of(&plan, RuleId::RehabRestDay);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].kind, ItemKind::Rest);
        assert_eq!(items[0].date, nov(28));
        assert!(conflicts_of(&plan, RuleId::RehabRestDay).is_empty());
    }

    #[test]
    fn a_run_on_the_rest_day_is_flagged_a_maintenance_massage_has_no_rest_day() {
        let mut f = Fixture::new(nov(27));
        f.massage(1, nov(27), Technique::DeepTissue, MassagePurpose::Rehab);
        f.planned(5, nov(28), SessionKind::Easy, "easy 6k");
        let plan = f.plan();
        let conflicts = conflicts_of(&plan, RuleId::RehabRestDay);
        assert_eq!(conflicts.len(), 1);
        assert!(
            conflicts[0]
                .reason
                .starts_with("easy 6k (easy) is planned on Sat 28 Nov")
        );

        let mut f = Fixture::new(nov(27));
        f.massage(
            1,
            nov(27),
            Technique::DeepTissue,
            MassagePurpose::Maintenance,
        );
        f.planned(5, nov(28), SessionKind::Easy, "easy 6k");
        assert!(items_of(&f.plan(), RuleId::RehabRestDay).is_empty());
    }
}
