//! One poll of one feed, start to end: wait for the host's permit, fetch
//! (with the feed's own HTTP options), parse and normalize off the runtime,
//! decide when the feed is due next (see [`crate::schedule`]), track
//! permanent redirects and 410s, judge the entries by the `[[filters]]`,
//! store it all in one transaction (shared with other queued polls, see
//! [`crate::store::Writer`]), record metrics, log one line; then, with full
//! text on, fetch the pages that wait (see `pages.rs`).
//!
//! Every outcome, errors included, becomes a [`FeedPoll`] that ends in the
//! database; only a database failure is returned as an error.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::Semaphore;
use tokio::time::Instant;
use tracing::{info, warn};
use url::Url;

use super::entries::{self, FeedPlan, FeedSettings};
use crate::config::ScheduleConfig;
use crate::dedup::PreparedKeys;
use crate::fetch::{self, FetchError, FetchOutcome, Fetcher, Postponed};
use crate::fulltext::RobotsCache;
use crate::model::{FeedPoll, FeedRhythm, PollCounts, PollOutcome, Postponement, RedirectState};
use crate::monitoring;
use crate::schedule::{self, adaptive, hints, Failure, Plan, Skip};
use crate::store::{FeedRecord, StoreError, Writer};

/// What a poll needs: the shared fetcher, the store's writer, the schedule
/// rules, the per-feed settings and the robots.txt cache.
#[derive(Clone)]
pub(crate) struct PollContext {
    /// The shared HTTP client and its politeness limits.
    pub fetcher: Fetcher,
    /// The store's thread.
    pub writer: Writer,
    /// `[schedule]` as it was when the poll started.
    pub schedule: ScheduleConfig,
    /// Full text, filters and HTTP options per feed, as configured.
    pub settings: Arc<FeedSettings>,
    /// robots.txt answers, per origin, for the life of the process.
    pub robots: Arc<RobotsCache>,
    /// Polls under way at once, from fetch until stored (see [`in_flight`]).
    pub in_flight: Arc<Semaphore>,
    /// The WebSub subscriber, when `[websub]` is on (`tidings run` only).
    pub websub: Option<crate::websub::Handle>,
}

/// The bound on polls under way at once: fetch slots are given back as soon
/// as a body is read (so a slow store never idles the network), but a
/// parsed poll holds its whole feed in memory until the writer has stored
/// it. Eight times `fetch.concurrency` (64 by default, a few hundred KB
/// each) lets the writer store many polls per transaction, which is what
/// makes a cold start fast (each commit pays the full-text index's flush
/// and the WAL writes of every page it touched), for a little more memory
/// at peak.
/// Never fewer than twice [`crate::store::MAX_BATCH`], so the writer's
/// batch never holds every poll under way.
pub(crate) fn in_flight(config: &crate::config::FetchConfig) -> Arc<Semaphore> {
    Arc::new(Semaphore::new(polls_in_flight(config)))
}

fn polls_in_flight(config: &crate::config::FetchConfig) -> usize {
    (8 * config.concurrency.get()).max(2 * crate::store::MAX_BATCH)
}

/// How many poll tasks exist at once: twice the polls under way, so a
/// finished poll always has a successor waiting for its place. More would
/// only wait in line, each holding its future's memory.
pub(crate) fn task_window(config: &crate::config::FetchConfig) -> usize {
    2 * polls_in_flight(config)
}

/// How a poll ended.
#[derive(Debug)]
pub(crate) enum PollEnd {
    /// It ran and was stored.
    Polled {
        /// What was stored.
        poll: Box<FeedPoll>,
        /// What storing it changed.
        counts: PollCounts,
    },
    /// Its host asked for a pause: not polled, due again at `until`.
    Postponed {
        /// When the host may be contacted again.
        until: DateTime<Utc>,
    },
}

/// What fetching and parsing brought, before scheduling.
struct Answer {
    outcome: PollOutcome,
    /// The feed's new permanent home, when the server says it moved.
    moved_to: Option<Url>,
    /// How the poll failed, for backoff (meaningful for `Failed` only).
    failure: Failure,
    /// The dedup keys the parse prepared for the fetched entries.
    keys: PreparedKeys,
    freshness: Option<Duration>,
    rhythm: Option<FeedRhythm>,
    /// The WebSub hub the feed announces (looked for with `[websub]` on).
    hub: Option<crate::websub::HubLink>,
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
    /// For backoff: the fetch error's own classification; a document that
    /// does not parse stays broken until its publisher fixes it.
    fn failure(&self) -> Failure {
        match self {
            FetchOrParse::Fetch(e) if e.is_transient() => Failure::Transient,
            FetchOrParse::Fetch(_) | FetchOrParse::Parse(_) => Failure::Lasting,
        }
    }
}

/// The wall-clock time of a tokio instant.
fn wall(at: Instant) -> DateTime<Utc> {
    let ahead = at.saturating_duration_since(Instant::now());
    Utc::now() + chrono::Duration::from_std(ahead).unwrap_or_default()
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// Polls `record` and stores the result. `due` is when the poll was due
/// (for the scheduler-lag metric); by default the stored due time, and for a
/// feed never polled the moment it is picked up.
pub(crate) async fn poll_feed(
    ctx: &PollContext,
    record: &FeedRecord,
    due: Option<DateTime<Utc>>,
) -> Result<PollEnd, StoreError> {
    let _in_flight = Arc::clone(&ctx.in_flight)
        .acquire_owned()
        .await
        .expect("the in-flight semaphore is never closed");
    let due = due.or(record.next_due_at).unwrap_or_else(Utc::now);
    let url = Url::parse(record.fetch_url());
    let feed_plan = ctx.settings.plan(&record.url);
    let permit = match &url {
        Ok(url) => match ctx.fetcher.acquire(url).await {
            Ok(permit) => Some(permit),
            Err(Postponed { until }) => {
                let postponement = Postponement {
                    feed_ids: vec![record.id],
                    until: wall(until),
                };
                let until = postponement.until;
                ctx.writer
                    .call(move |store| store.postpone(&postponement))
                    .await?;
                info!(%until, "host asked for a pause; poll postponed");
                return Ok(PollEnd::Postponed { until });
            }
        },
        Err(_) => None,
    };
    let started = Instant::now();
    let polled_at = Utc::now();
    monitoring::record_lag((polled_at - due).to_std().unwrap_or_default());
    let answer = match &url {
        Ok(url) => {
            let hubs = ctx.websub.is_some();
            fetch_and_parse(
                &ctx.fetcher,
                url,
                record,
                &feed_plan,
                ctx.settings.near,
                hubs,
            )
            .await
        }
        Err(e) => Err(FetchOrParse::Fetch(FetchError::UnsupportedScheme(format!(
            "bad URL {}: {e}",
            record.fetch_url()
        )))),
    };
    let duration = started.elapsed();
    drop(permit);

    let mut retry_after = None;
    let mut host_pause = None;
    let answer = match answer {
        Ok(answer) => answer,
        Err(err) => {
            if let FetchOrParse::Fetch(e) = &err {
                let capped = |delay: Duration| delay.min(ctx.schedule.max_backoff);
                retry_after = e.retry_after().map(capped);
                host_pause = e.host_pause().map(capped);
            }
            let status = match &err {
                FetchOrParse::Fetch(e) => e.status(),
                FetchOrParse::Parse(_) => None,
            };
            Answer {
                outcome: PollOutcome::Failed {
                    status,
                    // Stored and logged: never with the password of a basic-auth URL.
                    error: crate::config::secrets::redact_text(&err.to_string(), &record.url),
                },
                moved_to: None,
                failure: err.failure(),
                keys: PreparedKeys::NONE,
                freshness: None,
                rhythm: None,
                hub: None,
            }
        }
    };

    let postpone = match (host_pause, &url) {
        (Some(delay), Ok(url)) => Some(pause_host(ctx, record, url, delay, polled_at).await?),
        _ => None,
    };
    let mut next_due =
        plan(ctx, record, &answer, retry_after).next_due(polled_at, schedule::jitter_fraction());
    if let Some(until) = url
        .as_ref()
        .ok()
        .and_then(|u| ctx.fetcher.politeness().postponed_until(u))
    {
        next_due = next_due.max(wall(until));
    }
    if let Some(websub) = &ctx.websub {
        next_due = websub.next_due(record.id, polled_at, next_due);
    }
    let redirect = redirect_update(record, &answer, ctx.schedule.redirect_threshold);
    let hub = answer.hub.clone();
    let poll = FeedPoll {
        feed_id: record.id,
        polled_at,
        next_due,
        duration_ms: duration.as_millis() as u64,
        outcome: answer.outcome,
        redirect,
        rhythm: answer.rhythm,
        postpone,
    };
    let entry_plan = match &poll.outcome {
        PollOutcome::Fetched { articles, .. } => {
            entries::judge(&ctx.writer, record.id, &feed_plan, articles).await?
        }
        _ => Default::default(),
    };
    let (poll, counts) = ctx
        .writer
        .apply_poll(Box::new(poll), entry_plan, answer.keys, ctx.settings.dedup)
        .await;
    let counts = counts?;
    if let (Some(websub), Some(hub)) = (&ctx.websub, hub) {
        websub.observe(record.id, hub).await?;
    }
    record_metrics(&poll, &counts, duration);
    log_poll(&poll, &counts);
    if matches!(
        poll.outcome,
        PollOutcome::Fetched { .. } | PollOutcome::NotModified { .. }
    ) {
        super::pages::fetch_pending(ctx, record.id, &feed_plan).await?;
    }
    Ok(PollEnd::Polled { poll, counts })
}

/// Stores the poll of `record` whose task panicked (a bug) as that feed's
/// failed poll, like any other failure: counted, backed off, shown by
/// `tidings feeds`, and with the panic's message as its error.
pub(crate) async fn record_panic(
    ctx: &PollContext,
    record: &FeedRecord,
    panic: &str,
) -> Result<PollEnd, StoreError> {
    let polled_at = Utc::now();
    let error = format!("internal error: the poll panicked ({panic}); this is a bug in tidings");
    let answer = Answer {
        outcome: PollOutcome::Failed {
            status: None,
            error: crate::config::secrets::redact_text(&error, &record.url),
        },
        moved_to: None,
        failure: Failure::Transient,
        keys: PreparedKeys::NONE,
        hub: None,
        freshness: None,
        rhythm: None,
    };
    let next_due =
        plan(ctx, record, &answer, None).next_due(polled_at, schedule::jitter_fraction());
    let poll = FeedPoll {
        feed_id: record.id,
        polled_at,
        next_due,
        duration_ms: 0,
        outcome: answer.outcome,
        redirect: None,
        rhythm: None,
        postpone: None,
    };
    let (poll, counts) = ctx
        .writer
        .apply_poll(
            Box::new(poll),
            Default::default(),
            PreparedKeys::NONE,
            ctx.settings.dedup,
        )
        .await;
    let counts = counts?;
    record_metrics(&poll, &counts, Duration::ZERO);
    log_poll(&poll, &counts);
    Ok(PollEnd::Polled { poll, counts })
}

/// The scheduling inputs of this poll (see [`crate::schedule`]).
fn plan(
    ctx: &PollContext,
    record: &FeedRecord,
    answer: &Answer,
    retry_after: Option<Duration>,
) -> Plan {
    let rhythm = answer.rhythm.unwrap_or(record.rhythm);
    let interval = schedule::choose_interval(
        record.interval_secs.map(secs),
        rhythm.observed_gap_secs.map(secs),
        &ctx.schedule,
    );
    let failures = match answer.outcome {
        PollOutcome::Failed { .. } => record.consecutive_failures + 1,
        _ => 0,
    };
    Plan {
        failure: answer.failure,
        interval,
        floor: Plan::floor(
            &[rhythm.hint_secs.map(secs), answer.freshness],
            ctx.schedule.max_interval,
        ),
        failures,
        max_backoff: ctx.schedule.max_backoff,
        retry_after,
        skip: Skip {
            hours: rhythm.skip_hours,
            days: rhythm.skip_days,
        },
    }
}

/// A 429/503 with Retry-After: keep the whole host group away until then,
/// in this process and (for every other feed of the host) in the database.
async fn pause_host(
    ctx: &PollContext,
    record: &FeedRecord,
    url: &Url,
    delay: Duration,
    polled_at: DateTime<Utc>,
) -> Result<Postponement, StoreError> {
    ctx.fetcher
        .politeness()
        .postpone(url, Instant::now() + delay);
    monitoring::record_host_postponement();
    let key = fetch::host_key(url);
    let others = ctx.writer.call(|store| store.feed_urls()).await?;
    let feed_ids = others
        .into_iter()
        .filter(|(id, other)| {
            *id != record.id && Url::parse(other).ok().as_ref().and_then(fetch::host_key) == key
        })
        .map(|(id, _)| id)
        .collect();
    let until = polled_at + chrono::Duration::from_std(delay).unwrap_or_default();
    warn!(host = ?key, %until, "server asked to retry later; every feed of this host waits");
    Ok(Postponement { feed_ids, until })
}

/// The feed's redirect bookkeeping after this poll (see [`super::redirects`]);
/// `None` when nothing changes. A failed poll is no evidence either way.
fn redirect_update(record: &FeedRecord, answer: &Answer, threshold: u32) -> Option<RedirectState> {
    if matches!(answer.outcome, PollOutcome::Failed { .. }) {
        return None;
    }
    let current = record.redirect_state();
    let target = answer.moved_to.as_ref().map(Url::as_str);
    let (next, moved) = super::redirects::next_state(&current, target, threshold);
    if moved {
        warn!(
            feed = %record.url,
            moved_to = ?next.moved_to,
            "feed moved permanently; now fetched from its new URL. Update its url in the config"
        );
        monitoring::record_feed_moved();
    }
    (next != current).then_some(next)
}

async fn fetch_and_parse(
    fetcher: &Fetcher,
    url: &Url,
    record: &FeedRecord,
    plan: &FeedPlan,
    near: bool,
    hubs: bool,
) -> Result<Answer, FetchOrParse> {
    let (moved_to, answer) = fetcher
        .fetch_with(url, &record.validators, &plan.options)
        .await?
        .settle();
    match answer {
        FetchOutcome::NotModified {
            final_url,
            status,
            freshness,
            ..
        } => Ok(Answer {
            outcome: PollOutcome::NotModified {
                status,
                final_url: final_url.to_string(),
            },
            moved_to,
            failure: Failure::default(),
            keys: PreparedKeys::NONE,
            freshness,
            rhythm: None,
            hub: None,
        }),
        FetchOutcome::Gone { final_url, status } => Ok(Answer {
            outcome: PollOutcome::Gone {
                status: Some(status),
                final_url: final_url.to_string(),
            },
            moved_to,
            failure: Failure::default(),
            keys: PreparedKeys::NONE,
            freshness: None,
            rhythm: None,
            hub: None,
        }),
        // `settle` never leaves one; were it ever, the way to the answer is
        // a redirect that leads nowhere.
        FetchOutcome::Moved { to, .. } => Err(FetchOrParse::Fetch(FetchError::Redirect(format!(
            "{url} moved to {to} without an answer"
        )))),
        FetchOutcome::Fetched(body) => {
            let base = body.final_url.clone();
            let hub = hubs
                .then(|| crate::websub::discover::hub_of(&body.text, body.links.as_deref(), &base))
                .flatten();
            let now = Utc::now();
            let text = body.text;
            let _slot = super::parse_slot().await?;
            let since = record.last_success_at;
            let (meta, articles, keys, rhythm, parse_warnings) =
                tokio::task::spawn_blocking(move || {
                    super::yield_to_writer();
                    let (collected, warnings) = super::parse_and_normalize_blocking(&text, &base)?;
                    let keys = super::prepare_text_keys(&collected.articles, since, near);
                    let rhythm =
                        rhythm_of(&text, collected.meta.ttl_minutes, &collected.articles, now);
                    Ok::<_, crate::parse::ParseError>((
                        collected.meta,
                        collected.articles,
                        keys,
                        rhythm,
                        warnings,
                    ))
                })
                .await
                .map_err(|_| crate::parse::ParseError::Cancelled)??;
            let mut warnings = body.warnings;
            warnings.extend(parse_warnings);
            for warning in &warnings {
                warn!(warning = %warning, "feed repaired");
            }
            Ok(Answer {
                outcome: PollOutcome::Fetched {
                    status: body.status,
                    final_url: body.final_url.to_string(),
                    validators: body.validators,
                    bytes: body.bytes,
                    meta,
                    articles,
                    warnings,
                },
                moved_to,
                failure: Failure::default(),
                keys,
                freshness: body.freshness,
                rhythm: Some(rhythm),
                hub,
            })
        }
    }
}

/// What a fetched document says about how often to poll it.
fn rhythm_of(
    text: &str,
    ttl_minutes: Option<u32>,
    articles: &[crate::model::Article],
    now: DateTime<Utc>,
) -> FeedRhythm {
    let doc = hints::scan(text);
    let dates = articles.iter().filter_map(|a| a.published.or(a.updated));
    let ttl = ttl_minutes.map(|m| u64::from(m) * 60);
    let hint = ttl.max(doc.update_period.map(|p| p.as_secs()));
    FeedRhythm {
        observed_gap_secs: adaptive::observed_gap(dates, now).map(|g| g.as_secs()),
        hint_secs: hint.filter(|h| *h > 0),
        skip_hours: doc.skip.hours,
        skip_days: doc.skip.days,
    }
}

fn record_metrics(poll: &FeedPoll, counts: &PollCounts, duration: Duration) {
    let bytes = match &poll.outcome {
        PollOutcome::Fetched { bytes, .. } => *bytes,
        _ => 0,
    };
    monitoring::record_poll(poll.outcome.name(), poll.outcome.status(), duration, bytes);
    monitoring::record_articles(counts);
}

/// The one event per poll: status, bytes, items, what was stored, duration.
fn log_poll(poll: &FeedPoll, counts: &PollCounts) {
    let duration_ms = poll.duration_ms;
    let next_due = poll.next_due;
    match &poll.outcome {
        PollOutcome::NotModified { status, .. } => {
            info!(status = ?status, duration_ms, %next_due, "not modified");
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
                dropped = counts.dropped,
                merged = counts.merged,
                duration_ms,
                %next_due,
                "fetched"
            );
        }
        PollOutcome::Gone { status, .. } => {
            warn!(
                status = ?status,
                "feed is gone (410); it will not be polled again. Remove it from the config"
            );
        }
        PollOutcome::Failed { status, error } => {
            warn!(status = ?status, error = %error, duration_ms, %next_due, "poll failed");
        }
    }
}
