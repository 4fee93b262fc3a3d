//! The metrics listener (`metrics.listen`): `GET /metrics` is the
//! Prometheus text exposition rendered by the recorder, `GET /healthz` is
//! `200 ok` while the daemon is healthy and `503` with the reason when not.
//! Built on axum (hyper underneath, already in the tree through reqwest).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::PrometheusHandle;
use tokio_util::sync::CancellationToken;

use super::Health;

/// The listener could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot listen on {addr} (metrics.listen): {source}")]
pub struct ListenError {
    /// The address.
    pub addr: SocketAddr,
    /// Why.
    pub source: std::io::Error,
}

#[derive(Clone)]
struct AppState {
    handle: PrometheusHandle,
    health: Arc<Health>,
}

/// Binds `addr` and serves until `token` is cancelled; returns the bound
/// address (useful with port 0) and the server's task.
pub async fn serve(
    addr: SocketAddr,
    handle: PrometheusHandle,
    health: Arc<Health>,
    token: CancellationToken,
) -> Result<(SocketAddr, tokio::task::JoinHandle<()>), ListenError> {
    let app = Router::new()
        .route("/metrics", get(metrics))
        .route("/healthz", get(healthz))
        .with_state(AppState { handle, health });
    serve_app(addr, app, token, "metrics listener")
        .await
        .map_err(|source| ListenError { addr, source })
}

/// Binds `addr` and serves `app` until `token` is cancelled; returns the
/// bound address (useful with port 0) and the server's task, which logs a
/// failure naming `what`.
pub async fn serve_app(
    addr: SocketAddr,
    app: Router,
    token: CancellationToken,
    what: &'static str,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(token.cancelled_owned())
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "{what} failed");
        }
    });
    Ok((bound, task))
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    state.handle.run_upkeep();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.handle.render(),
    )
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.health.check() {
        Ok(()) => (StatusCode::OK, "ok\n".to_string()),
        Err(why) => (StatusCode::SERVICE_UNAVAILABLE, format!("{why}\n")),
    }
}
