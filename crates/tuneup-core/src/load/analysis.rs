//! The one entry point: every activity's load, intensity and big-run flag, the effective
//! profile, and the daily series up to today.

use super::Load;
use super::activity_load::{ActivityLoad, activity_load};
use super::big_run::{BigRun, BigRunRule, Intensity, RunFacts};
use super::estimate::{EffectiveProfile, duration, is_race, race_on};
use super::series::{ACWR_CAUTION, DailyLoad, daily_series};
use crate::id::{Id, Record};
use crate::model::{Activity, AthleteProfile, Race};
use crate::units::{Meters, Seconds};
use crate::vocab::Sport;
use chrono::NaiveDate;
use serde::Serialize;

/// Settings of the analysis beyond the data.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct AnalysisOptions {
    pub big_run: BigRunRule,
}

/// The result of [`analyse`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub today: NaiveDate,
    pub profile: EffectiveProfile,
    /// Every activity up to `today`, oldest first.
    pub activities: Vec<AnalysedActivity>,
    /// One entry per day from the first activity (or `today`) to `today`.
    pub series: Vec<DailyLoad>,
    /// Shown with any ACWR figure.
    pub caution: &'static str,
}

/// One activity with its load.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalysedActivity {
    pub id: Id,
    pub date: NaiveDate,
    pub sport: Sport,
    pub distance: Meters,
    pub duration: Seconds,
    pub load: ActivityLoad,
    pub intensity: Intensity,
    /// Set for big runs (running activities only).
    pub big_run: Option<BigRun>,
}

/// Analyses the runner's activities with the default settings. See [`analyse_with`].
pub fn analyse(
    profile: &AthleteProfile,
    activities: &[Record<Activity>],
    races: &[Record<Race>],
    today: NaiveDate,
) -> Analysis {
    analyse_with(
        profile,
        activities,
        races,
        today,
        &AnalysisOptions::default(),
    )
}

/// Analyses the runner's activities: resolves the profile (set values win, the rest are
/// estimated from the data), loads every activity up to `today`, builds the daily series and
/// flags big runs. Activities may come with or without streams; without, their summaries are
/// used. Activities after `today` are left out.
pub fn analyse_with(
    profile: &AthleteProfile,
    activities: &[Record<Activity>],
    races: &[Record<Race>],
    today: NaiveDate,
    options: &AnalysisOptions,
) -> Analysis {
    let effective = EffectiveProfile::resolve(profile, activities, races, today);
    let mut past: Vec<&Record<Activity>> = activities
        .iter()
        .filter(|a| a.item.local_date() <= today)
        .collect();
    past.sort_by_key(|a| (a.item.start, a.id));

    let loads: Vec<ActivityLoad> = past
        .iter()
        .map(|a| activity_load(&a.item, &effective))
        .collect();
    let items: Vec<(NaiveDate, Load)> = past
        .iter()
        .zip(&loads)
        .map(|(a, load)| (a.item.local_date(), load.load))
        .collect();
    let first = items.first().map_or(today, |(date, _)| *date);
    let series = daily_series(&items, first, today);

    let mut analysed = Vec::with_capacity(past.len());
    let mut window_start = 0;
    for (index, (record, load)) in past.iter().zip(loads).enumerate() {
        let activity = &record.item;
        let date = activity.local_date();
        let big_run = if activity.sport.is_running() {
            let window_from =
                date - chrono::Duration::days(i64::from(options.big_run.median_window_days));
            while past[window_start].item.local_date() < window_from {
                window_start += 1;
            }
            let recent: Vec<f64> = past[window_start..index]
                .iter()
                .filter(|a| a.item.sport.is_running())
                .map(|a| duration(&a.item).0)
                .collect();
            let facts = RunFacts {
                distance: activity.distance,
                duration: duration(activity),
                load: load.load,
                chronic_before: chronic_before(&series, first, date),
                race: is_race(activity, races)
                    .then(|| race_on(activity, races).map(|race| race.name.as_str())),
                recent_median: median(recent).map(Seconds),
            };
            options.big_run.judge(&facts)
        } else {
            None
        };
        analysed.push(AnalysedActivity {
            id: record.id,
            date,
            sport: activity.sport,
            distance: activity.distance,
            duration: duration(activity),
            intensity: Intensity::of(load.intensity),
            load,
            big_run,
        });
    }
    Analysis {
        today,
        profile: effective,
        activities: analysed,
        series,
        caution: ACWR_CAUTION,
    }
}

impl Analysis {
    /// The analysed activity with this id.
    pub fn activity(&self, id: Id) -> Option<&AnalysedActivity> {
        self.activities.iter().find(|a| a.id == id)
    }

    /// The days of the series in `from..=to`.
    pub fn series_between(&self, from: NaiveDate, to: NaiveDate) -> &[DailyLoad] {
        let start = self.series.partition_point(|d| d.date < from);
        let end = self.series.partition_point(|d| d.date <= to);
        &self.series[start..end.max(start)]
    }

    /// The runs flagged as big, oldest first.
    pub fn big_runs(&self) -> impl Iterator<Item = &AnalysedActivity> {
        self.activities.iter().filter(|a| a.big_run.is_some())
    }
}

/// Chronic load at the end of the day before `date` (0 before the series starts).
fn chronic_before(series: &[DailyLoad], first: NaiveDate, date: NaiveDate) -> f64 {
    let day = (date - first).num_days();
    if day <= 0 {
        return 0.0;
    }
    series.get(day as usize - 1).map_or(0.0, |d| d.chronic)
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}
