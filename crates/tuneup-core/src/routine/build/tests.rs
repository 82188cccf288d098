//! Tests of the routine builder: what goes in, in which order, with which tools, and how it is
//! fitted into the time available.

use super::*;
use crate::knowledge::RunType;
use crate::model::{Activity, ActivitySource};
use crate::units::{Meters, Seconds};
use crate::vocab::{SessionKind, Side, Sport};
use chrono::{TimeZone, Utc};
use proptest::prelude::*;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// Thursday 26 November 2026; Tuesday is the 24th.
fn request() -> RoutineRequest {
    RoutineRequest {
        date: day(26),
        minutes: 30,
        areas: Vec::new(),
        symptoms: Vec::new(),
        tools: Vec::new(),
        run: None,
        soreness: Vec::new(),
        deep_work: Vec::new(),
        race: None,
    }
}

fn sore(date: u32, area: BodyArea, level: u8, kind: SorenessKind) -> SorenessEntry {
    SorenessEntry {
        date: day(date),
        area,
        side: Side::Both,
        level,
        kind,
        note: None,
    }
}

fn areas(routine: &Routine) -> Vec<BodyArea> {
    routine.steps.iter().map(|s| s.area).collect()
}

fn step(routine: &Routine, area: BodyArea) -> &RoutineStep {
    routine
        .steps
        .iter()
        .find(|s| s.area == area)
        .unwrap_or_else(|| panic!("no {area} step in {:?}", areas(routine)))
}

#[test]
fn a_long_run_asks_for_quads_calves_glutes_and_it_band() {
    let mut req = request();
    req.run = Some(RecentRun {
        date: day(25),
        run: RunType::Long,
    });
    let routine = build_routine(&req).unwrap();
    assert_eq!(
        areas(&routine),
        vec![
            BodyArea::Quads,
            BodyArea::Calves,
            BodyArea::Glutes,
            BodyArea::ItBand
        ]
    );
    assert_eq!(routine.steps[0].reason, "your long run yesterday");
    assert!(routine.total_seconds <= 30 * 60);
}

#[test]
fn hills_and_fast_workouts_have_their_own_focus() {
    let mut req = request();
    req.run = Some(RecentRun {
        date: day(26),
        run: RunType::Hills,
    });
    let routine = build_routine(&req).unwrap();
    assert_eq!(
        areas(&routine),
        vec![BodyArea::Calves, BodyArea::Glutes, BodyArea::Quads]
    );
    assert_eq!(routine.steps[0].reason, "today's hill run");
    req.run = Some(RecentRun {
        date: day(25),
        run: RunType::Hard,
    });
    let routine = build_routine(&req).unwrap();
    assert_eq!(
        areas(&routine),
        vec![BodyArea::Calves, BodyArea::Feet, BodyArea::Quads]
    );
}

#[test]
fn soreness_adds_to_the_runs_reason_and_ranks_the_area_first() {
    let mut req = request();
    req.run = Some(RecentRun {
        date: day(25),
        run: RunType::Long,
    });
    req.soreness = vec![sore(24, BodyArea::Calves, 5, SorenessKind::Sore)];
    let routine = build_routine(&req).unwrap();
    assert_eq!(routine.steps[0].area, BodyArea::Calves);
    assert_eq!(
        routine.steps[0].headline(),
        "calves: your long run yesterday; sore 5/10 on Tue"
    );
    req.soreness[0].side = Side::Left;
    let routine = build_routine(&req).unwrap();
    assert_eq!(
        routine.steps[0].reason,
        "your long run yesterday; sore 5/10 on Tue (left)"
    );
}

#[test]
fn recent_and_severe_soreness_comes_first_and_old_entries_are_ignored() {
    let mut req = request();
    req.soreness = vec![
        sore(19, BodyArea::Neck, 6, SorenessKind::Tight),
        sore(23, BodyArea::Shins, 3, SorenessKind::Sore),
        sore(25, BodyArea::Hamstrings, 6, SorenessKind::Tight),
        sore(25, BodyArea::Quads, 4, SorenessKind::Sore),
    ];
    let routine = build_routine(&req).unwrap();
    let order = areas(&routine);
    assert_eq!(
        &order[..3],
        &[BodyArea::Hamstrings, BodyArea::Quads, BodyArea::Shins]
    );
    // The window is 7 days: the 19th is a week before the 26th, so it no longer counts.
    assert!(!order.contains(&BodyArea::Neck), "{order:?}");
}

#[test]
fn sharp_or_severe_pain_is_not_massaged_and_sends_you_to_a_professional() {
    let mut req = request();
    req.areas = vec![BodyArea::Calves];
    req.soreness = vec![
        sore(25, BodyArea::Calves, 4, SorenessKind::Sharp),
        sore(24, BodyArea::Hamstrings, 7, SorenessKind::Sore),
        sore(25, BodyArea::Quads, 3, SorenessKind::Tight),
    ];
    let routine = build_routine(&req).unwrap();
    let order = areas(&routine);
    assert!(!order.contains(&BodyArea::Calves), "{order:?}");
    assert!(!order.contains(&BodyArea::Hamstrings), "{order:?}");
    assert!(order.contains(&BodyArea::Quads));
    let pro: Vec<BodyArea> = routine.see_a_professional.iter().map(|p| p.area).collect();
    assert_eq!(pro, vec![BodyArea::Hamstrings, BodyArea::Calves]);
    assert!(
        routine.see_a_professional[1]
            .reason
            .starts_with("sharp pain 4/10 yesterday")
    );
    assert!(
        routine
            .notes
            .iter()
            .any(|n| n.contains("You asked for the calves"))
    );
}

#[test]
fn explicit_areas_come_first() {
    let mut req = request();
    req.areas = vec![BodyArea::Shoulders];
    req.run = Some(RecentRun {
        date: day(25),
        run: RunType::Long,
    });
    let routine = build_routine(&req).unwrap();
    assert_eq!(routine.steps[0].area, BodyArea::Shoulders);
    assert_eq!(routine.steps[0].reason, "you asked for it");
}

#[test]
fn symptoms_bring_their_areas() {
    let mut req = request();
    req.symptoms = vec!["heel_pain".into()];
    let routine = build_routine(&req).unwrap();
    assert_eq!(areas(&routine), vec![BodyArea::Calves, BodyArea::Feet]);
    assert!(routine.steps[0].reason.contains("plantar fasciitis"));

    req.symptoms = vec!["tight-breathing".into()];
    assert_eq!(
        areas(&build_routine(&req).unwrap()),
        vec![BodyArea::Neck, BodyArea::RibCage]
    );

    req.symptoms = vec!["low_back_pain".into()];
    assert_eq!(
        &areas(&build_routine(&req).unwrap())[..2],
        &[BodyArea::Glutes, BodyArea::Adductors]
    );
}

#[test]
fn a_desk_day_puts_the_glutes_first_before_the_run() {
    let mut req = request();
    req.symptoms = vec!["desk_day".into()];
    req.run = Some(RecentRun {
        date: day(26),
        run: RunType::Easy,
    });
    let routine = build_routine(&req).unwrap();
    assert_eq!(routine.steps[0].area, BodyArea::Glutes);
    assert!(routine.notes.iter().any(|n| n.contains("before you run")));
}

#[test]
fn a_sore_foot_also_brings_the_calves_that_can_refer_to_it() {
    let mut req = request();
    req.soreness = vec![sore(25, BodyArea::Feet, 5, SorenessKind::Sore)];
    let routine = build_routine(&req).unwrap();
    assert_eq!(routine.steps[0].area, BodyArea::Feet);
    let calves = step(&routine, BodyArea::Calves);
    assert!(calves.reason.contains("soleus"), "{}", calves.reason);
    assert!(
        calves.reason.contains("trigger points"),
        "{}",
        calves.reason
    );
}

#[test]
fn nothing_to_go_on_gives_the_light_general_set() {
    let routine = build_routine(&request()).unwrap();
    assert_eq!(
        areas(&routine),
        vec![
            BodyArea::Calves,
            BodyArea::Quads,
            BodyArea::Glutes,
            BodyArea::Feet
        ]
    );
    assert!(
        routine
            .steps
            .iter()
            .all(|s| s.reason == "a light general set")
    );
    assert!(routine.disclaimer.contains("not medical advice"));
    assert!(routine.cautions.iter().any(|c| c.contains("bruises")));
}

#[test]
fn owned_tools_are_used_and_hands_fill_in() {
    let mut req = request();
    req.tools = vec![Tool::FoamRoller, Tool::GolfBall];
    req.areas = vec![BodyArea::Quads, BodyArea::Feet, BodyArea::Neck];
    let routine = build_routine(&req).unwrap();
    assert_eq!(step(&routine, BodyArea::Quads).tool, Tool::FoamRoller);
    assert_eq!(step(&routine, BodyArea::Feet).tool, Tool::GolfBall);
    assert_eq!(step(&routine, BodyArea::Neck).tool, Tool::Hands);
    let neck = step(&routine, BodyArea::Neck);
    assert!(neck.cautions.iter().any(|c| c.contains("carotid")));
}

#[test]
fn short_time_drops_the_lowest_priority_steps_then_shortens_evenly() {
    let mut req = request();
    req.tools = vec![Tool::FoamRoller];
    req.run = Some(RecentRun {
        date: day(25),
        run: RunType::Long,
    });
    // Quads, calves, glutes, it_band with a roller: 120 s each, floor 60 s each.
    req.minutes = 7;
    let routine = build_routine(&req).unwrap();
    assert_eq!(routine.steps.len(), 4);
    assert_eq!(routine.total_seconds, 420);
    assert!(
        routine.steps.iter().all(|s| s.seconds == 105),
        "{:?}",
        routine.steps
    );

    req.minutes = 3;
    let routine = build_routine(&req).unwrap();
    assert_eq!(
        areas(&routine),
        vec![BodyArea::Quads, BodyArea::Calves, BodyArea::Glutes]
    );
    assert!(routine.steps.iter().all(|s| s.seconds == 60));
    assert_eq!(routine.skipped.len(), 1);
    assert_eq!(routine.skipped[0].area, BodyArea::ItBand);
    assert_eq!(routine.skipped[0].reason, "did not fit in 3 minutes");

    req.minutes = 0;
    let routine = build_routine(&req).unwrap();
    assert!(routine.steps.is_empty());
    assert_eq!(routine.skipped.len(), 4);
}

#[test]
fn an_unknown_symptom_is_an_error_listing_the_choices() {
    let mut req = request();
    req.symptoms = vec!["toothache".into()];
    let err = build_routine(&req).unwrap_err();
    assert!(
        err.to_string().contains("unknown symptom 'toothache'"),
        "{err}"
    );
}

fn run(kind: Option<SessionKind>, minutes: f64, km: f64, gain: Option<f64>) -> Activity {
    Activity {
        sport: Sport::Running,
        start: Utc.with_ymd_and_hms(2026, 11, 25, 7, 0, 0).unwrap(),
        utc_offset_s: 0,
        offset_source: crate::model::OffsetSource::Profile,
        implausible: None,
        crc_mismatch: false,
        elapsed: Seconds(minutes * 60.0),
        moving: Seconds(minutes * 60.0),
        distance: Meters::from_km(km),
        elevation_gain: gain.map(Meters),
        heart_rate: None,
        rpe: None,
        title: None,
        kind,
        source: ActivitySource::manual(),
        streams: None,
        digest: None,
    }
}

#[test]
fn activities_are_classified_for_the_routine() {
    let classify = |a: &Activity| RecentRun::from_activity(a).map(|r| r.run);
    assert_eq!(classify(&run(None, 110.0, 20.0, None)), Some(RunType::Long));
    assert_eq!(
        classify(&run(None, 50.0, 10.0, Some(300.0))),
        Some(RunType::Hills)
    );
    assert_eq!(
        classify(&run(None, 50.0, 10.0, Some(50.0))),
        Some(RunType::Easy)
    );
    assert_eq!(
        classify(&run(Some(SessionKind::Race), 40.0, 10.0, None)),
        Some(RunType::Race)
    );
    assert_eq!(
        classify(&run(Some(SessionKind::Long), 60.0, 12.0, Some(400.0))),
        Some(RunType::Long)
    );
    let mut hard = run(None, 45.0, 10.0, None);
    hard.rpe = Some(8);
    assert_eq!(classify(&hard), Some(RunType::Hard));
    let mut ride = run(None, 120.0, 50.0, None);
    ride.sport = Sport::Cycling;
    assert_eq!(classify(&ride), None);

    let activities = vec![run(None, 110.0, 20.0, None)];
    assert_eq!(
        RecentRun::latest(&activities, day(26)),
        Some(RecentRun {
            date: day(25),
            run: RunType::Long
        })
    );
    assert_eq!(RecentRun::latest(&activities, day(27)), None);
}

#[test]
fn unlabelled_intervals_are_a_hard_session_and_a_calendar_race_is_a_race() {
    use crate::id::{Id, Record};
    use crate::load::analyse;
    use crate::load::testkit::{date, intervals, run as load_run};
    use crate::model::{AthleteProfile, Race};
    use crate::vocab::RacePriority;
    // Unlabelled, 46 minutes: by its length and title it would be "easy".
    let mut session = load_run(date(2026, 4, 28), 46.0, 8.9);
    session.streams = Some(intervals(3.6, 3.0));
    let race_day = load_run(date(2026, 5, 3), 40.0, 10.0);
    let activities = vec![Record::new(Id(1), session), Record::new(Id(2), race_day)];
    let races = vec![Record::new(
        Id(7),
        Race {
            date: date(2026, 5, 3),
            name: "City 10K".to_string(),
            distance: Meters::from_km(10.0),
            priority: RacePriority::B,
        },
    )];
    let analysis = analyse(
        &AthleteProfile::default(),
        &activities,
        &races,
        date(2026, 5, 4),
    );
    let latest = |day| RecentRun::latest_analysed(&activities, &analysis, day).map(|r| r.run);
    assert_eq!(latest(date(2026, 4, 29)), Some(RunType::Hard));
    assert_eq!(latest(date(2026, 5, 4)), Some(RunType::Race));
    let routine = build_routine(&RoutineRequest {
        run: RecentRun::latest_analysed(&activities, &analysis, date(2026, 4, 29)),
        date: date(2026, 4, 29),
        ..request()
    })
    .expect("routine");
    assert!(
        routine.steps[0]
            .reason
            .contains("your hard session yesterday"),
        "{}",
        routine.steps[0].reason
    );
}

fn any_tools() -> impl Strategy<Value = Vec<Tool>> {
    proptest::sample::subsequence(Tool::ALL.to_vec(), 0..=Tool::ALL.len())
}

fn any_areas() -> impl Strategy<Value = Vec<BodyArea>> {
    proptest::sample::subsequence(BodyArea::ALL.to_vec(), 0..=4)
}

fn any_symptoms() -> impl Strategy<Value = Vec<String>> {
    let ids: Vec<String> = knowledge().symptoms.iter().map(|s| s.id.clone()).collect();
    proptest::sample::subsequence(ids, 0..=3)
}

fn any_soreness() -> impl Strategy<Value = Vec<SorenessEntry>> {
    proptest::collection::vec(
        (
            10u32..=26,
            proptest::sample::select(BodyArea::ALL.to_vec()),
            0u8..=10,
            proptest::sample::select(SorenessKind::ALL.to_vec()),
        )
            .prop_map(|(d, area, level, kind)| sore(d, area, level, kind)),
        0..6,
    )
}

fn any_run() -> impl Strategy<Value = Option<RecentRun>> {
    proptest::option::of(
        (24u32..=26, proptest::sample::select(RunType::ALL.to_vec()))
            .prop_map(|(d, run)| RecentRun { date: day(d), run }),
    )
}

proptest! {
    #[test]
    fn routines_use_only_owned_tools_and_fit_the_minutes(
        minutes in 0u32..=45,
        tools in any_tools(),
        explicit in any_areas(),
        symptoms in any_symptoms(),
        soreness in any_soreness(),
        recent in any_run(),
    ) {
        let req = RoutineRequest {
            date: day(26),
            minutes,
            areas: explicit,
            symptoms,
            tools: tools.clone(),
            run: recent,
            soreness,
            deep_work: Vec::new(),
            race: None,
        };
        let routine = build_routine(&req).unwrap();
        let sum: u32 = routine.steps.iter().map(|s| s.seconds).sum();
        prop_assert_eq!(sum, routine.total_seconds);
        prop_assert!(sum <= minutes * 60, "{} s in {} min", sum, minutes);
        for s in &routine.steps {
            prop_assert!(s.tool == Tool::Hands || tools.contains(&s.tool), "{:?} not owned", s.tool);
            prop_assert!(s.seconds > 0 && s.seconds % 5 == 0);
            prop_assert!(!routine.see_a_professional.iter().any(|p| p.area == s.area));
            prop_assert!(!s.reason.is_empty());
        }
        let mut seen: Vec<BodyArea> = routine.steps.iter().map(|s| s.area).collect();
        seen.sort();
        seen.dedup();
        prop_assert_eq!(seen.len(), routine.steps.len(), "an area appears twice");
        // Deterministic: the same request gives the same routine.
        prop_assert_eq!(&build_routine(&req).unwrap(), &routine);
    }
}

#[test]
fn areas_worked_deep_yesterday_rest_and_the_routine_says_so() {
    let routine = build_routine(&RoutineRequest {
        soreness: vec![
            sore(25, BodyArea::Calves, 4, SorenessKind::Tight),
            sore(25, BodyArea::Quads, 3, SorenessKind::Sore),
        ],
        deep_work: vec![super::super::DeepWork {
            date: day(25),
            areas: vec![BodyArea::Calves],
        }],
        ..request()
    })
    .unwrap();
    assert!(!areas(&routine).contains(&BodyArea::Calves));
    assert!(areas(&routine).contains(&BodyArea::Quads));
    let skipped = routine
        .skipped
        .iter()
        .find(|s| s.area == BodyArea::Calves)
        .expect("the calves are skipped");
    assert!(
        skipped
            .reason
            .contains("worked deep at your massage yesterday")
    );
    assert!(
        routine
            .notes
            .iter()
            .any(|n| n.contains("calves deep: leave it alone for 24 h")),
        "{:?}",
        routine.notes
    );
    // Two days later they are back.
    let later = build_routine(&RoutineRequest {
        date: day(27),
        soreness: vec![sore(26, BodyArea::Calves, 4, SorenessKind::Tight)],
        deep_work: vec![super::super::DeepWork {
            date: day(25),
            areas: vec![BodyArea::Calves],
        }],
        ..request()
    })
    .unwrap();
    assert!(areas(&later).contains(&BodyArea::Calves));
}

#[test]
fn race_eve_and_race_day_routines_are_light_and_short() {
    for race_day in [26, 27] {
        let routine = build_routine(&RoutineRequest {
            soreness: vec![sore(25, BodyArea::Calves, 4, SorenessKind::Tight)],
            race: Some(super::super::RaceAhead {
                date: day(race_day),
                name: "City Marathon".into(),
            }),
            ..request()
        })
        .unwrap();
        assert!(routine.total_seconds <= 5 * 60, "{}", routine.total_seconds);
        assert!(
            routine.notes.iter().any(|n| n.contains("light and short")),
            "{:?}",
            routine.notes
        );
    }
    // Two days out, the usual routine.
    let routine = build_routine(&RoutineRequest {
        race: Some(super::super::RaceAhead {
            date: day(28),
            name: "City Marathon".into(),
        }),
        ..request()
    })
    .unwrap();
    assert!(!routine.notes.iter().any(|n| n.contains("light and short")));
}

#[test]
fn the_achilles_asked_for_or_sore_is_worked_at_the_calves_with_a_note() {
    let mut req = request();
    req.areas = vec![BodyArea::Achilles];
    let routine = build_routine(&req).unwrap();
    assert_eq!(
        areas(&routine)[0],
        BodyArea::Calves,
        "{:?}",
        areas(&routine)
    );
    assert!(!areas(&routine).contains(&BodyArea::Achilles));
    let calves = step(&routine, BodyArea::Calves);
    assert!(
        calves.reason.contains("for the Achilles"),
        "{}",
        calves.reason
    );
    assert!(
        routine
            .notes
            .iter()
            .any(|n| n.contains("Achilles tendon itself is never massaged")),
        "{:?}",
        routine.notes
    );

    let mut req = request();
    req.soreness = vec![sore(25, BodyArea::Achilles, 4, SorenessKind::Tight)];
    let routine = build_routine(&req).unwrap();
    assert!(
        areas(&routine).contains(&BodyArea::Calves),
        "{:?}",
        areas(&routine)
    );
    assert!(!areas(&routine).contains(&BodyArea::Achilles));
}
