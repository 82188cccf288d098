//! The JSON API under `/api/v1`: the use cases' own serialisable output.

use crate::error::{Format, WebError};

pub async fn not_found() -> WebError {
    WebError::not_found(Format::Json)
}
