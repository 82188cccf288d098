//! The one entry point: every activity's load, intensity and big-run flag, the effective
//! profile, and the daily series up to today.

use super::Load;
use super::activity_load::{ActivityLoad, activity_load};
use super::big_run::{BigRun, BigRunRule, DistanceVsLongest, Intensity, RunFacts};
use super::digest::{self, digest};
use super::estimate::{EffectiveProfile, duration, is_race, race_on};
use super::series::{ACWR_CAUTION, DailyLoad, daily_series};
use super::session_class::classify;
use crate::id::{Id, Record};
use crate::model::{Activity, AthleteProfile, Race};
use crate::units::{Meters, Seconds};
use crate::vocab::{SessionKind, Sport};
use chrono::NaiveDate;
use serde::Serialize;
use std::borrow::Cow;

/// Settings of the analysis beyond the data.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct AnalysisOptions {
    pub big_run: BigRunRule,
    /// The runner's units, for the big runs' summaries.
    pub units: crate::vocab::UnitSystem,
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
    /// How hard the session was, by what it held (see `session_class`).
    pub intensity: Intensity,
    /// Why it has that class: "18 min at or above 169 bpm in 6 bouts".
    pub intensity_reason: String,
    /// How the session is named in reasons: "race", "hard session", "long run", "easy
    /// run", "run" (the runner's label first, then what it held).
    pub session: &'static str,
    /// Marked as a race, or run on the day of a calendar race.
    pub race: bool,
    /// For runs: the distance against the longest run of the window before it (RUNSAFE).
    pub vs_longest: Option<DistanceVsLongest>,
    /// Set for big runs (running activities only).
    pub big_run: Option<BigRun>,
    /// Why the activity cannot be what it claims (`plausibility::flag`): listed with its
    /// load, but that load is not counted and the run is no baseline and no estimate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub implausible: Option<String>,
}

/// Runs at least this long are "long runs" when the runner did not label them.
pub const LONG_RUN_MINUTES: f64 = 90.0;

/// The name of a session in reasons: a race is a race, the runner's label next, then what it
/// held (intervals are a hard session), then its length.
fn session_name(activity: &Activity, race: bool, intensity: Intensity) -> &'static str {
    if race {
        return "race";
    }
    match activity.kind {
        Some(SessionKind::Race) => "race",
        Some(SessionKind::Hard) => "hard session",
        Some(SessionKind::Long) => "long run",
        Some(SessionKind::Easy) => "easy run",
        _ if intensity == Intensity::Hard => "hard session",
        _ if duration(activity).minutes() >= LONG_RUN_MINUTES => "long run",
        _ if activity.sport.is_running() => "run",
        _ => "session",
    }
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
        &AnalysisOptions {
            units: profile.units,
            ..AnalysisOptions::default()
        },
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
    // Flagged activities are listed, but no estimate, series or baseline is built on them.
    let plausible: Cow<'_, [Record<Activity>]> =
        if activities.iter().all(|a| a.item.implausible.is_none()) {
            Cow::Borrowed(activities)
        } else {
            Cow::Owned(
                activities
                    .iter()
                    .filter(|a| a.item.implausible.is_none())
                    .cloned()
                    .collect(),
            )
        };
    let effective = EffectiveProfile::resolve_within(
        profile,
        &plausible,
        races,
        today,
        options.big_run.estimate_window_days,
    );
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
        .filter(|(a, _)| a.item.implausible.is_none())
        .map(|(a, load)| (a.item.local_date(), load.load))
        .collect();
    let first = items.first().map_or(today, |(date, _)| *date);
    let series = daily_series(&items, first, today);

    let window = chrono::Duration::days(i64::from(options.big_run.spike_window_days));
    let mut analysed: Vec<AnalysedActivity> = Vec::with_capacity(past.len());
    let mut window_start = 0;
    for (index, (record, load)) in past.iter().zip(loads).enumerate() {
        let activity = &record.item;
        let date = activity.local_date();
        let class = classify(
            digest::of(activity).as_deref(),
            load.intensity,
            activity.sport.is_running(),
            &effective,
            &options.big_run,
            options.units,
        );
        let race = is_race(activity, races);
        let session = session_name(activity, race, class.intensity);
        let (vs_longest, big_run) = if activity.sport.is_running() {
            while past[window_start].item.local_date() < date - window {
                window_start += 1;
            }
            // Runs that started before this one, from `window` days before its day.
            let before: Vec<(&Record<Activity>, &AnalysedActivity)> = past[window_start..index]
                .iter()
                .copied()
                .zip(&analysed[window_start..index])
                .filter(|(a, _)| a.item.sport.is_running() && a.item.implausible.is_none())
                .collect();
            let longest = before
                .iter()
                .filter(|(a, _)| a.item.distance.0 > 0.0)
                .max_by(|x, y| x.0.item.distance.0.total_cmp(&y.0.item.distance.0))
                .map(|(a, _)| (a.item.distance, a.item.local_date()));
            let largest_load_before = before
                .iter()
                .map(|(_, x)| x.load.load)
                .max_by(|x, y| x.0.total_cmp(&y.0));
            let vs_longest = DistanceVsLongest::of(activity.distance, longest);
            let facts = RunFacts {
                distance: activity.distance,
                load: load.load,
                race: race.then(|| race_on(activity, races).map(|race| race.name.as_str())),
                session,
                vs_longest,
                largest_load_before,
                units: options.units,
            };
            let big_run = if activity.implausible.is_none() {
                options.big_run.judge(&facts)
            } else {
                None
            };
            (Some(vs_longest), big_run)
        } else {
            (None, None)
        };
        analysed.push(AnalysedActivity {
            id: record.id,
            date,
            sport: activity.sport,
            distance: activity.distance,
            duration: duration(activity),
            intensity: class.intensity,
            intensity_reason: class.reason,
            session,
            race,
            load,
            vs_longest,
            big_run,
            implausible: activity.implausible.clone(),
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
        offset_source: a.offset_source,
        implausible: a.implausible.clone(),
        crc_mismatch: a.crc_mismatch,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::testkit::{date, records, run, with_average_hr};
    use crate::load::{AcwrZone, BigRunReason, EstimateSource, SpikeBand};
    use crate::units::Bpm;
    use crate::vocab::SessionKind;
    use chrono::Datelike;

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
        // The first run has no baseline; every 10 km after it equals the longest.
        assert_eq!(big.len(), 1, "{big:?}");
        let long = big[0];
        assert_eq!(long.date, date(2026, 4, 28));
        let summary = &long.big_run.as_ref().unwrap().summary;
        // 32 / 10 − 1 = 220 %. (Threshold pace is estimated from these very runs, so the
        // 32 km may also be a hard session by intensity.)
        assert!(
            summary.contains(
                ", 220 % longer than your longest run of the previous 30 days (10.0 km on \
                 2026-04-25): a spike of over 100 %, linked to more overuse injuries"
            ),
            "{summary}"
        );
        assert_eq!(
            analysis.activities[0].vs_longest,
            Some(DistanceVsLongest::NoBaseline)
        );
        assert_eq!(analysis.series.last().unwrap().date, date(2026, 4, 30));
        assert_eq!(analysis.series.first().unwrap().date, date(2026, 3, 2));
    }

    #[test]
    fn six_identical_long_runs_flag_only_the_first() {
        // Four weeks of 50-minute 10 km runs on Mon, Wed, Fri, then six weeks that add a
        // 100-minute 20 km long run on Sunday. The first long run is 100 % longer than the
        // longest of the 30 days before (10 km) and twice the largest load; each later one
        // equals last week's: 0 % longer, the same load. Only the first is big.
        let start = date(2026, 3, 2);
        let mut activities = Vec::new();
        for week in 0..10 {
            for day in [0, 2, 4] {
                activities.push(run(
                    start + chrono::Duration::days(week * 7 + day),
                    50.0,
                    10.0,
                ));
            }
            if week >= 4 {
                activities.push(run(
                    start + chrono::Duration::days(week * 7 + 6),
                    100.0,
                    20.0,
                ));
            }
        }
        let analysis = analyse(
            &AthleteProfile::default(),
            &records(activities),
            &[],
            date(2026, 5, 15),
        );
        let long: Vec<_> = analysis
            .activities
            .iter()
            .filter(|a| a.distance.km() > 15.0)
            .collect();
        assert_eq!(long.len(), 6);
        assert!(long[0].big_run.is_some());
        let reasons = &long[0].big_run.as_ref().unwrap().reasons;
        assert!(matches!(
            reasons[0],
            BigRunReason::Spike {
                band: SpikeBand::Over30To100,
                ..
            }
        ));
        assert!(long[1..].iter().all(|a| a.big_run.is_none()), "{long:?}");
        assert_eq!(analysis.big_runs().count(), 1);
        // The first 10 km run has no baseline and is not big.
        assert_eq!(
            analysis.activities[0].vs_longest,
            Some(DistanceVsLongest::NoBaseline)
        );
        assert!(analysis.activities[0].big_run.is_none());
    }

    #[test]
    fn a_25_percent_spike_over_the_last_30_days_is_flagged_with_its_band() {
        // 16 km on 1 March, then 10 km runs; 20 km on 25 March is 20 / 16 − 1 = 25 % over
        // the 16 km, 24 days before.
        let mut activities = vec![run(date(2026, 3, 1), 90.0, 16.0)];
        for day in [5, 10, 15, 20] {
            activities.push(run(date(2026, 3, day), 50.0, 10.0));
        }
        activities.push(run(date(2026, 3, 25), 110.0, 20.0));
        let analysis = analyse(
            &AthleteProfile::default(),
            &records(activities),
            &[],
            date(2026, 3, 31),
        );
        let spike = analysis.activities.last().unwrap();
        assert_eq!(
            spike
                .vs_longest
                .unwrap()
                .describe(30, crate::vocab::UnitSystem::Metric),
            "25 % longer than your longest run of the previous 30 days (16.0 km on 2026-03-01)"
        );
        let big = spike.big_run.as_ref().expect("a 25 % spike is big");
        assert!(big.reasons.iter().any(|r| matches!(
            r,
            BigRunReason::Spike {
                band: SpikeBand::Over10To30,
                ..
            }
        )));
        assert!(
            big.summary.contains("a spike of 10–30 %, linked to"),
            "{}",
            big.summary
        );
    }

    #[test]
    fn a_flagged_run_is_listed_but_counts_for_no_load_baseline_or_estimate() {
        // 10.2 km in 25 min (faster than the world record) before an ordinary 10 km.
        let mut impossible = with_average_hr(run(date(2026, 3, 1), 25.0, 10.2), 200.0);
        impossible.implausible = crate::plausibility::flag(&impossible);
        assert!(impossible.implausible.is_some());
        let ordinary = run(date(2026, 3, 5), 50.0, 10.0);
        let analysis = analyse(
            &AthleteProfile::default(),
            &records(vec![impossible, ordinary]),
            &[],
            date(2026, 3, 6),
        );
        let [flagged, next] = &analysis.activities[..] else {
            panic!("two activities")
        };
        assert!(flagged.implausible.is_some());
        assert!(flagged.big_run.is_none());
        assert_eq!(next.vs_longest, Some(DistanceVsLongest::NoBaseline));
        let day1 = analysis.series.iter().find(|d| d.date == date(2026, 3, 1));
        assert!(day1.is_none_or(|d| d.load.0 == 0.0), "{day1:?}");
        // The 200 bpm average is no estimate of the max heart rate.
        assert!(analysis.profile.max_hr.value.0 < 200.0);
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
    fn intervals_are_hard_in_every_profile() {
        // Issue 11: 10 min warm-up, 6 × 3 min at 172 bpm, 8 min cool-down was "moderate", and
        // "easy" once threshold HR 170 was set. By its bouts it is hard in every profile.
        let mut session = run(date(2026, 4, 28), 46.0, 8.9);
        session.streams = Some(crate::load::testkit::intervals(3.6, 3.0));
        let activities = records(vec![session]);
        let profiles = [
            AthleteProfile::default(),
            AthleteProfile {
                sex: Some(crate::vocab::Sex::Male),
                ..AthleteProfile::default()
            },
            AthleteProfile {
                sex: Some(crate::vocab::Sex::Female),
                ..AthleteProfile::default()
            },
            AthleteProfile {
                threshold_hr: Some(Bpm(170.0)),
                ..AthleteProfile::default()
            },
        ];
        for profile in profiles {
            let analysis = analyse(&profile, &activities, &[], date(2026, 4, 30));
            let session = &analysis.activities[0];
            assert_eq!(
                session.intensity,
                Intensity::Hard,
                "{profile:?}: {session:?}"
            );
            assert!(
                session.intensity_reason.starts_with("18 min at or above "),
                "{}",
                session.intensity_reason
            );
        }
        let set = AthleteProfile {
            threshold_hr: Some(Bpm(170.0)),
            ..AthleteProfile::default()
        };
        let analysis = analyse(&set, &activities, &[], date(2026, 4, 30));
        assert_eq!(
            analysis.activities[0].intensity_reason,
            "18 min at or above 170 bpm in 6 bouts"
        );
    }

    /// Twelve weeks of 2026 running with streams: easy 45-minute runs at 145 bpm and a
    /// weekly steady 30-minute tempo at 165 bpm.
    fn recent_block() -> Vec<Activity> {
        use crate::load::testkit::{steady_streams, stretches};
        let start = date(2026, 2, 2);
        let mut activities = Vec::new();
        for week in 0..12 {
            for day in [0, 3, 5] {
                let mut easy = run(start + chrono::Duration::days(week * 7 + day), 45.0, 8.1);
                easy.streams = Some(steady_streams(2700, 3.0, 145, 0.0));
                activities.push(easy);
            }
            let mut tempo = run(start + chrono::Duration::days(week * 7 + 1), 50.0, 10.6);
            tempo.streams = Some(stretches(&[
                (600, 135, 3.0),
                (1800, 165, 3.9),
                (600, 130, 2.9),
            ]));
            activities.push(tempo);
        }
        activities
    }

    #[test]
    fn a_2011_bike_ride_and_a_2013_run_change_nothing_in_2026() {
        use crate::load::testkit::steady_streams;
        use crate::vocab::Sport;
        let today = date(2026, 4, 26);
        // A 2011 ride held 178 bpm for two hours; a 2013 run was a fast 30 km at 180 bpm.
        let mut ride = run(date(2011, 6, 5), 120.0, 60.0);
        ride.sport = Sport::Cycling;
        ride.streams = Some(steady_streams(7200, 8.3, 178, 0.0));
        let mut old_run = run(date(2013, 9, 1), 120.0, 30.0);
        old_run.streams = Some(steady_streams(7200, 4.2, 180, 0.0));
        let recent = recent_block();
        let with_old: Vec<Record<Activity>> = [ride, old_run]
            .into_iter()
            .enumerate()
            .map(|(i, a)| Record::new(Id(1000 + i as i64), a))
            .chain(records(recent.clone()))
            .collect();
        for profile in [
            AthleteProfile::default(),
            AthleteProfile {
                sex: Some(crate::vocab::Sex::Female),
                ..AthleteProfile::default()
            },
        ] {
            let without = analyse(&profile, &records(recent.clone()), &[], today);
            let with = analyse(&profile, &with_old, &[], today);
            assert_eq!(with.profile, without.profile);
            let recent_of = |a: &Analysis| -> Vec<AnalysedActivity> {
                a.activities
                    .iter()
                    .filter(|x| x.date.year() == 2026)
                    .cloned()
                    .collect()
            };
            assert_eq!(recent_of(&with), recent_of(&without));
            let from = date(2026, 2, 2);
            assert_eq!(
                with.series_between(from, today),
                without.series_between(from, today)
            );
            // And the estimates came from 2026.
            let EstimateSource::Estimated { date: Some(d), .. } = &with.profile.threshold_hr.source
            else {
                panic!("{:?}", with.profile.threshold_hr);
            };
            assert_eq!(d.year(), 2026);
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
