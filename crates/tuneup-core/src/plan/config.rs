//! The planner's thresholds and defaults, as data: every number a rule uses lives here, with
//! the reason for its default, so a coach can tune the plan without touching code.

use crate::model::{InvalidField, check_range};
use crate::vocab::{BodyArea, RacePriority, SessionKind};
use serde::{Deserialize, Serialize};

/// Tunable thresholds of the recovery planner. Missing fields in a config file take the
/// defaults below (`#[serde(default)]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanRules {
    /// `service_interval`: "due" from this many days before the due date, so there is time
    /// to book.
    pub service_due_soon_days: u32,
    /// `service_interval`: the recent running used to project when the km limit will be hit.
    pub km_rate_lookback_days: u32,
    /// The areas a post-run or maintenance massage covers: the running muscles.
    pub leg_areas: Vec<BodyArea>,
    /// `post_big_run`: the window for the light massage, in hours after the run ended.
    /// 24–48 h comes from the seed article.
    pub post_big_run_from_hours: u32,
    pub post_big_run_to_hours: u32,
    /// `no_hard_after_massage`: which planned sessions count as hard. A long run is as
    /// demanding as intervals for the legs, so it is included.
    pub hard_kinds: Vec<SessionKind>,
    /// `no_hard_after_massage`: hours without a hard session after deep-tissue or
    /// trigger-point work, 24 to 36 (sports-massage guidance in DOMAIN.md). The default is
    /// the short end; the FAQ quotes the runner's own value.
    pub deep_no_hard_hours: u32,
    /// `race_taper`: the races whose run-up is protected.
    pub taper_priorities: Vec<RacePriority>,
    /// `race_taper`: no deep work in this many days before a protected race.
    pub taper_no_deep_days: u32,
    /// `race_taper`: light massage is fine up to this many days before a protected race.
    pub taper_light_until_days: u32,
    /// `post_race`: no deep work for this many days after any race…
    pub post_race_no_deep_days: u32,
    /// …or after a marathon or longer: "after a marathon, wait about 3 days for deep work"
    /// (DOMAIN.md, massage timing). A shorter race never waits longer than a marathon.
    pub post_marathon_no_deep_days: u32,
    /// `trouble_area`: an area logged on at least `trouble_min_days` days within
    /// `trouble_window_days`, or once at `trouble_min_level` or more, is a trouble area.
    pub trouble_window_days: u32,
    pub trouble_min_days: u32,
    pub trouble_min_level: u8,
    /// `acwr_spike`: above this acute:chronic ratio, recovery comes first (≈1.5 is the
    /// injury-risk zone in the workload literature, see DOMAIN.md).
    pub acwr_threshold: f64,
    /// `acwr_spike`: how long the caution lasts, in days.
    pub acwr_caution_days: u32,
    /// `acwr_spike`: an ACWR value older than this many days is stale and ignored.
    pub acwr_max_age_days: u32,
    /// Visits: the fewest days between two professional massages (a visit on Mon and the
    /// next on Thu are 3 days apart).
    pub visit_min_days_between: u32,
    /// Visits: the most professional massages in any 28 days, logged and booked included.
    /// Two keeps to the 2–4 weeks most runners settle on (the FAQ's "how often").
    pub visits_per_28_days: u32,
    /// `planned_spike`: a planned run more than this share longer than the longest run of
    /// `planned_spike_window_days` before it gets a caution. 0.10 and 30 days are
    /// Garmin-RUNSAFE's reference band and window (Frandsen et al. 2025, DOMAIN.md).
    pub planned_spike_over: f64,
    pub planned_spike_window_days: u32,
    /// `see_a_pro`: pain at this level or more means see a physical therapist.
    pub pro_min_level: u8,
    /// `see_a_pro`: an area sore for more than this many days in a row.
    pub pro_persistent_days: u32,
    /// `see_a_pro`: days between two entries that still count as "in a row".
    pub pro_max_gap_days: u32,
    /// `see_a_pro`: how far back a sharp or severe entry still counts.
    pub pro_lookback_days: u32,
}

impl Default for PlanRules {
    fn default() -> Self {
        PlanRules {
            service_due_soon_days: 3,
            km_rate_lookback_days: 28,
            leg_areas: vec![
                BodyArea::Calves,
                BodyArea::Hamstrings,
                BodyArea::Quads,
                BodyArea::Glutes,
            ],
            post_big_run_from_hours: 24,
            post_big_run_to_hours: 48,
            hard_kinds: vec![SessionKind::Hard, SessionKind::Long, SessionKind::Race],
            deep_no_hard_hours: 24,
            taper_priorities: vec![RacePriority::A],
            taper_no_deep_days: 5,
            taper_light_until_days: 2,
            post_race_no_deep_days: 3,
            post_marathon_no_deep_days: 3,
            trouble_window_days: 7,
            trouble_min_days: 2,
            trouble_min_level: 5,
            acwr_threshold: 1.5,
            acwr_caution_days: 7,
            acwr_max_age_days: 3,
            visit_min_days_between: 3,
            visits_per_28_days: 2,
            planned_spike_over: 0.10,
            planned_spike_window_days: 30,
            pro_min_level: 7,
            pro_persistent_days: 7,
            pro_max_gap_days: 2,
            pro_lookback_days: 14,
        }
    }
}

impl PlanRules {
    /// Checks that every threshold is in a range the rules make sense for.
    pub fn validate(&self) -> Result<(), InvalidField> {
        check_range("deep_no_hard_hours", self.deep_no_hard_hours, 24, 36)?;
        check_range(
            "post_big_run_from_hours",
            self.post_big_run_from_hours,
            0,
            96,
        )?;
        check_range(
            "post_big_run_to_hours",
            self.post_big_run_to_hours,
            self.post_big_run_from_hours,
            120,
        )?;
        check_range("taper_no_deep_days", self.taper_no_deep_days, 0, 21)?;
        check_range(
            "taper_light_until_days",
            self.taper_light_until_days,
            0,
            self.taper_no_deep_days.max(1),
        )?;
        check_range("post_race_no_deep_days", self.post_race_no_deep_days, 0, 21)?;
        check_range(
            "post_marathon_no_deep_days",
            self.post_marathon_no_deep_days,
            0,
            28,
        )?;
        check_range("trouble_window_days", self.trouble_window_days, 1, 42)?;
        check_range("trouble_min_days", self.trouble_min_days, 1, 42)?;
        check_range("trouble_min_level", self.trouble_min_level, 1, 10)?;
        check_range("visit_min_days_between", self.visit_min_days_between, 0, 28)?;
        check_range("visits_per_28_days", self.visits_per_28_days, 1, 28)?;
        check_range("pro_min_level", self.pro_min_level, 1, 10)?;
        check_range("pro_persistent_days", self.pro_persistent_days, 1, 90)?;
        check_range("pro_lookback_days", self.pro_lookback_days, 1, 90)?;
        check_range("acwr_caution_days", self.acwr_caution_days, 1, 28)?;
        check_range("km_rate_lookback_days", self.km_rate_lookback_days, 7, 365)?;
        check_range("planned_spike_over", self.planned_spike_over, 0.0, 10.0)?;
        check_range(
            "planned_spike_window_days",
            self.planned_spike_window_days,
            7,
            365,
        )?;
        check_range("service_due_soon_days", self.service_due_soon_days, 0, 28)?;
        check_range("acwr_max_age_days", self.acwr_max_age_days, 0, 28)?;
        check_range("pro_max_gap_days", self.pro_max_gap_days, 1, 28)?;
        if !(self.acwr_threshold.is_finite()
            && self.acwr_threshold > 0.0
            && self.acwr_threshold <= 10.0)
        {
            return Err(InvalidField::new(
                "acwr_threshold",
                format!(
                    "{} is out of range (must be a number above 0, at most 10)",
                    self.acwr_threshold
                ),
            ));
        }
        if self.leg_areas.is_empty() {
            return Err(InvalidField::new("leg_areas", "name at least one area"));
        }
        Ok(())
    }

    /// Whole days after deep work that must stay free of hard sessions (24 h → 1, 36 h → 2).
    pub fn deep_no_hard_days(&self) -> i64 {
        i64::from(self.deep_no_hard_hours.div_ceil(24))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_match_the_brief() {
        let rules = PlanRules::default();
        rules.validate().unwrap();
        assert_eq!(rules.taper_no_deep_days, 5);
        assert_eq!(rules.acwr_threshold, 1.5);
        assert_eq!(rules.deep_no_hard_days(), 1);
    }

    #[test]
    fn deep_no_hard_hours_is_limited_to_24_to_36() {
        let rules = PlanRules {
            deep_no_hard_hours: 48,
            ..PlanRules::default()
        };
        assert_eq!(rules.validate().unwrap_err().field, "deep_no_hard_hours");
        let rules = PlanRules {
            deep_no_hard_hours: 36,
            ..PlanRules::default()
        };
        rules.validate().unwrap();
        assert_eq!(rules.deep_no_hard_days(), 2);
    }

    #[test]
    fn a_partial_config_takes_the_defaults_for_the_rest() {
        let rules: PlanRules = serde_json::from_str(r#"{"acwr_threshold": 1.3}"#).unwrap();
        assert_eq!(rules.acwr_threshold, 1.3);
        assert_eq!(rules.trouble_min_days, 2);
    }
}
