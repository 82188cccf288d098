//! The daily load series: fatigue (acute), fitness (chronic), form, ramp rate and the
//! acute:chronic workload ratio with its zone.
//!
//! Two families of averages are kept apart on purpose:
//! - the performance-management chart uses Coggan's form, EWMA_t = EWMA_{t−1} +
//!   (L_t − EWMA_{t−1}) / N with N = 7 (acute) and 42 (chronic), and form = chronic − acute
//!   of *yesterday*, so today's run does not change today's form;
//! - the ACWR uses Williams et al. 2017 (BJSM 51:209): λ = 2/(N+1) with N = 7 and 28, each
//!   corrected for its start from zero (divided by 1 − (1 − λ)^days, as an EWMA's start-up
//!   bias usually is), so a runner who imported only recent months does not see ratios
//!   inflated by the chronic average's slow start;
//! - beside it, the uncoupled rolling ratio (Gabbett 2016): the last 7 days' total against
//!   the weekly average of the 28 days before them. A daily EWMA swings with every long run;
//!   anything worded as "this week against your usual weeks" reads the rolling ratio
//!   (DOMAIN.md), and so do the zones. Garmin-RUNSAFE found no positive link between the
//!   weekly ratio and injury: it is context, not a verdict.

use super::Load;
use chrono::NaiveDate;
use serde::Serialize;

pub const ACUTE_DAYS: f64 = 7.0;
pub const CHRONIC_DAYS: f64 = 42.0;
pub const ACWR_ACUTE_DAYS: f64 = 7.0;
pub const ACWR_CHRONIC_DAYS: f64 = 28.0;
/// The ratio means little before the chronic average has seen four weeks of training.
pub const ACWR_MIN_HISTORY_DAYS: usize = 28;
/// Ramp rate compares chronic load with its value this many days earlier.
pub const RAMP_DAYS: usize = 7;
/// After this many days without any load the averages start again from zero, with their
/// start-up correction, as for a new runner: an old file (a 2013 run before a 2025 comeback)
/// must not change today's numbers, and by then every average has decayed to nothing anyway
/// (the 42-day one to 1.4 %). Ours.
pub const RESTART_AFTER_DAYS: usize = 180;

/// One day of the series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DailyLoad {
    pub date: NaiveDate,
    /// The sum of the day's activity loads.
    pub load: Load,
    /// Fatigue: exponentially weighted average of daily load, time constant 7 days.
    pub acute: f64,
    /// Fitness: exponentially weighted average of daily load, time constant 42 days (every
    /// earlier day still counts, less and less).
    pub chronic: f64,
    /// Chronic minus acute, both of the day before.
    pub form: f64,
    /// Change of chronic load over the last 7 days; `None` in the first week of data.
    pub ramp: Option<f64>,
    /// Acute:chronic workload ratio (EWMA, 7/28, start-up corrected); `None` until four
    /// weeks of data.
    pub acwr: Option<f64>,
    /// The uncoupled rolling ratio from weekly totals; `None` until five weeks of data.
    pub rolling: Option<RollingRatio>,
    /// The zone of the rolling ratio.
    pub zone: Option<AcwrZone>,
}

/// The last 7 days' load against the weekly average of the 28 days before them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RollingRatio {
    /// Total load of the 7 days ending on the day.
    pub last_7_days: f64,
    /// Total load of the 28 days before those 7, divided by 4.
    pub weekly_average_before: f64,
    pub ratio: f64,
}

/// Days of history the rolling ratio needs: the 7 days and the 28 before them.
pub const ROLLING_DAYS: usize = 35;

/// Where the ACWR falls. The names describe the number, not a diagnosis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AcwrZone {
    UnderLoaded,
    Steady,
    Rising,
    Spike,
}

/// A band of the ACWR, lower bound inclusive, upper exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AcwrBand {
    pub zone: AcwrZone,
    pub id: &'static str,
    pub lower: f64,
    pub upper: f64,
    pub label: &'static str,
    pub help: &'static str,
}

/// The zones, in order. Boundaries from Gabbett 2016 (BJSM 50:273): 0.8–1.3 was his
/// "sweet spot" and 1.5 and above his "danger zone".
pub const ACWR_BANDS: [AcwrBand; 4] = [
    AcwrBand {
        zone: AcwrZone::UnderLoaded,
        id: "under_loaded",
        lower: 0.0,
        upper: 0.8,
        label: "under-loaded",
        help: "This week is lighter than your recent average: fine for a recovery or taper week.",
    },
    AcwrBand {
        zone: AcwrZone::Steady,
        id: "steady",
        lower: 0.8,
        upper: 1.3,
        label: "steady",
        help: "This week is in line with what you have been doing.",
    },
    AcwrBand {
        zone: AcwrZone::Rising,
        id: "rising",
        lower: 1.3,
        upper: 1.5,
        label: "rising",
        help: "This week is noticeably above your recent average; give easy days room.",
    },
    AcwrBand {
        zone: AcwrZone::Spike,
        id: "spike",
        lower: 1.5,
        upper: f64::INFINITY,
        label: "spike",
        help: "This week is well above your recent average; a sudden jump is worth a second look.",
    },
];

/// Shown wherever the ratio is: the thresholds are a caution, not a verdict.
pub const ACWR_CAUTION: &str = "The acute:chronic ratio and its zones come from team-sport \
studies (Gabbett 2016); later work argues the ratio is a statistical artefact and does not \
predict injury reliably (Impellizzeri et al. 2020), and in 5,205 runners the weekly ratio \
showed no positive link with injury (Garmin-RUNSAFE, Frandsen et al. 2025), while single runs \
much longer than the longest of the previous 30 days did. The zones follow the rolling ratio \
(the last 7 days against the weekly average of the 28 before): read them as a prompt to look \
at your week, not as a verdict on injury risk.";

impl AcwrZone {
    pub fn of(ratio: f64) -> AcwrZone {
        ACWR_BANDS
            .iter()
            .find(|band| ratio < band.upper)
            .map_or(AcwrZone::Spike, |band| band.zone)
    }

    pub fn band(self) -> &'static AcwrBand {
        ACWR_BANDS
            .iter()
            .find(|band| band.zone == self)
            .expect("every zone has a band")
    }

    pub fn id(self) -> &'static str {
        self.band().id
    }

    pub fn label(self) -> &'static str {
        self.band().label
    }
}

/// The daily series over `from..=to`. Loads are summed per day; items outside the range are
/// used for warming up the averages when earlier than `from`, and ignored when later than
/// `to`. The averages start from zero on the earliest day that has an item (or `from`).
/// O(items · log items + days).
pub fn daily_series(items: &[(NaiveDate, Load)], from: NaiveDate, to: NaiveDate) -> Vec<DailyLoad> {
    if to < from {
        return Vec::new();
    }
    let start = items
        .iter()
        .map(|(date, _)| *date)
        .filter(|date| *date <= to)
        .min()
        .map_or(from, |first| first.min(from));
    let days = (to - start).num_days() as usize + 1;
    let daily = daily_totals(items, start, days);

    let mut out = Vec::with_capacity((to - from).num_days() as usize + 1);
    let mut chronic_history = Vec::with_capacity(days);
    let (mut acute, mut chronic) = (0.0_f64, 0.0_f64);
    let (mut acwr_acute, mut acwr_chronic) = (0.0_f64, 0.0_f64);
    let lambda_a = 2.0 / (ACWR_ACUTE_DAYS + 1.0);
    let lambda_c = 2.0 / (ACWR_CHRONIC_DAYS + 1.0);
    let mut date = start;
    // Running totals for the rolling ratio, from the start of the current stretch of history
    // (so an old file cannot change them even in the last bit).
    let mut prefix = Vec::with_capacity(days + 1);
    prefix.push(0.0_f64);
    // The day the current stretch of history began (see RESTART_AFTER_DAYS).
    let (mut epoch, mut idle) = (0_usize, 0_usize);
    for (index, load) in daily.into_iter().enumerate() {
        if load == 0.0 {
            idle += 1;
        } else {
            if idle >= RESTART_AFTER_DAYS && index > 0 {
                epoch = index;
                (acute, chronic, acwr_acute, acwr_chronic) = (0.0, 0.0, 0.0, 0.0);
                if let Some(last) = prefix.last_mut() {
                    *last = 0.0;
                }
            }
            idle = 0;
        }
        let day = index - epoch;
        prefix.push(prefix.last().copied().unwrap_or(0.0) + load);
        let form = chronic - acute;
        acute += (load - acute) / ACUTE_DAYS;
        chronic += (load - chronic) / CHRONIC_DAYS;
        acwr_acute = lambda_a * load + (1.0 - lambda_a) * acwr_acute;
        acwr_chronic = lambda_c * load + (1.0 - lambda_c) * acwr_chronic;
        chronic_history.push(chronic);
        if date >= from {
            let ramp = (day >= RAMP_DAYS).then(|| chronic - chronic_history[index - RAMP_DAYS]);
            // Start-up correction: an EWMA started at zero has seen 1 − (1 − λ)^n of its weight.
            let seen = |lambda: f64| 1.0 - (1.0 - lambda).powi(day as i32 + 1);
            let acwr = (day + 1 >= ACWR_MIN_HISTORY_DAYS && acwr_chronic > 1e-9)
                .then(|| (acwr_acute / seen(lambda_a)) / (acwr_chronic / seen(lambda_c)));
            let rolling = (day + 1 >= ROLLING_DAYS).then(|| {
                let sum = |from: usize, to: usize| prefix[to] - prefix[from];
                let last_7_days = sum(index + 1 - 7, index + 1);
                let weekly_average_before = sum(index + 1 - 35, index + 1 - 7) / 4.0;
                RollingRatio {
                    last_7_days,
                    weekly_average_before,
                    ratio: last_7_days / weekly_average_before,
                }
            });
            let rolling = rolling.filter(|r| r.weekly_average_before > 1e-9);
            out.push(DailyLoad {
                date,
                load: Load(load),
                acute,
                chronic,
                form,
                ramp,
                acwr,
                zone: rolling.map(|r| AcwrZone::of(r.ratio)),
                rolling,
            });
        }
        date = date.succ_opt().unwrap_or(date);
    }
    out
}

/// Load per day from `start`, summed in a fixed order (by value) so that the order in which
/// a day's activities arrive cannot change the result, not even in the last bit.
fn daily_totals(items: &[(NaiveDate, Load)], start: NaiveDate, days: usize) -> Vec<f64> {
    let mut sorted: Vec<(i64, f64)> = items
        .iter()
        .map(|(date, load)| ((*date - start).num_days(), load.0))
        .filter(|(day, load)| *day >= 0 && (*day as usize) < days && load.is_finite())
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut daily = vec![0.0; days];
    for (day, load) in sorted {
        daily[day as usize] += load;
    }
    daily
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(n)
    }

    #[test]
    fn constant_load_converges_to_that_load() {
        // 50 points every day for a year. After n days an EWMA started at 0 is
        // 50 × (1 − (1 − 1/N)^n): for N = 42, n = 365: (41/42)^365 = e^(365 × ln(0.97619))
        // = e^(−8.79) ≈ 1.5e-4, so chronic ≈ 49.992; acute is 50 to many digits.
        let items: Vec<_> = (0..365).map(|n| (day(n), Load(50.0))).collect();
        let series = daily_series(&items, day(0), day(364));
        let last = series.last().unwrap();
        assert!((last.acute - 50.0).abs() < 1e-6, "{}", last.acute);
        assert!((last.chronic - 50.0).abs() < 0.01, "{}", last.chronic);
        assert!(last.form.abs() < 0.01);
        assert!((last.acwr.unwrap() - 1.0).abs() < 1e-6);
        assert_eq!(last.zone, Some(AcwrZone::Steady));
        assert!(last.ramp.unwrap().abs() < 0.01);
    }

    #[test]
    fn first_days_by_hand() {
        // Day 0: 70 points. acute = 70/7 = 10, chronic = 70/42 = 1.666667, form (yesterday)
        // = 0. Day 1: rest. acute = 10 − 10/7 = 8.571429, chronic = 1.666667 × 41/42
        // = 1.626984, form = 1.666667 − 10 = −8.333333.
        let series = daily_series(&[(day(0), Load(70.0))], day(0), day(1));
        assert!((series[0].acute - 10.0).abs() < 1e-9);
        assert!((series[0].chronic - 1.666_667).abs() < 1e-6);
        assert_eq!(series[0].form, 0.0);
        assert!((series[1].acute - 8.571_429).abs() < 1e-6);
        assert!((series[1].chronic - 1.626_984).abs() < 1e-6);
        assert!((series[1].form + 8.333_333).abs() < 1e-6);
        assert_eq!(series[1].acwr, None, "too little history for a ratio");
    }

    #[test]
    fn earlier_items_warm_up_the_range() {
        let items: Vec<_> = (0..100).map(|n| (day(n), Load(40.0))).collect();
        let series = daily_series(&items, day(90), day(99));
        assert_eq!(series.len(), 10);
        assert_eq!(series[0].date, day(90));
        assert!(series[0].chronic > 35.0);
    }

    #[test]
    fn the_rolling_ratio_by_hand() {
        // 28 days at 30 (840, 210 a week), then 7 days at 45 (315): 315 / 210 = 1.5.
        let mut items: Vec<_> = (0..28).map(|n| (day(n), Load(30.0))).collect();
        items.extend((28..35).map(|n| (day(n), Load(45.0))));
        let series = daily_series(&items, day(0), day(34));
        assert_eq!(series[33].rolling, None, "five weeks are needed");
        let rolling = series[34].rolling.unwrap();
        assert_eq!(rolling.last_7_days, 315.0);
        assert_eq!(rolling.weekly_average_before, 210.0);
        assert_eq!(rolling.ratio, 1.5);
        assert_eq!(series[34].zone, Some(AcwrZone::Spike));
    }

    #[test]
    fn the_ewma_ratio_is_corrected_for_its_start_from_zero() {
        // 50 a day from the first day: uncorrected, the 28-day EWMA after 28 days is
        // 50 × (1 − (27/29)^28) = 43.3 and the 7-day 50 × (1 − 0.75^28) = 50.0, a ratio of
        // 1.155 for a perfectly even load. Corrected, it is 1.
        let items: Vec<_> = (0..28).map(|n| (day(n), Load(50.0))).collect();
        let series = daily_series(&items, day(0), day(27));
        let acwr = series[27].acwr.unwrap();
        assert!((acwr - 1.0).abs() < 1e-9, "{acwr}");
    }

    #[test]
    fn zones_follow_the_bands() {
        assert_eq!(AcwrZone::of(0.5), AcwrZone::UnderLoaded);
        assert_eq!(AcwrZone::of(0.8), AcwrZone::Steady);
        assert_eq!(AcwrZone::of(1.3), AcwrZone::Rising);
        assert_eq!(AcwrZone::of(1.5), AcwrZone::Spike);
        assert_eq!(AcwrZone::Rising.label(), "rising");
    }

    #[test]
    fn a_sudden_week_shows_as_a_spike() {
        // Six weeks at 30 a day, then a week at 90 a day.
        let mut items: Vec<_> = (0..42).map(|n| (day(n), Load(30.0))).collect();
        items.extend((42..49).map(|n| (day(n), Load(90.0))));
        let series = daily_series(&items, day(0), day(48));
        assert_eq!(series.last().unwrap().zone, Some(AcwrZone::Spike));
    }

    proptest! {
        #[test]
        fn order_within_a_day_does_not_matter(
            loads in prop::collection::vec((0i64..60, 0.0f64..300.0), 1..80),
            seed in any::<u64>(),
        ) {
            let items: Vec<_> = loads.iter().map(|(d, l)| (day(*d), Load(*l))).collect();
            let mut shuffled = items.clone();
            // A deterministic shuffle from the seed (Fisher–Yates with an LCG).
            let mut state = seed;
            for i in (1..shuffled.len()).rev() {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                shuffled.swap(i, (state >> 33) as usize % (i + 1));
            }
            prop_assert_eq!(
                daily_series(&items, day(0), day(70)),
                daily_series(&shuffled, day(0), day(70))
            );
        }
    }
}
