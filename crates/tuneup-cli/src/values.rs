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

/// An amount of money as typed: `85`, `85.50`, `€70`, `$85`, `70 EUR`. It meets the
/// runner's currency in the use case (`tuneup_app::profile::amount`).
pub fn money(text: &str) -> Result<tuneup_core::money::TypedAmount, String> {
    tuneup_core::money::parse_amount(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_with_signs_and_codes() {
        let usd = tuneup_core::money::Currency::DEFAULT;
        assert_eq!(money("70").unwrap().in_currency(usd).unwrap().minor, 7000);
        assert_eq!(
            money("$85.50").unwrap().in_currency(usd).unwrap().minor,
            8550
        );
        assert!(money("€70").unwrap().in_currency(usd).is_err());
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
