//! tuneup in the browser: the router `tuneup serve` runs. Pages are rendered on the server
//! with maud (escaped by default), the JSON API lives under `/api/v1`, and every handler
//! calls the same `tuneup_app` use case the CLI calls, on a store from the pool, inside
//! `spawn_blocking` so SQLite work never holds up the async runtime.

mod api;
mod error;
mod layout;
mod pages;
mod security;
mod state;

pub use error::{Format, WebError};
pub use security::is_loopback_host;
pub use state::{AppState, Today};

use axum::Router;
use axum::routing::get;

/// The whole web app: pages, the API, the embedded assets, behind the security layer.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/plan", get(api::plan))
        .route("/overview", get(api::overview))
        .fallback(api::not_found);
    Router::new()
        .route("/", get(pages::dashboard::page))
        .route("/plan", get(pages::plan::page))
        .route("/plan.ics", get(pages::plan::ics))
        .route("/assets/style.css", get(layout::stylesheet))
        .nest("/api/v1", api)
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.security,
            security::guard,
        ))
        .with_state(state)
}

/// Binds `addr` and serves the app until the process is stopped; `on_ready` is told the
/// address bound (port 0 picks a free one). The runtime is built here so front ends need
/// no async code of their own.
pub fn serve(
    addr: std::net::SocketAddr,
    state: AppState,
    on_ready: impl FnOnce(std::net::SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        on_ready(listener.local_addr()?);
        axum::serve(listener, router(state)).await
    })
}
