//! Profile values the formulas need (max, resting and threshold heart rate, threshold pace),
//! each either set by the runner, estimated from the data, or a labelled default. Values the
//! runner set always win.

use super::digest::{self, SPEED_WINDOWS_S};
use super::grade::IMPLAUSIBLE_ABOVE_MPS;
use super::trimp::{HeartRateReserve, TrimpConstants};
use super::vdot::{threshold_speed, vdot};
use crate::id::{Id, Record};
use crate::model::{Activity, AthleteProfile, Race};
use crate::units::{Bpm, Meters, MetersPerSecond, Seconds, format_pace};
use crate::vocab::{SessionKind, Sex};
use chrono::NaiveDate;
use serde::Serialize;

/// Resting heart rate when the runner has not set one. Watches record heart rate while
/// running, never at rest, so the data cannot tell; 60 is a common adult figure.
pub const DEFAULT_REST_HR: Bpm = Bpm(60.0);
/// Max heart rate when no activity has heart rate (then no formula uses it anyway).
pub const DEFAULT_MAX_HR: Bpm = Bpm(185.0);
/// Threshold pace when no run has a usable pace: 5:00/km, a recreational runner's figure.
pub const DEFAULT_THRESHOLD_PACE: MetersPerSecond = MetersPerSecond(1000.0 / 300.0);
/// A heart rate must be held this long to count as a max, so one-sample spikes never do.
pub const MAX_HR_SUSTAINED_S: f64 = 10.0;
/// A max more than this above the next-highest activity's is treated as a glitch.
pub const MAX_HR_OUTLIER_BPM: f64 = 8.0;
/// The threshold heart rate is near the best average held for 30 minutes (Friel's field
/// test uses the last 20 minutes of a 30-minute solo effort).
pub const THRESHOLD_WINDOW_S: f64 = 30.0 * 60.0;
/// Training rarely includes a sustained threshold effort, so a best 30-minute average below
/// this share of the heart-rate reserve is taken as "never ran hard for long" and the
/// threshold is put at this share instead (Karvonen; lactate threshold typically sits at
/// 80–90 % of the reserve).
pub const THRESHOLD_RESERVE_FRACTION: f64 = 0.85;
/// Efforts older than this do not set today's threshold pace when newer ones exist.
pub const PACE_LOOKBACK_DAYS: i64 = 365;

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate<T> {
    pub value: T,
    pub source: EstimateSource,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EstimateSource {
    /// The runner set it.
    Set,
    /// Worked out from the data; `activity` is the one it came from, when a single one did.
    Estimated { activity: Option<Id>, how: String },
    /// Nothing to go on: a stated default.
    Default { why: String },
}

impl<T> Estimate<T> {
    pub fn set(value: T) -> Self {
        Estimate {
            value,
            source: EstimateSource::Set,
        }
    }

    pub fn estimated(value: T, activity: Option<Id>, how: impl Into<String>) -> Self {
        Estimate {
            value,
            source: EstimateSource::Estimated {
                activity,
                how: how.into(),
            },
        }
    }

    pub fn default_because(value: T, why: impl Into<String>) -> Self {
        Estimate {
            value,
            source: EstimateSource::Default { why: why.into() },
        }
    }

    pub fn is_set(&self) -> bool {
        self.source == EstimateSource::Set
    }
}

/// The values the load formulas use, resolved from the profile and the data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EffectiveProfile {
    pub max_hr: Estimate<Bpm>,
    pub rest_hr: Estimate<Bpm>,
    pub threshold_hr: Estimate<Bpm>,
    pub threshold_pace: Estimate<MetersPerSecond>,
    pub sex: Option<Sex>,
    pub trimp: TrimpConstants,
}

impl EffectiveProfile {
    /// Resolves every value: the runner's own first, else an estimate from activities up to
    /// `today`, else a labelled default. Activities without streams contribute their
    /// summaries (average and max heart rate, average pace).
    pub fn resolve(
        profile: &AthleteProfile,
        activities: &[Record<Activity>],
        races: &[Record<Race>],
        today: NaiveDate,
    ) -> Self {
        let mut past: Vec<&Record<Activity>> = activities
            .iter()
            .filter(|a| a.item.local_date() <= today)
            .collect();
        // A fixed order, so ties between activities resolve the same way whatever the input.
        past.sort_by_key(|a| (a.item.start, a.id));
        let rest_hr = profile.rest_hr.map_or_else(
            || {
                Estimate::default_because(
                    DEFAULT_REST_HR,
                    "resting heart rate not set; watches do not record it during runs",
                )
            },
            Estimate::set,
        );
        let mut max_hr = profile
            .max_hr
            .map_or_else(|| estimate_max_hr(&past), Estimate::set);
        let threshold_hr = profile.threshold_hr.map_or_else(
            || estimate_threshold_hr(&past, max_hr.value, rest_hr.value),
            Estimate::set,
        );
        // A set threshold above an estimated max means the data never reached the max.
        if !max_hr.is_set() && max_hr.value.0 <= threshold_hr.value.0 {
            max_hr = Estimate::estimated(
                Bpm(threshold_hr.value.0 + 10.0),
                None,
                format!(
                    "10 bpm above your threshold heart rate {:.0}: no activity came close",
                    threshold_hr.value.0
                ),
            );
        }
        let threshold_pace = profile.threshold_pace.map_or_else(
            || estimate_threshold_pace(&past, races, today),
            Estimate::set,
        );
        EffectiveProfile {
            max_hr,
            rest_hr,
            threshold_hr,
            threshold_pace,
            sex: profile.sex,
            trimp: TrimpConstants::for_sex(profile.sex),
        }
    }

    pub fn reserve(&self) -> HeartRateReserve {
        HeartRateReserve {
            rest: self.rest_hr.value.0,
            max: self.max_hr.value.0,
        }
    }

    /// The threshold heart rate as a fraction of the reserve.
    pub fn threshold_hrr(&self) -> f64 {
        self.reserve().fraction(self.threshold_hr.value.0)
    }
}

fn estimate_max_hr(past: &[&Record<Activity>]) -> Estimate<Bpm> {
    let mut candidates: Vec<(f64, Id, &'static str)> = past
        .iter()
        .filter_map(|record| {
            let samples = digest::of(&record.item);
            if let Some(max) = samples.and_then(|d| d.heart_rate.sustained_max) {
                return Some((max, record.id, "held for 10 s"));
            }
            let summary = record.item.heart_rate?;
            (30.0..=230.0).contains(&summary.max.0).then_some((
                summary.max.0,
                record.id,
                "the watch's recorded max",
            ))
        })
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    if candidates.len() >= 2 && candidates[0].0 - candidates[1].0 > MAX_HR_OUTLIER_BPM {
        candidates.remove(0);
    }
    match candidates.first() {
        Some(&(bpm, id, how)) => Estimate::estimated(
            Bpm(bpm),
            Some(id),
            format!(
                "highest heart rate seen ({bpm:.0} bpm, {how}); your true max is higher if you \
                 never ran all-out"
            ),
        ),
        None => Estimate::default_because(DEFAULT_MAX_HR, "no activity has heart-rate data"),
    }
}

fn estimate_threshold_hr(past: &[&Record<Activity>], max: Bpm, rest: Bpm) -> Estimate<Bpm> {
    let from_reserve = rest.0 + THRESHOLD_RESERVE_FRACTION * (max.0 - rest.0);
    let best = past
        .iter()
        .filter_map(|record| {
            let samples = digest::of(&record.item);
            if let Some(average) = samples.and_then(|d| d.heart_rate.best_30min) {
                return Some((average, record.id, "best 30-minute average"));
            }
            let summary = record.item.heart_rate?;
            let minutes = duration(&record.item).minutes();
            ((30.0..=75.0).contains(&minutes) && !digest::has_samples(&record.item)).then_some((
                summary.average.0,
                record.id,
                "average of a 30–75 minute activity",
            ))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let how_reserve = format!(
        "85 % of your heart-rate reserve (rest {:.0}, max {:.0})",
        rest.0, max.0
    );
    match best {
        Some((average, id, how)) if average >= from_reserve => Estimate::estimated(
            Bpm(average.min(max.0 - 1.0)),
            Some(id),
            format!("{how} of {average:.0} bpm, your hardest sustained effort"),
        ),
        Some((average, _, _)) => Estimate::estimated(
            Bpm(from_reserve),
            None,
            format!(
                "{how_reserve}; your longest hard efforts (best {average:.0} bpm over 30 min) \
                 look easier than threshold"
            ),
        ),
        None => Estimate::estimated(Bpm(from_reserve), None, how_reserve),
    }
}

/// A candidate performance for VDOT.
struct Effort {
    vdot: f64,
    activity: Id,
    distance: Meters,
    time: Seconds,
    what: &'static str,
}

fn estimate_threshold_pace(
    past: &[&Record<Activity>],
    races: &[Record<Race>],
    today: NaiveDate,
) -> Estimate<MetersPerSecond> {
    let recent_from = today - chrono::Duration::days(PACE_LOOKBACK_DAYS);
    let runs: Vec<&&Record<Activity>> = past.iter().filter(|a| a.item.sport.is_running()).collect();
    let recent: Vec<&&Record<Activity>> = runs
        .iter()
        .copied()
        .filter(|a| a.item.local_date() >= recent_from)
        .collect();
    let pool = if recent.is_empty() { runs } else { recent };
    let best = pool
        .iter()
        .flat_map(|record| efforts(record, races))
        .filter(|effort| effort.vdot.is_finite() && effort.vdot < 90.0)
        .max_by(|a, b| a.vdot.total_cmp(&b.vdot));
    match best {
        Some(effort) => {
            let speed = threshold_speed(effort.vdot);
            Estimate::estimated(
                speed,
                Some(effort.activity),
                format!(
                    "VDOT {:.1} from {} ({:.2} km at {}), threshold {}; from training runs \
                     this is conservative (too slow) unless you ran hard",
                    effort.vdot,
                    effort.what,
                    effort.distance.km(),
                    format_pace(MetersPerSecond(effort.distance.0 / effort.time.0)),
                    format_pace(speed)
                ),
            )
        }
        None => Estimate::default_because(
            DEFAULT_THRESHOLD_PACE,
            "no run with a usable pace; set your threshold pace for better loads",
        ),
    }
}

/// The performances an activity offers: the whole of a race, the best 30 and 60 minutes of
/// a run with streams, or the whole of a 25–65 minute run without streams.
fn efforts(record: &Record<Activity>, races: &[Record<Race>]) -> Vec<Effort> {
    let activity = &record.item;
    let time = duration(activity);
    let effort = |distance: Meters, time: Seconds, what| {
        vdot(distance, time).map(|vdot| Effort {
            vdot,
            activity: record.id,
            distance,
            time,
            what,
        })
    };
    let speed_ok = |d: Meters, t: Seconds| t.0 > 0.0 && d.0 / t.0 <= IMPLAUSIBLE_ABOVE_MPS / 1.5;
    if is_race(activity, races)
        && activity.distance.0 >= 1500.0
        && speed_ok(activity.distance, time)
    {
        return effort(activity.distance, time, "a race")
            .into_iter()
            .collect();
    }
    if let Some(speeds) = digest::of(activity).and_then(|d| d.best_speeds) {
        let [thirty, sixty] = SPEED_WINDOWS_S;
        return [
            (thirty, speeds.best_30min_mps, "your best 30 minutes"),
            (sixty, speeds.best_60min_mps, "your best 60 minutes"),
        ]
        .into_iter()
        .filter_map(|(window, speed, what)| effort(Meters(speed? * window), Seconds(window), what))
        .collect();
    }
    let minutes = time.minutes();
    if !digest::has_samples(activity)
        && (25.0..=65.0).contains(&minutes)
        && speed_ok(activity.distance, time)
    {
        return effort(activity.distance, time, "a whole run")
            .into_iter()
            .collect();
    }
    Vec::new()
}

/// Whether the runner raced: marked as a race, or run on the date of a race on the calendar.
pub(super) fn is_race(activity: &Activity, races: &[Record<Race>]) -> bool {
    activity.kind == Some(SessionKind::Race) || race_on(activity, races).is_some()
}

/// The calendar race on the activity's day, if any (running activities only).
pub(super) fn race_on<'a>(activity: &Activity, races: &'a [Record<Race>]) -> Option<&'a Race> {
    if !activity.sport.is_running() {
        return None;
    }
    let date = activity.local_date();
    races.iter().map(|r| &r.item).find(|race| race.date == date)
}

/// How long the runner was moving: moving time when recorded, else elapsed time.
pub(super) fn duration(activity: &Activity) -> Seconds {
    if activity.moving.0 > 0.0 {
        activity.moving
    } else {
        activity.elapsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::testkit::{date, records, run, steady_streams, with_average_hr};
    use crate::load::threshold_speed;
    use crate::vocab::RacePriority;

    fn today() -> NaiveDate {
        date(2026, 6, 1)
    }

    #[test]
    fn values_the_runner_set_always_win() {
        let profile = AthleteProfile {
            max_hr: Some(Bpm(200.0)),
            rest_hr: Some(Bpm(45.0)),
            threshold_hr: Some(Bpm(175.0)),
            threshold_pace: Some(MetersPerSecond(4.5)),
            ..AthleteProfile::default()
        };
        let activities = records(vec![with_average_hr(
            run(date(2026, 5, 1), 40.0, 8.0),
            150.0,
        )]);
        let effective = EffectiveProfile::resolve(&profile, &activities, &[], today());
        assert_eq!(effective.max_hr, Estimate::set(Bpm(200.0)));
        assert_eq!(effective.rest_hr, Estimate::set(Bpm(45.0)));
        assert_eq!(effective.threshold_hr, Estimate::set(Bpm(175.0)));
        assert_eq!(
            effective.threshold_pace,
            Estimate::set(MetersPerSecond(4.5))
        );
    }

    #[test]
    fn nothing_to_go_on_gives_labelled_defaults() {
        let effective = EffectiveProfile::resolve(&AthleteProfile::default(), &[], &[], today());
        assert_eq!(effective.rest_hr.value, DEFAULT_REST_HR);
        assert!(matches!(
            effective.rest_hr.source,
            EstimateSource::Default { .. }
        ));
        assert!(matches!(
            effective.max_hr.source,
            EstimateSource::Default { .. }
        ));
        assert!(matches!(
            effective.threshold_pace.source,
            EstimateSource::Default { .. }
        ));
        assert!(effective.threshold_hr.value.0 < effective.max_hr.value.0);
        assert_eq!(effective.trimp.label, UNKNOWN_SEX_TRIMP_LABEL);
    }

    const UNKNOWN_SEX_TRIMP_LABEL: &str = super::super::UNKNOWN_SEX_TRIMP.label;

    #[test]
    fn max_hr_ignores_spikes_and_glitchy_activities() {
        // Run 1 peaks at 186 for a minute with a one-second 229 spike; run 2 at 183; run 3 has
        // a summary max of 215 from a strap glitch (29 above the next): 186 wins.
        let mut hard = run(date(2026, 5, 1), 30.0, 7.0);
        let mut streams = steady_streams(1800, 3.9, 170, 0.0);
        for hr in &mut streams.heart_rate_bpm[1000..1060] {
            *hr = 186;
        }
        streams.heart_rate_bpm[1030] = 229;
        hard.streams = Some(streams);
        let mut steady = run(date(2026, 5, 2), 30.0, 6.0);
        steady.streams = Some(steady_streams(1800, 3.3, 183, 0.0));
        let mut glitch = with_average_hr(run(date(2026, 5, 3), 30.0, 6.0), 140.0);
        glitch.heart_rate.as_mut().unwrap().max = Bpm(215.0);
        let activities = records(vec![hard, steady, glitch]);
        let effective =
            EffectiveProfile::resolve(&AthleteProfile::default(), &activities, &[], today());
        assert_eq!(effective.max_hr.value, Bpm(186.0));
        assert!(matches!(
            effective.max_hr.source,
            EstimateSource::Estimated {
                activity: Some(Id(1)),
                ..
            }
        ));
    }

    #[test]
    fn easy_training_puts_threshold_at_85_percent_of_reserve() {
        // Only easy 140 bpm runs, max 180 set, rest default 60: 60 + 0.85 × 120 = 162.
        let profile = AthleteProfile {
            max_hr: Some(Bpm(180.0)),
            ..AthleteProfile::default()
        };
        let mut easy = run(date(2026, 5, 1), 45.0, 8.0);
        easy.streams = Some(steady_streams(2700, 3.0, 140, 0.0));
        let effective = EffectiveProfile::resolve(&profile, &records(vec![easy]), &[], today());
        assert!((effective.threshold_hr.value.0 - 162.0).abs() < 1e-9);
    }

    #[test]
    fn a_hard_30_minutes_sets_the_threshold_heart_rate() {
        let profile = AthleteProfile {
            max_hr: Some(Bpm(180.0)),
            ..AthleteProfile::default()
        };
        let mut tempo = run(date(2026, 5, 1), 40.0, 8.0);
        tempo.streams = Some(steady_streams(2400, 3.8, 166, 0.0));
        let effective = EffectiveProfile::resolve(&profile, &records(vec![tempo]), &[], today());
        assert_eq!(effective.threshold_hr.value, Bpm(166.0));
    }

    #[test]
    fn threshold_pace_from_a_calendar_race_by_vdot() {
        // A 5 km in 20:00 on the day of a calendar race: VDOT 49.806 (see vdot.rs), threshold
        // 0.90 × vVDOT = 3.9026 m/s. An easy 10 km the week before would give less.
        let race_day = date(2026, 5, 10);
        let race = run(race_day, 20.0, 5.0);
        let easy = run(date(2026, 5, 3), 60.0, 10.0);
        let races = vec![Record::new(
            Id(9),
            Race {
                date: race_day,
                name: "Park 5K".to_string(),
                distance: Meters(5000.0),
                priority: RacePriority::B,
            },
        )];
        let effective = EffectiveProfile::resolve(
            &AthleteProfile::default(),
            &records(vec![easy, race]),
            &races,
            today(),
        );
        let expected = threshold_speed(vdot(Meters(5000.0), Seconds(1200.0)).unwrap());
        assert!((effective.threshold_pace.value.0 - expected.0).abs() < 1e-9);
        let EstimateSource::Estimated { activity, how } = &effective.threshold_pace.source else {
            panic!("not estimated: {:?}", effective.threshold_pace.source);
        };
        assert_eq!(*activity, Some(Id(2)));
        assert!(how.contains("VDOT 49.8 from a race"), "{how}");
    }

    #[test]
    fn activities_after_today_are_not_used() {
        let mut future = run(date(2026, 7, 1), 30.0, 6.0);
        future.streams = Some(steady_streams(1800, 3.3, 183, 0.0));
        let effective = EffectiveProfile::resolve(
            &AthleteProfile::default(),
            &records(vec![future]),
            &[],
            today(),
        );
        assert!(matches!(
            effective.max_hr.source,
            EstimateSource::Default { .. }
        ));
    }
}
