//! Which runs were big (the ones that earn a massage 24–48 h later), and how hard each run
//! was.

use super::Load;
use crate::model::{InvalidField, check_range};
use crate::units::{Meters, Seconds, format_duration};
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

/// When a run counts as big. Any one reason is enough.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BigRunRule {
    /// Races are big: marked as a race, or run on the day of a race on the calendar.
    pub races: RaceCounts,
    /// A run whose load is at least this many times the usual load (see `load_baseline`).
    pub load_vs_chronic: f64,
    /// What "usual load" means for `load_vs_chronic`.
    pub load_baseline: LoadBaseline,
    /// The load reason needs a chronic load of at least this...
    pub min_chronic: Load,
    /// ...and this many days of history, so a new runner's first runs are not all "big".
    pub min_history_days: u32,
    /// A run at least this long...
    pub long_duration: Seconds,
    /// ...and at least this many times the median duration of recent runs.
    pub duration_vs_median: f64,
    /// "Recent" for the median and for run days: this many days before the run.
    pub median_window_days: u32,
}

crate::vocab::vocabulary!(
    /// Whether races are big runs by definition.
    RaceCounts, "race counting" {
        Always = "always": "races are always big",
        OnlyByLoad = "only_by_load": "races only by their load",
    }
);

crate::vocab::vocabulary!(
    /// What a run's load is compared with.
    ///
    /// Chronic load is a *daily* average that includes rest days, so for a runner who runs
    /// three days a week an ordinary run is already about 2.3× the chronic load, and 2× chronic
    /// would flag every run. The default therefore spreads the chronic load over the days the
    /// runner actually ran in the window ("usual load of a run day"), and corrects the 42-day
    /// average for its start from zero, the way an EWMA's start-up bias is usually corrected.
    LoadBaseline, "load baseline" {
        /// Chronic load of the day before, as it is (the literal rule).
        ChronicPerDay = "chronic_per_day": "chronic load per day",
        /// Chronic load of the day before, bias-corrected, × window days / run days in window.
        ChronicPerRunDay = "chronic_per_run_day": "chronic load per run day",
    }
);

impl BigRunRule {
    /// Checks that the thresholds make a usable rule.
    pub fn validate(&self) -> Result<(), InvalidField> {
        check_range("big_run.load_vs_chronic", self.load_vs_chronic, 1.0, 10.0)?;
        check_range(
            "big_run.duration_vs_median",
            self.duration_vs_median,
            1.0,
            10.0,
        )?;
        check_range(
            "big_run.long_duration (s)",
            self.long_duration.0,
            600.0,
            86_400.0,
        )?;
        check_range(
            "big_run.median_window_days",
            self.median_window_days,
            7,
            365,
        )?;
        check_range("big_run.min_history_days", self.min_history_days, 0, 365)?;
        Ok(())
    }
}

impl Default for BigRunRule {
    fn default() -> Self {
        BigRunRule {
            races: RaceCounts::Always,
            load_vs_chronic: 2.0,
            load_baseline: LoadBaseline::ChronicPerRunDay,
            min_chronic: Load(10.0),
            min_history_days: 14,
            long_duration: Seconds::from_minutes(90.0),
            duration_vs_median: 1.5,
            median_window_days: 28,
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
    HighLoad {
        load: Load,
        /// The usual load it was compared with.
        usual: f64,
        baseline: LoadBaseline,
        ratio: f64,
    },
    /// `median` is `None` when there were no runs in the window to compare with.
    Long {
        duration: Seconds,
        median: Option<Seconds>,
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
    pub duration: Seconds,
    pub load: Load,
    /// Chronic load at the end of the day before the run.
    pub chronic_before: f64,
    /// Days of history before the run's day.
    pub history_days: u32,
    /// Days with a run in the window before the run's day (within the history).
    pub run_days_in_window: u32,
    /// Marked as a race or on a race's day; the calendar race's name when there is one.
    pub race: Option<Option<&'a str>>,
    /// Median duration of runs in the window before it.
    pub recent_median: Option<Seconds>,
}

/// Coggan's 42-day chronic EWMA, as used by the series: `chronic += (load − chronic) / 42`.
const CHRONIC_DAYS: f64 = super::series::CHRONIC_DAYS;

impl BigRunRule {
    /// Judges one run; `None` when it is not big.
    pub fn judge(&self, run: &RunFacts<'_>) -> Option<BigRun> {
        let mut reasons = Vec::new();
        if let (Some(name), RaceCounts::Always) = (run.race, self.races) {
            reasons.push(BigRunReason::Race {
                name: name.map(str::to_string),
            });
        }
        if let Some(usual) = self.usual_load(run)
            && run.load.0 >= self.load_vs_chronic * usual
        {
            reasons.push(BigRunReason::HighLoad {
                load: run.load,
                usual,
                baseline: self.load_baseline,
                ratio: run.load.0 / usual,
            });
        }
        let long_enough = run.duration.0 >= self.long_duration.0;
        let longer_than_usual = run
            .recent_median
            .is_none_or(|median| run.duration.0 >= self.duration_vs_median * median.0);
        if long_enough && longer_than_usual {
            reasons.push(BigRunReason::Long {
                duration: run.duration,
                median: run.recent_median,
            });
        }
        (!reasons.is_empty()).then(|| BigRun {
            summary: summary(run, &reasons),
            reasons,
        })
    }
}

impl BigRunRule {
    /// The usual load a run is compared with; `None` while history is too short.
    pub fn usual_load(&self, run: &RunFacts<'_>) -> Option<f64> {
        if run.history_days < self.min_history_days || run.chronic_before < self.min_chronic.0 {
            return None;
        }
        match self.load_baseline {
            LoadBaseline::ChronicPerDay => Some(run.chronic_before),
            LoadBaseline::ChronicPerRunDay => {
                // An EWMA started at zero has seen only 1 − (1 − 1/N)^n of its weight.
                let seen = 1.0 - (1.0 - 1.0 / CHRONIC_DAYS).powi(run.history_days as i32);
                let corrected = run.chronic_before / seen;
                let window = run.history_days.min(self.median_window_days);
                (run.run_days_in_window > 0)
                    .then(|| corrected * f64::from(window) / f64::from(run.run_days_in_window))
            }
        }
    }
}

fn summary(run: &RunFacts<'_>, reasons: &[BigRunReason]) -> String {
    let what = if run.race.is_some() {
        "race"
    } else if reasons
        .iter()
        .any(|r| matches!(r, BigRunReason::Long { .. }))
    {
        "long run"
    } else {
        "run"
    };
    let details: Vec<String> = reasons
        .iter()
        .map(|reason| match reason {
            BigRunReason::Race { name: Some(name) } => format!("race day ({name})"),
            BigRunReason::Race { name: None } => "marked as a race".to_string(),
            BigRunReason::HighLoad {
                load,
                usual,
                baseline,
                ratio,
            } => format!(
                "{ratio:.1}× your usual load ({:.0} points vs {usual:.0} {})",
                load.0,
                match baseline {
                    LoadBaseline::ChronicPerDay => "a day",
                    LoadBaseline::ChronicPerRunDay => "on a usual run day",
                }
            ),
            BigRunReason::Long {
                duration,
                median: Some(median),
            } => format!(
                "{} is {:.1}× your median run of {} over the last weeks",
                format_duration(*duration),
                duration.0 / median.0,
                format_duration(*median)
            ),
            BigRunReason::Long {
                duration,
                median: None,
            } => format!(
                "{} with no runs in the weeks before",
                format_duration(*duration)
            ),
        })
        .collect();
    format!("{:.1} km {what}, {}", run.distance.km(), details.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> RunFacts<'static> {
        RunFacts {
            distance: Meters(10_000.0),
            duration: Seconds::from_minutes(50.0),
            load: Load(60.0),
            chronic_before: 45.0,
            history_days: 100,
            run_days_in_window: 16,
            race: None,
            recent_median: Some(Seconds::from_minutes(50.0)),
        }
    }

    #[test]
    fn an_ordinary_run_is_not_big() {
        assert_eq!(BigRunRule::default().judge(&facts()), None);
    }

    #[test]
    fn a_long_run_names_its_numbers() {
        // 32 km in 2:45 after runs of 50 min: 165/50 = 3.3×. Chronic 40 after 100 days is
        // corrected by 1 − (41/42)^100 = 0.910163: 43.948; over 28 days with 14 run days the
        // usual run day is 43.948 × 28 / 14 = 87.896; 200 / 87.896 = 2.275 → "2.3×".
        let run = RunFacts {
            distance: Meters(32_000.0),
            duration: Seconds::from_minutes(165.0),
            load: Load(200.0),
            chronic_before: 40.0,
            run_days_in_window: 14,
            ..facts()
        };
        let usual = BigRunRule::default().usual_load(&run).unwrap();
        assert!((usual - 87.896).abs() < 0.001, "{usual}");
        let big = BigRunRule::default().judge(&run).unwrap();
        assert_eq!(big.reasons.len(), 2);
        assert!(
            big.summary
                .starts_with("32.0 km long run, 2.3× your usual load"),
            "{}",
            big.summary
        );
        assert!(
            big.summary.contains("3.3× your median run of 50:00"),
            "{}",
            big.summary
        );
    }

    #[test]
    fn ninety_minutes_is_not_big_for_a_runner_who_does_it_often() {
        // 95 min vs a median of 80 min: 1.19× < 1.5×.
        let run = RunFacts {
            duration: Seconds::from_minutes(95.0),
            recent_median: Some(Seconds::from_minutes(80.0)),
            ..facts()
        };
        assert_eq!(BigRunRule::default().judge(&run), None);
    }

    #[test]
    fn races_count_unless_configured_otherwise() {
        let run = RunFacts {
            race: Some(Some("City 10K")),
            ..facts()
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
    fn no_load_reason_before_there_is_a_chronic_load() {
        let run = RunFacts {
            chronic_before: 2.0,
            load: Load(60.0),
            ..facts()
        };
        assert_eq!(BigRunRule::default().judge(&run), None);
        let early = RunFacts {
            history_days: 10,
            load: Load(200.0),
            ..facts()
        };
        assert_eq!(BigRunRule::default().judge(&early), None);
    }

    #[test]
    fn the_literal_daily_baseline_flags_a_three_day_a_week_runner() {
        // Three 60-point runs a week: chronic settles at 60 × 3 / 7 = 25.7, so each ordinary
        // run is 2.33× the daily chronic load. The run-day baseline sees 25.7 × 28 / 12 =
        // 60 and does not flag it.
        let run = RunFacts {
            load: Load(60.0),
            chronic_before: 60.0 * 3.0 / 7.0,
            history_days: 400,
            run_days_in_window: 12,
            ..facts()
        };
        let literal = BigRunRule {
            load_baseline: LoadBaseline::ChronicPerDay,
            ..BigRunRule::default()
        };
        assert!(literal.judge(&run).is_some());
        assert_eq!(BigRunRule::default().judge(&run), None);
    }

    #[test]
    fn intensity_bands() {
        assert_eq!(Intensity::of(0.70), Intensity::Easy);
        assert_eq!(Intensity::of(0.85), Intensity::Moderate);
        assert_eq!(Intensity::of(0.95), Intensity::Hard);
    }
}
