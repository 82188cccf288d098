//! The dashboard: today's items and visits with their reasons, the next visit, form, the
//! latest big run, and the massage service interval as a gauge.

use super::plan::{item_view, long_date};
use crate::error::{Format, WebError};
use crate::layout;
use crate::state::AppState;
use axum::extract::State;
use chrono::NaiveDate;
use maud::{Markup, html};
use tuneup_app::overview::{Overview, overview};
use tuneup_core::plan::{ItemKind, Plan, PlanItem, ServiceState, ServiceStatus};

/// The dashboard looks as far ahead as the plan page, to find the next visit.
const LOOKAHEAD_DAYS: u32 = super::plan::PLAN_DAYS;

pub async fn page(State(state): State<AppState>) -> Result<Markup, WebError> {
    let (today, overview, plan) = state
        .run(Format::Page, |store, athlete, today| {
            let seen = overview(store, athlete, today)?;
            let plan = tuneup_app::plan::build(store, athlete, today, LOOKAHEAD_DAYS)?;
            Ok((today, seen, plan))
        })
        .await?;
    Ok(render(today, &overview, &plan))
}

/// The first massage visit of the plan that is not over by `today`.
pub fn next_visit(plan: &Plan, today: NaiveDate) -> Option<&PlanItem> {
    plan.items
        .iter()
        .find(|i| i.kind == ItemKind::Massage && i.last_day() >= today)
}

fn render(today: NaiveDate, overview: &Overview, plan: &Plan) -> Markup {
    let todays: Vec<&PlanItem> = plan.items.iter().filter(|i| i.covers(today)).collect();
    let title = match &overview.name {
        Some(name) => format!("Today, {name}"),
        None => "Today".to_string(),
    };
    let body = html! {
        h1 { (title) " " span class="muted" { (long_date(today)) } }
        div class="cards" {
            section class="card" aria-labelledby="next-visit" {
                h2 id="next-visit" { "Next massage visit" }
                @match next_visit(plan, today) {
                    Some(visit) => (item_view(visit)),
                    None => p { "None in the next " (LOOKAHEAD_DAYS) " days." },
                }
            }
            section class="card" aria-labelledby="service" {
                h2 id="service" { "Service interval" }
                (service_gauge(&plan.service))
            }
            section class="card" aria-labelledby="form" {
                h2 id="form" { "Form" }
                @match &overview.load_today {
                    Some(day) => {
                        p class="figure" data-value="form" { (format!("{:+.0}", day.form)) }
                        dl class="facts" {
                            dt { "Fitness" } dd data-value="fitness" { (format!("{:.0}", day.chronic)) }
                            dt { "Fatigue" } dd data-value="fatigue" { (format!("{:.0}", day.acute)) }
                            @if let (Some(ratio), Some(zone)) = (day.acwr, day.zone) {
                                dt { "Acute:chronic" } dd { (format!("{ratio:.2}")) " (" (zone.label()) ")" }
                            }
                        }
                    }
                    None => p { "No training logged yet." },
                }
            }
            section class="card" aria-labelledby="spike" {
                h2 id="spike" { "Latest big run" }
                @match overview.recent_big_runs.last() {
                    Some(run) => {
                        p { (long_date(run.date)) }
                        @if let Some(flag) = &run.big_run { p data-value="spike" { (flag.summary) } }
                    }
                    None => p { "None in the last " (tuneup_app::overview::RECENT_DAYS) " days." },
                }
            }
        }
        section aria-labelledby="today-items" {
            h2 id="today-items" { "Today's plan" }
            @if todays.is_empty() {
                p { "Nothing planned today: train as planned." }
            } @else {
                @for item in &todays { (item_view(item)) }
            }
            p { a href="/plan" { "The next " (super::plan::PLAN_DAYS) " days" } }
        }
    };
    layout::page("Today", Some("/"), body)
}

/// The service interval like a car's: days since the last visit out of the days it allows.
fn service_gauge(service: &ServiceStatus) -> Markup {
    let state_class = match service.status {
        ServiceState::Ok => "state-ok",
        ServiceState::Due => "state-due",
        ServiceState::Overdue => "state-overdue",
    };
    html! {
        p class=(state_class) data-value="service-state" {
            (service.status.label()) ", next due " (long_date(service.next_due))
        }
        @if let (Some(last), Some(days)) = (service.last, service.days_since) {
            @let span = (service.next_due - last).num_days().max(1);
            label for="service-meter" { (days) " of " (span) " days since the last massage (" (long_date(last)) ")" }
            meter id="service-meter" min="0" max=(span) value=(days.min(span)) { (days) " of " (span) " days" }
        }
        p class="muted" { (format!("{:.1}", service.km_since)) " km since the last massage. " (service.reason) }
    }
}
