//! The one error type of the web app: what went wrong, as a status code and a message the
//! runner may see, rendered as a page or, under `/api/v1`, as JSON `{status, message, field}`.
//! Server faults (5xx) are logged in full and shown only as a short, fixed message.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tuneup_app::AppError;

/// How an error is shown: inside the layout, or as the API's JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Page,
    Json,
}

#[derive(Debug)]
pub struct WebError {
    pub status: StatusCode,
    pub message: String,
    pub field: Option<String>,
    pub format: Format,
}

#[derive(Serialize)]
struct Body<'a> {
    status: u16,
    message: &'a str,
    field: Option<&'a str>,
}

/// What a 5xx shows: the details are in the server's log, not in the browser.
const INTERNAL_MESSAGE: &str = "something went wrong on the server; the details are in its log";

impl WebError {
    pub fn new(format: Format, status: StatusCode, message: impl Into<String>) -> Self {
        WebError {
            status,
            message: message.into(),
            field: None,
            format,
        }
    }

    pub fn not_found(format: Format) -> Self {
        WebError::new(
            format,
            StatusCode::NOT_FOUND,
            "there is nothing at this address",
        )
    }

    /// A fault of the server: `detail` goes to the log only.
    pub fn internal(format: Format, detail: impl std::fmt::Display) -> Self {
        eprintln!("tuneup serve: internal error: {detail}");
        WebError::new(format, StatusCode::INTERNAL_SERVER_ERROR, INTERNAL_MESSAGE)
    }

    /// The use cases' errors as HTTP: the one place that decides their status codes.
    pub fn from_app(format: Format, error: AppError) -> Self {
        let (status, field) = match &error {
            AppError::NotFound { .. } => (StatusCode::NOT_FOUND, None),
            AppError::InvalidInput { field, .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, Some(field.clone()))
            }
            AppError::Invalid(invalid) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(invalid.field.to_string()),
            ),
            AppError::Unknown(_) | AppError::Plan(_) | AppError::TrainingPlan(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, None)
            }
            AppError::Conflict(_) => (StatusCode::CONFLICT, None),
            AppError::Csv(_) | AppError::Storage(_) => return WebError::internal(format, error),
        };
        WebError {
            status,
            message: error.to_string(),
            field,
            format,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self.format {
            Format::Json => {
                let body = Body {
                    status: self.status.as_u16(),
                    message: &self.message,
                    field: self.field.as_deref(),
                };
                (self.status, axum::Json(body)).into_response()
            }
            Format::Page => {
                let title = self.status.canonical_reason().unwrap_or("Error");
                let page = crate::layout::page(
                    title,
                    None,
                    maud::html! {
                        h1 { (title) }
                        p { (self.message) }
                        @if let Some(field) = &self.field { p { "Field: " code { (field) } } }
                        p { a href="/" { "Back to today" } }
                    },
                );
                (self.status, page).into_response()
            }
        }
    }
}
