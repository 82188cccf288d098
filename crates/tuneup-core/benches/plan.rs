//! How long the recovery planner takes for an athlete with ten years of history: about
//! 2,600 runs, 520 big runs, 1,000 soreness entries, 170 massages, 2,600 planned sessions,
//! 50 races and a daily ACWR series, all built here from fixed dates.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tuneup_core::model::{
    Activity, ActivitySource, InsuranceStatus, MassageCadence, MassageSession, PlannedSession,
    Race, SorenessEntry,
};
use tuneup_core::plan::{BigRun, PlanInput, PlanRules, Referrals, WeeklyLoad, plan};
use tuneup_core::units::{Meters, Seconds};
use tuneup_core::vocab::{
    BodyArea, MassagePurpose, RacePriority, SessionKind, Side, SorenessKind, Sport, Technique,
    UnitSystem,
};
use tuneup_core::{Id, Record};

struct History {
    activities: Vec<Record<Activity>>,
    big_runs: Vec<BigRun>,
    acwr: Vec<WeeklyLoad>,
    planned: Vec<Record<PlannedSession>>,
    races: Vec<Record<Race>>,
    soreness: Vec<Record<SorenessEntry>>,
    massages: Vec<Record<MassageSession>>,
    referrals: Referrals,
}

fn history(first: NaiveDate, days: i64) -> History {
    let mut h = History {
        activities: Vec::new(),
        big_runs: Vec::new(),
        acwr: Vec::new(),
        planned: Vec::new(),
        races: Vec::new(),
        soreness: Vec::new(),
        massages: Vec::new(),
        referrals: Referrals::new(),
    };
    h.referrals.insert(
        BodyArea::Feet,
        vec!["gastrocnemius".into(), "soleus".into()],
    );
    let areas = [
        BodyArea::Calves,
        BodyArea::Quads,
        BodyArea::Hamstrings,
        BodyArea::ItBand,
    ];
    for n in 0..days {
        let date = first + Duration::days(n);
        let id = n * 10;
        let weekday = n % 7;
        h.acwr.push(WeeklyLoad {
            date,
            last_7_days: 300.0 * (0.8 + (n % 23) as f64 * 0.04),
            weekly_average_before: 300.0,
        });
        // Five runs a week; the sixth day is long.
        if weekday != 2 && weekday != 6 {
            let km = if weekday == 5 {
                28.0
            } else {
                8.0 + (n % 5) as f64
            };
            let kind = match weekday {
                5 => SessionKind::Long,
                1 | 3 => SessionKind::Hard,
                _ => SessionKind::Easy,
            };
            let start = Utc.from_utc_datetime(&date.and_hms_opt(7, 0, 0).expect("time"));
            let activity = Activity {
                sport: Sport::Running,
                start,
                utc_offset_s: 3600,
                offset_source: tuneup_core::model::OffsetSource::Profile,
                implausible: None,
                crc_mismatch: false,
                elapsed: Seconds(km * 330.0),
                moving: Seconds(km * 320.0),
                distance: Meters::from_km(km),
                elevation_gain: None,
                heart_rate: None,
                rpe: Some(5),
                title: None,
                kind: Some(kind),
                source: ActivitySource::manual(),
                streams: None,
                digest: None,
            };
            if weekday == 5 {
                h.big_runs.push(BigRun {
                    activity: Id(id),
                    date,
                    end: activity.end(),
                    distance: activity.distance,
                    load_ratio: Some(2.1),
                    session: "long run".into(),
                    reason: "load 2.1× your largest in 30 days".into(),
                });
            }
            h.activities.push(Record::new(Id(id), activity));
            h.planned.push(Record::new(
                Id(id + 1),
                PlannedSession {
                    date: date + Duration::days(days),
                    kind,
                    title: format!("session {n}"),
                    distance: None,
                },
            ));
        }
        if n % 4 == 0 {
            h.soreness.push(Record::new(
                Id(id + 2),
                SorenessEntry {
                    date,
                    area: areas[(n / 4) as usize % areas.len()],
                    side: Side::Both,
                    level: (n % 6) as u8 + 1,
                    kind: SorenessKind::Tight,
                    note: None,
                },
            ));
        }
        if n % 21 == 0 {
            h.massages.push(Record::new(
                Id(id + 3),
                MassageSession {
                    date,
                    therapist: None,
                    techniques: vec![Technique::Swedish, Technique::DeepTissue],
                    areas: areas.to_vec(),
                    pressure: Some(3),
                    purpose: MassagePurpose::Maintenance,
                    cost: Some(tuneup_core::money::Money::new(
                        8000,
                        tuneup_core::money::Currency::DEFAULT,
                    )),
                    insurance: InsuranceStatus::None,
                    felt_after: None,
                    note: None,
                },
            ));
        }
        if n % 73 == 0 {
            h.races.push(Record::new(
                Id(id + 4),
                Race {
                    date,
                    name: format!("race {n}"),
                    distance: Meters::from_km(21.1),
                    priority: RacePriority::B,
                },
            ));
        }
    }
    h
}

fn bench_plan(c: &mut Criterion) {
    let first = NaiveDate::from_ymd_opt(2016, 11, 28).expect("date");
    let days = 3652;
    let h = history(first, days);
    let from = first + Duration::days(days - 1);
    let input = PlanInput {
        from,
        days: 14,
        cadence: MassageCadence::default(),
        units: UnitSystem::Metric,
        activities: &h.activities,
        big_runs: &h.big_runs,
        acwr: &h.acwr,
        planned: &h.planned,
        races: &h.races,
        soreness: &h.soreness,
        massages: &h.massages,
        referrals: &h.referrals,
    };
    let rules = PlanRules::default();
    c.bench_function("plan 14 days, ten years of history", |b| {
        b.iter(|| plan(black_box(&input), &rules).expect("plans"))
    });
    let year = PlanInput { days: 365, ..input };
    c.bench_function("plan 365 days, ten years of history", |b| {
        b.iter(|| plan(black_box(&year), &rules).expect("plans"))
    });
}

criterion_group!(benches, bench_plan);
criterion_main!(benches);
