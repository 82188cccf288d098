//! The router in-process (`oneshot`) on a real SQLite file holding the demo athlete, on a
//! fixed day: the pages and the API show what the use cases return for that day, and the
//! security layer refuses what it must.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use icalendar::{Calendar, CalendarComponent, Component};
use std::str::FromStr;
use tower::ServiceExt;
use tuneup_app::Tz;
use tuneup_core::AthleteId;
use tuneup_core::plan::{ItemKind, Plan};
use tuneup_store::DatabaseLocation;
use tuneup_web::{AppState, Today, router};

const ME: AthleteId = AthleteId::LOCAL;
const HOST: &str = "127.0.0.1:7878";
/// The plan page's span (the crate's `PLAN_DAYS`).
const PLAN_DAYS: u32 = 28;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

/// The demo athlete in a real SQLite file, stored the way `tuneup demo` stores it.
struct Demo {
    _dir: tempfile::TempDir,
    location: DatabaseLocation,
}

impl Demo {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let location = DatabaseLocation::Sqlite(dir.path().join("demo.db"));
        let mut store = tuneup_app::open_store(&location, ME, Tz::UTC).unwrap();
        let sample = tuneup_core::sample::marathon_build(today());
        tuneup_app::sample::store_sample(store.as_mut(), ME, &sample).unwrap();
        Demo {
            _dir: dir,
            location,
        }
    }

    fn app(&self) -> axum::Router {
        let pool = tuneup_store::open_pool(&self.location, 2).unwrap();
        router(AppState::new(pool, ME, Today::Fixed(today()), false))
    }

    /// What the use cases say for the same database and day, asked directly.
    fn plan(&self) -> Plan {
        let store = tuneup_app::open_store(&self.location, ME, Tz::UTC).unwrap();
        tuneup_app::plan::build(store.as_ref(), ME, today(), PLAN_DAYS).unwrap()
    }

    fn overview(&self) -> tuneup_app::overview::Overview {
        let store = tuneup_app::open_store(&self.location, ME, Tz::UTC).unwrap();
        tuneup_app::overview::overview(store.as_ref(), ME, today()).unwrap()
    }
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn send(app: axum::Router, request: Request<Body>) -> Answer {
    let response = app.oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn get(app: axum::Router, path: &str) -> Answer {
    let request = Request::get(path)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap();
    send(app, request).await
}

/// Text as the page shows it: escaped the way maud escapes.
fn escaped(text: &str) -> String {
    maud::html! { (text) }.into_string()
}

#[tokio::test]
async fn the_dashboard_shows_the_next_visit_form_spike_and_service_of_the_use_cases() {
    let demo = Demo::new();
    let answer = get(demo.app(), "/").await;
    assert_eq!(answer.status, StatusCode::OK);
    let page = answer.body;
    assert!(page.contains("<html lang=\"en\">"));

    let plan = demo.plan();
    let visit = plan
        .items
        .iter()
        .find(|i| i.kind == ItemKind::Massage && i.last_day() >= today())
        .expect("the demo has a visit in the next four weeks");
    let next_visit = page
        .split("id=\"next-visit\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("the next-visit card");
    assert!(
        next_visit.contains(&escaped(&tuneup_render::plan_text::headline(visit))),
        "the next visit's headline in {next_visit}"
    );
    for reason in &visit.reasons {
        assert!(
            next_visit.contains(&escaped(&reason.reason)),
            "{}",
            reason.reason
        );
    }

    let overview = demo.overview();
    let load = overview.load_today.expect("the demo has load today");
    assert!(page.contains(&format!("data-value=\"form\">{:+.0}<", load.form)));
    assert!(page.contains(&format!("data-value=\"fitness\">{:.0}<", load.chronic)));
    assert!(page.contains(&format!("data-value=\"fatigue\">{:.0}<", load.acute)));
    let spike = overview
        .recent_big_runs
        .last()
        .and_then(|r| r.big_run.as_ref())
        .expect("the demo's latest long run is a spike");
    assert!(page.contains(&escaped(&spike.summary)));
    assert!(page.contains(&escaped(&plan.service.reason)));
    assert!(page.contains(plan.service.status.label()));
    // Today's items, each with its reason.
    for item in plan.items.iter().filter(|i| i.covers(today())) {
        assert!(page.contains(&format!("data-item=\"{}\"", item.id)));
    }
}

#[tokio::test]
async fn the_plan_page_lists_every_item_of_four_weeks_with_its_reasons() {
    let demo = Demo::new();
    let answer = get(demo.app(), "/plan").await;
    assert_eq!(answer.status, StatusCode::OK);
    let plan = demo.plan();
    assert!(!plan.items.is_empty());
    for item in &plan.items {
        assert!(answer.body.contains(&format!("data-item=\"{}\"", item.id)));
        assert!(
            answer
                .body
                .contains(&escaped(&tuneup_render::plan_text::headline(item)))
        );
        let reasons: Vec<&str> = if item.reasons.is_empty() {
            vec![item.reason.as_str()]
        } else {
            item.reasons.iter().map(|r| r.reason.as_str()).collect()
        };
        for reason in reasons {
            assert!(answer.body.contains(&escaped(reason)), "{reason}");
        }
    }
}

#[tokio::test]
async fn the_api_returns_the_use_cases_output() {
    let demo = Demo::new();
    let plan = get(demo.app(), "/api/v1/plan").await;
    assert_eq!(plan.status, StatusCode::OK);
    assert_eq!(
        plan.headers[header::CONTENT_TYPE],
        "application/json",
        "JSON, not a page"
    );
    let got: serde_json::Value = serde_json::from_str(&plan.body).unwrap();
    assert_eq!(got, serde_json::to_value(demo.plan()).unwrap());

    let overview = get(demo.app(), "/api/v1/overview").await;
    assert_eq!(overview.status, StatusCode::OK);
    let got: serde_json::Value = serde_json::from_str(&overview.body).unwrap();
    assert_eq!(got, serde_json::to_value(demo.overview()).unwrap());
}

#[tokio::test]
async fn plan_ics_is_the_plans_calendar_and_parses() {
    let demo = Demo::new();
    let answer = get(demo.app(), "/plan.ics").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let calendar = Calendar::from_str(&answer.body).expect("parses as iCalendar");
    let uids: Vec<&str> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => e.get_uid(),
            _ => None,
        })
        .collect();
    let plan = demo.plan();
    let expected: Vec<String> = plan
        .items
        .iter()
        .map(tuneup_render::plan_ics::item_uid)
        .collect();
    assert_eq!(&uids[..plan.items.len()], expected.as_slice());
    assert_eq!(uids.len(), plan.items.len() + plan.conflicts.len());
}

#[tokio::test]
async fn every_answer_carries_a_strict_policy_and_nosniff() {
    let demo = Demo::new();
    for path in [
        "/",
        "/plan",
        "/api/v1/plan",
        "/assets/style.css",
        "/nowhere",
    ] {
        let answer = get(demo.app(), path).await;
        let policy = answer.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(policy.contains("default-src 'none'"), "{path}: {policy}");
        assert!(!policy.contains("unsafe"), "{path}: {policy}");
        assert_eq!(answer.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
    let css = get(demo.app(), "/assets/style.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.body.contains(":focus-visible"), "visible focus");
}

#[tokio::test]
async fn a_foreign_host_is_refused() {
    let demo = Demo::new();
    for (path, json) in [("/", false), ("/api/v1/overview", true)] {
        let request = Request::get(path)
            .header(header::HOST, "rebound.example.com:7878")
            .body(Body::empty())
            .unwrap();
        let answer = send(demo.app(), request).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}");
        if json {
            let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
            assert_eq!(body["status"], 403);
        }
    }
    let request = Request::get("/").body(Body::empty()).unwrap();
    assert_eq!(
        send(demo.app(), request).await.status,
        StatusCode::FORBIDDEN,
        "no Host at all"
    );
}

#[tokio::test]
async fn a_post_from_another_site_is_refused_and_one_from_this_site_passes() {
    let demo = Demo::new();
    let post = |headers: &[(&str, &str)]| {
        let mut request = Request::post("/api/v1/plan").header(header::HOST, HOST);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(Body::empty()).unwrap()
    };
    for headers in [
        vec![],
        vec![("origin", "http://evil.example")],
        vec![("sec-fetch-site", "cross-site")],
        vec![
            ("sec-fetch-site", "same-site"),
            ("origin", "http://127.0.0.1:7878"),
        ],
        vec![("origin", "null")],
    ] {
        let answer = send(demo.app(), post(&headers)).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{headers:?}");
        let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
        assert_eq!(body["status"], 403);
    }
    // From this site the request gets past the check (there is no POST route yet: 405).
    for headers in [
        vec![("sec-fetch-site", "same-origin")],
        vec![("origin", "http://127.0.0.1:7878")],
    ] {
        let answer = send(demo.app(), post(&headers)).await;
        assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{headers:?}");
    }
}

#[tokio::test]
async fn an_unknown_api_route_is_a_json_404() {
    let demo = Demo::new();
    let answer = get(demo.app(), "/api/v1/no-such-thing").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(body["status"], 404);
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(body["field"].is_null());
    // Outside the API an unknown page is a page.
    let page = get(demo.app(), "/no-such-page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("<html lang=\"en\">"));
}
