//! The runner's situation at a glance: what the demo prints and a dashboard shows.

use crate::Result;
use chrono::NaiveDate;
use tuneup_core::load::{AnalysedActivity, DailyLoad};
use tuneup_core::model::{Activity, MassageSession, Race, SorenessEntry};
use tuneup_core::{AthleteId, Record};
use tuneup_store::{Page, Store};

/// How far back "recent" looks.
pub const RECENT_DAYS: i64 = 28;
/// How many of the newest soreness entries an overview shows.
pub const SORENESS_SHOWN: usize = 3;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Overview {
    pub name: Option<String>,
    pub activities: usize,
    /// Activities in the last [`RECENT_DAYS`] days, and their distance in km.
    pub recent_activities: usize,
    pub recent_km: f64,
    pub last_activity: Option<Record<Activity>>,
    pub races: Vec<Record<Race>>,
    /// The newest soreness entries, newest first.
    pub soreness: Vec<Record<SorenessEntry>>,
    /// Today's fitness, fatigue and form (the last day of the series).
    pub load_today: Option<DailyLoad>,
    /// Big runs of the last [`RECENT_DAYS`] days, oldest first.
    pub recent_big_runs: Vec<AnalysedActivity>,
    pub last_massage: Option<Record<MassageSession>>,
}

pub fn overview(store: &dyn Store, athlete: AthleteId, today: NaiveDate) -> Result<Overview> {
    let stored = crate::analysis::analyse(store, athlete, today)?;
    let since = today - chrono::Duration::days(RECENT_DAYS);
    let recent: Vec<&Record<Activity>> = stored
        .activities
        .iter()
        .filter(|a| a.item.local_date() >= since)
        .collect();
    let recent_km = recent.iter().map(|a| a.item.distance.km()).sum();
    let soreness = store
        .soreness(athlete, Page::ALL)?
        .into_iter()
        .rev()
        .take(SORENESS_SHOWN)
        .collect();
    let recent_big_runs = stored
        .analysis
        .big_runs()
        .filter(|a| a.date >= since)
        .cloned()
        .collect();
    Ok(Overview {
        name: stored.profile.name.clone(),
        activities: stored.activities.len(),
        recent_activities: recent.len(),
        recent_km,
        last_activity: stored.activities.last().cloned(),
        races: stored.races,
        soreness,
        load_today: stored.analysis.series.last().cloned(),
        recent_big_runs,
        last_massage: store.massages(athlete, Page::ALL)?.pop(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tuneup_core::sample::marathon_build;

    #[test]
    fn the_overview_of_the_sample_athlete() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let me = AthleteId::LOCAL;
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let sample = marathon_build(today);
        crate::sample::store_sample(store.as_mut(), me, &sample).unwrap();
        let seen = overview(store.as_ref(), me, today).unwrap();
        assert_eq!(seen.activities, sample.activities.len());
        let since = today - chrono::Duration::days(RECENT_DAYS);
        let recent: Vec<_> = sample
            .activities
            .iter()
            .filter(|a| a.local_date() >= since)
            .collect();
        assert_eq!(seen.recent_activities, recent.len());
        let km: f64 = recent.iter().map(|a| a.distance.km()).sum();
        assert!((seen.recent_km - km).abs() < 1e-9);
        assert_eq!(
            seen.soreness.len(),
            SORENESS_SHOWN.min(sample.soreness.len())
        );
        // Newest first.
        assert!(
            seen.soreness
                .windows(2)
                .all(|w| w[0].item.date >= w[1].item.date)
        );
        assert!(
            seen.recent_big_runs
                .iter()
                .all(|r| r.big_run.is_some() && r.date >= since)
        );
        assert_eq!(seen.load_today.as_ref().map(|d| d.date), Some(today));
        assert_eq!(
            seen.last_massage.map(|m| m.item.date),
            sample.massages.iter().map(|m| m.date).max()
        );
    }
}
