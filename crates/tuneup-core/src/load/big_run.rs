//! Which runs were big (the ones that earn a massage 24–48 h later): races, spikes over the
//! longest run of the last 30 days (Garmin-RUNSAFE, the evidence-backed warning) and loads
//! above the largest of the last 30 days. A routine long run equal to last week's is not big.

use super::Load;
use crate::model::{InvalidField, check_range};
use crate::units::{METERS_PER_MILE, Meters};
use crate::vocab::UnitSystem;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Easy below this intensity (IF scale, 1.0 = threshold). Daniels' easy pace is about 0.80
/// of threshold speed; the margin allows for heart-rate drift on long easy runs.
pub const EASY_BELOW: f64 = 0.85;
/// Hard from this intensity: threshold work and faster. Between the two is "moderate",
/// which holds marathon pace (about 0.94 of threshold speed in Daniels' tables).
pub const HARD_FROM: f64 = 0.95;

crate::vocab::vocabulary!(
    /// How hard a session was, from its intensity.
    Intensity, "intensity" {
        Easy = "easy": "easy",
        Moderate = "moderate": "moderate",
        Hard = "hard": "hard",
    }
);

impl Intensity {
    pub fn of(intensity_factor: f64) -> Intensity {
        if intensity_factor >= HARD_FROM {
            Intensity::Hard
        } else if intensity_factor >= EASY_BELOW {
            Intensity::Moderate
        } else {
            Intensity::Easy
        }
    }
}

/// When a run counts as big, and how sessions are classed: the load module's settings, kept
/// in the profile. Any one big-run reason is enough.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BigRunRule {
    /// Races are big: marked as a race, or run on the day of a race on the calendar.
    pub races: RaceCounts,
    /// A run is compared with the longest run (distance) and the largest load of this many
    /// days before it. 30 in Garmin-RUNSAFE (Frandsen et al. 2025, DOMAIN.md).
    pub spike_window_days: u32,
    /// Big by load: more than this share above the largest load of the window, the run
    /// itself excluded. 0.10 mirrors RUNSAFE's 10 % distance band; the choice is ours.
    pub load_over: f64,
    /// Session classes (see `session_class`; Seiler & Kjerland 2006, Sylta et al. 2014 in
    /// DOMAIN.md; the cut-offs are ours): hard with this many minutes at or above threshold
    /// heart rate or pace in bouts of a minute or more...
    pub hard_minutes_at_threshold: f64,
    /// ...or `hard_minutes_near_threshold` minutes at this share of threshold or above...
    pub hard_near_threshold: f64,
    pub hard_minutes_near_threshold: f64,
    /// ...or a whole-session intensity of this much (1.0 = threshold).
    pub hard_intensity: f64,
    /// Moderate with `moderate_minutes_near_threshold` minutes at this share of threshold or
    /// above...
    pub moderate_near_threshold: f64,
    pub moderate_minutes_near_threshold: f64,
    /// ...or a whole-session intensity of this much. Easy otherwise.
    pub moderate_intensity: f64,
    /// Profile estimates (max and threshold heart rate, threshold pace) read the running
    /// activities of this many days up to today (`estimate::ESTIMATE_WINDOW_DAYS`).
    pub estimate_window_days: u32,
}

crate::vocab::vocabulary!(
    /// Whether races are big runs by definition.
    RaceCounts, "race counting" {
        Always = "always": "races are always big",
        OnlyByLoad = "only_by_load": "races only by their load",
    }
);

impl BigRunRule {
    /// Checks that the thresholds make a usable rule.
    pub fn validate(&self) -> Result<(), InvalidField> {
        check_range("big_run.spike_window_days", self.spike_window_days, 7, 365)?;
        check_range("big_run.load_over", self.load_over, 0.0, 10.0)?;
        check_range(
            "big_run.estimate_window_days",
            self.estimate_window_days,
            28,
            3650,
        )?;
        check_range(
            "big_run.hard_minutes_at_threshold",
            self.hard_minutes_at_threshold,
            1.0,
            240.0,
        )?;
        check_range(
            "big_run.hard_minutes_near_threshold",
            self.hard_minutes_near_threshold,
            1.0,
            240.0,
        )?;
        check_range(
            "big_run.moderate_minutes_near_threshold",
            self.moderate_minutes_near_threshold,
            1.0,
            240.0,
        )?;
        check_range(
            "big_run.moderate_near_threshold",
            self.moderate_near_threshold,
            0.5,
            self.hard_near_threshold,
        )?;
        check_range(
            "big_run.hard_near_threshold",
            self.hard_near_threshold,
            self.moderate_near_threshold,
            1.0,
        )?;
        check_range(
            "big_run.moderate_intensity",
            self.moderate_intensity,
            0.3,
            self.hard_intensity,
        )?;
        check_range(
            "big_run.hard_intensity",
            self.hard_intensity,
            self.moderate_intensity,
            1.5,
        )?;
        Ok(())
    }
}

impl Default for BigRunRule {
    fn default() -> Self {
        BigRunRule {
            races: RaceCounts::Always,
            spike_window_days: 30,
            load_over: 0.10,
            hard_minutes_at_threshold: 10.0,
            hard_near_threshold: 0.95,
            hard_minutes_near_threshold: 20.0,
            hard_intensity: HARD_FROM,
            moderate_near_threshold: 0.90,
            moderate_minutes_near_threshold: 20.0,
            moderate_intensity: EASY_BELOW,
            estimate_window_days: super::estimate::ESTIMATE_WINDOW_DAYS,
        }
    }
}

/// Garmin-RUNSAFE's bands of a run's distance against the longest run of the previous 30
/// days (Frandsen et al., Br J Sports Med 2025;59(17):1203–1210; DOMAIN.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpikeBand {
    /// No longer, or up to 10 % longer: the study's reference band.
    UpTo10,
    Over10To30,
    Over30To100,
    Over100,
}

/// One RUNSAFE band: the share longer, upper bound inclusive, and the study's hazard-rate
/// ratio against the reference band (95 % confidence interval).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SpikeBandInfo {
    pub band: SpikeBand,
    pub label: &'static str,
    /// Upper bound of the share longer, inclusive (0.10 = 10 %).
    pub up_to: f64,
    pub hazard_ratio: Option<&'static str>,
}

/// The bands in order (Frandsen et al. 2025, Table 2 as quoted in DOMAIN.md).
pub const SPIKE_BANDS: [SpikeBandInfo; 4] = [
    SpikeBandInfo {
        band: SpikeBand::UpTo10,
        label: "up to 10 %",
        up_to: 0.10,
        hazard_ratio: None,
    },
    SpikeBandInfo {
        band: SpikeBand::Over10To30,
        label: "10–30 %",
        up_to: 0.30,
        hazard_ratio: Some("1.64 (1.31–2.05)"),
    },
    SpikeBandInfo {
        band: SpikeBand::Over30To100,
        label: "30–100 %",
        up_to: 1.00,
        hazard_ratio: Some("1.52 (1.16–2.00)"),
    },
    SpikeBandInfo {
        band: SpikeBand::Over100,
        label: "over 100 %",
        up_to: f64::INFINITY,
        hazard_ratio: Some("2.28 (1.50–3.48)"),
    },
];

/// The short citation in a big run's summary.
pub const SPIKE_CITE: &str = "Garmin-RUNSAFE 2025";
/// Who found it, for every spike caution.
pub const SPIKE_SOURCE: &str = "Garmin-RUNSAFE, Frandsen et al., Br J Sports Med 2025";

impl SpikeBand {
    /// The band of a share longer, read as the whole percent it is shown as: "10 %" is in
    /// the reference band even when it was 10.4 %.
    pub fn of(over: f64) -> SpikeBand {
        let shown = (over * 100.0).round() / 100.0;
        SPIKE_BANDS
            .iter()
            .find(|b| shown <= b.up_to)
            .map_or(SpikeBand::Over100, |b| b.band)
    }

    pub fn info(self) -> &'static SpikeBandInfo {
        SPIKE_BANDS
            .iter()
            .find(|b| b.band == self)
            .expect("every band is listed")
    }

    pub fn label(self) -> &'static str {
        self.info().label
    }

    /// Beyond the reference band.
    pub fn is_spike(self) -> bool {
        self != SpikeBand::UpTo10
    }
}

/// A run's distance against the longest run of the window before it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DistanceVsLongest {
    /// No run with a distance in the window: nothing to compare with, so no spike.
    NoBaseline,
    Compared {
        longest: Meters,
        longest_date: NaiveDate,
        /// Share longer than the longest (negative when shorter).
        over: f64,
        band: SpikeBand,
    },
}

impl DistanceVsLongest {
    pub fn of(distance: Meters, longest: Option<(Meters, NaiveDate)>) -> Self {
        match longest {
            Some((longest, longest_date)) if longest.0 > 0.0 => {
                let over = distance.0 / longest.0 - 1.0;
                DistanceVsLongest::Compared {
                    longest,
                    longest_date,
                    over,
                    band: SpikeBand::of(over),
                }
            }
            _ => DistanceVsLongest::NoBaseline,
        }
    }

    /// "25 % longer than your longest run of the previous 30 days (20.0 km on 2026-03-01)",
    /// or "no baseline: no run in the previous 30 days".
    pub fn describe(&self, window_days: u32, units: UnitSystem) -> String {
        match self {
            DistanceVsLongest::NoBaseline => {
                format!("no baseline: no run in the previous {window_days} days")
            }
            DistanceVsLongest::Compared {
                longest,
                longest_date,
                over,
                ..
            } => {
                let percent = (over * 100.0).round();
                let how = if percent >= 0.0 {
                    format!("{percent:.0} % longer than")
                } else {
                    format!("{:.0} % shorter than", -percent)
                };
                format!(
                    "{how} your longest run of the previous {window_days} days ({} on \
                     {longest_date})",
                    one_decimal(*longest, units)
                )
            }
        }
    }
}

/// Why a run was big.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BigRunReason {
    Race {
        name: Option<String>,
    },
    /// Longer than the longest run of the window by more than RUNSAFE's reference band.
    Spike {
        distance: Meters,
        longest: Meters,
        longest_date: NaiveDate,
        over: f64,
        band: SpikeBand,
    },
    /// More than `load_over` above the largest load of the window.
    HighLoad {
        load: Load,
        largest: Load,
        ratio: f64,
    },
}

/// A big run: its reasons and one line in words with the numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BigRun {
    pub reasons: Vec<BigRunReason>,
    pub summary: String,
}

/// What the rule needs to know about one run.
#[derive(Debug, Clone, Copy)]
pub struct RunFacts<'a> {
    pub distance: Meters,
    pub load: Load,
    /// Marked as a race or on a race's day; the calendar race's name when there is one.
    pub race: Option<Option<&'a str>>,
    /// How the session is named: "long run", "hard session", "race", "run".
    pub session: &'a str,
    /// The run's distance against the longest run of the window before it.
    pub vs_longest: DistanceVsLongest,
    /// The largest load of a run in the window before it.
    pub largest_load_before: Option<Load>,
    /// The runner's units, for the summary's distances.
    pub units: UnitSystem,
}

/// "16.0 km", "9.9 mi": a distance with one decimal in the runner's units.
fn one_decimal(distance: Meters, units: UnitSystem) -> String {
    match units {
        UnitSystem::Metric => format!("{:.1} km", distance.km()),
        UnitSystem::Imperial => format!("{:.1} mi", distance.0 / METERS_PER_MILE),
    }
}

impl BigRunRule {
    /// Judges one run; `None` when it is not big. Races are big by being races and never
    /// get a spike reason.
    pub fn judge(&self, run: &RunFacts<'_>) -> Option<BigRun> {
        let mut reasons = Vec::new();
        if let (Some(name), RaceCounts::Always) = (run.race, self.races) {
            reasons.push(BigRunReason::Race {
                name: name.map(str::to_string),
            });
        }
        if let DistanceVsLongest::Compared {
            longest,
            longest_date,
            over,
            band,
        } = run.vs_longest
            && band.is_spike()
            && run.race.is_none()
        {
            reasons.push(BigRunReason::Spike {
                distance: run.distance,
                longest,
                longest_date,
                over,
                band,
            });
        }
        // A race counted as a race needs no other reason.
        let counted_race = run.race.is_some() && self.races == RaceCounts::Always;
        if let Some(largest) = run.largest_load_before
            && !counted_race
            && largest.0 > 0.0
            && shown_percent(run.load.0 / largest.0 - 1.0) > shown_percent(self.load_over)
        {
            reasons.push(BigRunReason::HighLoad {
                load: run.load,
                largest,
                ratio: run.load.0 / largest.0,
            });
        }
        (!reasons.is_empty()).then(|| BigRun {
            summary: summary(run, &reasons, self.spike_window_days),
            reasons,
        })
    }
}

/// A share as the whole percent it is shown as: a rule compares what the runner reads, so
/// "10 % above" never counts as "more than 10 %".
fn shown_percent(share: f64) -> f64 {
    (share * 100.0).round()
}

fn summary(run: &RunFacts<'_>, reasons: &[BigRunReason], window_days: u32) -> String {
    let details: Vec<String> = reasons
        .iter()
        .map(|reason| match reason {
            BigRunReason::Race { name: Some(name) } => format!("race day ({name})"),
            BigRunReason::Race { name: None } => "marked as a race".to_string(),
            BigRunReason::Spike { band, .. } => format!(
                "{}: a spike of {}, linked to more overuse injuries ({SPIKE_CITE})",
                run.vs_longest.describe(window_days, run.units),
                band.label()
            ),
            BigRunReason::HighLoad {
                load,
                largest,
                ratio,
            } => format!(
                "load {:.0}, {:.0} % above your largest of the previous {window_days} days ({:.0})",
                load.0,
                (ratio - 1.0) * 100.0,
                largest.0
            ),
        })
        .collect();
    format!(
        "{} {}, {}",
        one_decimal(run.distance, run.units),
        run.session,
        details.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).expect("valid test date")
    }

    fn facts(km: f64, longest_km: Option<f64>) -> RunFacts<'static> {
        RunFacts {
            distance: Meters::from_km(km),
            load: Load(60.0),
            race: None,
            session: "run",
            units: UnitSystem::Metric,
            vs_longest: DistanceVsLongest::of(
                Meters::from_km(km),
                longest_km.map(|l| (Meters::from_km(l), day(1))),
            ),
            largest_load_before: Some(Load(60.0)),
        }
    }

    #[test]
    fn an_ordinary_run_is_not_big() {
        assert_eq!(BigRunRule::default().judge(&facts(10.0, Some(16.0))), None);
        // Equal to the longest, or 10 % longer: the reference band.
        assert_eq!(BigRunRule::default().judge(&facts(16.0, Some(16.0))), None);
        assert_eq!(BigRunRule::default().judge(&facts(17.6, Some(16.0))), None);
    }

    #[test]
    fn a_25_percent_spike_is_flagged_with_its_band() {
        // 20 km after a longest of 16 km: 20 / 16 − 1 = 25 %, in the 10–30 % band.
        let big = BigRunRule::default()
            .judge(&facts(20.0, Some(16.0)))
            .expect("a spike is big");
        assert!(matches!(
            big.reasons[0],
            BigRunReason::Spike {
                band: SpikeBand::Over10To30,
                ..
            }
        ));
        assert_eq!(
            big.summary,
            "20.0 km run, 25 % longer than your longest run of the previous 30 days (16.0 km \
             on 2026-03-01): a spike of 10–30 %, linked to more overuse injuries \
             (Garmin-RUNSAFE 2025)"
        );
    }

    #[test]
    fn bands_by_hand() {
        assert_eq!(SpikeBand::of(-0.5), SpikeBand::UpTo10);
        assert_eq!(SpikeBand::of(0.10), SpikeBand::UpTo10);
        // 10.4 % is shown as "10 %": still the reference band.
        assert_eq!(SpikeBand::of(0.104), SpikeBand::UpTo10);
        assert_eq!(SpikeBand::of(0.11), SpikeBand::Over10To30);
        assert_eq!(SpikeBand::of(0.30), SpikeBand::Over10To30);
        assert_eq!(SpikeBand::of(0.31), SpikeBand::Over30To100);
        assert_eq!(SpikeBand::of(1.0), SpikeBand::Over30To100);
        assert_eq!(SpikeBand::of(1.01), SpikeBand::Over100);
    }

    #[test]
    fn no_run_before_is_no_baseline_not_a_spike() {
        let run = RunFacts {
            largest_load_before: None,
            ..facts(30.0, None)
        };
        assert_eq!(run.vs_longest, DistanceVsLongest::NoBaseline);
        assert_eq!(BigRunRule::default().judge(&run), None);
        assert_eq!(
            run.vs_longest.describe(30, UnitSystem::Metric),
            "no baseline: no run in the previous 30 days"
        );
    }

    #[test]
    fn load_more_than_ten_percent_above_the_largest_is_big() {
        // 67 / 60 = 1.117, shown as 12 %: big; 66 / 60 and 66.2 / 60 are 10 % as shown: not.
        let run = |load| RunFacts {
            load: Load(load),
            ..facts(10.0, Some(16.0))
        };
        let big = BigRunRule::default()
            .judge(&run(67.0))
            .expect("big by load");
        assert_eq!(
            big.summary,
            "10.0 km run, load 67, 12 % above your largest of the previous 30 days (60)"
        );
        assert_eq!(BigRunRule::default().judge(&run(66.0)), None);
        assert_eq!(BigRunRule::default().judge(&run(66.2)), None);
    }

    #[test]
    fn races_count_and_are_exempt_from_spikes() {
        let run = RunFacts {
            race: Some(Some("City 10K")),
            session: "race",
            ..facts(10.0, Some(5.0))
        };
        let big = BigRunRule::default().judge(&run).unwrap();
        assert_eq!(big.summary, "10.0 km race, race day (City 10K)");
        let rule = BigRunRule {
            races: RaceCounts::OnlyByLoad,
            ..BigRunRule::default()
        };
        assert_eq!(rule.judge(&run), None);
    }

    #[test]
    fn intensity_bands() {
        assert_eq!(Intensity::of(0.70), Intensity::Easy);
        assert_eq!(Intensity::of(0.85), Intensity::Moderate);
        assert_eq!(Intensity::of(0.95), Intensity::Hard);
    }
}
