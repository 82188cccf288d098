//! `see_a_pro`: sharp pain, pain at 7/10 or more, or the same area sore for more than a week
//! → advise a physical therapist, and keep deep work off that area until then. This wins
//! over `trouble_area`, and the plan says so.

use crate::id::{Id, Record};
use crate::model::SorenessEntry;
use crate::plan::context::{Ctx, Out};
use crate::plan::format;
use crate::plan::{Because, BecauseKind, ItemKind, PlanItem, RuleId};
use crate::vocab::{BodyArea, SorenessKind};
use chrono::{Duration, NaiveDate};
use std::collections::BTreeMap;

/// Why an area should see a physical therapist.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    /// "sharp pain on Wed 25 Nov; sore for 9 days in a row".
    pub why: String,
    pub entries: Vec<(Id, NaiveDate)>,
}

/// The areas that should see a physical therapist, as of `from`.
pub(crate) fn findings(ctx: &Ctx<'_>) -> BTreeMap<BodyArea, Finding> {
    let rules = ctx.rules;
    let from = ctx.from();
    let mut by_area: BTreeMap<BodyArea, Vec<&Record<SorenessEntry>>> = BTreeMap::new();
    for entry in ctx.input.soreness {
        if entry.item.date <= from && entry.item.level > 0 {
            by_area.entry(entry.item.area).or_default().push(entry);
        }
    }
    let recent_from = from - Duration::days(i64::from(rules.pro_lookback_days) - 1);
    let mut found = BTreeMap::new();
    for (area, mut entries) in by_area {
        entries.sort_by_key(|e| (e.item.date, e.id));
        let mut why = Vec::new();
        let mut cited: Vec<(Id, NaiveDate)> = Vec::new();
        let recent = entries.iter().filter(|e| e.item.date >= recent_from);
        if let Some(sharp) = recent.clone().rfind(|e| e.item.kind == SorenessKind::Sharp) {
            why.push(format!(
                "sharp pain on {}",
                format::day_date(sharp.item.date)
            ));
            cited.push((sharp.id, sharp.item.date));
        }
        if let Some(severe) = recent
            .filter(|e| e.item.level >= rules.pro_min_level)
            .filter(|e| {
                e.item.kind == SorenessKind::Sharp || after_race(ctx, e.item.date).is_none()
            })
            .max_by_key(|e| (e.item.level, e.item.date))
        {
            why.push(format!(
                "pain at {}/10 on {}",
                severe.item.level,
                format::day_date(severe.item.date)
            ));
            cited.push((severe.id, severe.item.date));
        }
        if let Some((first, span, chain)) = persistent_run(ctx, &entries) {
            why.push(format!(
                "sore for {} in a row (since {})",
                format::days_count(span),
                format::day_date(first)
            ));
            cited.extend(chain.iter().map(|e| (e.id, e.item.date)));
        }
        if !why.is_empty() {
            cited.sort();
            cited.dedup();
            found.insert(
                area,
                Finding {
                    why: why.join("; "),
                    entries: cited,
                },
            );
        }
    }
    found
}

/// Days after a race within which strong soreness is expected, not a warning sign.
const EXPECTED_SORENESS_DAYS: i64 = 3;

/// The race a day of soreness follows closely, if any.
fn after_race<'r>(ctx: &Ctx<'r>, date: NaiveDate) -> Option<&'r Record<crate::model::Race>> {
    ctx.input.races.iter().find(|r| {
        let after = (date - r.item.date).num_days();
        (0..=EXPECTED_SORENESS_DAYS).contains(&after)
    })
}

/// Strong *soreness* (not sharp pain) in the days after a race: recovery advice, not a
/// referral.
fn expected_soreness(ctx: &Ctx<'_>, out: &mut Out) {
    let from = ctx.from();
    for entry in ctx.input.soreness {
        let e = &entry.item;
        if e.kind == SorenessKind::Sharp
            || e.level < ctx.rules.pro_min_level
            || (from - e.date).num_days() > 1
            || e.date > from
            || ctx.pro_areas.contains_key(&e.area)
        {
            continue;
        }
        let Some(race) = after_race(ctx, e.date) else {
            continue;
        };
        out.item(PlanItem {
            date: from,
            kind: ItemKind::Caution,
            areas: vec![e.area],
            rule: RuleId::SeeAPro,
            reason: format!(
                "{} {} at {}/10 on {}, {} after {}: soreness like this is expected after a race → easy days, light self-massage and sleep; see a professional if it turns sharp or is still there after {}",
                capitalise(e.area.label()),
                e.kind.label(),
                e.level,
                format::day_date(e.date),
                format::days_count((e.date - race.item.date).num_days()),
                race.item.name,
                format::days_count(i64::from(ctx.rules.pro_persistent_days))
            ),
            because: vec![
                Because::new(BecauseKind::Soreness, entry.id, e.date),
                Because::new(BecauseKind::Race, race.id, race.item.date),
            ],
            ..Default::default()
        });
    }
}

/// The run of entries ending at the latest one, still current and longer than the limit.
fn persistent_run<'r>(
    ctx: &Ctx<'_>,
    entries: &[&'r Record<SorenessEntry>],
) -> Option<(NaiveDate, i64, Vec<&'r Record<SorenessEntry>>)> {
    let gap = i64::from(ctx.rules.pro_max_gap_days);
    let last = entries.last()?;
    if (ctx.from() - last.item.date).num_days() > gap {
        return None;
    }
    let mut start = entries.len() - 1;
    while start > 0 && (entries[start].item.date - entries[start - 1].item.date).num_days() <= gap {
        start -= 1;
    }
    let first = entries[start].item.date;
    let span = (last.item.date - first).num_days() + 1;
    (span > i64::from(ctx.rules.pro_persistent_days))
        .then(|| (first, span, entries[start..].to_vec()))
}

/// A caution item per area that should see a physical therapist.
pub(crate) fn apply(ctx: &Ctx<'_>, out: &mut Out) {
    expected_soreness(ctx, out);
    for (area, finding) in &ctx.pro_areas {
        out.item(PlanItem {
            date: ctx.from(),
            until: None,
            kind: ItemKind::Caution,
            technique: None,
            areas: vec![*area],
            muscles: Vec::new(),
            rule: RuleId::SeeAPro,
            reason: format!(
                "{}: {} → see a physical therapist (they and your massage therapist can work together); no deep work on the {} until then",
                capitalise(area.label()),
                finding.why,
                area.label()
            ),
            because: finding
                .entries
                .iter()
                .map(|(id, date)| Because::new(BecauseKind::Soreness, *id, *date))
                .collect(),
            ..Default::default()
        });
    }
}

pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::testkit::{Fixture, items_of, nov};
    use crate::plan::{ItemKind, RuleId};
    use crate::vocab::{BodyArea, MassagePurpose, SorenessKind, Technique};

    fn fixture() -> Fixture {
        let mut f = Fixture::new(nov(27));
        f.massage(1, nov(26), Technique::Swedish, MassagePurpose::Maintenance);
        f
    }

    #[test]
    fn sharp_pain_advises_a_physical_therapist() {
        let mut f = fixture();
        f.sore(20, nov(25), BodyArea::Feet, 3, SorenessKind::Sharp);
        let plan = f.plan();
        let items = items_of(&plan, RuleId::SeeAPro);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].kind, ItemKind::Caution);
        assert_eq!(items[0].areas, vec![BodyArea::Feet]);
        assert!(
            items[0].reason.contains("sharp pain on Wed 25 Nov"),
            "{}",
            items[0].reason
        );
        assert_eq!(items[0].because[0].id, "20");
    }

    #[test]
    fn pain_at_seven_fires_six_does_not() {
        let mut f = fixture();
        f.sore(20, nov(26), BodyArea::Calves, 6, SorenessKind::Sore);
        assert!(items_of(&f.plan(), RuleId::SeeAPro).is_empty());
        f.sore(21, nov(27), BodyArea::Calves, 7, SorenessKind::Sore);
        let plan = f.plan();
        assert!(
            items_of(&plan, RuleId::SeeAPro)[0]
                .reason
                .contains("pain at 7/10")
        );
    }

    #[test]
    fn sore_more_than_seven_days_in_a_row_fires_and_a_gap_breaks_the_run() {
        let mut f = fixture();
        for (i, day) in [19, 21, 23, 25, 27].into_iter().enumerate() {
            f.sore(
                20 + i as i64,
                nov(day),
                BodyArea::Hamstrings,
                3,
                SorenessKind::Tight,
            );
        }
        let plan = f.plan();
        let items = items_of(&plan, RuleId::SeeAPro);
        assert!(
            items[0].reason.contains("sore for 9 days in a row"),
            "{}",
            items[0].reason
        );
        let mut f = fixture();
        for (i, day) in [19, 23, 25, 27].into_iter().enumerate() {
            f.sore(
                20 + i as i64,
                nov(day),
                BodyArea::Hamstrings,
                3,
                SorenessKind::Tight,
            );
        }
        assert!(items_of(&f.plan(), RuleId::SeeAPro).is_empty());
    }

    #[test]
    fn old_sharp_pain_no_longer_counts() {
        let mut f = fixture();
        f.sore(20, nov(1), BodyArea::Feet, 3, SorenessKind::Sharp);
        assert!(items_of(&f.plan(), RuleId::SeeAPro).is_empty());
    }

    #[test]
    fn strong_soreness_the_day_after_a_marathon_gets_recovery_advice_not_a_referral() {
        use crate::vocab::RacePriority;
        let mut f = fixture();
        f.race(7, nov(26), "City Marathon", 42.195, RacePriority::A);
        f.sore(20, nov(27), BodyArea::Quads, 7, SorenessKind::Sore);
        let plan = f.plan();
        let items = items_of(&plan, RuleId::SeeAPro);
        assert_eq!(items.len(), 1);
        assert!(
            items[0].reason.contains("expected after a race")
                && !items[0].reason.contains("see a physical therapist"),
            "{}",
            items[0].reason
        );
        // Sharp pain after the same race is still a referral.
        f.sore(21, nov(27), BodyArea::Feet, 4, SorenessKind::Sharp);
        let plan = f.plan();
        assert!(
            items_of(&plan, RuleId::SeeAPro)
                .iter()
                .any(|i| i.reason.contains("see a physical therapist"))
        );
    }
}
