//! Conversions between model values and PostgreSQL column values, and from the driver's
//! errors to the backend-neutral [`StoreError`].

use crate::{Page, Result, StoreError};
use postgres::Row;
use postgres::types::FromSql;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::str::FromStr;

/// A driver error becomes [`StoreError::Backend`]; the driver's messages hold no password.
impl From<postgres::Error> for StoreError {
    fn from(error: postgres::Error) -> Self {
        StoreError::Backend(Box::new(error))
    }
}

/// The driver's error in words, with the server's message when there is one.
pub(super) fn describe(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => {
            let mut text = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(inner) = source {
                text.push_str(&format!(": {inner}"));
                source = inner.source();
            }
            text
        }
    }
}

/// A column's value; a type mismatch (a damaged or hand-edited schema) is `Corrupt`.
pub(super) fn get<'a, T: FromSql<'a>>(row: &'a Row, column: &str) -> Result<T> {
    row.try_get(column).map_err(|e| StoreError::Corrupt {
        what: format!("column {column}: {}", describe(&e)),
    })
}

/// Reads a vocabulary id back into its enum; an id this build does not know is an error
/// naming `field` and the value.
pub(super) fn parse_id<T: FromStr>(field: &'static str, text: &str) -> Result<T> {
    text.parse().map_err(|_| StoreError::UnknownValue {
        field,
        value: text.to_string(),
    })
}

/// The enum of a vocabulary column.
pub(super) fn vocab<T: FromStr>(row: &Row, field: &'static str, column: &str) -> Result<T> {
    parse_id(field, get::<&str>(row, column)?)
}

/// The enum of a nullable vocabulary column.
pub(super) fn vocab_opt<T: FromStr>(
    row: &Row,
    field: &'static str,
    column: &str,
) -> Result<Option<T>> {
    get::<Option<&str>>(row, column)?
        .map(|id| parse_id(field, id))
        .transpose()
}

/// Reads a JSON array of vocabulary ids, naming the first unknown one.
pub(super) fn vocab_list<T: FromStr>(
    row: &Row,
    field: &'static str,
    column: &str,
) -> Result<Vec<T>> {
    let ids: Vec<String> = from_json(get::<&str>(row, column)?)?;
    ids.iter().map(|id| parse_id(field, id)).collect()
}

/// An amount stored as `{name}_minor` (whole minor units) beside `{name}_currency` (ISO 4217).
pub(super) fn money(row: &Row, name: &'static str) -> Result<Option<tuneup_core::money::Money>> {
    let minor: Option<i64> = get(row, &format!("{name}_minor"))?;
    let currency: Option<&str> = get(row, &format!("{name}_currency"))?;
    match (minor, currency) {
        (None, _) => Ok(None),
        (Some(minor), Some(code)) => Ok(Some(tuneup_core::money::Money::new(
            minor,
            parse_id(name, code)?,
        ))),
        (Some(minor), None) => Err(StoreError::Corrupt {
            what: format!("{name} of {minor} minor units without a currency"),
        }),
    }
}

pub(super) fn json_text<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt {
        what: format!("cannot encode a value: {e}"),
    })
}

pub(super) fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt {
        what: format!("'{text}': {e}"),
    })
}

/// A small number column (rpe, level, pressure) back into its `u8`.
pub(super) fn small(value: i16, column: &str) -> Result<u8> {
    u8::try_from(value).map_err(|_| StoreError::Corrupt {
        what: format!("column {column}: {value} is out of range"),
    })
}

/// `LIMIT $n OFFSET $m` values for a page (a NULL limit is no limit).
pub(super) fn limit_offset(page: Page) -> (Option<i64>, i64) {
    let clamp = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    (page.limit.map(clamp), clamp(page.offset))
}
