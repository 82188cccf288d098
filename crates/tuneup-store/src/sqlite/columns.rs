//! Conversions between model values and SQLite column values.

use crate::StoreError;
use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::str::FromStr;

pub(super) fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub(super) fn parse_date(text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| conversion(text, e))
}

/// Reads a vocabulary id back into its enum.
pub(super) fn parse_id<T>(text: &str) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse().map_err(|e| conversion(text, e))
}

pub(super) fn json_text<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt {
        what: format!("cannot encode a value: {e}"),
    })
}

pub(super) fn from_json<T: DeserializeOwned>(text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|e| conversion(text, e))
}

fn conversion<E: std::error::Error + Send + Sync + 'static>(
    text: &str,
    error: E,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("'{text}': {error}").into(),
    )
}
