//! The JSON API under `/api/v1`: the use cases' own serialisable output, for the same day
//! and span as the pages.

use crate::error::{Format, WebError};
use crate::pages::plan::PLAN_DAYS;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use tuneup_app::overview::Overview;
use tuneup_core::plan::Plan;

/// `/api/v1/plan`: the plan page's days, as `tuneup plan --json` prints a plan.
pub async fn plan(State(state): State<AppState>) -> Result<Json<Plan>, WebError> {
    let plan = state
        .run(Format::Json, |store, athlete, today| {
            tuneup_app::plan::build(store, athlete, today, PLAN_DAYS)
        })
        .await?;
    Ok(Json(plan))
}

/// `/api/v1/overview`: the runner's situation today, as the dashboard shows it.
pub async fn overview(State(state): State<AppState>) -> Result<Json<Overview>, WebError> {
    let overview = state
        .run(Format::Json, tuneup_app::overview::overview)
        .await?;
    Ok(Json(overview))
}

pub async fn not_found() -> WebError {
    WebError::not_found(Format::Json)
}
