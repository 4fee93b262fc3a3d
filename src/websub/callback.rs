//! The callback listener (`[websub] listen`) hubs call: `GET` is a
//! verification of intent, `POST` a content distribution. The last path
//! segment is the subscription's random token, so a reverse proxy may keep
//! or strip the `callback_base` path in front of it.
//!
//! A verification is answered with its `hub.challenge` only when it
//! matches a request tidings made (see [`super::plan::verify`]); anything
//! else is 404. A push to no live subscription is 410 Gone (which tells a
//! hub to stop); a body larger than `fetch.max_feed_size` is 413. A push
//! that is unsigned or wrongly signed is dropped, counted and logged, and
//! still acknowledged with 202, as the Recommendation suggests, so a
//! forger learns nothing from the answer.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::routing::get;
use axum::Router;
use chrono::Utc;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use super::plan::{self, Verdict, Verification};
use super::{record_push, Handle, Push};
use crate::store::Subscription;

/// The callback listener could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot listen on {addr} (websub.listen): {source}")]
pub struct ListenError {
    /// The address.
    pub addr: SocketAddr,
    /// Why.
    pub source: std::io::Error,
}

/// What the callback handlers share.
pub struct CallbackState {
    /// Store access, the live set and the service's wake-up.
    pub handle: Handle,
    /// The lease asked for, taken when a hub does not say what it granted.
    pub lease: Duration,
    /// Largest body accepted (`fetch.max_feed_size`).
    pub max_bytes: u64,
    /// Where verified pushes go.
    pub pushes: mpsc::Sender<Push>,
}

type Reply = (StatusCode, String);

/// The routes: every path, its last segment the token.
pub fn router(state: Arc<CallbackState>) -> Router {
    Router::new()
        .route("/{*path}", get(verification).post(distribution))
        .with_state(state)
}

/// Binds `addr` and serves until `token` is cancelled; returns the bound
/// address and the server's task.
pub async fn serve(
    addr: SocketAddr,
    state: Arc<CallbackState>,
    token: CancellationToken,
) -> Result<(SocketAddr, tokio::task::JoinHandle<()>), ListenError> {
    crate::monitoring::server::serve_app(addr, router(state), token, "websub callback listener")
        .await
        .map_err(|source| ListenError { addr, source })
}

fn token_of(uri: &Uri) -> Option<String> {
    uri.path()
        .rsplit('/')
        .next()
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

async fn lookup(handle: &Handle, token: Option<String>) -> Result<Option<Subscription>, Reply> {
    let Some(token) = token else { return Ok(None) };
    handle
        .writer()
        .call(move |store| store.websub_by_token(&token))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "websub callback: database error");
            (StatusCode::SERVICE_UNAVAILABLE, "try again later\n".into())
        })
}

fn parse_query(uri: &Uri) -> Verification {
    let mut v = Verification {
        mode: String::new(),
        topic: String::new(),
        challenge: None,
        lease_seconds: None,
        reason: None,
    };
    for (key, value) in url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
        match key.as_ref() {
            "hub.mode" => v.mode = value.into_owned(),
            "hub.topic" => v.topic = value.into_owned(),
            "hub.challenge" => v.challenge = Some(value.into_owned()),
            "hub.lease_seconds" => v.lease_seconds = value.trim().parse().ok(),
            "hub.reason" => v.reason = Some(value.into_owned()),
            _ => {}
        }
    }
    v
}

async fn verification(State(state): State<Arc<CallbackState>>, uri: Uri) -> Reply {
    let v = parse_query(&uri);
    let sub = match lookup(&state.handle, token_of(&uri)).await {
        Ok(sub) => sub,
        Err(reply) => return reply,
    };
    let now = Utc::now();
    let verdict = plan::verify(sub.as_ref(), &v, state.lease, now);
    let writer = state.handle.writer();
    let stored = match &verdict {
        Verdict::Confirm(next) | Verdict::Denied(next) => {
            let next = (**next).clone();
            writer.call(move |store| store.websub_save(&next)).await
        }
        Verdict::ConfirmUnsubscribe(feed_id) => {
            let id = *feed_id;
            writer.call(move |store| store.websub_delete(id)).await
        }
        Verdict::Refuse => {
            warn!(mode = %v.mode, topic = %v.topic, "websub: refused a verification tidings did not ask for");
            return (StatusCode::NOT_FOUND, "no such subscription\n".into());
        }
    };
    if let Err(e) = stored {
        tracing::error!(error = %e, "websub callback: database error");
        return (StatusCode::SERVICE_UNAVAILABLE, "try again later\n".into());
    }
    match verdict {
        Verdict::Confirm(next) => {
            if let Some(until) = next.lease_until {
                state.handle.mark_live(next.feed_id, until);
            }
            info!(feed = next.feed_id, hub = %next.hub, lease_until = ?next.lease_until, "websub: subscription verified");
        }
        Verdict::Denied(next) => {
            warn!(feed = next.feed_id, hub = %next.hub, reason = ?v.reason, "websub: the hub denied the subscription; polling as usual");
        }
        Verdict::ConfirmUnsubscribe(feed) => info!(feed, "websub: unsubscribed"),
        Verdict::Refuse => {}
    }
    state.handle.wake();
    (StatusCode::OK, v.challenge.unwrap_or_default())
}

async fn distribution(
    State(state): State<Arc<CallbackState>>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Reply {
    let sub = match lookup(&state.handle, token_of(&uri)).await {
        Ok(Some(sub)) if sub.feed_active && plan::is_live(&sub, Utc::now()) => sub,
        Ok(_) => return (StatusCode::GONE, "no such subscription\n".into()),
        Err(reply) => return reply,
    };
    let limit = usize::try_from(state.max_bytes).unwrap_or(usize::MAX);
    let Ok(body) = axum::body::to_bytes(body, limit).await else {
        record_push("rejected");
        warn!(feed = sub.feed_id, hub = %sub.hub, limit = state.max_bytes, "websub: push rejected, not stored: body larger than fetch.max_feed_size (or cut short)");
        return (StatusCode::PAYLOAD_TOO_LARGE, "body too large\n".into());
    };
    let signature = headers.get("x-hub-signature").and_then(|v| v.to_str().ok());
    let secret = sub.secret.as_deref().unwrap_or("");
    if let Err(e) = super::signature::verify(signature, secret.as_bytes(), &body) {
        record_push("rejected");
        warn!(feed = sub.feed_id, hub = %sub.hub, error = %e, "websub: push rejected, not stored");
        return (StatusCode::ACCEPTED, String::new());
    }
    let feed_id = sub.feed_id;
    let now = Utc::now();
    if let Err(e) = state
        .handle
        .writer()
        .call(move |store| store.websub_record_push(feed_id, now))
        .await
    {
        tracing::error!(error = %e, "websub callback: database error");
        return (StatusCode::SERVICE_UNAVAILABLE, "try again later\n".into());
    }
    let thin = body.iter().all(u8::is_ascii_whitespace);
    let push = Push {
        feed_id,
        body: if thin { bytes::Bytes::new() } else { body },
        content_type: headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
    };
    if state.pushes.try_send(push).is_err() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "busy, try again later\n".into(),
        );
    }
    record_push(if thin { "thin" } else { "fat" });
    (StatusCode::ACCEPTED, String::new())
}
