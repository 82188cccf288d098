//! The planner's load inputs from the training-load analysis: big runs with their end
//! time and a reason in plain words, and the ACWR series.

use super::{BigRun, WeeklyLoad};
use crate::id::Record;
use crate::load::{Analysis, BigRunReason, SPIKE_SOURCE};
use crate::model::Activity;
use crate::plan::format;
use crate::vocab::UnitSystem;

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

/// The days with a rolling ratio: their weekly totals.
pub fn acwr(analysis: &Analysis) -> Vec<WeeklyLoad> {
    analysis
        .series
        .iter()
        .filter_map(|day| {
            day.rolling.map(|r| WeeklyLoad {
                date: day.date,
                last_7_days: r.last_7_days,
                weekly_average_before: r.weekly_average_before,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::analyse;
    use crate::model::AthleteProfile;
    use crate::plan::RuleId;
    use crate::plan::testkit::{Fixture, items_of, nov};
    use crate::vocab::SessionKind;

    #[test]
    fn an_ordinary_week_with_its_long_run_raises_no_caution() {
        // Ten identical weeks: 8 km Mon, Wed, Fri and a 24 km long run on Sat. The daily EWMA
        // ratio jumps the day of each long run; the weekly totals stay level, so no caution.
        let mut f = Fixture::new(nov(29));
        let start = nov(29) - chrono::Duration::days(70);
        for week in 0..10 {
            for (day, km, kind) in [
                (0, 8.0, SessionKind::Easy),
                (2, 8.0, SessionKind::Easy),
                (4, 8.0, SessionKind::Easy),
                (5, 24.0, SessionKind::Long),
            ] {
                let date = start + chrono::Duration::days(week * 7 + day);
                f.run(100 + week * 10 + day, date, km, kind);
            }
        }
        let analysis = analyse(&AthleteProfile::default(), &f.activities, &[], nov(29));
        // The last long run (the 24 km is the only run over 100 points).
        let long_day = analysis
            .series
            .iter()
            .rev()
            .find(|d| d.load.0 > 100.0)
            .expect("a long-run day");
        assert!(long_day.acwr.expect("ten weeks") > 1.2, "{long_day:?}");
        let weekly = long_day.rolling.expect("ten weeks of data");
        assert!((weekly.ratio - 1.0).abs() < 0.05, "{weekly:?}");
        f.acwr = acwr(&analysis);
        assert!(items_of(&f.plan(), RuleId::AcwrSpike).is_empty());
    }

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
