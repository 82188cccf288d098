//! Test fixtures: an athlete built record by record with fixed dates.

use super::context::{Block, Ctx};
use super::{BigRun, Plan, PlanInput, PlanItem, PlanRules, Referrals, RuleId, WeeklyLoad, plan};
use crate::id::{Id, Record};
use crate::model::{
    Activity, ActivitySource, InsuranceStatus, MassageCadence, MassageSession, PlannedSession,
    Race, SorenessEntry,
};
use crate::units::{Meters, Seconds};
use crate::vocab::{
    BodyArea, MassagePurpose, RacePriority, SessionKind, Side, SorenessKind, Sport, Technique,
    UnitSystem,
};
use chrono::{NaiveDate, TimeZone, Utc};

/// A day in November 2026 (the 28th is a Saturday); days past 30 run into December.
pub(crate) fn nov(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).expect("valid date")
        + chrono::Duration::days(i64::from(day) - 1)
}

pub(crate) struct Fixture {
    pub from: NaiveDate,
    pub days: u32,
    pub cadence: MassageCadence,
    pub units: UnitSystem,
    pub activities: Vec<Record<Activity>>,
    pub big_runs: Vec<BigRun>,
    pub acwr: Vec<WeeklyLoad>,
    pub planned: Vec<Record<PlannedSession>>,
    pub races: Vec<Record<Race>>,
    pub soreness: Vec<Record<SorenessEntry>>,
    pub massages: Vec<Record<MassageSession>>,
    pub referrals: Referrals,
    pub rules: PlanRules,
}

impl Fixture {
    pub fn new(from: NaiveDate) -> Self {
        Fixture {
            from,
            days: 14,
            cadence: MassageCadence::default(),
            units: UnitSystem::Metric,
            activities: Vec::new(),
            big_runs: Vec::new(),
            acwr: Vec::new(),
            planned: Vec::new(),
            races: Vec::new(),
            soreness: Vec::new(),
            massages: Vec::new(),
            referrals: Referrals::new(),
            rules: PlanRules::default(),
        }
    }

    /// A run starting at 08:00 UTC (offset 0) at 5:00/km.
    pub fn run(&mut self, id: i64, date: NaiveDate, km: f64, kind: SessionKind) -> &mut Self {
        let start = Utc.from_utc_datetime(&date.and_hms_opt(8, 0, 0).expect("valid time"));
        self.activities.push(Record::new(
            Id(id),
            Activity {
                sport: Sport::Running,
                start,
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
        ));
        self
    }

    /// A long run that the load module judged big.
    pub fn big_run(&mut self, id: i64, date: NaiveDate, km: f64, ratio: f64) -> &mut Self {
        self.run(id, date, km, SessionKind::Long);
        let end = self.activities.last().expect("just pushed").item.end();
        self.big_runs.push(BigRun {
            activity: Id(id),
            date,
            end,
            distance: Meters::from_km(km),
            load_ratio: Some(ratio),
            session: String::new(),
            reason: format!("{ratio:.1}× your usual load"),
        });
        self
    }

    pub fn planned(
        &mut self,
        id: i64,
        date: NaiveDate,
        kind: SessionKind,
        title: &str,
    ) -> &mut Self {
        self.planned.push(Record::new(
            Id(id),
            PlannedSession {
                date,
                kind,
                title: title.to_string(),
            },
        ));
        self
    }

    pub fn race(
        &mut self,
        id: i64,
        date: NaiveDate,
        name: &str,
        km: f64,
        priority: RacePriority,
    ) -> &mut Self {
        self.races.push(Record::new(
            Id(id),
            Race {
                date,
                name: name.to_string(),
                distance: Meters::from_km(km),
                priority,
            },
        ));
        self
    }

    pub fn sore(
        &mut self,
        id: i64,
        date: NaiveDate,
        area: BodyArea,
        level: u8,
        kind: SorenessKind,
    ) -> &mut Self {
        self.soreness.push(Record::new(
            Id(id),
            SorenessEntry {
                date,
                area,
                side: Side::Both,
                level,
                kind,
                note: None,
            },
        ));
        self
    }

    pub fn massage(
        &mut self,
        id: i64,
        date: NaiveDate,
        technique: Technique,
        purpose: MassagePurpose,
    ) -> &mut Self {
        self.massages.push(Record::new(
            Id(id),
            MassageSession {
                date,
                therapist: None,
                techniques: vec![technique],
                areas: vec![BodyArea::Calves, BodyArea::Quads],
                pressure: None,
                purpose,
                cost: None,
                insurance: InsuranceStatus::None,
                felt_after: None,
                note: None,
            },
        ));
        self
    }

    /// Why a massage of `technique` may not go on `date` in this fixture.
    pub fn blocks(&self, date: NaiveDate, technique: Technique) -> Vec<Block> {
        let input = self.input();
        let ctx = Ctx::new(&input, &self.rules);
        ctx.blocks(date, technique)
    }

    pub fn plan(&self) -> Plan {
        plan(&self.input(), &self.rules).expect("valid fixture")
    }

    pub fn input(&self) -> PlanInput<'_> {
        PlanInput {
            from: self.from,
            days: self.days,
            cadence: self.cadence,
            units: self.units,
            activities: &self.activities,
            big_runs: &self.big_runs,
            acwr: &self.acwr,
            planned: &self.planned,
            races: &self.races,
            soreness: &self.soreness,
            massages: &self.massages,
            referrals: &self.referrals,
        }
    }
}

/// The items one rule produced.
pub(crate) fn items_of(plan: &Plan, rule: RuleId) -> Vec<&PlanItem> {
    plan.items.iter().filter(|i| i.rule == rule).collect()
}

/// The conflicts filed under one rule.
pub(crate) fn conflicts_of(plan: &Plan, rule: RuleId) -> Vec<&super::Conflict> {
    plan.conflicts.iter().filter(|c| c.rule == rule).collect()
}

/// Weekly totals giving `ratio` on `date`: the 4 weeks before averaged 300 a week.
pub(crate) fn weekly(date: NaiveDate, ratio: f64) -> WeeklyLoad {
    WeeklyLoad {
        date,
        last_7_days: 300.0 * ratio,
        weekly_average_before: 300.0,
    }
}

/// The visits (professional massages) of a plan.
pub(crate) fn visits(plan: &Plan) -> Vec<&PlanItem> {
    plan.items
        .iter()
        .filter(|i| i.kind == super::ItemKind::Massage)
        .collect()
}

/// The visits one rule asked for, whichever rule is their primary one.
pub(crate) fn visits_for(plan: &Plan, rule: RuleId) -> Vec<&PlanItem> {
    visits(plan)
        .into_iter()
        .filter(|v| v.reasons.iter().any(|r| r.rule == rule))
        .collect()
}
