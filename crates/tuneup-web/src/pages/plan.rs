//! The plan page: the coming four weeks, each item with its reasons, and the same plan as
//! an iCalendar file to download or subscribe to.

use crate::error::{Format, WebError};
use crate::layout;
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use chrono::NaiveDate;
use maud::{Markup, html};
use tuneup_core::plan::{Plan, PlanItem};
use tuneup_render::{plan_ics, plan_text};

/// The plan page and the calendar cover four weeks.
pub const PLAN_DAYS: u32 = 28;

pub async fn page(State(state): State<AppState>) -> Result<Markup, WebError> {
    let plan = state
        .run(Format::Page, |store, athlete, today| {
            tuneup_app::plan::build(store, athlete, today, PLAN_DAYS)
        })
        .await?;
    Ok(render(&plan))
}

/// `/plan.ics`: the file `tuneup plan --ics` writes, for the same days as the page.
pub async fn ics(State(state): State<AppState>) -> Result<impl IntoResponse, WebError> {
    let plan = state
        .run(Format::Page, |store, athlete, today| {
            tuneup_app::plan::build(store, athlete, today, PLAN_DAYS)
        })
        .await?;
    let text = plan_ics::render(&plan, chrono::Utc::now());
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"tuneup-plan.ics\"",
            ),
        ],
        text,
    ))
}

fn render(plan: &Plan) -> Markup {
    let last = plan.from + chrono::Duration::days(i64::from(plan.days) - 1);
    let mut days: Vec<(NaiveDate, Vec<&PlanItem>)> = Vec::new();
    for item in &plan.items {
        match days.last_mut() {
            Some((date, items)) if *date == item.date => items.push(item),
            _ => days.push((item.date, vec![item])),
        }
    }
    let body = html! {
        h1 { "Plan" }
        p { (long_date(plan.from)) " to " (long_date(last)) ". "
            a href="/plan.ics" download="tuneup-plan.ics" { "Download the calendar (.ics)" }
            " or subscribe to this address's " code { "/plan.ics" } "." }
        @if days.is_empty() {
            p { "Nothing to schedule: train as planned." }
        } @else {
            ol class="days" {
                @for (date, items) in &days {
                    li {
                        h2 { time datetime=(date.to_string()) { (long_date(*date)) } }
                        @for item in items { (item_view(item)) }
                    }
                }
            }
        }
        @if !plan.conflicts.is_empty() {
            h2 { "Conflicts between rules" }
            ul {
                @for conflict in &plan.conflicts {
                    li { (long_date(conflict.date)) ": " (conflict.reason) }
                }
            }
        }
    };
    layout::page("Plan", Some("/plan"), body)
}

/// One item: what to do (the CLI's headline), its parts, and every reason.
pub fn item_view(item: &PlanItem) -> Markup {
    html! {
        div class="item" data-item=(item.id) {
            p { span class="kind" { (plan_text::headline(item)) } }
            @if !item.parts.is_empty() {
                ul {
                    @for part in &item.parts {
                        li {
                            (part.technique.label())
                            @if !part.muscles.is_empty() { " on the " (part.muscles.join(", ")) }
                            @if !part.areas.is_empty() {
                                ": " (part.areas.iter().map(|a| a.label()).collect::<Vec<_>>().join(", "))
                            }
                        }
                    }
                }
            }
            ul class="reasons" aria-label="Why" {
                @if item.reasons.is_empty() {
                    li { "Why: " (item.reason) }
                }
                @for reason in &item.reasons {
                    li { "Why: " (reason.reason) }
                }
            }
        }
    }
}

/// "Mon 7 Dec 2026".
pub fn long_date(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}
