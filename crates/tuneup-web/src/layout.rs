//! The page frame every page shares: language, title, navigation, the embedded stylesheet.

use axum::http::header;
use axum::response::IntoResponse;
use maud::{DOCTYPE, Markup, html};

/// The stylesheet, in the binary: no CDN, no build step.
const STYLESHEET: &str = include_str!("../assets/style.css");

/// The navigation: (path, label).
const NAV: &[(&str, &str)] = &[("/", "Today"), ("/plan", "Plan")];

/// A whole page: `current` is the nav entry it is, marked for screen readers too.
pub fn page(title: &str, current: Option<&str>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · tuneup" }
                link rel="stylesheet" href="/assets/style.css";
            }
            body {
                a class="skip" href="#main" { "Skip to content" }
                header {
                    nav aria-label="Main" {
                        span class="brand" { "tuneup" }
                        ul {
                            @for (path, label) in NAV {
                                li {
                                    @if current == Some(*path) {
                                        a href=(path) aria-current="page" { (label) }
                                    } @else {
                                        a href=(path) { (label) }
                                    }
                                }
                            }
                        }
                    }
                }
                main id="main" { (body) }
                footer {
                    p { "tuneup plans routine maintenance; it is not medical advice. "
                        "Pain that is sharp, swelling or getting worse is a reason to see a doctor." }
                }
            }
        }
    }
}

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}
