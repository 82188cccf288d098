//! Whole-plan tests: rules interacting, determinism, and the JSON shape.

use super::testkit::{Fixture, conflicts_of, items_of, nov, visits, visits_for};
use super::{ItemKind, RuleId};
use crate::vocab::{BodyArea, MassagePurpose, RacePriority, SessionKind, SorenessKind, Technique};

/// A busy fortnight: a big Saturday run, intervals on Monday, sore calves, an A race, a
/// rehab massage booked, and a load spike.
fn busy() -> Fixture {
    let mut f = Fixture::new(nov(28));
    f.massage(1, nov(9), Technique::Swedish, MassagePurpose::Maintenance);
    f.run(10, nov(24), 10.0, SessionKind::Easy);
    f.run(11, nov(26), 12.0, SessionKind::Hard);
    f.big_run(12, nov(28), 32.0, 2.3);
    f.planned(20, nov(30), SessionKind::Hard, "intervals 6x1k");
    f.planned(21, nov(32), SessionKind::Easy, "easy 8k");
    f.planned(22, nov(34), SessionKind::Hard, "tempo 5k");
    f.race(30, nov(41), "Winter Half", 21.1, RacePriority::A);
    f.sore(40, nov(25), BodyArea::Calves, 3, SorenessKind::Tight);
    f.sore(41, nov(27), BodyArea::Calves, 4, SorenessKind::Sore);
    f.sore(42, nov(27), BodyArea::Feet, 2, SorenessKind::Sharp);
    f.massage(2, nov(31), Technique::DeepTissue, MassagePurpose::Rehab);
    f.acwr = vec![crate::plan::testkit::weekly(nov(28), 1.58)];
    f.referrals
        .insert(BodyArea::Feet, vec!["gastrocnemius".into()]);
    f.referrals
        .insert(BodyArea::Calves, vec!["gluteus minimus".into()]);
    f
}

#[test]
fn saturday_big_run_with_monday_intervals_lands_the_massage_on_sunday() {
    // With the rehab massage booked for Tue, Sunday is too close: self-massage instead,
    // saying which visit won and why.
    let plan = busy().plan();
    let post = items_of(&plan, RuleId::PostBigRun);
    assert_eq!(post.len(), 1);
    assert_eq!(
        (post[0].kind, post[0].date, post[0].until),
        (ItemKind::SelfMassage, nov(29), None)
    );
    assert!(
        post[0].reason.contains(
            "you have a massage booked on Tue, and you allow at least 3 days between visits"
        ) && post[0].reason.contains("10 min self-massage on the calves"),
        "{}",
        post[0].reason
    );
    let mut f = busy();
    f.massages.truncate(1);
    // Room in the budget beside the logged massage and the pre-race flush.
    f.rules.visits_per_28_days = 4;
    let plan = f.plan();
    let post = items_of(&plan, RuleId::PostBigRun);
    assert_eq!(post.len(), 1);
    assert_eq!(post[0].kind, ItemKind::Massage);
    assert_eq!(post[0].date, nov(29));
    assert_eq!(
        post[0].until, None,
        "Monday has intervals: the window shrinks to Sunday"
    );
    assert!(
        !plan
            .items
            .iter()
            .any(|i| i.date == nov(30) && i.kind == ItemKind::Massage),
        "no massage on the intervals day"
    );
}

#[test]
fn the_busy_fortnight_uses_every_rule_and_explains_its_conflicts() {
    let plan = busy().plan();
    // Service due Mon 30 Nov (last 9 Nov), and a massage is booked for Tue 1 Dec: that is
    // the visit, so no new one is proposed.
    let service = items_of(&plan, RuleId::ServiceInterval);
    assert_eq!(service.len(), 1);
    assert_eq!(service[0].booked.as_deref(), Some("2"));
    // Calves are a trouble area: deep tissue at the booked visit, plus trigger points, as
    // parts and reasons of that one visit.
    let visit = visits_for(&plan, RuleId::TroubleArea);
    assert_eq!(visit.len(), 1);
    assert_eq!(visit[0].date, nov(31));
    assert!(
        visit[0]
            .parts
            .iter()
            .any(|p| p.technique == Technique::DeepTissue && p.areas.contains(&BodyArea::Calves))
    );
    assert!(visit[0].parts.iter().any(|p| p.technique == Technique::TriggerPoint
        && p.muscles == vec!["gluteus minimus"]));
    assert!(
        visit[0]
            .reasons
            .iter()
            .any(|r| r.rule == RuleId::TroubleArea && r.reason.contains("booked visit"))
    );
    // Sharp pain in the feet: see a pro.
    assert_eq!(
        items_of(&plan, RuleId::SeeAPro)[0].areas,
        vec![BodyArea::Feet]
    );
    // The booked rehab massage: deep tissue the day before an easy run is fine, but the
    // rest day after it has a planned run (flagged).
    assert_eq!(items_of(&plan, RuleId::RehabRestDay)[0].date, nov(32));
    assert_eq!(conflicts_of(&plan, RuleId::RehabRestDay).len(), 1);
    // The load spike.
    assert_eq!(
        items_of(&plan, RuleId::AcwrSpike)[0].kind,
        ItemKind::Caution
    );
    // The race on Fri 11 Dec: a flush before it.
    assert!(
        items_of(&plan, RuleId::RaceTaper)
            .iter()
            .any(|i| i.date >= nov(36) && i.date <= nov(39))
    );
    for item in &plan.items {
        assert!(!item.reason.trim().is_empty(), "{item:?}");
    }
}

#[test]
fn hard_work_after_the_visit_turns_deep_work_into_conflicts() {
    let mut f = busy();
    // The run after the booked visit becomes a hard one.
    f.planned[1].item.kind = SessionKind::Hard;
    f.planned[1].item.title = "hill repeats".into();
    let plan = f.plan();
    assert!(visits_for(&plan, RuleId::TroubleArea).is_empty());
    let conflict = conflicts_of(&plan, RuleId::TroubleArea);
    assert_eq!(conflict[0].with, Some(RuleId::NoHardAfterMassage));
    // The booked deep massage itself is flagged too.
    let booked = conflicts_of(&plan, RuleId::NoHardAfterMassage);
    assert_eq!(booked.len(), 1);
    assert!(
        booked[0].reason.contains("hill repeats planned Wed"),
        "{}",
        booked[0].reason
    );
}

#[test]
fn intervals_on_sunday_move_the_post_run_massage_to_monday_when_monday_is_free() {
    let mut f = busy();
    f.massages.truncate(1);
    // Room in the budget beside the logged massage and the pre-race flush.
    f.rules.visits_per_28_days = 4;
    f.planned[0].item.date = nov(29);
    let plan = f.plan();
    let post = items_of(&plan, RuleId::PostBigRun);
    assert_eq!((post[0].date, post[0].until), (nov(30), None));
    // The maintenance visit falls due that Monday too: one visit for both.
    assert_eq!(post[0].reasons.len(), 2, "{:?}", post[0].reasons);
    assert_eq!(visits(&plan).len(), 2, "this visit and the pre-race flush");
}

#[test]
fn the_same_input_gives_byte_identical_json_whatever_the_input_order() {
    let f = busy();
    let a = serde_json::to_string(&f.plan()).unwrap();
    let b = serde_json::to_string(&f.plan()).unwrap();
    assert_eq!(a, b);
    let mut shuffled = busy();
    shuffled.soreness.reverse();
    shuffled.planned.reverse();
    shuffled.massages.reverse();
    shuffled.activities.reverse();
    assert_eq!(a, serde_json::to_string(&shuffled.plan()).unwrap());
}

#[test]
fn the_json_has_the_documented_shape() {
    let plan = busy().plan();
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["from"], "2026-11-28");
    assert_eq!(json["days"], 14);
    let service = &json["service"];
    assert_eq!(service["last"], "2026-11-09");
    assert_eq!(service["days_since"], 19);
    assert!(service["km_since"].is_number());
    assert_eq!(service["next_due"], "2026-11-30");
    assert_eq!(service["status"], "due");
    let visit = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "massage" && i["date"] == "2026-12-01")
        .unwrap();
    // The top-level fields stay: the deepest part, the reason of highest priority, the
    // union of the records.
    assert_eq!(visit["until"], serde_json::Value::Null);
    assert_eq!(visit["technique"], "deep_tissue");
    assert_eq!(visit["rule"], "service_interval");
    assert_eq!(visit["areas"][0], "calves");
    assert_eq!(visit["booked"], "2");
    assert_eq!(visit["id"].as_str().unwrap().len(), 16);
    let because: Vec<&str> = visit["because"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["type"].as_str().unwrap())
        .collect();
    assert_eq!(because, ["soreness", "soreness", "massage"]);
    let parts: Vec<&str> = visit["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["technique"].as_str().unwrap())
        .collect();
    assert_eq!(parts, ["swedish", "trigger_point", "deep_tissue"]);
    let reasons = visit["reasons"].as_array().unwrap();
    assert_eq!(reasons[0]["rule"], "service_interval");
    assert_eq!(reasons[1]["rule"], "trouble_area");
    assert!(reasons[1]["reason"].is_string() && reasons[1]["id"].is_string());
    assert_eq!(reasons[1]["because"][0]["type"], "soreness");
    // Items that are not visits have an id but no parts or reasons.
    let caution = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "caution")
        .unwrap();
    assert!(
        caution["id"].is_string()
            && caution.get("parts").is_none()
            && caution.get("reasons").is_none()
    );
    let conflict = &json["conflicts"][0];
    for key in ["rule", "date", "reason"] {
        assert!(conflict[key].is_string(), "{key}");
    }
}

#[test]
fn days_out_of_range_are_rejected() {
    let mut f = busy();
    f.days = 0;
    let input = f.input();
    let err = super::plan(&input, &f.rules).unwrap_err();
    assert_eq!(
        err.to_string(),
        "days: 0 is out of range (must be 1 to 366)"
    );
}

#[test]
fn a_visit_inside_the_post_run_window_is_shared_and_stays_light() {
    // Last massage 1 Nov: overdue, so the visit goes on Fri 27 Nov, the day after a big
    // Thursday run; the calves are a trouble area.
    let mut f = Fixture::new(nov(27));
    f.massage(1, nov(1), Technique::Swedish, MassagePurpose::Maintenance);
    f.big_run(10, nov(26), 32.0, 2.9);
    f.sore(40, nov(24), BodyArea::Calves, 3, SorenessKind::Tight);
    f.sore(41, nov(26), BodyArea::Calves, 5, SorenessKind::Sore);
    let plan = f.plan();
    // One visit, asked for by both rules; the big run's reason comes first.
    assert_eq!(visits(&plan).len(), 1);
    let visit = visits_for(&plan, RuleId::ServiceInterval);
    assert_eq!(visit[0].date, nov(27));
    let post = items_of(&plan, RuleId::PostBigRun);
    assert_eq!((post[0].date, post[0].until), (nov(27), None));
    assert_eq!(post[0].reasons.len(), 2);
    assert!(
        post[0]
            .reason
            .contains("the maintenance visit that day covers it"),
        "{}",
        post[0].reason
    );
    // Deep work waits: it is within 48 h of the big run.
    assert!(
        visit[0]
            .parts
            .iter()
            .all(|p| p.technique == Technique::Swedish)
    );
    let conflict = conflicts_of(&plan, RuleId::TroubleArea);
    assert_eq!(conflict[0].with, Some(RuleId::PostBigRun));
    assert!(
        conflict[0]
            .reason
            .contains("within 48 h of the Thu 32 km long run"),
        "{}",
        conflict[0].reason
    );
}

#[test]
fn without_a_big_run_the_same_visit_gets_the_deep_work() {
    let mut f = Fixture::new(nov(27));
    f.massage(1, nov(1), Technique::Swedish, MassagePurpose::Maintenance);
    f.run(10, nov(26), 10.0, SessionKind::Easy);
    f.sore(40, nov(24), BodyArea::Calves, 3, SorenessKind::Tight);
    f.sore(41, nov(26), BodyArea::Calves, 5, SorenessKind::Sore);
    let plan = f.plan();
    let visit = visits_for(&plan, RuleId::TroubleArea);
    assert_eq!(visit[0].date, nov(27));
    assert_eq!(visit[0].technique, Some(Technique::DeepTissue));
    assert!(plan.conflicts.is_empty(), "{:?}", plan.conflicts);
}

mod invariants {
    //! Whatever the calendar, the plan never breaks its own safety rules.

    use super::super::testkit::{Fixture, nov};
    use super::super::{ItemKind, PlanRules};
    use crate::vocab::{
        BodyArea, MassagePurpose, RacePriority, SessionKind, SorenessKind, Technique,
    };
    use chrono::Duration;
    use proptest::prelude::*;

    fn kind(i: u8) -> SessionKind {
        [
            SessionKind::Easy,
            SessionKind::Hard,
            SessionKind::Long,
            SessionKind::Rest,
        ][usize::from(i % 4)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn no_massage_on_a_hard_day_and_no_deep_work_before_one(
            sessions in proptest::collection::vec((0u32..20, 0u8..4), 0..12),
            big_runs in proptest::collection::vec(0u32..16, 0..3),
            sore in proptest::collection::vec((0u32..7, 0usize..4, 1u8..7), 0..8),
            last_massage in 1u32..40,
            race in proptest::option::of(3u32..20),
            hours in 24u32..=36,
        ) {
            let mut f = Fixture::new(nov(28));
            f.rules = PlanRules { deep_no_hard_hours: hours, ..PlanRules::default() };
            f.massage(1, nov(28) - Duration::days(i64::from(last_massage)), Technique::Swedish, MassagePurpose::Maintenance);
            for (i, (day, k)) in sessions.iter().enumerate() {
                f.planned(100 + i as i64, nov(28) + Duration::days(i64::from(*day)), kind(*k), "session");
            }
            for (i, day) in big_runs.iter().enumerate() {
                f.big_run(200 + i as i64, nov(20) + Duration::days(i64::from(*day)), 30.0, 2.0);
            }
            let areas = [BodyArea::Calves, BodyArea::Quads, BodyArea::Feet, BodyArea::Glutes];
            for (i, (back, area, level)) in sore.iter().enumerate() {
                f.sore(300 + i as i64, nov(28) - Duration::days(i64::from(*back)), areas[*area], *level, SorenessKind::Sore);
            }
            if let Some(day) = race {
                f.race(400, nov(28) + Duration::days(i64::from(day)), "Goal", 21.1, RacePriority::A);
            }
            let plan = f.plan();
            let hard = |d| f.planned.iter().any(|s| s.item.date == d && f.rules.hard_kinds.contains(&s.item.kind));
            let ahead = f.rules.deep_no_hard_days();
            for item in plan.items.iter().filter(|i| i.kind == ItemKind::Massage) {
                let last = item.until.unwrap_or(item.date);
                let mut day = item.date;
                while day <= last {
                    prop_assert!(!hard(day), "massage on a hard day: {item:?}");
                    day += Duration::days(1);
                }
                if item.technique.is_some_and(Technique::is_deep) {
                    for k in 1..=ahead {
                        prop_assert!(!hard(item.date + Duration::days(k)), "deep work before a hard day: {item:?}");
                    }
                    if let Some(day) = race {
                        let before = (nov(28) + Duration::days(i64::from(day)) - item.date).num_days();
                        prop_assert!(!(0..=5).contains(&before), "deep work in the taper: {item:?}");
                    }
                }
            }
            // One visit a day at most, spaced and within the budget, logged massages included.
            let mut spans: Vec<(chrono::NaiveDate, chrono::NaiveDate)> = f
                .massages
                .iter()
                .map(|m| (m.item.date, m.item.date))
                .collect();
            spans.extend(plan.items.iter().filter(|i| i.kind == ItemKind::Massage).map(|i| (i.date, i.until.unwrap_or(i.date))));
            spans.sort();
            for pair in spans.windows(2) {
                let gap = (pair[1].0 - pair[0].1).num_days();
                prop_assert!(gap >= i64::from(f.rules.visit_min_days_between), "visits too close: {spans:?}");
            }
            for (first, _) in &spans {
                let within = spans.iter().filter(|(d, _)| *d >= *first && (*d - *first).num_days() < 28).count();
                prop_assert!(within <= f.rules.visits_per_28_days as usize, "over budget: {spans:?}");
            }
            let again = f.plan();
            prop_assert_eq!(serde_json::to_string(&plan).unwrap(), serde_json::to_string(&again).unwrap());
        }
    }
}

#[test]
fn a_sports_massage_counts_as_deep_for_every_rule() {
    let mut f = Fixture::new(nov(27));
    f.massage(1, nov(26), Technique::Swedish, MassagePurpose::Maintenance);
    f.big_run(10, nov(28), 32.0, 2.3);
    f.planned(5, nov(33), SessionKind::Hard, "intervals 5x1k");
    f.race(7, nov(40), "City Half", 21.1, RacePriority::A);
    for (day, rule) in [
        (nov(29), RuleId::PostBigRun),
        (nov(32), RuleId::NoHardAfterMassage),
        (nov(37), RuleId::RaceTaper),
    ] {
        assert_eq!(f.blocks(day, Technique::DeepTissue)[0].rule, rule);
        assert_eq!(f.blocks(day, Technique::Sports)[0].rule, rule, "{day}");
        assert!(f.blocks(day, Technique::Swedish).is_empty(), "{day}");
    }
}

#[test]
fn no_self_massage_on_an_area_the_day_after_deep_work_and_daily_work_ends_with_its_purpose() {
    // Deep tissue on the calves and quads yesterday; the calves logged at 5/10 today: a
    // trouble area, with the next visit beyond the plan.
    let mut f = Fixture::new(nov(28));
    f.massage(
        1,
        nov(27),
        Technique::DeepTissue,
        MassagePurpose::Maintenance,
    );
    f.sore(40, nov(28), BodyArea::Calves, 5, SorenessKind::Sore);
    let plan = f.plan();
    let daily = items_of(&plan, RuleId::TroubleArea);
    assert_eq!(daily.len(), 1, "{daily:#?}");
    assert_eq!(daily[0].kind, ItemKind::SelfMassage);
    // Not today, the day after the deep work: from Sun.
    assert_eq!(daily[0].date, nov(29));
    assert!(
        daily[0].reason.contains("24 h first"),
        "{}",
        daily[0].reason
    );
    // It ends when the entry leaves the 7-day window, not at the plan's edge.
    assert_eq!(daily[0].until, Some(nov(34)));
    assert!(
        daily[0].reason.contains("daily to Fri 4 Dec"),
        "{}",
        daily[0].reason
    );
}

#[test]
fn a_trouble_area_names_the_booked_massage_beyond_the_plan_not_the_due_date() {
    let mut f = Fixture::new(nov(28));
    f.massage(1, nov(20), Technique::Swedish, MassagePurpose::Maintenance);
    f.massage(2, nov(46), Technique::Swedish, MassagePurpose::Maintenance);
    f.sore(40, nov(27), BodyArea::Calves, 5, SorenessKind::Sore);
    let plan = f.plan();
    let daily = items_of(&plan, RuleId::TroubleArea);
    assert!(
        daily[0]
            .reason
            .contains("at the massage you booked for Wed 16 Dec")
            && !daily[0].reason.contains("due"),
        "{}",
        daily[0].reason
    );
}

#[test]
fn a_suggested_visit_whose_window_passed_unbooked_is_noted_once() {
    let mut f = Fixture::new(nov(29));
    f.massage(1, nov(20), Technique::Swedish, MassagePurpose::Maintenance);
    f.big_run(10, nov(28), 32.0, 2.3);
    // Sun 29: the light massage is suggested for Sun or Mon.
    let plan = f.plan();
    assert_eq!(visits_for(&plan, RuleId::PostBigRun).len(), 1);
    // Tue 1 Dec, nothing logged: one note, and no visit for that run any more.
    f.from = nov(31);
    let plan = f.plan();
    let notes: Vec<_> = plan
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Note)
        .collect();
    assert_eq!(notes.len(), 1, "{:#?}", plan.items);
    assert_eq!(notes[0].date, nov(31));
    assert_eq!(
        notes[0].reason,
        "not booked: the light massage after the Sat 32 km long run (suggested for Mon) → its window has passed and the plan moves on"
    );
    assert!(visits_for(&plan, RuleId::PostBigRun).is_empty());
    // Once: the day after, no note.
    f.from = nov(32);
    assert!(f.plan().items.iter().all(|i| i.kind != ItemKind::Note));
    // A massage in the window: no note.
    f.from = nov(31);
    f.massage(2, nov(30), Technique::Swedish, MassagePurpose::Recovery);
    assert!(f.plan().items.iter().all(|i| i.kind != ItemKind::Note));
}

#[test]
fn no_slot_is_never_said_beside_a_visit_the_plan_offers() {
    // A Sat long run, tempo Sun and intervals Mon: no day in the window. The maintenance
    // visit falls due on Tue, the day after the window.
    let mut f = Fixture::new(nov(29));
    f.massage(1, nov(10), Technique::Swedish, MassagePurpose::Maintenance);
    f.big_run(10, nov(28), 32.0, 2.3);
    f.planned(5, nov(29), SessionKind::Hard, "tempo 8k");
    f.planned(6, nov(30), SessionKind::Hard, "intervals 6x1k");
    let plan = f.plan();
    let post = items_of(&plan, RuleId::PostBigRun);
    assert_eq!(post.len(), 1, "{post:#?}");
    assert_eq!(post[0].kind, ItemKind::SelfMassage);
    assert!(
        visits(&plan).iter().any(|v| v.date == nov(31)),
        "{:#?}",
        plan.items
    );
    assert!(
        !post[0].reason.contains("no slot")
            && post[0]
                .reason
                .contains("the nearest professional massage is the visit on Tue 1 Dec"),
        "{}",
        post[0].reason
    );
}
