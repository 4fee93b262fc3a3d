//! WebSub in the daemon: starts the subscriber (callback listener,
//! service) when `[websub]` is configured, and stores a fat ping through
//! the same parse → normalize → filters → dedup → store path as a poll.
//!
//! A pushed body is stored as a fetch of the feed that leaves its
//! schedule, validators and rhythm as they were: the next poll comes when
//! it was due anyway. A thin ping (empty body), and a subscription that
//! stops being live, put the feed's poll first in line (the daemon's
//! `poll_now` channel).

use std::sync::Arc;

use chrono::Utc;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{info, info_span, warn, Instrument};
use url::Url;

use super::entries;
use super::poll::PollContext;
use super::PipelineError;
use crate::config::Config;
use crate::model::{FeedPoll, PollCounts, PollOutcome};
use crate::store::StoreError;
use crate::websub::callback::{self, CallbackState};
use crate::websub::hub::HubClient;
use crate::websub::service::Service;
use crate::websub::{Handle, Push};

/// Pushes waiting to be stored before the callback answers 503 (busy).
const PUSH_QUEUE: usize = 64;

/// The running subscriber, as the daemon holds it.
pub(crate) struct Running {
    /// Feeds to poll at once.
    pub poll_now: mpsc::UnboundedReceiver<i64>,
    /// The listener, the service and the push consumer.
    pub tasks: TaskTracker,
    /// Stops them (a child of the daemon's shutdown token).
    pub stop: CancellationToken,
}

/// Starts the subscriber when `[websub]` is set: binds the callback
/// listener, and gives `ctx` its [`Handle`]. The tasks stop with `shutdown`.
pub(crate) async fn start(
    config: &Config,
    ctx: &mut PollContext,
    shutdown: CancellationToken,
) -> Result<Option<Running>, PipelineError> {
    let Some(websub) = config.websub.clone() else {
        return Ok(None);
    };
    let shutdown = shutdown.child_token();
    let (poll_tx, poll_now) = mpsc::unbounded_channel();
    let handle = Handle::new(ctx.writer.clone(), websub.poll_interval, poll_tx);
    let (push_tx, mut push_rx) = mpsc::channel::<Push>(PUSH_QUEUE);
    let state = Arc::new(CallbackState {
        handle: handle.clone(),
        lease: websub.lease,
        max_bytes: config.fetch.max_feed_size,
        pushes: push_tx,
    });
    let (bound, server) = callback::serve(websub.listen, state, shutdown.clone())
        .await
        .map_err(|e| PipelineError::WebSub(e.to_string()))?;
    info!(listen = %bound, callback_base = %websub.callback_base, "serving the websub callback");
    let hub = HubClient::new(&config.fetch)
        .map_err(|e| PipelineError::WebSub(format!("cannot build the hub client: {e}")))?;
    ctx.websub = Some(handle.clone());
    let tasks = TaskTracker::new();
    tasks.spawn(async move {
        let _ = server.await;
    });
    let service = Service {
        config: websub,
        handle: handle.clone(),
        hub,
        clock: crate::websub::service::wall_clock(),
    };
    tasks.spawn(service.run(shutdown.clone()));
    let push_ctx = ctx.clone();
    let stop = shutdown.clone();
    tasks.spawn(async move {
        loop {
            let push = tokio::select! {
                () = shutdown.cancelled() => break,
                push = push_rx.recv() => match push { Some(p) => p, None => break },
            };
            if push.body.is_empty() {
                info!(
                    feed = push.feed_id,
                    "websub: thin ping; polling the feed now"
                );
                handle.poll_now(push.feed_id);
                continue;
            }
            let span = info_span!("push", feed = push.feed_id);
            if let Err(e) = ingest(&push_ctx, push).instrument(span).await {
                tracing::error!(error = %e, "websub: a pushed body could not be stored");
            }
        }
    });
    tasks.close();
    Ok(Some(Running {
        poll_now,
        tasks,
        stop,
    }))
}

/// Stores a fat ping of `push.feed_id` as a poll's fetch would be.
async fn ingest(ctx: &PollContext, push: Push) -> Result<(), StoreError> {
    let id = push.feed_id;
    let Some(record) = ctx
        .writer
        .call(move |store| store.feeds_by_id(&[id]))
        .await?
        .pop()
    else {
        return Ok(());
    };
    let base = match Url::parse(record.fetch_url()) {
        Ok(base) => base,
        Err(_) => return Ok(()),
    };
    let decoded = crate::fetch::charset::decode(&push.body, push.content_type.as_deref());
    let bytes = push.body.len() as u64;
    let near = ctx.settings.near;
    let since = record.last_success_at;
    let parsed = async {
        let _slot = super::parse_slot().await?;
        let text = decoded.text;
        tokio::task::spawn_blocking(move || {
            super::yield_to_writer();
            let (collected, warnings) = super::parse_and_normalize_blocking(&text, &base)?;
            let keys = super::prepare_text_keys(&collected.articles, since, near);
            Ok::<_, crate::parse::ParseError>((collected, warnings, keys))
        })
        .await
        .map_err(|_| crate::parse::ParseError::Cancelled)?
    }
    .await;
    let (collected, mut warnings, keys) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            crate::websub::record_push("rejected");
            warn!(error = %e, "websub: pushed body is not a feed; not stored");
            return Ok(());
        }
    };
    warnings.splice(0..0, decoded.warnings);
    let feed_plan = ctx.settings.plan(&record.url);
    let entry_plan =
        entries::judge(&ctx.writer, record.id, &feed_plan, &collected.articles).await?;
    let now = Utc::now();
    let poll = FeedPoll {
        feed_id: record.id,
        polled_at: now,
        next_due: record.next_due_at.unwrap_or(now),
        duration_ms: 0,
        outcome: PollOutcome::Fetched {
            status: Some(200),
            final_url: record.fetch_url().to_string(),
            validators: record.validators.clone(),
            bytes,
            meta: collected.meta,
            articles: collected.articles,
            warnings,
        },
        redirect: None,
        rhythm: None,
        postpone: None,
    };
    let (poll, counts) = ctx
        .writer
        .apply_poll(Box::new(poll), entry_plan, keys, ctx.settings.dedup)
        .await;
    let counts: PollCounts = counts?;
    crate::monitoring::record_articles(&counts);
    let items = match &poll.outcome {
        PollOutcome::Fetched { articles, .. } => articles.len(),
        _ => 0,
    };
    info!(
        bytes,
        items,
        new = counts.new,
        updated = counts.updated,
        dropped = counts.dropped,
        "websub: pushed content stored"
    );
    super::pages::fetch_pending(ctx, record.id, &feed_plan).await?;
    Ok(())
}
