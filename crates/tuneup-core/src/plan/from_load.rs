//! The planner's load inputs from the training-load analysis: big runs with their end
//! time and a reason in plain words, and the ACWR series.

use super::BigRun;
use crate::id::Record;
use crate::load::{Analysis, BigRunReason, SPIKE_SOURCE};
use crate::model::Activity;
use crate::plan::format;
use crate::vocab::UnitSystem;
use chrono::NaiveDate;

/// The big runs of `analysis`, with end times from `activities` (runs missing there are
/// skipped: the planner needs to know when they ended).
pub fn big_runs(
    analysis: &Analysis,
    activities: &[Record<Activity>],
    window: u32,
    units: UnitSystem,
) -> Vec<BigRun> {
    analysis
        .big_runs()
        .filter_map(|analysed| {
            let big = analysed.big_run.as_ref()?;
            let activity = activities.iter().find(|a| a.id == analysed.id)?;
            let mut load_ratio = None;
            let reasons: Vec<String> = big
                .reasons
                .iter()
                .map(|reason| match reason {
                    BigRunReason::Race { name: Some(name) } => format!("race day ({name})"),
                    BigRunReason::Race { name: None } => "a race".to_string(),
                    BigRunReason::Spike { longest, over, .. } => format!(
                        "{:.0} % longer than your longest run in {window} days ({}), a spike \
                         linked to more overuse injuries ({SPIKE_SOURCE})",
                        over * 100.0,
                        format::distance(*longest, units),
                    ),
                    BigRunReason::HighLoad { ratio, .. } => {
                        load_ratio = Some(*ratio);
                        format!(
                            "load {:.0} % above your largest in {window} days",
                            (ratio - 1.0) * 100.0
                        )
                    }
                })
                .collect();
            Some(BigRun {
                activity: analysed.id,
                date: analysed.date,
                end: activity.item.end(),
                distance: analysed.distance,
                load_ratio,
                session: analysed.session.to_string(),
                reason: reasons.join(" and "),
            })
        })
        .collect()
}

/// The days with an ACWR value.
pub fn acwr(analysis: &Analysis) -> Vec<(NaiveDate, f64)> {
    analysis
        .series
        .iter()
        .filter_map(|day| day.acwr.map(|ratio| (day.date, ratio)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::analyse;
    use crate::model::AthleteProfile;
    use crate::plan::testkit::{Fixture, nov};
    use crate::vocab::SessionKind;

    #[test]
    fn a_long_run_after_weeks_of_easy_ones_becomes_a_big_run_with_its_end() {
        let mut f = Fixture::new(nov(28));
        for day in 0..56 {
            let date = nov(1) - chrono::Duration::days(28) + chrono::Duration::days(day);
            f.run(day + 100, date, 8.0, SessionKind::Easy);
        }
        f.run(1, nov(28), 32.0, SessionKind::Long);
        let analysis = analyse(&AthleteProfile::default(), &f.activities, &[], nov(28));
        let runs = big_runs(&analysis, &f.activities, 30, UnitSystem::Metric);
        let big = runs
            .iter()
            .find(|r| r.activity.0 == 1)
            .expect("the long run is big");
        assert_eq!(big.date, nov(28));
        assert_eq!(big.end, f.activities.last().unwrap().item.end());
        assert!(
            big.reason
                .starts_with("300 % longer than your longest run in 30 days (8 km)"),
            "{}",
            big.reason
        );
        assert!(!acwr(&analysis).is_empty());
    }
}
