//! Small text helpers for reasons: weekdays, dates, distances and lists in plain words.

use crate::units::{METERS_PER_MILE, Meters};
use crate::vocab::BodyArea;
use crate::vocab::UnitSystem;
use chrono::NaiveDate;

/// "Sat".
pub(crate) fn day(date: NaiveDate) -> String {
    date.format("%a").to_string()
}

/// "Sat 28 Nov".
pub(crate) fn day_date(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

/// "32 km", "21.1 km"; "19.9 mi" for a runner who reads miles.
pub(crate) fn distance(distance: Meters, units: UnitSystem) -> String {
    match units {
        UnitSystem::Metric => format!("{} km", number(distance.km())),
        UnitSystem::Imperial => format!("{} mi", number(distance.0 / METERS_PER_MILE)),
    }
}

/// A number with at most one decimal, without a trailing ".0".
pub(crate) fn number(value: f64) -> String {
    // `+ 0.0` turns a negative zero (an empty float sum is one) into "0", never "-0".
    let rounded = (value * 10.0).round() / 10.0 + 0.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// "Sun", "Sun or Mon", "Sun, Mon or Tue".
pub(crate) fn days_or(days: &[NaiveDate]) -> String {
    or_list(&days.iter().map(|d| day(*d)).collect::<Vec<_>>())
}

/// "calves", "calves and quadriceps", "calves, quadriceps and glutes".
pub(crate) fn areas(areas: &[BodyArea]) -> String {
    join(
        &areas
            .iter()
            .map(|a| a.label().to_string())
            .collect::<Vec<_>>(),
        "and",
    )
}

pub(crate) fn or_list(words: &[String]) -> String {
    join(words, "or")
}

pub(crate) fn and_list(words: &[String]) -> String {
    join(words, "and")
}

fn join(words: &[String], last: &str) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

/// "1 day", "3 days".
pub(crate) fn days_count(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_naturally() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
        assert_eq!(days_or(&[d(29)]), "Sun");
        assert_eq!(days_or(&[d(29), d(30)]), "Sun or Mon");
        assert_eq!(
            areas(&[BodyArea::Calves, BodyArea::Quads, BodyArea::Glutes]),
            "calves, quadriceps and glutes"
        );
        assert_eq!(day_date(d(28)), "Sat 28 Nov");
    }

    #[test]
    fn distances_drop_a_needless_decimal() {
        assert_eq!(distance(Meters(32_000.0), UnitSystem::Metric), "32 km");
        assert_eq!(distance(Meters(21_097.5), UnitSystem::Metric), "21.1 km");
        assert_eq!(distance(Meters(32_000.0), UnitSystem::Imperial), "19.9 mi");
        let nothing: f64 = Vec::<f64>::new().into_iter().sum();
        assert_eq!(number(nothing), "0");
    }
}
