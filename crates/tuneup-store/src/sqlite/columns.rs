//! Conversions between model values and SQLite column values, and from SQLite's errors to
//! the backend-neutral [`StoreError`].

use crate::StoreError;
use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::str::FromStr;

/// An SQLite error becomes [`StoreError::Backend`], except a stored value this build cannot
/// read, which keeps its own variant (see [`UnknownStored`]).
impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        if let rusqlite::Error::FromSqlConversionFailure(_, _, inner) = &error {
            if let Some(unknown) = inner.downcast_ref::<UnknownStored>() {
                return StoreError::UnknownValue {
                    field: unknown.field,
                    value: unknown.value.clone(),
                };
            }
            if let Some(corrupt) = inner.downcast_ref::<CorruptStored>() {
                return StoreError::Corrupt {
                    what: corrupt.0.clone(),
                };
            }
        }
        StoreError::Backend(Box::new(error))
    }
}

/// A vocabulary id in a column that this build does not know. Carried through rusqlite's
/// row-mapping errors and turned into [`StoreError::UnknownValue`].
#[derive(Debug, thiserror::Error)]
#[error("unknown {field} '{value}'")]
pub(super) struct UnknownStored {
    pub field: &'static str,
    pub value: String,
}

/// A stored value that does not parse at all (a damaged date or JSON document).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(super) struct CorruptStored(pub String);

pub(super) fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub(super) fn parse_date(text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| wrap(CorruptStored(format!("date '{text}': {e}"))))
}

/// Reads a vocabulary id back into its enum; an id this build does not know is an error
/// naming `field` and the value.
pub(super) fn parse_id<T: FromStr>(field: &'static str, text: &str) -> rusqlite::Result<T> {
    text.parse().map_err(|_| unknown(field, text))
}

/// Reads a JSON array of vocabulary ids, naming the first unknown one.
pub(super) fn parse_ids<T: FromStr>(field: &'static str, text: &str) -> rusqlite::Result<Vec<T>> {
    let ids: Vec<String> = from_json(text)?;
    ids.iter().map(|id| parse_id(field, id)).collect()
}

/// The error for an unknown stored id.
pub(super) fn unknown(field: &'static str, value: &str) -> rusqlite::Error {
    wrap(UnknownStored {
        field,
        value: value.to_string(),
    })
}

pub(super) fn json_text<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt {
        what: format!("cannot encode a value: {e}"),
    })
}

pub(super) fn from_json<T: DeserializeOwned>(text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|e| wrap(CorruptStored(format!("'{text}': {e}"))))
}

fn wrap<E: std::error::Error + Send + Sync + 'static>(error: E) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(error))
}

/// An amount stored as `{name}_minor` (whole minor units) and `{name}_currency` (ISO 4217).
pub(super) fn money(
    row: &rusqlite::Row<'_>,
    name: &'static str,
) -> rusqlite::Result<Option<tuneup_core::money::Money>> {
    let minor: Option<i64> = row.get(format!("{name}_minor").as_str())?;
    let currency: Option<String> = row.get(format!("{name}_currency").as_str())?;
    match (minor, currency) {
        (None, _) => Ok(None),
        (Some(minor), Some(code)) => {
            let currency = code.parse().map_err(|_| unknown(name, &code))?;
            Ok(Some(tuneup_core::money::Money::new(minor, currency)))
        }
        (Some(minor), None) => Err(wrap(CorruptStored(format!(
            "{name} of {minor} minor units without a currency"
        )))),
    }
}
