//! `no_hard_after_massage`: an easy run after a massage is fine, a hard one is not. No
//! massage goes on a day with a hard session (it would come before it), and deep work
//! keeps hard sessions away for 24–36 h. Booked massages that break this are flagged.

use crate::plan::context::{Block, Ctx, Out};
use crate::plan::format;
use crate::plan::{Conflict, RuleId};
use crate::vocab::Technique;
use chrono::{Duration, NaiveDate};

/// Why a massage with `technique` may not go on `date`, as far as this rule goes.
pub(crate) fn blocks(ctx: &Ctx<'_>, date: NaiveDate, technique: Technique, out: &mut Vec<Block>) {
    if let Some(hard) = ctx.hard_on(date) {
        out.push(Block {
            rule: RuleId::NoHardAfterMassage,
            reason: format!(
                "{} planned that day, and no massage goes before a hard session",
                hard.item.title
            ),
        });
        return;
    }
    if technique.is_deep() {
        for ahead in 1..=ctx.rules.deep_no_hard_days() {
            if let Some(hard) = ctx.hard_on(date + Duration::days(ahead)) {
                out.push(Block {
                    rule: RuleId::NoHardAfterMassage,
                    reason: format!(
                        "{} planned {}, and no hard session within {} h of deep work",
                        hard.item.title,
                        format::day(hard.item.date),
                        ctx.rules.deep_no_hard_hours
                    ),
                });
                return;
            }
        }
    }
}

/// Flags booked massages (dated `from` or later, inside the plan) that any rule forbids.
pub(crate) fn check_booked(ctx: &Ctx<'_>, out: &mut Out) {
    let mut booked: Vec<_> = ctx
        .input
        .massages
        .iter()
        .filter(|m| ctx.in_horizon(m.item.date))
        .collect();
    booked.sort_by_key(|m| (m.item.date, m.id));
    for massage in booked {
        // Deep when any of its techniques is: Swedish with trigger points is deep work.
        let technique = massage.item.judged_technique();
        for block in ctx.blocks(massage.item.date, technique) {
            out.conflict(Conflict {
                rule: block.rule,
                date: massage.item.date,
                reason: format!(
                    "the {} massage booked for {} breaks a rule: {}",
                    technique.label(),
                    format::day_date(massage.item.date),
                    block.reason
                ),
                with: None,
            });
        }
        if technique.is_deep() {
            for area in massage
                .item
                .areas
                .iter()
                .filter(|a| ctx.pro_areas.contains_key(a))
            {
                out.conflict(Conflict {
                    rule: RuleId::SeeAPro,
                    date: massage.item.date,
                    reason: format!(
                        "the {} massage booked for {} includes the {}, which should see a physical therapist before deep work",
                        technique.label(),
                        format::day_date(massage.item.date),
                        area.label()
                    ),
                    with: None,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::testkit::{Fixture, conflicts_of, nov};
    use crate::plan::{PlanRules, RuleId};
    use crate::vocab::{MassagePurpose, SessionKind, Technique};

    fn fixture() -> Fixture {
        let mut f = Fixture::new(nov(27));
        // A recent massage so the service rule stays quiet.
        f.massage(1, nov(26), Technique::Swedish, MassagePurpose::Maintenance);
        f
    }

    #[test]
    fn a_hard_day_blocks_any_massage_an_easy_day_does_not() {
        let mut f = fixture();
        f.planned(5, nov(30), SessionKind::Hard, "intervals 5x1k");
        f.planned(6, nov(29), SessionKind::Easy, "easy 8k");
        let plan = f.plan();
        assert_eq!(f.blocks(nov(30), Technique::Swedish).len(), 1);
        assert!(f.blocks(nov(29), Technique::Swedish).is_empty());
        // Deep work the day before a hard session is out; Swedish is fine.
        let deep = f.blocks(nov(29), Technique::DeepTissue);
        assert_eq!(deep[0].rule, RuleId::NoHardAfterMassage);
        assert!(deep[0].reason.contains("within 24 h"), "{}", deep[0].reason);
        // Two days before is fine at 24 h, not at 36 h.
        assert!(f.blocks(nov(28), Technique::DeepTissue).is_empty());
        f.rules = PlanRules {
            deep_no_hard_hours: 36,
            ..PlanRules::default()
        };
        assert_eq!(f.blocks(nov(28), Technique::DeepTissue).len(), 1);
        assert!(plan.conflicts.is_empty());
    }

    #[test]
    fn a_booked_deep_massage_before_intervals_is_flagged() {
        let mut f = fixture();
        f.planned(5, nov(30), SessionKind::Hard, "intervals 5x1k");
        f.massage(
            2,
            nov(29),
            Technique::DeepTissue,
            MassagePurpose::Maintenance,
        );
        let plan = f.plan();
        let flagged = conflicts_of(&plan, RuleId::NoHardAfterMassage);
        assert_eq!(flagged.len(), 1);
        assert_eq!(flagged[0].date, nov(29));
        assert!(
            flagged[0].reason.contains("intervals 5x1k"),
            "{}",
            flagged[0].reason
        );
    }

    #[test]
    fn a_booked_swedish_massage_the_day_before_is_fine() {
        let mut f = fixture();
        f.planned(5, nov(30), SessionKind::Hard, "intervals 5x1k");
        f.massage(2, nov(29), Technique::Swedish, MassagePurpose::Recovery);
        assert!(f.plan().conflicts.is_empty());
    }
}
