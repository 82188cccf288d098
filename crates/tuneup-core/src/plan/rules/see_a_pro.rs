//! `see_a_pro`: sharp pain, pain at 7/10 or more, or the same area sore for more than a week
//! → advise a physical therapist, and keep deep work off that area until then. This wins
//! over `trouble_area`, and the plan says so.

use crate::id::{Id, Record};
use crate::model::SorenessEntry;
use crate::plan::context::{Ctx, Out, days};
use crate::plan::format;
use crate::plan::visits::hash_id;
use crate::plan::{Because, BecauseKind, ItemKind, PlanItem, RuleId};
use crate::vocab::BodyArea;
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
        if let Some(sharp) = recent.clone().rfind(|e| e.item.kind.is_pain()) {
            why.push(format!(
                "{} on {}",
                sharp.item.kind.label(),
                format::day_date(sharp.item.date)
            ));
            cited.push((sharp.id, sharp.item.date));
        }
        if let Some(severe) = recent
            .filter(|e| e.item.level >= rules.pro_min_level)
            .filter(|e| e.item.kind.is_pain() || after_race(ctx, e.item.date).is_none())
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
        if e.kind.is_pain()
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

/// Pain within this many days before a race puts the hard sessions up to it, and the race,
/// in question (issue 12's rule: sharp or bone pain in the last two weeks).
const PAIN_BEFORE_RACE_DAYS: i64 = 14;

/// Sharp or bone pain within two weeks of a race: each hard session planned up to it, and
/// the race itself, get a caution to talk to a professional before running them.
fn pain_before_race(ctx: &Ctx<'_>, out: &mut Out) {
    let from = ctx.from();
    let lookback = from - Duration::days(i64::from(ctx.rules.pro_lookback_days) - 1);
    let mut races: Vec<_> = ctx
        .input
        .races
        .iter()
        .filter(|r| r.item.date >= from)
        .collect();
    races.sort_by_key(|r| (r.item.date, r.id));
    let mut flagged: Vec<NaiveDate> = Vec::new();
    for race in races {
        let r = &race.item;
        let mut pains: Vec<_> = ctx
            .input
            .soreness
            .iter()
            .filter(|e| e.item.kind.is_pain() && e.item.level > 0)
            .filter(|e| e.item.date >= lookback && e.item.date <= from)
            .filter(|e| (r.date - e.item.date).num_days() <= PAIN_BEFORE_RACE_DAYS)
            .collect();
        if pains.is_empty() {
            continue;
        }
        pains.sort_by_key(|e| (e.item.date, e.id));
        let pain = pains[pains.len() - 1];
        let what = format!(
            "{} in the {} on {}, {} before {}",
            capitalise(pain.item.kind.label()),
            pain.item.area.label(),
            format::day_date(pain.item.date),
            format::days_count((r.date - pain.item.date).num_days()),
            r.name
        );
        let pain_because = Because::new(BecauseKind::Soreness, pain.id, pain.item.date);
        for day in days(from, (r.date - Duration::days(1)).min(ctx.end)) {
            let Some(session) = ctx.hard_on(day) else {
                continue;
            };
            if flagged.contains(&day) {
                continue;
            }
            flagged.push(day);
            out.item(PlanItem {
                // One per session, stable whatever else the plan holds.
                id: hash_id(&format!("see_a_pro|before_race|planned:{}", session.id)),
                date: day,
                kind: ItemKind::Caution,
                areas: vec![pain.item.area],
                rule: RuleId::SeeAPro,
                reason: format!(
                    "{what} → talk to a professional before running {} on {}",
                    session.item.title,
                    format::day(day)
                ),
                because: vec![
                    pain_because.clone(),
                    Because::new(BecauseKind::Planned, session.id, session.item.date),
                ],
                ..Default::default()
            });
        }
        out.item(PlanItem {
            id: hash_id(&format!("see_a_pro|before_race|race:{}", race.id)),
            date: if ctx.in_horizon(r.date) { r.date } else { from },
            kind: ItemKind::Caution,
            areas: vec![pain.item.area],
            rule: RuleId::SeeAPro,
            reason: format!(
                "{what} → talk to a professional before running {} on {}",
                r.name,
                format::day_date(r.date)
            ),
            because: vec![
                pain_because,
                Because::new(BecauseKind::Race, race.id, r.date),
            ],
            ..Default::default()
        });
    }
}

/// A caution item per area that should see a physical therapist.
pub(crate) fn apply(ctx: &Ctx<'_>, out: &mut Out) {
    expected_soreness(ctx, out);
    pain_before_race(ctx, out);
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

    #[test]
    fn bone_pain_before_a_race_flags_the_hard_sessions_and_the_race() {
        use crate::vocab::{RacePriority, SessionKind};
        let mut f = fixture();
        f.race(7, nov(32), "City Marathon", 42.195, RacePriority::A);
        f.planned(5, nov(28), SessionKind::Hard, "5x1k");
        f.planned(6, nov(29), SessionKind::Easy, "easy 6k");
        f.planned(8, nov(32), SessionKind::Race, "City Marathon");
        f.sore(20, nov(27), BodyArea::Shins, 4, SorenessKind::Bone);
        let plan = f.plan();
        let flagged: Vec<_> = items_of(&plan, RuleId::SeeAPro)
            .into_iter()
            .filter(|i| i.reason.contains("talk to a professional before running"))
            .collect();
        let on: Vec<_> = flagged.iter().map(|i| i.date).collect();
        assert_eq!(on, [nov(28), nov(32)], "{flagged:#?}");
        assert_eq!(
            flagged[0].reason,
            "Bone pain in the shins on Fri 27 Nov, 5 days before City Marathon → talk to a professional before running 5x1k on Sat"
        );
        assert!(
            flagged[1]
                .reason
                .ends_with("before running City Marathon on Wed 2 Dec")
        );
        // And the usual referral.
        assert!(items_of(&plan, RuleId::SeeAPro).iter().any(|i| {
            i.reason
                .contains("bone pain on Fri 27 Nov → see a physical therapist")
        }));
        // Soreness, even strong, is not pain: nothing flagged.
        f.soreness[0].item.kind = SorenessKind::Sore;
        assert!(
            !f.plan()
                .items
                .iter()
                .any(|i| i.reason.contains("talk to a professional"))
        );
    }
}
