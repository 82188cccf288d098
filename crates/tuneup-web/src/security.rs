//! Safe on loopback too: any website the runner visits can make their browser send requests
//! to localhost. So a request whose Host is not a loopback name is refused (DNS rebinding),
//! a request that changes something must come from this origin, and every response carries
//! a strict Content-Security-Policy.

use crate::error::{Format, WebError};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone, Copy)]
pub(crate) struct Security {
    pub allow_remote: bool,
}

/// Only our own embedded stylesheet, no scripts yet, no frames, forms post here only.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Whether `host` (a Host header: a name with an optional port) names this computer.
pub fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name == "::1"
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

pub(crate) async fn guard(
    State(security): State<Security>,
    request: Request,
    next: Next,
) -> Response {
    let format = if request.uri().path().starts_with("/api/") {
        Format::Json
    } else {
        Format::Page
    };
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let refused = if !security.allow_remote && !host.is_some_and(is_loopback_host) {
        Some("this server answers only to localhost (the Host header names another computer)")
    } else if !is_safe(request.method()) && !same_origin(headers, host) {
        Some("a request that changes something must come from this site's own pages")
    } else {
        None
    };
    let mut response = match refused {
        Some(message) => WebError::new(format, StatusCode::FORBIDDEN, message).into_response(),
        None => next.run(request).await,
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The browser says the request comes from this origin: `Sec-Fetch-Site: same-origin` when
/// it sends that header, else an `Origin` whose host is the Host asked for. A request with
/// neither is refused: a state change needs proof of where it came from.
fn same_origin(headers: &HeaderMap, host: Option<&str>) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return site.as_bytes() == b"same-origin";
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return false;
    };
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_with_and_without_ports() {
        for host in [
            "localhost",
            "localhost:7878",
            "127.0.0.1:7878",
            "[::1]:7878",
            "127.1.2.3",
            "app.localhost",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "example.com",
            "evil.com:7878",
            "192.168.1.2:7878",
            "localhost.evil.com",
            "[2001:db8::1]:80",
            "",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
