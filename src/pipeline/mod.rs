//! Wires the stages together: due feeds → fetch → parse → normalize →
//! store → next due time.
//!
//! [`poll_once`] is `tidings once`: it polls every due feed (or all, or
//! one), at most `fetch.concurrency` at a time, and returns a
//! [`RunSummary`]. One feed's failure is recorded on that feed and never
//! stops the others. Every outcome, errors included, ends in the database.
//! [`run_daemon`] is `tidings run`: the same round, again whenever a feed
//! falls due, until cancelled.

mod daemon;
pub mod limits;
mod retention;

pub use daemon::run_daemon;
pub use retention::{prune, PRUNE_EVERY};

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tracing::{info, info_span, warn, Instrument};
use url::Url;

use crate::config::Config;
use crate::fetch::{FetchError, FetchOutcome, Fetcher};
use crate::model::{FeedPoll, PollCounts, PollOutcome};
use crate::schedule::{self, ScheduleInput};
use crate::store::{FeedRecord, Store, StoreError, Writer};

/// What to poll in one run.
#[derive(Debug, Clone, Default)]
pub struct PollOptions {
    /// Poll every active feed, due or not.
    pub force: bool,
    /// Poll only the feed with this URL (as configured), due or not.
    pub feed: Option<Url>,
    /// Where to report progress (for `once`'s progress bar), if anywhere.
    pub progress: Option<std::sync::mpsc::Sender<PollProgress>>,
}

/// Progress of one run, sent to [`PollOptions::progress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollProgress {
    /// This many feeds will be polled.
    Selected(u64),
    /// One more feed was polled and stored.
    Polled,
}

impl PollOptions {
    fn report(&self, event: PollProgress) {
        if let Some(progress) = &self.progress {
            // Nobody listening any more is not the run's problem.
            let _ = progress.send(event);
        }
    }
}

/// Totals of one run, printed by `tidings once`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RunSummary {
    /// Feeds polled.
    pub polled: u64,
    /// Feeds that returned a new body.
    pub fetched: u64,
    /// Feeds that answered "not modified".
    pub not_modified: u64,
    /// Feeds that failed (fetch or parse).
    pub failed: u64,
    /// What was stored.
    pub articles: PollCounts,
}

impl std::fmt::Display for RunSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "feeds: {} polled, {} fetched, {} not modified, {} failed; \
             articles: {} new, {} updated, {} unchanged",
            self.polled,
            self.fetched,
            self.not_modified,
            self.failed,
            self.articles.new,
            self.articles.updated,
            self.articles.unchanged
        )
    }
}

/// A run that could not complete (a feed failing is not one of these).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The HTTP client could not be built.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// `--feed` named a feed that is not in the config.
    #[error("no feed {0} in the config (see `tidings check`)")]
    UnknownFeed(String),
}

/// Polls the feeds `options` selects and stores what they bring.
pub async fn poll_once(
    config: &Config,
    store: Store,
    options: &PollOptions,
) -> Result<(RunSummary, Store), PipelineError> {
    let fetcher = Fetcher::new(&config.fetch)?;
    let (writer, thread) = Writer::spawn(store);
    let result = poll_with(config, &fetcher, &writer, options).await;
    drop(writer);
    let store = tokio::task::spawn_blocking(move || thread.join())
        .await
        .expect("joining the store thread does not panic");
    result.map(|summary| (summary, store))
}

async fn poll_with(
    config: &Config,
    fetcher: &Fetcher,
    writer: &Writer,
    options: &PollOptions,
) -> Result<RunSummary, PipelineError> {
    let feeds = config.feeds.clone();
    let now = Utc::now();
    writer
        .call(move |store| store.sync_feeds(&feeds, now))
        .await?;
    let records = writer.call(|store| store.feeds()).await?;
    let selected: Vec<FeedRecord> = match &options.feed {
        Some(url) => {
            let record = records
                .into_iter()
                .find(|r| r.active && r.url == url.as_str())
                .ok_or_else(|| PipelineError::UnknownFeed(url.to_string()))?;
            vec![record]
        }
        None => records
            .into_iter()
            .filter(|r| r.active && (options.force || r.is_due(now)))
            .collect(),
    };

    options.report(PollProgress::Selected(selected.len() as u64));
    let limit = Arc::new(Semaphore::new(config.fetch.concurrency.get()));
    let mut tasks = JoinSet::new();
    for record in selected {
        let limit = Arc::clone(&limit);
        let fetcher = fetcher.clone();
        let writer = writer.clone();
        let interval = record
            .interval_secs
            .map(Duration::from_secs)
            .unwrap_or(config.schedule.interval);
        let max_backoff = config.schedule.max_backoff;
        let headers = config
            .feed_headers
            .get(&record.url)
            .cloned()
            .unwrap_or_default();
        let span = info_span!("poll", feed = %crate::config::secrets::redact_url(&record.url));
        tasks.spawn(
            async move {
                let _permit = limit
                    .acquire_owned()
                    .await
                    .expect("semaphore is never closed");
                let poll = poll_feed(&fetcher, &record, &headers, interval, max_backoff).await;
                let counts = writer
                    .call({
                        let poll = poll.clone();
                        move |store| store.apply_poll(&poll)
                    })
                    .await;
                if let Ok(counts) = &counts {
                    log_poll(&poll, counts);
                }
                (poll, counts)
            }
            .instrument(span),
        );
    }

    let mut summary = RunSummary::default();
    while let Some(joined) = tasks.join_next().await {
        let (poll, counts) = joined.expect("poll tasks do not panic");
        let counts = counts?;
        options.report(PollProgress::Polled);
        summary.polled += 1;
        summary.articles += counts;
        match poll.outcome {
            PollOutcome::NotModified { .. } => summary.not_modified += 1,
            PollOutcome::Fetched { .. } => summary.fetched += 1,
            PollOutcome::Failed { .. } => summary.failed += 1,
        }
    }
    Ok(summary)
}

/// Fetches, parses and normalizes one feed; every failure becomes data.
async fn poll_feed(
    fetcher: &Fetcher,
    record: &FeedRecord,
    headers: &[(String, String)],
    interval: Duration,
    max_backoff: Duration,
) -> FeedPoll {
    let started = Instant::now();
    let polled_at = Utc::now();
    let outcome = fetch_and_parse(fetcher, record, headers).await;
    let duration_ms = started.elapsed().as_millis() as u64;

    let (failures, retry_after, ttl) = match &outcome {
        Ok(PollOutcome::Fetched { meta, .. }) => (0, None, meta.ttl_minutes),
        Ok(_) => (0, None, None),
        Err(FetchOrParse::Fetch(FetchError::Status { retry_after, .. })) => {
            (record.consecutive_failures + 1, *retry_after, None)
        }
        Err(_) => (record.consecutive_failures + 1, None, None),
    };
    // A feed's own <ttl> is a floor: never poll more often than it asks.
    let interval = interval.max(Duration::from_secs(u64::from(ttl.unwrap_or(0)) * 60));
    let gap = schedule::next_gap(&ScheduleInput {
        interval,
        failures,
        max_backoff,
        retry_after,
    });
    let next_due = schedule::next_due(polled_at, gap, schedule::jitter_fraction());

    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(err) => PollOutcome::Failed {
            status: err.status(),
            // Stored and logged: never with the password of a basic-auth URL.
            error: crate::config::secrets::redact_text(&err.to_string(), &record.url),
        },
    };
    FeedPoll {
        feed_id: record.id,
        polled_at,
        next_due,
        duration_ms,
        outcome,
    }
}

/// Why a poll failed.
#[derive(Debug, thiserror::Error)]
enum FetchOrParse {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Parse(#[from] crate::parse::ParseError),
}

impl FetchOrParse {
    fn status(&self) -> Option<u16> {
        match self {
            FetchOrParse::Fetch(e) => e.status(),
            FetchOrParse::Parse(_) => None,
        }
    }
}

async fn fetch_and_parse(
    fetcher: &Fetcher,
    record: &FeedRecord,
    headers: &[(String, String)],
) -> Result<PollOutcome, FetchOrParse> {
    let url = Url::parse(&record.url).map_err(|e| {
        FetchOrParse::Fetch(FetchError::UnsupportedScheme(format!(
            "bad URL {}: {e}",
            record.url
        )))
    })?;
    match fetcher
        .fetch_with_headers(&url, &record.validators, headers)
        .await?
    {
        FetchOutcome::NotModified { final_url, status } => Ok(PollOutcome::NotModified {
            status,
            final_url: final_url.to_string(),
        }),
        FetchOutcome::Fetched(body) => {
            for warning in &body.warnings {
                warn!(warning = %warning, "feed repaired");
            }
            let base = body.final_url.clone();
            let now = Utc::now();
            let (meta, articles, cut) = tokio::task::spawn_blocking(move || {
                let feed = crate::parse::parse_blocking(&body.text, &base)?;
                let (meta, mut articles) = crate::normalize::normalize_feed(&feed, &base, now);
                let cut = limits::apply(&mut articles);
                Ok::<_, crate::parse::ParseError>((meta, articles, cut))
            })
            .await
            .map_err(|_| crate::parse::ParseError::Cancelled)??;
            for warning in &cut {
                warn!(warning = %warning, "feed repaired");
            }
            let mut warnings = body.warnings;
            warnings.extend(cut);
            Ok(PollOutcome::Fetched {
                status: body.status,
                final_url: body.final_url.to_string(),
                validators: body.validators,
                bytes: body.bytes,
                meta,
                articles,
                warnings,
            })
        }
    }
}

/// The one event per poll: status, bytes, items, what was stored, duration.
fn log_poll(poll: &FeedPoll, counts: &PollCounts) {
    let duration_ms = poll.duration_ms;
    match &poll.outcome {
        PollOutcome::NotModified { status, .. } => {
            info!(status = ?status, duration_ms, "not modified");
        }
        PollOutcome::Fetched {
            status,
            bytes,
            articles,
            ..
        } => {
            info!(
                status = ?status,
                bytes,
                items = articles.len(),
                new = counts.new,
                updated = counts.updated,
                duration_ms,
                "fetched"
            );
        }
        PollOutcome::Failed { status, error } => {
            warn!(status = ?status, error = %error, duration_ms, "poll failed");
        }
    }
}
