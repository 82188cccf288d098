//! `race_taper`: protect the run-up to a goal race; and `post_race`, the days after any race.
//! No deep work in the last days before an A race, only light massage up to two days before
//! (`race_taper`); after a race, a light massage 24–48 h later and no deep work for 3 days,
//! about 3 after a marathon too (`post_race`, DOMAIN.md).

use super::post_big_run::{Trigger, place_light_massage};
use crate::id::Record;
use crate::model::Race;
use crate::plan::context::{Block, Ctx, Out, days};
use crate::plan::format;
use crate::plan::{Because, BecauseKind, ItemKind, PlanItem, RuleId};
use crate::vocab::Technique;
use chrono::{Duration, NaiveDate};

/// Why a massage with `technique` may not go on `date` because of a race.
pub(crate) fn blocks(ctx: &Ctx<'_>, date: NaiveDate, technique: Technique, out: &mut Vec<Block>) {
    let rules = ctx.rules;
    for race in ctx.input.races {
        let race = &race.item;
        let before = (race.date - date).num_days();
        if before == 0 {
            out.push(block(format!("race day ({})", race.name)));
            continue;
        }
        if rules.taper_priorities.contains(&race.priority) {
            if before >= 1 && before < i64::from(rules.taper_light_until_days) {
                out.push(block(format!(
                    "{} before {}, and massage only up to {} before a goal race",
                    format::days_count(before),
                    race.name,
                    format::days_count(i64::from(rules.taper_light_until_days))
                )));
                continue;
            }
            if technique.is_deep() && before >= 1 && before <= i64::from(rules.taper_no_deep_days) {
                out.push(block(format!(
                    "{} before {}, and no deep work in the last {} before a goal race",
                    format::days_count(before),
                    race.name,
                    format::days_count(i64::from(rules.taper_no_deep_days))
                )));
                continue;
            }
        }
        let after = -before;
        let rest = no_deep_days_after(ctx, race);
        if technique.is_deep() && after >= 1 && after <= rest {
            out.push(after_race_block(format!(
                "{} after {}, and no deep work for {} after {}",
                format::days_count(after),
                race.name,
                format::days_count(rest),
                if race.is_marathon_or_longer() {
                    "a marathon"
                } else {
                    "a race"
                }
            )));
        }
    }
}

fn after_race_block(reason: String) -> Block {
    Block {
        rule: RuleId::PostRace,
        reason,
    }
}

fn block(reason: String) -> Block {
    Block {
        rule: RuleId::RaceTaper,
        reason,
    }
}

fn no_deep_days_after(ctx: &Ctx<'_>, race: &Race) -> i64 {
    i64::from(if race.is_marathon_or_longer() {
        ctx.rules.post_marathon_no_deep_days
    } else {
        ctx.rules.post_race_no_deep_days
    })
}

/// The light flush before a goal race and the light massage after every race.
pub(crate) fn apply(ctx: &Ctx<'_>, out: &mut Out) {
    // Races whose run-up or after-care can touch the plan.
    let before = Duration::days(i64::from(ctx.rules.taper_no_deep_days) + 1);
    let mut races: Vec<&Record<Race>> = ctx
        .input
        .races
        .iter()
        .filter(|r| {
            r.item.date + Duration::days(3) >= ctx.from() && r.item.date - before <= ctx.end
        })
        .collect();
    races.sort_by_key(|r| (r.item.date, r.id));
    for race in races {
        if ctx.rules.taper_priorities.contains(&race.item.priority) {
            pre_race_flush(ctx, race, out);
        }
        after_race(ctx, race, out);
    }
}

fn pre_race_flush(ctx: &Ctx<'_>, race: &Record<Race>, out: &mut Out) {
    let rules = ctx.rules;
    let no_deep_from = race.item.date - Duration::days(i64::from(rules.taper_no_deep_days));
    let last_light = race.item.date - Duration::days(i64::from(rules.taper_light_until_days));
    let slots = ctx.slots(days(no_deep_from, last_light), Technique::Swedish);
    let run = slots.first_run();
    let (Some(first), Some(last)) = (run.first(), run.last()) else {
        // Every day is taken by hard sessions: the taper needs no flush item then.
        return;
    };
    out.item(PlanItem {
        date: *first,
        until: (first != last).then_some(*last),
        kind: ItemKind::Massage,
        technique: Some(Technique::Swedish),
        areas: rules.leg_areas.clone(),
        muscles: Vec::new(),
        rule: RuleId::RaceTaper,
        reason: format!(
            "{} ({} race) on {}: no deep tissue from {}; a light (Swedish) flush massage fits {}",
            race.item.name,
            race.item.priority.id(),
            format::day_date(race.item.date),
            format::day_date(no_deep_from),
            format::days_or(&run),
        ),
        because: vec![Because::new(BecauseKind::Race, race.id, race.item.date)],
        ..Default::default()
    });
}

fn after_race(ctx: &Ctx<'_>, race: &Record<Race>, out: &mut Out) {
    let rest = no_deep_days_after(ctx, &race.item);
    let first = race.item.date + Duration::days(1);
    let last = race.item.date + Duration::days(2);
    place_light_massage(
        ctx,
        Trigger {
            rule: RuleId::PostRace,
            first,
            last,
            what: format!(
                "{} {} ({} race)",
                format::day(race.item.date),
                race.item.name,
                format::distance(race.item.distance, ctx.input.units)
            ),
            note: Some(format!(
                "no deep tissue until {}",
                format::day_date(race.item.date + Duration::days(rest + 1))
            )),
            prefer: None,
            because: vec![Because::new(BecauseKind::Race, race.id, race.item.date)],
        },
        out,
    );
}

#[cfg(test)]
mod tests {
    use crate::plan::testkit::{Fixture, items_of, nov};
    use crate::plan::{ItemKind, RuleId};
    use crate::vocab::{MassagePurpose, RacePriority, Technique};

    fn fixture() -> Fixture {
        let mut f = Fixture::new(nov(27));
        f.massage(1, nov(26), Technique::Swedish, MassagePurpose::Maintenance);
        f
    }

    #[test]
    fn no_deep_work_in_the_five_days_before_an_a_race() {
        let mut f = fixture();
        f.race(
            7,
            nov(29) + chrono::Duration::days(7),
            "City Half",
            21.1,
            RacePriority::A,
        );
        // Race on Sun 6 Dec: Tue 1 Dec to Sat 5 Dec are closed to deep work.
        assert!(f.blocks(nov(30), Technique::DeepTissue).is_empty());
        let blocked = f.blocks(nov(31), Technique::DeepTissue);
        assert_eq!(blocked[0].rule, RuleId::RaceTaper);
        assert!(
            blocked[0].reason.contains("5 days before City Half"),
            "{}",
            blocked[0].reason
        );
        // Light work is fine until two days before, not the day before.
        assert!(f.blocks(nov(34), Technique::Swedish).is_empty());
        assert_eq!(f.blocks(nov(35), Technique::Swedish).len(), 1);
        assert_eq!(f.blocks(nov(36), Technique::Swedish).len(), 1);
    }

    #[test]
    fn a_booked_swedish_and_trigger_point_session_in_the_taper_is_deep_work() {
        use crate::plan::testkit::conflicts_of;
        let mut f = fixture();
        f.race(7, nov(36), "City Half", 21.1, RacePriority::A);
        // Booked for Tue 1 Dec, five days before the race: inside the no-deep window.
        f.massage(2, nov(31), Technique::Swedish, MassagePurpose::Maintenance);
        f.massages[1].item.techniques = vec![Technique::Swedish, Technique::TriggerPoint];
        assert!(f.massages[1].item.is_deep());
        let plan = f.plan();
        let flagged = conflicts_of(&plan, RuleId::RaceTaper);
        assert_eq!(flagged.len(), 1, "{:?}", plan.conflicts);
        assert_eq!(flagged[0].date, nov(31));
        assert!(
            flagged[0].reason.contains("trigger point massage")
                && flagged[0]
                    .reason
                    .contains("no deep work in the last 5 days"),
            "{}",
            flagged[0].reason
        );
        // The same day with Swedish alone is a light massage, allowed until two days out.
        let mut f = fixture();
        f.race(7, nov(36), "City Half", 21.1, RacePriority::A);
        f.massage(2, nov(31), Technique::Swedish, MassagePurpose::Maintenance);
        assert!(conflicts_of(&f.plan(), RuleId::RaceTaper).is_empty());
    }

    #[test]
    fn a_c_race_only_closes_its_own_day_before_it() {
        let mut f = fixture();
        f.race(7, nov(36), "Parkrun", 5.0, RacePriority::C);
        assert!(f.blocks(nov(35), Technique::DeepTissue).is_empty());
        assert_eq!(f.blocks(nov(36), Technique::Swedish).len(), 1);
    }

    #[test]
    fn after_a_marathon_deep_work_waits_three_days_and_a_light_massage_follows() {
        let mut f = fixture();
        f.race(7, nov(29), "Valencia Marathon", 42.195, RacePriority::A);
        assert_eq!(
            f.blocks(nov(29) + chrono::Duration::days(3), Technique::DeepTissue)
                .len(),
            1
        );
        assert!(
            f.blocks(nov(29) + chrono::Duration::days(8), Technique::DeepTissue)
                .is_empty()
        );
        let plan = f.plan();
        let after = items_of(&plan, RuleId::PostRace);
        assert_eq!(after.len(), 1);
        assert_eq!((after[0].date, after[0].until), (nov(30), Some(nov(31))));
        assert_eq!(after[0].technique, Some(Technique::Swedish));
        assert!(
            after[0].reason.contains("no deep tissue until Thu 3 Dec"),
            "{}",
            after[0].reason
        );
        // A shorter race: three days.
        let mut f = fixture();
        f.race(7, nov(29), "Turkey Trot", 10.0, RacePriority::B);
        assert_eq!(f.blocks(nov(32), Technique::DeepTissue).len(), 1);
        assert!(f.blocks(nov(33), Technique::DeepTissue).is_empty());
    }

    #[test]
    fn the_pre_race_flush_is_offered_before_an_a_race_only() {
        let mut f = fixture();
        // Room in the budget for the flush and the massage after the race.
        f.rules.visits_per_28_days = 3;
        f.race(7, nov(36), "City Half", 21.1, RacePriority::A);
        let plan = f.plan();
        let flush: Vec<_> = items_of(&plan, RuleId::RaceTaper)
            .into_iter()
            .filter(|i| i.date < nov(36))
            .collect();
        assert_eq!(flush.len(), 1);
        assert_eq!(flush[0].kind, ItemKind::Massage);
        assert_eq!((flush[0].date, flush[0].until), (nov(31), Some(nov(34))));
        let mut f = fixture();
        f.race(7, nov(36), "City Half", 21.1, RacePriority::B);
        let plan = f.plan();
        assert!(
            items_of(&plan, RuleId::RaceTaper)
                .iter()
                .all(|i| i.date > nov(36))
        );
    }
}
