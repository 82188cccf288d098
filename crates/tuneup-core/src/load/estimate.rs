//! Profile values the formulas need (max, resting and threshold heart rate, threshold pace),
//! each either set by the runner, estimated from the data, or a labelled default. Values the
//! runner set always win.
//!
//! Estimates come from recent running only (DOMAIN.md, "Estimates should come from recent
//! running"): running activities of the last [`ESTIMATE_WINDOW_DAYS`] days (the profile's
//! `big_run.estimate_window_days`). A bike ride, or a run from years ago, never changes
//! today's numbers. Max heart rate is a value held for a minute, or reached on two different
//! days, never one spike; threshold heart rate and pace come from steady, continuous efforts
//! of 20–60 minutes or from races, never from the best window of an interval session. Each
//! estimate names the run and the date it came from, and says what to set when the data is
//! thin.

use super::digest::{self, STEADY_WINDOWS_S};
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
/// Max heart rate when no recent run has heart-rate data (then no formula uses it anyway).
pub const DEFAULT_MAX_HR: Bpm = Bpm(185.0);
/// Threshold pace when no recent run has a usable pace: 5:00/km, a recreational runner's
/// figure.
pub const DEFAULT_THRESHOLD_PACE: MetersPerSecond = MetersPerSecond(1000.0 / 300.0);
/// Estimates read running activities of this many days up to today (the default of the
/// profile's `big_run.estimate_window_days`): thresholds drift within months, and a season
/// back (about six months) is recent enough to describe today's runner and long enough to
/// hold a race or a tempo run. Ours.
pub const ESTIMATE_WINDOW_DAYS: u32 = 180;
/// A day's peak heart rate is the highest held this long, so one-sample spikes never are.
pub const MAX_HR_SUSTAINED_S: f64 = 10.0;
/// A heart rate held this long counts as a max on its own; a shorter peak counts only when
/// it is reached on [`MAX_HR_DAYS`] different days (optical sensors and cadence lock make
/// single short peaks that are not the heart; DOMAIN.md).
pub const MAX_HR_HELD_S: f64 = 60.0;
pub const MAX_HR_DAYS: usize = 2;
/// A race's heart rate is read over its best 30 minutes (Friel's field test uses the last 20
/// minutes of a 30-minute solo effort).
pub const THRESHOLD_WINDOW_S: f64 = 30.0 * 60.0;
/// Training rarely includes a sustained threshold effort, so a best steady effort below this
/// share of the heart-rate reserve is taken as "never ran hard for long" and the threshold is
/// put at this share instead (Karvonen; lactate threshold typically sits at 80–90 % of the
/// reserve).
pub const THRESHOLD_RESERVE_FRACTION: f64 = 0.85;

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
    /// Worked out from the data; `activity` and `date` name the run it came from, when a
    /// single one did.
    Estimated {
        activity: Option<Id>,
        #[serde(skip_serializing_if = "Option::is_none")]
        date: Option<NaiveDate>,
        how: String,
    },
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

    /// An estimate from the data; `from` is the run it came from and its date.
    pub fn estimated(value: T, from: Option<(Id, NaiveDate)>, how: impl Into<String>) -> Self {
        Estimate {
            value,
            source: EstimateSource::Estimated {
                activity: from.map(|(id, _)| id),
                date: from.map(|(_, date)| date),
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

/// A run the estimates may read, with its date.
struct Recent<'a> {
    record: &'a Record<Activity>,
    date: NaiveDate,
}

impl Recent<'_> {
    fn from(&self) -> Option<(Id, NaiveDate)> {
        Some((self.record.id, self.date))
    }

    fn named(&self) -> String {
        format!("run {} on {}", self.record.id, self.date)
    }
}

impl EffectiveProfile {
    /// Resolves every value: the runner's own first, else an estimate from the running
    /// activities of the profile's estimate window up to `today`, else a labelled default.
    /// Activities without streams contribute their summaries.
    pub fn resolve(
        profile: &AthleteProfile,
        activities: &[Record<Activity>],
        races: &[Record<Race>],
        today: NaiveDate,
    ) -> Self {
        Self::resolve_within(
            profile,
            activities,
            races,
            today,
            profile.big_run.estimate_window_days,
        )
    }

    /// [`resolve`](Self::resolve) with the estimate window given: running activities from
    /// `window_days` days before `today` up to `today`.
    pub fn resolve_within(
        profile: &AthleteProfile,
        activities: &[Record<Activity>],
        races: &[Record<Race>],
        today: NaiveDate,
        window_days: u32,
    ) -> Self {
        let from = today - chrono::Duration::days(i64::from(window_days));
        let mut recent: Vec<Recent<'_>> = activities
            .iter()
            .filter(|a| a.item.sport.is_running())
            .map(|record| Recent {
                record,
                date: record.item.local_date(),
            })
            .filter(|r| r.date >= from && r.date <= today)
            .collect();
        // A fixed order, so ties between activities resolve the same way whatever the input.
        recent.sort_by_key(|r| (r.record.item.start, r.record.id));
        let window = Window {
            days: window_days,
            from,
        };
        let rest_hr = profile.rest_hr.map_or_else(
            || {
                Estimate::default_because(
                    DEFAULT_REST_HR,
                    "resting heart rate not set; watches do not record it during runs: set it \
                     with `tuneup profile set --rest-hr BPM` (count on waking)",
                )
            },
            Estimate::set,
        );
        let mut max_hr = profile
            .max_hr
            .map_or_else(|| estimate_max_hr(&recent, window), Estimate::set);
        let threshold_hr = profile.threshold_hr.map_or_else(
            || estimate_threshold_hr(&recent, races, max_hr.value, rest_hr.value, window),
            Estimate::set,
        );
        // A set threshold above an estimated max means the data never reached the max.
        if !max_hr.is_set() && max_hr.value.0 <= threshold_hr.value.0 {
            max_hr = Estimate::estimated(
                Bpm(threshold_hr.value.0 + 10.0),
                None,
                format!(
                    "10 bpm above your threshold heart rate {:.0}: no recent run came close; \
                     set it with `tuneup profile set --max-hr BPM`",
                    threshold_hr.value.0
                ),
            );
        }
        let threshold_pace = profile.threshold_pace.map_or_else(
            || estimate_threshold_pace(&recent, races, window),
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

/// The estimate window, for wording.
#[derive(Clone, Copy)]
struct Window {
    days: u32,
    from: NaiveDate,
}

impl Window {
    fn text(self) -> String {
        format!("the last {} days (since {})", self.days, self.from)
    }
}

fn plausible_hr(bpm: f64) -> bool {
    (30.0..=230.0).contains(&bpm)
}

fn estimate_max_hr(recent: &[Recent<'_>], window: Window) -> Estimate<Bpm> {
    // Held for a minute: counts on its own.
    let held = recent
        .iter()
        .filter_map(|r| {
            let bpm = digest::of(&r.record.item)?.heart_rate.held_max?;
            plausible_hr(bpm).then_some((bpm, r))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    // Each day's peak (held 10 s, or the watch's recorded max for a run without samples):
    // the second-highest day's peak was reached on two different days.
    let mut days: Vec<(f64, &Recent<'_>)> = Vec::new();
    for r in recent {
        let peak = if digest::has_samples(&r.record.item) {
            digest::of(&r.record.item).and_then(|d| d.heart_rate.sustained_max)
        } else {
            r.record.item.heart_rate.map(|h| h.max.0)
        };
        let Some(peak) = peak.filter(|bpm| plausible_hr(*bpm)) else {
            continue;
        };
        match days.iter_mut().find(|(_, d)| d.date == r.date) {
            Some(day) if day.0 >= peak => {}
            Some(day) => *day = (peak, r),
            None => days.push((peak, r)),
        }
    }
    days.sort_by(|a, b| b.0.total_cmp(&a.0));
    let repeated = days.get(MAX_HR_DAYS - 1).copied();
    let caveat = "your true max is higher if you never ran all-out; set it with `tuneup profile \
                  set --max-hr BPM` if you know it";
    match (held, repeated) {
        (Some((bpm, r)), repeated) if repeated.is_none_or(|(other, _)| bpm >= other) => {
            Estimate::estimated(
                Bpm(bpm),
                r.from(),
                format!(
                    "highest heart rate held for a minute in {}: {bpm:.0} bpm; {caveat}",
                    window.text(),
                ),
            )
        }
        (_, Some((bpm, r))) => {
            let first = days[0].1;
            Estimate::estimated(
                Bpm(bpm),
                r.from(),
                format!(
                    "{bpm:.0} bpm or more reached on two different days ({} and {}); a single \
                     higher peak is not trusted; {caveat}",
                    first.named(),
                    r.named()
                ),
            )
        }
        _ => Estimate::default_because(
            DEFAULT_MAX_HR,
            format!(
                "no run in {} has heart-rate data; set it with `tuneup profile set --max-hr \
                 BPM`",
                window.text()
            ),
        ),
    }
}

fn estimate_threshold_hr(
    recent: &[Recent<'_>],
    races: &[Record<Race>],
    max: Bpm,
    rest: Bpm,
    window: Window,
) -> Estimate<Bpm> {
    let from_reserve = rest.0 + THRESHOLD_RESERVE_FRACTION * (max.0 - rest.0);
    let best = recent
        .iter()
        .filter_map(|r| {
            let activity = &r.record.item;
            let race = is_race(activity, races);
            if let Some(d) = digest::of(activity) {
                if race && let Some(average) = d.heart_rate.best_30min {
                    return Some((average, r, "the best 30 minutes of a race"));
                }
                let average = d.heart_rate.steady_20min?;
                return Some((average, r, "the best steady 20 minutes of a run"));
            }
            // Without samples only a race says its average was an effort, not intervals.
            let summary = activity.heart_rate?;
            let minutes = duration(activity).minutes();
            (race && (20.0..=75.0).contains(&minutes)).then_some((
                summary.average.0,
                r,
                "the whole of a race",
            ))
        })
        .filter(|(bpm, _, _)| plausible_hr(*bpm))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let how_reserve = format!(
        "85 % of your heart-rate reserve (rest {:.0}, max {:.0})",
        rest.0, max.0
    );
    let set_it = "set it with `tuneup profile set --threshold-hr BPM` (the average of the \
                  last 20 minutes of a 30-minute solo time trial)";
    match best {
        Some((average, r, how)) if average >= from_reserve => Estimate::estimated(
            Bpm(average.min(max.0 - 1.0)),
            r.from(),
            format!(
                "{average:.0} bpm over {how}, your hardest steady effort in {}",
                window.text()
            ),
        ),
        Some((average, r, _)) => Estimate::estimated(
            Bpm(from_reserve),
            None,
            format!(
                "{how_reserve}; your hardest steady effort in {} ({average:.0} bpm, {}) looks \
                 easier than threshold; {set_it}",
                window.text(),
                r.named()
            ),
        ),
        None => Estimate::estimated(
            Bpm(from_reserve),
            None,
            format!(
                "{how_reserve}: no steady 20–60 minute run or race with heart rate in {}; \
                 {set_it}",
                window.text()
            ),
        ),
    }
}

/// A candidate performance for VDOT.
struct Effort<'a> {
    vdot: f64,
    run: &'a Recent<'a>,
    distance: Meters,
    time: Seconds,
    what: &'static str,
}

fn estimate_threshold_pace(
    recent: &[Recent<'_>],
    races: &[Record<Race>],
    window: Window,
) -> Estimate<MetersPerSecond> {
    let best = recent
        .iter()
        .flat_map(|r| efforts(r, races))
        .filter(|effort| effort.vdot.is_finite() && effort.vdot < 90.0)
        .max_by(|a, b| a.vdot.total_cmp(&b.vdot));
    match best {
        Some(effort) => {
            let speed = threshold_speed(effort.vdot);
            Estimate::estimated(
                speed,
                effort.run.from(),
                format!(
                    "VDOT {:.1} from {} ({:.2} km at {}), threshold {}; from training runs \
                     this is conservative (too slow) unless you ran hard; set it with `tuneup \
                     profile set --threshold-pace` if you know it",
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
            format!(
                "no steady 20–60 minute run or race with a usable pace in {}; set yours with \
                 `tuneup profile set --threshold-pace 4:30/km` for better loads",
                window.text()
            ),
        ),
    }
}

/// The performances a run offers: the whole of a race, its best steady 20, 30 and 60
/// minutes (never an interval session's best window), or the whole of a 20–60 minute run
/// recorded without samples.
fn efforts<'a>(r: &'a Recent<'a>, races: &[Record<Race>]) -> Vec<Effort<'a>> {
    let activity = &r.record.item;
    let time = duration(activity);
    let effort = |distance: Meters, time: Seconds, what| {
        vdot(distance, time).map(|vdot| Effort {
            vdot,
            run: r,
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
        let [twenty, thirty, sixty] = STEADY_WINDOWS_S;
        return [
            (
                twenty,
                speeds.steady_20min_mps,
                "your best steady 20 minutes",
            ),
            (
                thirty,
                speeds.steady_30min_mps,
                "your best steady 30 minutes",
            ),
            (
                sixty,
                speeds.steady_60min_mps,
                "your best steady 60 minutes",
            ),
        ]
        .into_iter()
        .filter_map(|(window, speed, what)| effort(Meters(speed? * window), Seconds(window), what))
        .collect();
    }
    let minutes = time.minutes();
    if !digest::has_samples(activity)
        && (20.0..=60.0).contains(&minutes)
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
    fn max_hr_ignores_a_single_10_second_spike() {
        // One run holds 176 for two minutes and peaks at 199 for 10 s: the 199 is one spike
        // on one day, never the max; 176 was held a minute. Then another day peaks at 181 for
        // 20 s: 181 or more has now been reached on two days (199 and 181), and beats 176.
        let mut spiky = run(date(2026, 5, 1), 30.0, 7.0);
        let mut streams = steady_streams(1800, 3.5, 150, 0.0);
        streams.heart_rate_bpm[600..720].fill(176);
        streams.heart_rate_bpm[1000..1010].fill(199);
        spiky.streams = Some(streams);
        let effective = EffectiveProfile::resolve(
            &AthleteProfile::default(),
            &records(vec![spiky.clone()]),
            &[],
            today(),
        );
        assert_eq!(effective.max_hr.value, Bpm(176.0), "{:?}", effective.max_hr);
        let EstimateSource::Estimated {
            activity,
            date: when,
            how,
        } = &effective.max_hr.source
        else {
            panic!("{:?}", effective.max_hr);
        };
        assert_eq!((*activity, *when), (Some(Id(1)), Some(date(2026, 5, 1))));
        assert!(how.contains("held for a minute"), "{how}");
        assert!(how.contains("--max-hr"), "{how}");
        // A second day reaching 181 for 20 s: 181 is now seen on two days.
        let mut other = run(date(2026, 5, 8), 30.0, 7.0);
        let mut streams = steady_streams(1800, 3.5, 150, 0.0);
        streams.heart_rate_bpm[900..920].fill(181);
        other.streams = Some(streams);
        let effective = EffectiveProfile::resolve(
            &AthleteProfile::default(),
            &records(vec![spiky, other]),
            &[],
            today(),
        );
        assert_eq!(effective.max_hr.value, Bpm(181.0), "{:?}", effective.max_hr);
        let EstimateSource::Estimated { how, .. } = &effective.max_hr.source else {
            panic!("{:?}", effective.max_hr);
        };
        assert!(how.contains("two different days"), "{how}");
    }

    #[test]
    fn threshold_never_comes_from_an_interval_sessions_best_30_minutes() {
        // Intervals: 6 × 3 min at 172 with 2 min at 140 between, reps at 4.2 m/s; their best
        // 30 minutes average about 160 bpm and 3.9 m/s. A steady 25-minute tempo at 158 bpm
        // and 3.6 m/s on another day is the only steady effort.
        use crate::load::testkit::{intervals, stretches};
        let profile = AthleteProfile {
            max_hr: Some(Bpm(190.0)),
            rest_hr: Some(Bpm(50.0)),
            ..AthleteProfile::default()
        };
        let mut session = run(date(2026, 5, 5), 56.0, 11.0);
        session.streams = Some(intervals(4.2, 3.0));
        let only_intervals =
            EffectiveProfile::resolve(&profile, &records(vec![session.clone()]), &[], today());
        // 85 % of the reserve: 50 + 0.85 × 140 = 169, and no pace from the reps.
        assert!((only_intervals.threshold_hr.value.0 - 169.0).abs() < 1e-9);
        assert!(matches!(
            only_intervals.threshold_pace.source,
            EstimateSource::Default { .. }
        ));
        let mut tempo = run(date(2026, 5, 12), 40.0, 8.5);
        tempo.streams = Some(stretches(&[
            (600, 130, 3.0),
            (1500, 170, 3.6),
            (300, 125, 2.8),
        ]));
        let both =
            EffectiveProfile::resolve(&profile, &records(vec![session, tempo]), &[], today());
        assert_eq!(both.threshold_hr.value, Bpm(170.0));
        let EstimateSource::Estimated { activity, how, .. } = &both.threshold_hr.source else {
            panic!("{:?}", both.threshold_hr);
        };
        assert_eq!(*activity, Some(Id(2)), "{how}");
        let EstimateSource::Estimated { activity, .. } = &both.threshold_pace.source else {
            panic!("{:?}", both.threshold_pace);
        };
        assert_eq!(*activity, Some(Id(2)));
    }

    #[test]
    fn a_gpx_run_without_a_speed_column_gives_a_threshold_pace() {
        // Distance from positions and time only, as a GPX decodes: a steady 30 min at 4.0 m/s.
        let mut gpx = run(date(2026, 5, 5), 30.0, 7.2);
        let mut streams = steady_streams(1800, 4.0, 160, 0.0);
        streams.speed_mps.clear();
        gpx.streams = Some(streams);
        let effective = EffectiveProfile::resolve(
            &AthleteProfile::default(),
            &records(vec![gpx]),
            &[],
            today(),
        );
        let expected = threshold_speed(vdot(Meters(7200.0), Seconds(1800.0)).unwrap());
        assert!(
            (effective.threshold_pace.value.0 - expected.0).abs() < 1e-6,
            "{:?}",
            effective.threshold_pace
        );
    }

    #[test]
    fn runs_outside_the_window_and_rides_are_not_read() {
        let mut old = run(date(2025, 10, 1), 30.0, 6.0);
        old.streams = Some(steady_streams(1800, 3.3, 183, 0.0));
        let mut ride = run(date(2026, 5, 1), 60.0, 30.0);
        ride.sport = crate::vocab::Sport::Cycling;
        ride.streams = Some(steady_streams(3600, 8.0, 175, 0.0));
        let effective = EffectiveProfile::resolve(
            &AthleteProfile::default(),
            &records(vec![old.clone(), ride]),
            &[],
            today(),
        );
        assert!(matches!(
            effective.max_hr.source,
            EstimateSource::Default { .. }
        ));
        // A longer window reaches the old run.
        let wide = EffectiveProfile::resolve_within(
            &AthleteProfile::default(),
            &records(vec![old]),
            &[],
            today(),
            365,
        );
        assert_eq!(wide.max_hr.value, Bpm(183.0));
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
        let EstimateSource::Estimated { activity, how, .. } = &effective.threshold_pace.source
        else {
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
