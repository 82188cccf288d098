//! The card on a fixed athlete and date: golden HTML and text, and the rules that choose what
//! goes on it.

use super::*;
use crate::golden::check;
use chrono::{Datelike as _, TimeZone, Utc};
use tuneup_core::load::analyse;
use tuneup_core::model::{
    Activity, ActivitySource, ComfortPreferences, InsuranceStatus, SourceKind,
};
use tuneup_core::units::Seconds;
use tuneup_core::vocab::Sport;

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("valid test date")
}

const TODAY: (u32, u32) = (11, 27);

fn today() -> NaiveDate {
    date(TODAY.0, TODAY.1)
}

fn run(id: i64, day: NaiveDate, minutes: f64, km: f64) -> Record<Activity> {
    Record::new(
        Id(id),
        Activity {
            sport: Sport::Running,
            start: Utc.from_utc_datetime(&day.and_hms_opt(7, 0, 0).expect("valid time")),
            utc_offset_s: 0,
            offset_source: tuneup_core::model::OffsetSource::Profile,
            implausible: None,
            crc_mismatch: false,
            elapsed: Seconds::from_minutes(minutes),
            moving: Seconds::from_minutes(minutes),
            distance: Meters::from_km(km),
            elevation_gain: None,
            heart_rate: None,
            rpe: None,
            title: None,
            kind: None,
            source: ActivitySource {
                kind: SourceKind::Fit,
                file_sha256: None,
                file_name: None,
                device: None,
            },
            streams: None,
            digest: None,
        },
    )
}

/// Eight weeks of four 10 km runs a week, a 30 km long run 6 days ago, and a ride (load,
/// no running distance) 2 days ago.
fn activities() -> Vec<Record<Activity>> {
    let start = today() - Duration::days(8 * 7);
    let mut out = Vec::new();
    let mut id = 0;
    for week in 0..8 {
        for day in [0, 2, 4, 5] {
            id += 1;
            out.push(run(id, start + Duration::days(week * 7 + day), 52.0, 10.0));
        }
    }
    out.push(run(100, today() - Duration::days(6), 170.0, 30.0));
    let mut ride = run(101, today() - Duration::days(2), 60.0, 25.0);
    ride.item.sport = Sport::Cycling;
    out.push(ride);
    out
}

fn sore(
    id: i64,
    day: NaiveDate,
    area: BodyArea,
    side: Side,
    level: u8,
    kind: SorenessKind,
    note: Option<&str>,
) -> Record<SorenessEntry> {
    Record::new(
        Id(id),
        SorenessEntry {
            date: day,
            area,
            side,
            level,
            kind,
            note: note.map(str::to_string),
        },
    )
}

fn soreness() -> Vec<Record<SorenessEntry>> {
    vec![
        // Older calf entry, superseded by the newer one.
        sore(
            1,
            date(11, 10),
            BodyArea::Calves,
            Side::Left,
            3,
            SorenessKind::Tight,
            None,
        ),
        sore(
            2,
            date(11, 22),
            BodyArea::Calves,
            Side::Left,
            5,
            SorenessKind::Tight,
            Some("after the long run"),
        ),
        sore(
            3,
            date(11, 23),
            BodyArea::Quads,
            Side::Both,
            4,
            SorenessKind::Sore,
            None,
        ),
        sore(
            4,
            date(11, 12),
            BodyArea::Feet,
            Side::Right,
            6,
            SorenessKind::Sharp,
            Some("PT: plantar fascia irritation — no deep work on the arch"),
        ),
        // Hamstrings were tight, then settled to 0: off the card.
        sore(
            5,
            date(11, 14),
            BodyArea::Hamstrings,
            Side::Right,
            4,
            SorenessKind::Tight,
            None,
        ),
        sore(
            6,
            date(11, 20),
            BodyArea::Hamstrings,
            Side::Right,
            0,
            SorenessKind::Tight,
            None,
        ),
        // Outside the four-week window.
        sore(
            7,
            date(10, 1),
            BodyArea::Glutes,
            Side::Left,
            6,
            SorenessKind::Sore,
            None,
        ),
    ]
}

fn massages() -> Vec<Record<MassageSession>> {
    let session = |id, day, purpose, note: Option<&str>| {
        Record::new(
            Id(id),
            MassageSession {
                date: day,
                therapist: Some(Id(1)),
                techniques: vec![Technique::Swedish, Technique::TriggerPoint],
                areas: vec![BodyArea::Calves, BodyArea::Feet],
                pressure: Some(3),
                purpose,
                cost: Some(tuneup_core::money::Money::new(
                    9500,
                    tuneup_core::money::Currency::DEFAULT,
                )),
                insurance: InsuranceStatus::Claimed,
                felt_after: Some("calves looser, foot tender for a day".into()),
                note: note.map(str::to_string),
            },
        )
    };
    vec![
        session(1, date(11, 4), MassagePurpose::Maintenance, None),
        session(
            2,
            date(11, 16),
            MassagePurpose::Rehab,
            Some("PT asked for work around the foot, not on it"),
        ),
    ]
}

fn races() -> Vec<Record<Race>> {
    let race = |id, day, name: &str, km, priority| {
        Record::new(
            Id(id),
            Race {
                date: day,
                name: name.into(),
                distance: Meters::from_km(km),
                priority,
            },
        )
    };
    vec![
        race(1, date(10, 18), "Fall 10K", 10.0, RacePriority::C),
        race(2, date(12, 13), "Harbor Marathon", 42.195, RacePriority::A),
        race(3, date(12, 6), "Turkey Trot <5K>", 5.0, RacePriority::C),
    ]
}

fn profile() -> AthleteProfile {
    AthleteProfile {
        name: Some("Sam \"Sprint\" O'Neil".into()),
        comfort: ComfortPreferences {
            pressure: Some(3),
            draping: Some("Keep shorts on & drape the back".into()),
            avoid_areas: vec![BodyArea::Adductors],
            conversation: Some(Conversation::Quiet),
            notes: Some("Ticklish feet".into()),
            goals: Vec::new(),
        },
        ..AthleteProfile::default()
    }
}

fn therapists() -> Vec<Record<Therapist>> {
    vec![Record::new(
        Id(1),
        Therapist {
            name: "Jordan Lee, LMT".into(),
            ..Therapist::default()
        },
    )]
}

struct Fixture {
    profile: AthleteProfile,
    activities: Vec<Record<Activity>>,
    races: Vec<Record<Race>>,
    soreness: Vec<Record<SorenessEntry>>,
    massages: Vec<Record<MassageSession>>,
    therapists: Vec<Record<Therapist>>,
    goals: Vec<String>,
    questions: Vec<String>,
}

fn fixture() -> Fixture {
    Fixture {
        profile: profile(),
        activities: activities(),
        races: races(),
        soreness: soreness(),
        massages: massages(),
        therapists: therapists(),
        goals: vec![
            "Loosen calves before the taper".into(),
            "Check the right foot <gently>".into(),
        ],
        questions: vec!["Is a flush massage 2 days before the marathon OK?".into()],
    }
}

fn card_of(f: &Fixture, for_therapist: Option<Id>) -> Card {
    let analysis = analyse(&f.profile, &f.activities, &f.races, today());
    build(&CardInput {
        today: today(),
        profile: &f.profile,
        analysis: &analysis,
        races: &f.races,
        soreness: &f.soreness,
        massages: &f.massages,
        therapists: &f.therapists,
        for_therapist,
        goals: &f.goals,
        questions: &f.questions,
    })
}

#[test]
fn golden_html() {
    check(&html(&card_of(&fixture(), Some(Id(1)))), "card.html");
}

#[test]
fn golden_text() {
    check(&text(&card_of(&fixture(), Some(Id(1)))), "card.txt");
}

#[test]
fn a_runner_whose_week_starts_on_sunday_gets_sunday_weeks() {
    let mut f = fixture();
    f.profile.week_start = tuneup_core::vocab::WeekStart::Sunday;
    let card = card_of(&f, None);
    // Today is Fri 27 Nov: its week began Sun 22 Nov.
    assert_eq!(card.weeks[3].start, date(11, 22));
    assert_eq!(card.weeks[0].start, date(11, 1));
    assert!(
        card.weeks
            .iter()
            .all(|w| w.start.weekday() == chrono::Weekday::Sun)
    );
}

#[test]
fn weeks_sum_running_distance_and_all_load() {
    let f = fixture();
    let card = card_of(&f, None);
    assert_eq!(card.weeks.len(), 4);
    // Calendar weeks, Monday to Sunday: the last one holds today (Fri 27 Nov).
    assert_eq!(card.weeks[0].start, date(11, 2));
    assert_eq!(card.weeks[3].start, date(11, 23));
    // Last week (23–29 Nov): 10 km runs on the 24th and 25th; the ride on the 25th adds
    // load but no running distance.
    let last = card.weeks[3];
    assert_eq!(last.runs, 2);
    assert!((last.distance.km() - 20.0).abs() < 1e-9, "{last:?}");
    let analysis = analyse(&f.profile, &f.activities, &f.races, today());
    let expected: f64 = analysis
        .activities
        .iter()
        .filter(|a| a.date >= date(11, 23))
        .map(|a| a.load.load.0)
        .sum();
    assert!(
        (last.load - expected).abs() < 1e-9,
        "{} vs {expected}",
        last.load
    );
    let ride = analysis
        .activities
        .iter()
        .find(|a| a.id == Id(101))
        .expect("ride");
    assert!(ride.load.load.0 > 0.0);
}

#[test]
fn the_newest_entry_per_area_and_side_wins_and_settled_areas_drop_off() {
    let card = card_of(&fixture(), None);
    let marks: Vec<(BodyArea, Side, u8)> = card
        .areas
        .items
        .iter()
        .map(|m| (m.area, m.side, m.level))
        .collect();
    assert_eq!(
        marks,
        vec![
            (BodyArea::Feet, Side::Right, 6),
            (BodyArea::Calves, Side::Left, 5),
            (BodyArea::Quads, Side::Both, 4),
        ]
    );
}

#[test]
fn injuries_come_from_sharp_pain_and_rehab_sessions() {
    let card = card_of(&fixture(), None);
    let whats: Vec<&str> = card
        .injuries
        .items
        .iter()
        .map(|l| l.what.as_str())
        .collect();
    assert_eq!(
        whats,
        vec![
            "rehab massage: calves, feet (plantar fascia)",
            "sharp pain, feet (plantar fascia) (right), level 6/10",
        ]
    );
    assert_eq!(
        card.injuries.items[0].note.as_deref(),
        Some("PT asked for work around the foot, not on it")
    );
}

#[test]
fn the_next_race_is_the_nearest_one_ahead() {
    let race = card_of(&fixture(), None).next_race.expect("a race ahead");
    assert_eq!(race.name, "Turkey Trot <5K>");
    assert_eq!(race.days_away, 9);
    let goal = card_of(&fixture(), None)
        .goal_race
        .expect("an A race ahead");
    assert_eq!(goal.name, "Harbor Marathon");
    assert_eq!(goal.days_away, 16);
}

#[test]
fn the_goal_race_is_not_repeated_when_it_is_the_next_race() {
    let mut f = fixture();
    f.races.retain(|r| r.item.priority == RacePriority::A);
    let card = card_of(&f, None);
    assert_eq!(
        card.next_race.map(|r| r.name).as_deref(),
        Some("Harbor Marathon")
    );
    assert_eq!(card.goal_race, None);
}

#[test]
fn user_text_is_escaped_in_html() {
    let page = html(&card_of(&fixture(), Some(Id(1))));
    assert!(page.contains("Turkey Trot &lt;5K&gt;"));
    assert!(page.contains("Sam &quot;Sprint&quot; O&#39;Neil"));
    assert!(page.contains("Keep shorts on &amp; drape the back"));
    assert!(!page.contains("<5K>"));
    assert!(!page.contains("<gently>"));
}

#[test]
fn an_empty_log_gives_a_card_with_only_the_training_section() {
    let profile = AthleteProfile::default();
    let analysis = analyse(&profile, &[], &[], today());
    let card = build(&CardInput {
        today: today(),
        profile: &profile,
        analysis: &analysis,
        races: &[],
        soreness: &[],
        massages: &[],
        therapists: &[],
        for_therapist: None,
        goals: &[],
        questions: &[],
    });
    assert!(card.weeks.iter().all(|w| w.runs == 0 && w.load == 0.0));
    let page = html(&card);
    for absent in [
        "Injuries",
        "Sore and tight",
        "Preferences",
        "Goals",
        "Questions",
        "Last massage",
        "Next race",
        "Big runs",
    ] {
        assert!(!page.contains(absent), "{absent} on an empty card");
        assert!(
            !text(&card).contains(absent),
            "{absent} on an empty text card"
        );
    }
}

#[test]
fn long_lists_are_capped_and_say_how_many_were_left_out() {
    let mut f = fixture();
    f.goals = (1..=5).map(|i| format!("goal {i}")).collect();
    f.questions = vec!["   ".into(), "only one".into()];
    f.soreness = BodyArea::ALL
        .iter()
        .enumerate()
        .map(|(i, &area)| {
            sore(
                i as i64,
                date(11, 20),
                area,
                Side::Both,
                3,
                SorenessKind::Tight,
                Some(&"x".repeat(400)),
            )
        })
        .collect();
    let card = card_of(&f, None);
    assert_eq!(card.goals.items.len(), MAX_GOALS);
    assert_eq!(card.goals.left_out, 2);
    assert_eq!(card.questions.items, vec!["only one".to_string()]);
    assert_eq!(card.areas.items.len(), MAX_AREAS);
    assert_eq!(card.areas.left_out, BodyArea::ALL.len() - MAX_AREAS);
    let note = card.areas.items[0].note.as_deref().expect("note");
    assert_eq!(note.chars().count(), NOTE_CHARS);
    assert!(note.ends_with('…'));
    assert!(
        html(&card).contains("and 2 more in the runner&#39;s log")
            || html(&card).contains("and 2 more in the runner's log")
    );
    assert!(text(&card).contains("(and 2 more in your log)"));
}

#[test]
fn marked_areas_are_filled_on_the_body_outline_by_id() {
    let page = html(&card_of(&fixture(), None));
    assert!(page.contains(r#"class="area marked tight" data-area="calves" data-side="left""#));
    assert!(page.contains(r#"class="area" data-area="calves" data-side="right""#));
    // "both sides" fills both shapes.
    assert!(page.contains(r#"class="area marked sore" data-area="quads" data-side="left""#));
    assert!(page.contains(r#"class="area marked sore" data-area="quads" data-side="right""#));
    assert!(page.contains(r#"class="area avoid" data-area="adductors" data-side="left""#));
}

/// The fullest card the caps allow, with long text everywhere: printed by
/// `tests/card_print.rs` to prove the worst case still fits on one page.
fn full_card() -> Card {
    let long = |what: &str| {
        format!(
            "{what} {}",
            "with a long note in the runner's own words ".repeat(6)
        )
    };
    let mut f = fixture();
    f.profile.name = Some(long("Alexandra"));
    f.profile.comfort.draping = Some(long("draping"));
    f.profile.comfort.notes = Some(long("notes"));
    f.profile.comfort.avoid_areas = vec![BodyArea::Adductors, BodyArea::RibCage, BodyArea::Neck];
    f.goals = (1..=MAX_GOALS + 2)
        .map(|i| long(&format!("goal {i}")))
        .collect();
    f.questions = (1..=MAX_QUESTIONS + 2)
        .map(|i| long(&format!("question {i}")))
        .collect();
    f.soreness = BodyArea::ALL
        .iter()
        .enumerate()
        .map(|(i, &area)| {
            let kind = [SorenessKind::Tight, SorenessKind::Sore, SorenessKind::Sharp][i % 3];
            sore(
                i as i64,
                date(11, 20),
                area,
                Side::Left,
                7,
                kind,
                Some(&long("area")),
            )
        })
        .collect();
    f.massages = (0..8)
        .map(|i| {
            let mut m = massages()[1].clone();
            m.id = Id(10 + i);
            m.item.date = date(11, 1) + Duration::days(i);
            m.item.note = Some(long("PT said"));
            m.item.areas = BodyArea::ALL.to_vec();
            m.item.felt_after = Some(long("felt"));
            m
        })
        .collect();
    // Five big runs in the window: long runs every Sunday plus one more, each a spike of
    // 15–25 % over the one before (identical long runs would not be big).
    for (i, (day, km)) in [
        (date(11, 1), 16.0),
        (date(11, 8), 19.0),
        (date(11, 15), 22.0),
        (date(11, 22), 26.0),
        (date(11, 26), 32.0),
    ]
    .into_iter()
    .enumerate()
    {
        f.activities.push(run(200 + i as i64, day, km * 5.5, km));
    }
    f.races[2].item.name = long("Turkey Trot");
    card_of(&f, Some(Id(1)))
}

#[test]
fn golden_full_html() {
    let card = full_card();
    assert!(card.goals.left_out > 0 && card.questions.left_out > 0 && card.areas.left_out > 0);
    assert_eq!(card.big_runs.items.len(), MAX_BIG_RUNS);
    assert_eq!(card.injuries.items.len(), MAX_INJURIES);
    check(&html(&card), "card_full.html");
}

#[test]
fn imperial_runners_see_miles() {
    let mut f = fixture();
    f.profile.units = UnitSystem::Imperial;
    let card = card_of(&f, None);
    let text = text(&card);
    // 20 km is 12.4 mi; the 5 km race is 3.1 mi.
    assert!(
        text.contains("  week of            mi  runs   load"),
        "{text}"
    );
    assert!(text.contains("Mon 23 Nov       12.4     2"), "{text}");
    assert!(text.contains("(3.1 mi, C race (training))"), "{text}");
    assert!(html(&card).contains("mi / week"));
}

#[test]
fn the_body_map_shows_the_newest_entry_on_each_side() {
    let mut f = fixture();
    f.soreness = vec![
        sore(
            1,
            date(11, 20),
            BodyArea::Hamstrings,
            Side::Both,
            6,
            SorenessKind::Tight,
            None,
        ),
        sore(
            2,
            date(11, 24),
            BodyArea::Hamstrings,
            Side::Left,
            3,
            SorenessKind::Sore,
            None,
        ),
        sore(
            3,
            date(11, 21),
            BodyArea::Shins,
            Side::Left,
            5,
            SorenessKind::Sore,
            None,
        ),
        sore(
            4,
            date(11, 22),
            BodyArea::Shins,
            Side::Both,
            0,
            SorenessKind::Sore,
            None,
        ),
    ];
    let card = card_of(&f, None);
    // The 0/10 on both sides closed the left shin; the hamstrings keep both entries.
    assert!(card.areas.items.iter().all(|m| m.area != BodyArea::Shins));
    let page = html(&card);
    let class_of = |side: &str| {
        let marker = format!(r#"data-area="hamstrings" data-side="{side}""#);
        let at = page
            .find(&marker)
            .unwrap_or_else(|| panic!("no {side} hamstrings"));
        let start = page[..at].rfind("class=\"").unwrap();
        page[start + 7..at].trim_end_matches("\" ").to_string()
    };
    assert_eq!(class_of("left"), "area marked sore", "the newer left entry");
    assert_eq!(
        class_of("right"),
        "area marked tight",
        "the older entry for both"
    );
}
