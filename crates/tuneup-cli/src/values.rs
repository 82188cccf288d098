//! Parsers for command-line values, so clap names the flag when a value is wrong.

use chrono::NaiveDate;
use std::str::FromStr;
use tuneup_core::parse;
use tuneup_core::units::{Meters, MetersPerSecond, Seconds};

pub fn date(text: &str) -> Result<NaiveDate, String> {
    parse::date(text).map_err(|e| e.to_string())
}

pub fn duration(text: &str) -> Result<Seconds, String> {
    parse::duration(text).map_err(|e| e.to_string())
}

pub fn distance(text: &str) -> Result<Meters, String> {
    parse::distance(text).map_err(|e| e.to_string())
}

pub fn pace(text: &str) -> Result<MetersPerSecond, String> {
    parse::pace(text).map_err(|e| e.to_string())
}

/// Any closed vocabulary (areas, tools, techniques, ...), by its id.
pub fn vocab<T>(text: &str) -> Result<T, String>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e: T::Err| e.to_string())
}

/// A record's id, as the list commands show it.
pub fn id(text: &str) -> Result<i64, String> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| {
            format!("'{text}' is not an id: use the number shown by the list command, like 3")
        })
}

/// An amount of money: `85`, `85.50`, with or without a currency sign or code (`€70`,
/// `$85`, `70 EUR`); the currency itself is not kept.
pub fn money(text: &str) -> Result<f64, String> {
    let digits = text
        .trim()
        .trim_start_matches(['$', '€', '£', '¥'])
        .trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '€' || c.is_whitespace())
        .trim()
        .replace(',', ".");
    digits
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| {
            format!(
                "'{text}' is not an amount: use a number like 85 or 85.50 (€85 and 85 EUR work too)"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_with_signs_and_codes() {
        assert_eq!(money("70"), Ok(70.0));
        assert_eq!(money("€70"), Ok(70.0));
        assert_eq!(money("$85.50"), Ok(85.5));
        assert_eq!(money("70 EUR"), Ok(70.0));
        assert_eq!(money("70,5"), Ok(70.5));
        assert!(money("seventy").unwrap_err().contains("like 85"));
        assert!(money("-5").is_err());
        assert!(money("NaN").is_err());
    }

    #[test]
    fn ids_are_positive_numbers() {
        assert_eq!(id("3"), Ok(3));
        assert!(id("Jordan Lee").unwrap_err().contains("not an id"));
        assert!(id("0").is_err());
    }
}
