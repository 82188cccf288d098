//! A fixed athlete fortnight for the renderers' tests: a big Saturday run, intervals on
//! Monday, sore calves, sharp pain in a foot, a booked rehab massage, an A race, a load spike.

use chrono::{NaiveDate, TimeZone, Utc};
use tuneup_core::model::{
    Activity, ActivitySource, InsuranceStatus, MassageCadence, MassageSession, PlannedSession,
    Race, SorenessEntry,
};
use tuneup_core::plan::{BigRun, Plan, PlanInput, PlanRules, Referrals, plan};
use tuneup_core::units::{Meters, Seconds};
use tuneup_core::vocab::{
    BodyArea, MassagePurpose, RacePriority, SessionKind, Side, SorenessKind, Sport, Technique,
    UnitSystem,
};
use tuneup_core::{Id, Record};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).expect("date") + chrono::Duration::days(i64::from(d) - 1)
}

fn run(id: i64, d: u32, km: f64, kind: SessionKind) -> Record<Activity> {
    Record::new(
        Id(id),
        Activity {
            sport: Sport::Running,
            start: Utc.from_utc_datetime(&day(d).and_hms_opt(8, 0, 0).expect("time")),
            utc_offset_s: 0,
            elapsed: Seconds(km * 300.0),
            moving: Seconds(km * 300.0),
            distance: Meters::from_km(km),
            elevation_gain: None,
            heart_rate: None,
            rpe: None,
            title: None,
            kind: Some(kind),
            source: ActivitySource::manual(),
            streams: None,
            digest: None,
        },
    )
}

fn massage(
    id: i64,
    d: u32,
    technique: Technique,
    purpose: MassagePurpose,
) -> Record<MassageSession> {
    Record::new(
        Id(id),
        MassageSession {
            date: day(d),
            therapist: None,
            techniques: vec![technique],
            areas: vec![BodyArea::Calves],
            pressure: None,
            purpose,
            cost: None,
            insurance: InsuranceStatus::None,
            felt_after: None,
            note: None,
        },
    )
}

fn sore(id: i64, d: u32, area: BodyArea, level: u8, kind: SorenessKind) -> Record<SorenessEntry> {
    Record::new(
        Id(id),
        SorenessEntry {
            date: day(d),
            area,
            side: Side::Both,
            level,
            kind,
            note: None,
        },
    )
}

fn planned(id: i64, d: u32, kind: SessionKind, title: &str) -> Record<PlannedSession> {
    Record::new(
        Id(id),
        PlannedSession {
            date: day(d),
            kind,
            title: title.to_string(),
        },
    )
}

/// The records behind a sample plan, to edit before planning (a replan after the runner
/// changed something).
pub(crate) struct Sample {
    pub activities: Vec<Record<Activity>>,
    pub big_runs: Vec<BigRun>,
    pub planned: Vec<Record<PlannedSession>>,
    pub races: Vec<Record<Race>>,
    pub soreness: Vec<Record<SorenessEntry>>,
    pub massages: Vec<Record<MassageSession>>,
    pub referrals: Referrals,
    pub acwr: Vec<tuneup_core::plan::WeeklyLoad>,
    pub rules: PlanRules,
}

/// A day of the sample: 1 is Sun 1 Nov 2026, 28 Sat 28 Nov, 31 Tue 1 Dec.
pub(crate) fn sample_day(d: u32) -> NaiveDate {
    day(d)
}

/// The plan for the fortnight from Sat 28 Nov 2026.
pub(crate) fn plan_fortnight() -> Plan {
    Sample::fortnight().plan(day(28), 14)
}

impl Sample {
    pub(crate) fn fortnight() -> Sample {
        let activities = vec![
            run(10, 24, 10.0, SessionKind::Easy),
            run(11, 26, 12.0, SessionKind::Hard),
            run(12, 28, 32.0, SessionKind::Long),
        ];
        let big_runs = vec![BigRun {
            activity: Id(12),
            date: day(28),
            end: activities[2].item.end(),
            distance: Meters::from_km(32.0),
            load_ratio: Some(2.3),
            session: "long run".to_string(),
            reason: "2.3× your usual load".to_string(),
        }];
        let planned = vec![
            planned(20, 30, SessionKind::Hard, "intervals 6x1k"),
            planned(21, 32, SessionKind::Easy, "easy 8k"),
            planned(22, 34, SessionKind::Hard, "tempo 5k"),
        ];
        let races = vec![Record::new(
            Id(30),
            Race {
                date: day(41),
                name: "Winter Half".to_string(),
                distance: Meters::from_km(21.1),
                priority: RacePriority::A,
            },
        )];
        let soreness = vec![
            sore(40, 25, BodyArea::Calves, 3, SorenessKind::Tight),
            sore(41, 27, BodyArea::Calves, 4, SorenessKind::Sore),
            sore(42, 27, BodyArea::Feet, 2, SorenessKind::Sharp),
        ];
        let massages = vec![
            massage(1, 9, Technique::Swedish, MassagePurpose::Maintenance),
            massage(2, 31, Technique::DeepTissue, MassagePurpose::Rehab),
        ];
        let mut referrals = Referrals::new();
        referrals.insert(BodyArea::Calves, vec!["gluteus minimus".to_string()]);
        let acwr = vec![tuneup_core::plan::WeeklyLoad {
            date: day(28),
            last_7_days: 474.0,
            weekly_average_before: 300.0,
        }];
        Sample {
            activities,
            big_runs,
            planned,
            races,
            soreness,
            massages,
            referrals,
            acwr,
            rules: PlanRules::default(),
        }
    }

    /// A big run on day `d` of the sample (a long run of `km`).
    pub(crate) fn add_big_run(&mut self, id: i64, d: u32, km: f64) {
        let activity = run(id, d, km, SessionKind::Long);
        self.big_runs.push(BigRun {
            activity: Id(id),
            date: day(d),
            end: activity.item.end(),
            distance: Meters::from_km(km),
            load_ratio: Some(2.0),
            session: "long run".to_string(),
            reason: "2× your usual load".to_string(),
        });
        self.activities.push(activity);
    }

    /// A hard session planned on day `d`.
    pub(crate) fn add_hard(&mut self, id: i64, d: u32, title: &str) {
        self.planned.push(planned(id, d, SessionKind::Hard, title));
    }

    pub(crate) fn plan(&self, from: NaiveDate, days: u32) -> Plan {
        let input = PlanInput {
            from,
            days,
            cadence: MassageCadence::default(),
            units: UnitSystem::Metric,
            activities: &self.activities,
            big_runs: &self.big_runs,
            acwr: &self.acwr,
            planned: &self.planned,
            races: &self.races,
            soreness: &self.soreness,
            massages: &self.massages,
            referrals: &self.referrals,
        };
        plan(&input, &self.rules).expect("valid sample")
    }
}
