//! Every domain-level choice in one place: the bands, windows and cut-offs the analysis and
//! the planner apply, each with its value as this runner's profile has it and where it comes
//! from (a study, DOMAIN.md, or "ours" where the literature leaves the number to us). The
//! numbers themselves stay where the code uses them (constants, `BigRunRule`, `PlanRules`);
//! this module reads them, so the list cannot drift from what is applied. `tuneup profile
//! show` prints it (text and JSON).

use crate::load::{
    ACWR_BANDS, BOUT_MIN_S, BigRunRule, ESTIMATE_WINDOW_DAYS, LONG_RUN_MINUTES, MAX_HR_DAYS,
    MAX_HR_HELD_S, MAX_HR_SUSTAINED_S, PAUSE_GAP_S, SPIKE_BANDS, SPIKE_SOURCE,
    STEADY_HR_RECOVERY_BELOW, STEADY_SPEED_RECOVERY_BELOW, STEADY_WINDOWS_S,
    THRESHOLD_RESERVE_FRACTION, UNKNOWN_SEX_TRIMP,
};
use crate::plan::PlanRules;
use crate::plausibility;
use serde::Serialize;

/// One choice: what it is, its value, where it comes from, and the setting that changes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainChoice {
    /// A stable key: "spike_bands", "estimate_window".
    pub key: &'static str,
    /// What the choice decides, in words.
    pub what: &'static str,
    /// The value as applied, in words with units.
    pub value: String,
    /// The study or document it comes from; "ours" says the number is our choice.
    pub source: &'static str,
    /// The profile setting that changes it (`big_run.spike_window_days`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setting: Option<&'static str>,
}

const RUNSAFE: &str = "Garmin-RUNSAFE: Frandsen et al., Br J Sports Med 2025;59(17):1203–1210 \
                       (DOMAIN.md, \"Classifying sessions and spotting risky runs\")";
const SEILER: &str = "Seiler & Kjerland 2006; Sylta, Tønnessen & Seiler 2014 (DOMAIN.md, \
                      \"Classifying sessions\"); the cut-offs are ours";
const RECENT: &str = "DOMAIN.md, \"Estimates should come from recent running\"; the numbers are \
                      ours";

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// The choices as applied for a runner with these settings.
pub fn choices(big_run: &BigRunRule, plan: &PlanRules) -> Vec<DomainChoice> {
    let bands: Vec<String> = SPIKE_BANDS
        .iter()
        .map(|b| match b.hazard_ratio {
            Some(hr) => format!("{} (HRR {hr})", b.label),
            None => format!("{} (reference)", b.label),
        })
        .collect();
    let zones: Vec<String> = ACWR_BANDS
        .iter()
        .map(|b| {
            if b.upper.is_finite() {
                format!("{} {:.1}–{:.1}", b.label, b.lower, b.upper)
            } else {
                format!("{} from {:.1}", b.label, b.lower)
            }
        })
        .collect();
    let [twenty, _, sixty] = STEADY_WINDOWS_S;
    vec![
        DomainChoice {
            key: "spike_bands",
            what: "a run's distance against the longest run of the window before it",
            value: bands.join(", "),
            source: RUNSAFE,
            setting: None,
        },
        DomainChoice {
            key: "spike_window",
            what: "the window a run (done or planned) is compared with",
            value: format!("{} days", big_run.spike_window_days),
            source: RUNSAFE,
            setting: Some("big_run.spike_window_days"),
        },
        DomainChoice {
            key: "big_by_load",
            what: "a run is big by load when its load is more than this above the largest of \
                   the window (itself excluded)",
            value: percent(big_run.load_over),
            source: "ours, mirroring Garmin-RUNSAFE's 10 % reference band",
            setting: Some("big_run.load_over"),
        },
        DomainChoice {
            key: "planned_spike",
            what: "a planned run more than this longer than the longest run of the window \
                   before it gets a caution",
            value: format!(
                "{} over {} days",
                percent(plan.planned_spike_over),
                plan.planned_spike_window_days
            ),
            source: RUNSAFE,
            setting: Some("plan_rules.planned_spike_over, plan_rules.planned_spike_window_days"),
        },
        DomainChoice {
            key: "acwr_windows",
            what: "the acute:chronic ratio: the last 7 days' load against the weekly average \
                   of the 28 days before them (rolling, uncoupled), beside a 7/28-day EWMA",
            value: "7 days against 28 days".to_string(),
            source: "Gabbett 2016 (rolling), Williams et al. 2017 (EWMA); context, not a risk \
                     verdict (Garmin-RUNSAFE)",
            setting: None,
        },
        DomainChoice {
            key: "acwr_zones",
            what: "the zones of the rolling ratio",
            value: zones.join(", "),
            source: "Gabbett 2016",
            setting: None,
        },
        DomainChoice {
            key: "acwr_caution",
            what: "the plan cautions when the rolling ratio, as shown, is above this",
            value: format!("{:.2}", plan.acwr_threshold),
            source: "Gabbett 2016 (\"danger zone\"); context, not a verdict",
            setting: Some("plan_rules.acwr_threshold"),
        },
        DomainChoice {
            key: "fitness_fatigue",
            what: "fatigue and fitness: exponentially weighted daily load",
            value: "7 and 42 days".to_string(),
            source: "Banister's impulse-response model as Coggan's performance chart uses it",
            setting: None,
        },
        DomainChoice {
            key: "history_restart",
            what: "after this long without any load the averages start again from zero, so \
                   an old file does not change today's numbers",
            value: format!("{} days", crate::load::RESTART_AFTER_DAYS),
            source: "ours",
            setting: None,
        },
        DomainChoice {
            key: "session_hard",
            what: "a session is hard with this much at or above threshold heart rate or pace \
                   in bouts of a minute or more, or this long near threshold, or this \
                   whole-session intensity",
            value: format!(
                "{:.0} min in bouts of {:.0} s; or {:.0} min at {} of threshold; or intensity \
                 {:.2}",
                big_run.hard_minutes_at_threshold,
                BOUT_MIN_S,
                big_run.hard_minutes_near_threshold,
                percent(big_run.hard_near_threshold),
                big_run.hard_intensity
            ),
            source: SEILER,
            setting: Some(
                "big_run.hard_minutes_at_threshold, big_run.hard_minutes_near_threshold, \
                 big_run.hard_near_threshold, big_run.hard_intensity",
            ),
        },
        DomainChoice {
            key: "session_moderate",
            what: "a session is moderate with this long near threshold or this whole-session \
                   intensity; easy otherwise",
            value: format!(
                "{:.0} min at {} of threshold; or intensity {:.2}",
                big_run.moderate_minutes_near_threshold,
                percent(big_run.moderate_near_threshold),
                big_run.moderate_intensity
            ),
            source: SEILER,
            setting: Some(
                "big_run.moderate_minutes_near_threshold, big_run.moderate_near_threshold, \
                 big_run.moderate_intensity",
            ),
        },
        DomainChoice {
            key: "long_run",
            what: "an unlabelled run this long or longer is a long run",
            value: format!("{LONG_RUN_MINUTES:.0} min"),
            source: "ours",
            setting: None,
        },
        DomainChoice {
            key: "estimate_window",
            what: "max and threshold estimates read the running activities of this many days",
            value: format!(
                "{} days (default {ESTIMATE_WINDOW_DAYS})",
                big_run.estimate_window_days
            ),
            source: RECENT,
            setting: Some("big_run.estimate_window_days"),
        },
        DomainChoice {
            key: "max_hr",
            what: "max heart rate: the highest held this long, or a day's peak (held this \
                   long) reached on this many different days; never one spike",
            value: format!(
                "held {MAX_HR_HELD_S:.0} s; or a {MAX_HR_SUSTAINED_S:.0}-s peak on \
                 {MAX_HR_DAYS} days"
            ),
            source: RECENT,
            setting: None,
        },
        DomainChoice {
            key: "steady_effort",
            what: "threshold heart rate and pace come from steady, continuous stretches of \
                   this length (or races): no pause, no minute below these shares of the \
                   stretch's heart rate or speed",
            value: format!(
                "{:.0}–{:.0} min; {} of heart rate, {} of speed",
                twenty / 60.0,
                sixty / 60.0,
                percent(STEADY_HR_RECOVERY_BELOW),
                percent(STEADY_SPEED_RECOVERY_BELOW)
            ),
            source: "issue 11 (\"a 20–60 min stretch without bouts of recovery\"); the shares \
                     are ours",
            setting: None,
        },
        DomainChoice {
            key: "threshold_floor",
            what: "when no steady effort reaches it, threshold heart rate is this share of the \
                   heart-rate reserve",
            value: percent(THRESHOLD_RESERVE_FRACTION),
            source: "Karvonen; lactate threshold typically sits at 80–90 % of the reserve",
            setting: None,
        },
        DomainChoice {
            key: "trimp_unknown_sex",
            what: "heart-rate load weighting when sex is not set",
            value: format!(
                "{} (a {}, b {})",
                UNKNOWN_SEX_TRIMP.label, UNKNOWN_SEX_TRIMP.a, UNKNOWN_SEX_TRIMP.b
            ),
            source: "Banister 1991: the original set; see load/trimp.rs for why not a midpoint",
            setting: None,
        },
        DomainChoice {
            key: "plausible_heart_rate",
            what: "heart-rate samples outside this range are dropped one by one",
            value: format!(
                "{}–{} bpm",
                plausibility::HEART_RATE_BPM.start(),
                plausibility::HEART_RATE_BPM.end()
            ),
            source: "Tanaka et al. 2001 (J Am Coll Cardiol 37:153) for the top; see plausibility.rs",
            setting: None,
        },
        DomainChoice {
            key: "refused",
            what: "values no activity can hold: refused, naming the field",
            value: format!(
                "years {}–{}, at most {:.0} days, at most {:.0} km, finite numbers only",
                plausibility::YEARS.start(),
                plausibility::YEARS.end(),
                plausibility::MAX_DURATION_S / 86_400.0,
                plausibility::MAX_DISTANCE_M / 1000.0
            ),
            source: "ours (issue 11's one table); see plausibility.rs",
            setting: None,
        },
        DomainChoice {
            key: "implausible",
            what: "kept and listed, but left out of load, estimates and baselines",
            value: format!(
                "a run faster than the world record for its distance; moving over {:.0} h; \
                 samples a median {:.0} min or more apart",
                plausibility::MAX_MOVING_S / 3600.0,
                plausibility::MAX_MEDIAN_SAMPLE_INTERVAL_S / 60.0
            ),
            source: "World Athletics records lists (2025); see plausibility.rs",
            setting: None,
        },
        DomainChoice {
            key: "pause",
            what: "a gap between samples longer than this is a pause, not effort",
            value: format!("{PAUSE_GAP_S:.0} s"),
            source: "ours",
            setting: None,
        },
        DomainChoice {
            key: "spike_citation",
            what: "how a spike caution names its source",
            value: SPIKE_SOURCE.to_string(),
            source: RUNSAFE,
            setting: None,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_names_its_source_and_follows_the_profile() {
        let rule = BigRunRule {
            spike_window_days: 21,
            ..BigRunRule::default()
        };
        let list = choices(&rule, &PlanRules::default());
        assert!(
            list.iter()
                .all(|c| !c.source.is_empty() && !c.value.is_empty())
        );
        let find = |key| list.iter().find(|c| c.key == key).expect("listed");
        assert_eq!(find("spike_window").value, "21 days");
        assert_eq!(
            find("spike_bands").value,
            "up to 10 % (reference), 10–30 % (HRR 1.64 (1.31–2.05)), 30–100 % (HRR 1.52 \
             (1.16–2.00)), over 100 % (HRR 2.28 (1.50–3.48))"
        );
        assert_eq!(find("estimate_window").value, "180 days (default 180)");
        assert_eq!(
            find("session_hard").value,
            "10 min in bouts of 60 s; or 20 min at 95 % of threshold; or intensity 0.95"
        );
        let keys: std::collections::BTreeSet<_> = list.iter().map(|c| c.key).collect();
        assert_eq!(keys.len(), list.len(), "keys are unique");
    }
}
