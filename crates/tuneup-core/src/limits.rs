//! The one table of what tuneup accepts: every way in (the CLI's flags, the decoders, the
//! store, the web) refuses a value outside these limits, naming the field and the range.
//! (What is accepted but flagged implausible lives beside this, not here.)

use crate::model::InvalidField;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// Earliest calendar year of any date tuneup stores or plans from.
pub const MIN_YEAR: i32 = 1900;
/// Latest calendar year of any date tuneup stores or plans from.
pub const MAX_YEAR: i32 = 2100;
/// Longest activity: 7 days.
pub const MAX_DURATION_S: f64 = 7.0 * 24.0 * 3600.0;
/// Longest activity distance (and elevation gain): 1,000 km.
pub const MAX_DISTANCE_M: f64 = 1_000_000.0;
/// Most money one massage can cost, in the runner's currency.
pub const MAX_COST: f64 = 100_000.0;
/// Longest text a runner types into one field (a name, a title, a note), in bytes.
pub const MAX_TEXT_BYTES: usize = 4096;
/// Most days a plan covers, and most days any day-count rule value may be.
pub const MAX_RULE_DAYS: u32 = 366;

/// The words every date refusal uses.
pub const DATE_RANGE: &str = "1900-01-01 to 2100-12-31";
/// The words every duration refusal uses.
pub const DURATION_RANGE: &str = "0 to 7 days";
/// The words every distance refusal uses.
pub const DISTANCE_RANGE: &str = "0 to 1,000 km";

/// A refused value as a message shows it: as given, or in scientific notation when that would
/// run to dozens of digits (1e300, not a 300-digit number).
pub fn shown(value: &dyn std::fmt::Display) -> String {
    let text = value.to_string();
    match text.parse::<f64>() {
        Ok(number) if text.len() > 16 && number.is_finite() => format!("{number:e}"),
        _ => text,
    }
}

/// Text as it may reach a terminal or a calendar file: control characters (escape sequences,
/// carriage returns, bells, C1 codes) removed, tabs and line breaks turned into spaces. A
/// title or file name from a file is someone else's text.
pub fn printable(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// [`printable`], keeping line breaks (`\n`) for multi-line text.
pub fn printable_lines(text: &str) -> String {
    text.split('\n')
        .map(printable)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether `date` lies in 1900–2100.
pub fn date_in_range(date: NaiveDate) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&date.year())
}

/// Refuses a date outside 1900–2100.
pub fn check_date(field: &'static str, date: NaiveDate) -> Result<(), InvalidField> {
    if date_in_range(date) {
        Ok(())
    } else {
        Err(InvalidField::new(
            field,
            format!("{date} is out of range (must be {DATE_RANGE})"),
        ))
    }
}

/// Refuses an instant whose UTC date is outside 1900–2100.
pub fn check_instant(field: &'static str, at: DateTime<Utc>) -> Result<(), InvalidField> {
    check_date(field, at.date_naive())
}

/// Refuses NaN and infinities.
pub fn check_finite(field: &'static str, value: f64) -> Result<(), InvalidField> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(InvalidField::new(
            field,
            format!("{value} is not a number tuneup can use (must be finite)"),
        ))
    }
}

/// Refuses a duration (seconds) that is not finite or lies outside 0 to 7 days.
pub fn check_duration(field: &'static str, seconds: f64) -> Result<(), InvalidField> {
    check_finite(field, seconds)?;
    if (0.0..=MAX_DURATION_S).contains(&seconds) {
        Ok(())
    } else {
        Err(InvalidField::new(
            field,
            format!(
                "{} s is out of range (must be {DURATION_RANGE})",
                shown(&seconds)
            ),
        ))
    }
}

/// Refuses a distance (metres) that is not finite or lies outside 0 to 1,000 km.
pub fn check_distance(field: &'static str, metres: f64) -> Result<(), InvalidField> {
    check_finite(field, metres)?;
    if (0.0..=MAX_DISTANCE_M).contains(&metres) {
        Ok(())
    } else {
        Err(InvalidField::new(
            field,
            format!(
                "{} m is out of range (must be {DISTANCE_RANGE})",
                shown(&metres)
            ),
        ))
    }
}

/// Refuses text longer than [`MAX_TEXT_BYTES`].
pub fn check_text(field: &'static str, text: &str) -> Result<(), InvalidField> {
    if text.len() <= MAX_TEXT_BYTES {
        Ok(())
    } else {
        Err(InvalidField::new(
            field,
            format!(
                "{} bytes is too long (must be at most {MAX_TEXT_BYTES})",
                text.len()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_limit_names_its_field_and_range() {
        let far = NaiveDate::from_ymd_opt(-200_000, 1, 1).unwrap();
        let error = check_date("date", far).unwrap_err();
        assert_eq!(error.field, "date");
        assert!(error.reason.contains(DATE_RANGE), "{error}");
        check_date("date", NaiveDate::from_ymd_opt(1900, 1, 1).unwrap()).unwrap();
        check_date("date", NaiveDate::from_ymd_opt(2100, 12, 31).unwrap()).unwrap();
        assert!(check_date("date", NaiveDate::from_ymd_opt(2101, 1, 1).unwrap()).is_err());

        for bad in [f64::NAN, f64::INFINITY, -1.0, 1e300, MAX_DURATION_S + 1.0] {
            let error = check_duration("duration", bad).unwrap_err();
            assert_eq!(error.field, "duration");
        }
        check_duration("duration", MAX_DURATION_S).unwrap();
        assert!(
            check_distance("distance", 1e300)
                .unwrap_err()
                .reason
                .contains(DISTANCE_RANGE)
        );
        check_distance("distance", 42_195.0).unwrap();
        assert_eq!(shown(&1e300), "1e300");
        assert_eq!(shown(&42.5), "42.5");
        assert_eq!(
            printable("bad\u{1b}[2J\u{1b}[31mCLEARED\u{1b}[0m.gpx\r\u{7}"),
            "bad[2J[31mCLEARED[0m.gpx "
        );
        assert_eq!(printable_lines("a\r\nb\u{9b}c"), "a \nbc");
        assert!(check_text("name", &"x".repeat(65_536)).is_err());
    }
}
