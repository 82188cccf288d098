//! The one entry point: every activity's load, intensity and big-run flag, the effective
//! profile, and the daily series up to today.

use super::Load;
use super::activity_load::{ActivityLoad, activity_load};
use super::big_run::{BigRun, BigRunRule, Intensity, RunFacts};
use super::digest::digest;
use super::estimate::{EffectiveProfile, duration, is_race, race_on};
use super::series::{ACWR_CAUTION, DailyLoad, daily_series};
use crate::id::{Id, Record};
use crate::model::{Activity, AthleteProfile, Race};
use crate::units::{Meters, Seconds};
use crate::vocab::Sport;
use chrono::NaiveDate;
use serde::Serialize;
use std::borrow::Cow;

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
    let digested = digested(activities);
    let activities: &[Record<Activity>] = &digested;
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
            let recent_runs: Vec<&&Record<Activity>> = past[window_start..index]
                .iter()
                .filter(|a| a.item.sport.is_running() && a.item.local_date() < date)
                .collect();
            let recent: Vec<f64> = recent_runs.iter().map(|a| duration(&a.item).0).collect();
            let mut run_days: Vec<NaiveDate> =
                recent_runs.iter().map(|a| a.item.local_date()).collect();
            run_days.dedup();
            let facts = RunFacts {
                distance: activity.distance,
                duration: duration(activity),
                load: load.load,
                chronic_before: chronic_before(&series, first, date),
                history_days: (date - first).num_days().max(0) as u32,
                run_days_in_window: run_days.len() as u32,
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

/// The activities with their streams boiled down to digests, once: the profile estimates and
/// the load each read the samples, and walking them for each is the slow part of an analysis.
/// Borrowed as they are when none has streams (a store's listing).
fn digested(activities: &[Record<Activity>]) -> Cow<'_, [Record<Activity>]> {
    if activities.iter().all(|a| a.item.streams.is_none()) {
        return Cow::Borrowed(activities);
    }
    Cow::Owned(activities.iter().map(without_streams).collect())
}

fn without_streams(record: &Record<Activity>) -> Record<Activity> {
    let a = &record.item;
    // Field by field rather than `..a.clone()`, which would copy the streams to drop them.
    let activity = Activity {
        sport: a.sport,
        start: a.start,
        utc_offset_s: a.utc_offset_s,
        elapsed: a.elapsed,
        moving: a.moving,
        distance: a.distance,
        elevation_gain: a.elevation_gain,
        heart_rate: a.heart_rate,
        rpe: a.rpe,
        title: a.title.clone(),
        kind: a.kind,
        source: a.source.clone(),
        streams: None,
        digest: a.streams.as_ref().map(digest).or_else(|| a.digest.clone()),
    };
    Record::new(record.id, activity)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::testkit::{date, records, run, with_average_hr};
    use crate::load::{AcwrZone, BigRunReason};
    use crate::units::Bpm;
    use crate::vocab::SessionKind;

    /// Eight weeks of 50-minute, 10 km runs four days a week, then a 32 km long run.
    fn training_block() -> Vec<Record<Activity>> {
        let start = date(2026, 3, 2);
        let mut activities = Vec::new();
        for week in 0..8 {
            for day in [0, 2, 4, 5] {
                let date = start + chrono::Duration::days(week * 7 + day);
                activities.push(run(date, 50.0, 10.0));
            }
        }
        activities.push(run(date(2026, 4, 28), 165.0, 32.0));
        records(activities)
    }

    #[test]
    fn every_activity_gets_a_load_and_the_long_run_is_big() {
        let analysis = analyse(
            &AthleteProfile::default(),
            &training_block(),
            &[],
            date(2026, 4, 30),
        );
        assert_eq!(analysis.activities.len(), 33);
        assert!(analysis.activities.iter().all(|a| a.load.load.0 > 0.0));
        let big: Vec<_> = analysis.big_runs().collect();
        assert_eq!(big.len(), 1, "{big:?}");
        let long = big[0];
        assert_eq!(long.date, date(2026, 4, 28));
        let summary = &long.big_run.as_ref().unwrap().summary;
        assert!(summary.starts_with("32.0 km long run"), "{summary}");
        assert!(
            summary.contains("3.3× your median run of 50:00"),
            "{summary}"
        );
        assert_eq!(analysis.series.last().unwrap().date, date(2026, 4, 30));
        assert_eq!(analysis.series.first().unwrap().date, date(2026, 3, 2));
    }

    #[test]
    fn the_high_load_reason_compares_with_a_usual_run_day() {
        // The long run on 28 April is 57 days after the first run (2 March). Runs between
        // 31 March and 27 April fall on 15 days (Wed, Fri, Sat of the first week, then Mon,
        // Wed, Fri, Sat). Usual load = chronic of 27 April / (1 − (41/42)^57) × 28 / 15.
        let activities = training_block();
        let analysis = analyse(
            &AthleteProfile::default(),
            &activities,
            &[],
            date(2026, 4, 30),
        );
        let long = analysis.activities.last().unwrap();
        let yesterday = analysis
            .series
            .iter()
            .find(|d| d.date == date(2026, 4, 27))
            .unwrap();
        let expected = yesterday.chronic / (1.0 - (41.0_f64 / 42.0).powi(57)) * 28.0 / 15.0;
        let reasons = &long.big_run.as_ref().unwrap().reasons;
        let usual = reasons
            .iter()
            .find_map(|r| match r {
                BigRunReason::HighLoad { usual, .. } => Some(*usual),
                _ => None,
            })
            .expect("a 32 km run is well above a usual run day");
        assert!((usual - expected).abs() < 1e-9, "{usual} vs {expected}");
        // The ordinary 10 km runs are about one usual run day each: none is big.
        assert!(
            analysis.activities[..32]
                .iter()
                .all(|a| a.big_run.is_none())
        );
    }

    #[test]
    fn races_are_big_and_hard_runs_are_classified() {
        let mut race = with_average_hr(run(date(2026, 4, 26), 42.0, 10.0), 178.0);
        race.kind = Some(SessionKind::Race);
        let easy = with_average_hr(run(date(2026, 4, 24), 45.0, 8.0), 135.0);
        let profile = AthleteProfile {
            max_hr: Some(Bpm(190.0)),
            rest_hr: Some(Bpm(50.0)),
            threshold_hr: Some(Bpm(172.0)),
            ..AthleteProfile::default()
        };
        let analysis = analyse(&profile, &records(vec![easy, race]), &[], date(2026, 4, 30));
        assert_eq!(analysis.activities[0].intensity, Intensity::Easy);
        assert!(analysis.activities[0].big_run.is_none());
        assert_eq!(analysis.activities[1].intensity, Intensity::Hard);
        let big = analysis.activities[1].big_run.as_ref().unwrap();
        assert_eq!(big.summary, "10.0 km race, marked as a race");
    }

    proptest::proptest! {
        #[test]
        fn the_order_activities_arrive_in_does_not_matter(
            runs in proptest::collection::vec((0i64..40, 10.0f64..150.0, 2.0f64..30.0), 1..30),
            rotate in 0usize..30,
        ) {
            // Several runs may share a day; any order of the input gives the same analysis.
            let activities: Vec<Activity> = runs
                .iter()
                .map(|(day, minutes, km)| {
                    run(date(2026, 3, 1) + chrono::Duration::days(*day), *minutes, *km)
                })
                .collect();
            let in_order = records(activities);
            let mut reordered = in_order.clone();
            reordered.reverse();
            let len = reordered.len();
            reordered.rotate_left(rotate % len);
            let today = date(2026, 4, 15);
            let a = analyse(&AthleteProfile::default(), &in_order, &[], today);
            let b = analyse(&AthleteProfile::default(), &reordered, &[], today);
            proptest::prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn no_activities_still_gives_today() {
        let analysis = analyse(&AthleteProfile::default(), &[], &[], date(2026, 4, 30));
        assert_eq!(analysis.series.len(), 1);
        assert_eq!(analysis.series[0].load, Load(0.0));
        assert_eq!(analysis.series[0].zone, None::<AcwrZone>);
    }

    #[test]
    fn series_between_slices_by_date() {
        let analysis = analyse(
            &AthleteProfile::default(),
            &training_block(),
            &[],
            date(2026, 4, 30),
        );
        let week = analysis.series_between(date(2026, 4, 20), date(2026, 4, 26));
        assert_eq!(week.len(), 7);
        assert_eq!(week[0].date, date(2026, 4, 20));
        assert!(
            analysis
                .series_between(date(2027, 1, 1), date(2027, 2, 1))
                .is_empty()
        );
    }

    #[test]
    fn the_analysis_serialises_to_json() {
        let analysis = analyse(
            &AthleteProfile::default(),
            &training_block(),
            &[],
            date(2026, 4, 30),
        );
        let json = serde_json::to_value(&analysis).unwrap();
        assert_eq!(json["activities"][0]["load"]["method"], "pace_rtss");
        assert_eq!(json["profile"]["rest_hr"]["source"]["kind"], "default");
    }
}
