//! A generator of realistic sample data: the demo athlete, a runner ten weeks into a twelve-week
//! marathon build. Deterministic (a fixed pseudo-random sequence) and relative to `today`, so
//! the demo always shows a live situation: a long run last weekend, a race ahead, sore calves.
//!
//! Everything it makes is labelled as sample data (`SourceKind::Sample`, names say so).

use crate::model::{
    Activity, ActivitySource, AthleteProfile, ComfortPreferences, Conversation, HeartRateSummary,
    InsuranceStatus, MassageSession, PlannedSession, Race, SampleStreams, SorenessEntry,
    SourceKind, Therapist,
};
use crate::units::{Bpm, Meters, MetersPerSecond, Seconds};
use crate::vocab::{
    BodyArea, MassagePurpose, RacePriority, SessionKind, Sex, Side, SorenessKind, Sport, Technique,
    Tool, UnitSystem,
};
use chrono::{Datelike as _, Duration, NaiveDate, NaiveTime, TimeZone, Utc};

/// The sample athlete's whole record, ready to be stored.
#[derive(Debug, Clone)]
pub struct SampleAthlete {
    pub profile: AthleteProfile,
    pub activities: Vec<Activity>,
    pub races: Vec<Race>,
    pub planned: Vec<PlannedSession>,
    pub soreness: Vec<SorenessEntry>,
    /// Massage sessions; `therapist` indexes into `therapists` (0-based) until stored.
    pub massages: Vec<MassageSession>,
    pub therapists: Vec<Therapist>,
}

/// Weeks of the build already run by `today`; the last two (taper) are still planned.
const WEEKS_DONE: i64 = 10;
/// The sample runner lives at UTC−5 and runs at 07:00 local time.
const UTC_OFFSET_S: i32 = -5 * 3600;
const START_LOCAL: (u32, u32) = (7, 0);
/// Long-run distances (km) for each week of the build, peaking at 32. The peak comes after
/// two weeks at 28, so it is a spike over the longest run of the 30 days before (about 14 %,
/// RUNSAFE's 10–30 % band), on the Sunday before the demo's day; its 24–48 h massage window
/// has passed unless the demo runs on a Monday or Tuesday.
const LONG_RUN_KM: [f64; 12] = [
    18.0, 20.0, 22.0, 18.0, 24.0, 26.0, 21.1, 28.0, 28.0, 32.0, 24.0, 16.0,
];
/// Week index (0-based) whose long-run day is the half-marathon tune-up race.
const TUNE_UP_WEEK: usize = 6;

/// Builds the sample athlete as of `today`.
pub fn marathon_build(today: NaiveDate) -> SampleAthlete {
    // The build's weeks run Monday to Sunday, so long runs and races fall on Sundays
    // whatever today is: today is in the eleventh week, the peak long run on the Sunday
    // before it, the marathon on the Sunday after.
    let this_monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let build_start = this_monday - Duration::weeks(WEEKS_DONE);
    let race_day = build_start + Duration::weeks(12) - Duration::days(1);
    let activities = runs(build_start, today.min(race_day));
    let planned = future_sessions(build_start, today, race_day);
    athlete(today, build_start, race_day, activities, planned)
}

/// The same athlete's whole twelve-week build from its first day, `build_start`, for a test
/// that lets the days pass: every run of the build, the marathon on its last day included,
/// and every session planned from the first day on. Runs are stored as their days come; no
/// massage is logged yet (the sample's one is the runner's to log as the plan suggests);
/// soreness entries are dated as in the demo, by the day the demo shows (ten weeks in).
pub fn whole_build(build_start: NaiveDate) -> SampleAthlete {
    let demo_day = build_start + Duration::weeks(WEEKS_DONE);
    let race_day = build_start + Duration::weeks(12) - Duration::days(1);
    let mut activities = runs(build_start, race_day);
    let mut random = Lcg(0x6d61_7261_7468);
    let mut marathon = generate_run(race_day, SampleSession::Race { km: 42.195 }, &mut random);
    marathon.title = Some("City Marathon (sample)".into());
    activities.push(marathon);
    let planned = future_sessions(build_start, build_start, race_day);
    let mut athlete = athlete(demo_day, build_start, race_day, activities, planned);
    athlete.massages.clear();
    athlete
}

/// The build's runs dated before `until`.
fn runs(build_start: NaiveDate, until: NaiveDate) -> Vec<Activity> {
    let mut random = Lcg(0x7475_6e65_7570);
    let mut activities = Vec::new();
    for week in 0..12usize {
        let week_start = build_start + Duration::weeks(week as i64);
        for (day, session) in week_pattern(week) {
            let date = week_start + Duration::days(day);
            if date >= until {
                continue;
            }
            activities.push(generate_run(date, session, &mut random));
        }
    }
    activities
}

fn athlete(
    today: NaiveDate,
    build_start: NaiveDate,
    race_day: NaiveDate,
    activities: Vec<Activity>,
    planned: Vec<PlannedSession>,
) -> SampleAthlete {
    SampleAthlete {
        profile: profile(),
        activities,
        races: vec![
            Race {
                date: build_start + Duration::weeks(TUNE_UP_WEEK as i64) + Duration::days(6),
                name: "Harvest Half Marathon (sample)".into(),
                distance: Meters(21_097.5),
                priority: RacePriority::B,
            },
            Race {
                date: race_day,
                name: "City Marathon (sample)".into(),
                distance: Meters(42_195.0),
                priority: RacePriority::A,
            },
        ],
        planned,
        soreness: soreness(today),
        massages: vec![MassageSession {
            date: today - Duration::days(26),
            therapist: Some(crate::Id(0)),
            techniques: vec![Technique::Swedish, Technique::DeepTissue],
            areas: vec![BodyArea::Calves, BodyArea::Quads, BodyArea::Glutes],
            pressure: Some(3),
            purpose: MassagePurpose::Maintenance,
            cost: Some(crate::money::Money::new(
                9500,
                crate::money::Currency::DEFAULT,
            )),
            insurance: InsuranceStatus::ToClaim,
            felt_after: Some("legs loose, a little tender the next day".into()),
            note: None,
        }],
        therapists: vec![Therapist {
            name: "Jordan Lee, LMT (sample)".into(),
            contact: Some("555-0100".into()),
            licence: Some("MT-000000 (sample)".into()),
            licence_region: Some("CO".into()),
            techniques: vec![
                Technique::Swedish,
                Technique::DeepTissue,
                Technique::TriggerPoint,
            ],
            insurance: None,
            price: Some(crate::money::Money::new(
                9500,
                crate::money::Currency::DEFAULT,
            )),
            notes: Some("sample therapist".into()),
        }],
    }
}

/// A run in the weekly pattern.
#[derive(Debug, Clone, Copy)]
enum SampleSession {
    Easy {
        km: f64,
    },
    Workout {
        km: f64,
        title: &'static str,
        hilly: Hilly,
    },
    Long {
        km: f64,
    },
    Race {
        km: f64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Hilly {
    Flat,
    Hills,
}

/// The week's runs as (day of the training week, 0-based; session).
fn week_pattern(week: usize) -> Vec<(i64, SampleSession)> {
    let long = LONG_RUN_KM[week];
    let easy = 8.0 + (week.min(9) as f64) * 0.4;
    let workout = match week % 3 {
        0 => ("6x800 m intervals", 11.0, Hilly::Flat),
        1 => ("8x60 s hill repeats", 10.0, Hilly::Hills),
        _ => ("40 min tempo", 13.0, Hilly::Flat),
    };
    let sunday = if week == TUNE_UP_WEEK {
        SampleSession::Race { km: long }
    } else {
        SampleSession::Long { km: long }
    };
    vec![
        (1, SampleSession::Easy { km: easy }),
        (
            2,
            SampleSession::Workout {
                km: workout.1,
                title: workout.0,
                hilly: workout.2,
            },
        ),
        (3, SampleSession::Easy { km: easy - 1.0 }),
        (4, SampleSession::Easy { km: 6.0 }),
        (6, sunday),
    ]
}

fn generate_run(date: NaiveDate, session: SampleSession, random: &mut Lcg) -> Activity {
    // Paces (s/km) and heart rates for a ~3:30 marathoner with max HR 188, rest 48.
    let (km, pace, hr, title, kind, hilly) = match session {
        SampleSession::Easy { km } => (
            km,
            330.0,
            138.0,
            "Easy run".to_string(),
            SessionKind::Easy,
            Hilly::Flat,
        ),
        SampleSession::Workout { km, title, hilly } => (
            km,
            285.0,
            158.0,
            title.to_string(),
            SessionKind::Hard,
            hilly,
        ),
        SampleSession::Long { km } => (
            km,
            335.0,
            145.0,
            format!("{km:.0} km long run"),
            SessionKind::Long,
            Hilly::Hills,
        ),
        SampleSession::Race { km } => (
            km,
            272.0,
            168.0,
            "Harvest Half Marathon (sample)".to_string(),
            SessionKind::Race,
            Hilly::Flat,
        ),
    };
    let km = km * (1.0 + random.between(-0.02, 0.02));
    let pace = pace * (1.0 + random.between(-0.03, 0.03));
    let (hour, minute) = START_LOCAL;
    let local = date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time"));
    let start = Utc.from_utc_datetime(&(local - Duration::seconds(UTC_OFFSET_S as i64)));
    let streams = generate_streams(km * 1000.0, pace, hr, hilly, random);
    let elapsed = streams.time_s.last().copied().unwrap_or(0.0);
    let gain = elevation_gain(&streams.altitude_m);
    let hr_avg = streams
        .heart_rate_bpm
        .iter()
        .map(|&h| f64::from(h))
        .sum::<f64>()
        / streams.len().max(1) as f64;
    let hr_max = streams.heart_rate_bpm.iter().copied().max().unwrap_or(0);
    Activity {
        sport: Sport::Running,
        start,
        utc_offset_s: UTC_OFFSET_S,
        offset_source: crate::model::OffsetSource::Profile,
        implausible: None,
        crc_mismatch: false,
        elapsed: Seconds(elapsed),
        moving: Seconds(elapsed),
        distance: Meters(km * 1000.0),
        elevation_gain: Some(Meters(gain)),
        heart_rate: Some(HeartRateSummary {
            average: Bpm(hr_avg.round()),
            max: Bpm(f64::from(hr_max)),
        }),
        rpe: None,
        title: Some(title),
        kind: Some(kind),
        source: ActivitySource {
            kind: SourceKind::Sample,
            file_sha256: None,
            file_name: None,
            device: Some("tuneup sample generator".into()),
        },
        streams: Some(streams),
        digest: None,
    }
}

/// One sample every 5 s keeps the demo fast while leaving the load models real data.
const SAMPLE_EVERY_S: f64 = 5.0;

fn generate_streams(
    metres: f64,
    pace_s_per_km: f64,
    hr_target: f64,
    hilly: Hilly,
    random: &mut Lcg,
) -> SampleStreams {
    let speed = 1000.0 / pace_s_per_km;
    let mut streams = SampleStreams::default();
    let (mut t, mut d, mut hr) = (0.0, 0.0, 95.0);
    while d < metres {
        let altitude = match hilly {
            Hilly::Flat => 1600.0 + 3.0 * (d / 900.0).sin(),
            Hilly::Hills => 1600.0 + 25.0 * (d / 1400.0).sin(),
        };
        // Heart rate rises toward its target over the first minutes and drifts up slowly.
        let target = hr_target + 6.0 * (t / 7200.0);
        hr += (target - hr) * 0.05 + random.between(-1.0, 1.0);
        let v = speed * (1.0 + random.between(-0.04, 0.04));
        streams.time_s.push(t);
        streams.distance_m.push(d);
        streams.speed_mps.push(v);
        streams.altitude_m.push(altitude);
        streams
            .heart_rate_bpm
            .push(hr.round().clamp(60.0, 200.0) as u8);
        streams
            .cadence_spm
            .push((172.0 + random.between(-3.0, 3.0)).round() as u8);
        t += SAMPLE_EVERY_S;
        d += v * SAMPLE_EVERY_S;
    }
    streams
}

fn elevation_gain(altitude: &[f64]) -> f64 {
    altitude
        .windows(2)
        .map(|w| (w[1] - w[0]).max(0.0))
        .sum::<f64>()
        .round()
}

fn future_sessions(
    build_start: NaiveDate,
    today: NaiveDate,
    race_day: NaiveDate,
) -> Vec<PlannedSession> {
    let mut planned = Vec::new();
    for week in 0..12usize {
        let week_start = build_start + Duration::weeks(week as i64);
        for (day, session) in week_pattern(week) {
            let date = week_start + Duration::days(day);
            if date < today || date >= race_day {
                continue;
            }
            let (kind, title) = match session {
                SampleSession::Easy { km } => (SessionKind::Easy, format!("easy {km:.0} km")),
                SampleSession::Workout { title, .. } => (SessionKind::Hard, title.to_string()),
                SampleSession::Long { km } => (SessionKind::Long, format!("{km:.0} km long run")),
                SampleSession::Race { .. } => (SessionKind::Race, "tune-up race".to_string()),
            };
            planned.push(PlannedSession {
                date,
                kind,
                distance: PlannedSession::distance_in_title(&title),
                title,
            });
        }
    }
    planned.push(PlannedSession {
        date: race_day,
        kind: SessionKind::Race,
        title: "City Marathon (sample)".into(),
        distance: Some(Meters::from_km(42.195)),
    });
    planned
}

fn profile() -> AthleteProfile {
    AthleteProfile {
        name: Some("Sample Runner".into()),
        max_hr: Some(Bpm(188.0)),
        rest_hr: Some(Bpm(48.0)),
        threshold_hr: None,
        threshold_pace: Some(MetersPerSecond::from_seconds_per_km(275.0)),
        sex: Some(Sex::Female),
        units: UnitSystem::Metric,
        massage_cadence: Default::default(),
        tools: vec![
            Tool::FoamRoller,
            Tool::LacrosseBall,
            Tool::GolfBall,
            Tool::Hands,
        ],
        comfort: ComfortPreferences {
            pressure: Some(3),
            draping: Some("prefers to keep underwear on".into()),
            avoid_areas: vec![],
            conversation: Some(Conversation::Quiet),
            notes: None,
            goals: Vec::new(),
        },
        ..AthleteProfile::default()
    }
}

fn soreness(today: NaiveDate) -> Vec<SorenessEntry> {
    let entry = |days_ago: i64, area, side, level, kind, note: &str| SorenessEntry {
        date: today - Duration::days(days_ago),
        area,
        side,
        level,
        kind,
        note: (!note.is_empty()).then(|| note.to_string()),
    };
    vec![
        entry(
            12,
            BodyArea::ItBand,
            Side::Right,
            3,
            SorenessKind::Tight,
            "outer knee after the downhill",
        ),
        entry(5, BodyArea::Calves, Side::Left, 4, SorenessKind::Tight, ""),
        entry(
            1,
            BodyArea::Calves,
            Side::Left,
            5,
            SorenessKind::Tight,
            "after the long run",
        ),
        entry(1, BodyArea::Quads, Side::Both, 4, SorenessKind::Sore, ""),
    ]
}

/// A small deterministic generator (Knuth's MMIX LCG): the demo must be the same every run.
struct Lcg(u64);

impl Lcg {
    fn next_unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.next_unit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn the_build_is_realistic_and_valid() {
        // Whatever weekday the demo is run on (a whole week of todays).
        for offset in 0..7 {
            let today = today() + Duration::days(offset);
            let athlete = marathon_build(today);
            assert!(athlete.profile.validate().is_ok());
            // Ten weeks of five runs, and this week's before today.
            assert!((50..=55).contains(&athlete.activities.len()), "{today}");
            for run in &athlete.activities {
                run.validate().unwrap();
                assert!(run.local_date() < today);
                assert!(run.streams.as_ref().unwrap().is_consistent());
            }
            let peak = athlete
                .activities
                .iter()
                .max_by(|a, b| a.distance.0.total_cmp(&b.distance.0))
                .unwrap();
            assert!((31.0..=33.0).contains(&peak.distance.km()));
            assert_eq!(peak.kind, Some(SessionKind::Long));
            // The peak long run was last weekend: within the past week.
            assert!((today - peak.local_date()).num_days() <= 7, "{today}");
            assert!(
                athlete
                    .races
                    .iter()
                    .any(|r| r.priority == RacePriority::A && r.date > today)
            );
            assert!(
                athlete
                    .races
                    .iter()
                    .any(|r| r.priority == RacePriority::B && r.date < today)
            );
            assert!(athlete.planned.iter().all(|p| p.date >= today));
            // The goal race falls inside the demo's 14-day plan.
            let goal = athlete
                .races
                .iter()
                .find(|r| r.priority == RacePriority::A)
                .unwrap();
            assert!(goal.date < today + Duration::days(14));
            assert!(athlete.planned.iter().any(|p| p.kind == SessionKind::Hard));
        }
    }

    #[test]
    fn long_runs_and_races_fall_on_weekends_whatever_today_is() {
        use chrono::Weekday;
        let weekend = |date: NaiveDate| matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        for offset in 0..7 {
            let today = today() + Duration::days(offset);
            let athlete = marathon_build(today);
            let long: Vec<_> = athlete
                .activities
                .iter()
                .filter(|a| matches!(a.kind, Some(SessionKind::Long | SessionKind::Race)))
                .collect();
            assert!(long.len() >= 10, "{today}");
            for run in long {
                assert!(weekend(run.local_date()), "{today}: {:?}", run.title);
            }
            for race in &athlete.races {
                assert!(weekend(race.date), "{today}: {}", race.name);
            }
            for planned in &athlete.planned {
                if matches!(planned.kind, SessionKind::Long | SessionKind::Race) {
                    assert!(weekend(planned.date), "{today}: {}", planned.title);
                }
            }
        }
    }

    #[test]
    fn the_same_day_gives_the_same_athlete() {
        let a = marathon_build(today());
        let b = marathon_build(today());
        assert_eq!(a.activities, b.activities);
    }
}
