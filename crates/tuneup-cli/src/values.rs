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
