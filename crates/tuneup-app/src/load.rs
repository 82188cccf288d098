//! The training load day by day, for a range of days.

use crate::Result;
use chrono::NaiveDate;
use serde::Serialize;
use tuneup_core::AthleteId;
use tuneup_core::load::{
    ACWR_BANDS, AcwrBand, AnalysedActivity, Analysis, DailyLoad, EffectiveProfile,
};
use tuneup_store::Store;

/// Days shown when the runner names no range: four weeks up to the last day.
pub const DEFAULT_DAYS: i64 = 28;

/// The first day of the default range that ends on `to`.
pub fn default_from(to: NaiveDate) -> NaiveDate {
    to - chrono::Duration::days(DEFAULT_DAYS - 1)
}

/// The analysis as of `today`, for showing `from..=to`.
pub fn analyse(store: &dyn Store, athlete: AthleteId, today: NaiveDate) -> Result<Analysis> {
    Ok(crate::analysis::analyse(store, athlete, today)?.analysis)
}

/// The load of a range of days as JSON shows it: the days, the activities in them, the ACWR
/// zones, the caution about what the ratio can tell, and the profile values used.
#[derive(Debug, Serialize)]
pub struct LoadReport<'a> {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: &'a [DailyLoad],
    pub activities: Vec<&'a AnalysedActivity>,
    pub acwr_zones: &'static [AcwrBand],
    pub caution: &'static str,
    pub profile: &'a EffectiveProfile,
}

impl<'a> LoadReport<'a> {
    pub fn new(analysis: &'a Analysis, from: NaiveDate, to: NaiveDate) -> Self {
        LoadReport {
            from,
            to,
            days: analysis.series_between(from, to),
            activities: in_range(analysis, from, to).collect(),
            acwr_zones: &ACWR_BANDS,
            caution: analysis.caution,
            profile: &analysis.profile,
        }
    }
}

/// The analysed activities dated `from..=to`.
pub fn in_range(
    analysis: &Analysis,
    from: NaiveDate,
    to: NaiveDate,
) -> impl Iterator<Item = &AnalysedActivity> {
    analysis
        .activities
        .iter()
        .filter(move |a| a.date >= from && a.date <= to)
}
