//! The HTML pages, one file each.

pub mod dashboard;
pub mod plan;

use crate::error::{Format, WebError};

pub async fn not_found() -> WebError {
    WebError::not_found(Format::Page)
}
