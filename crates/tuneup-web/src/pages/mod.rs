//! The HTML pages, one file each.

use crate::error::{Format, WebError};

pub async fn not_found() -> WebError {
    WebError::not_found(Format::Page)
}
