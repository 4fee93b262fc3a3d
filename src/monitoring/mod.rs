//! Metrics and health: what `tidings run` exposes on `metrics.listen`.
//!
//! The pipeline records through the `metrics` facade (counters, gauges,
//! histograms); [`install`] puts the Prometheus recorder of
//! `metrics-exporter-prometheus` behind it, and [`server`] serves its text
//! exposition on `/metrics` and the daemon's [`Health`] on `/healthz`.
//! Without a listener no recorder is installed and every call here is a
//! no-op.
//!
//! | metric | type | labels |
//! |---|---|---|
//! | `tidings_polls_total` | counter | `outcome` (fetched, not_modified, failed, gone), `status_class` (2xx, 3xx, 4xx, 5xx, none) |
//! | `tidings_fetch_duration_seconds` | histogram | |
//! | `tidings_fetched_bytes_total` | counter | |
//! | `tidings_articles_total` | counter | `change` (new, updated, duplicate) |
//! | `tidings_feeds` | gauge | `state` (new, ok, failing, gone) |
//! | `tidings_scheduler_lag_seconds` | histogram | |
//! | `tidings_host_postponements_total` | counter | |
//! | `tidings_feeds_moved_total` | counter | |
//! | `tidings_polls_in_flight` | gauge | |
//! | `tidings_pages_total` | counter | `outcome` (`used`, `kept_feed`, `not_needed`, `disallowed`, `failed`) |
//! | `tidings_dropped_entries_total` | counter | entries `[[filters]]` kept out |

pub mod server;

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::model::PollCounts;

/// Polls by outcome and status class.
pub const POLLS: &str = "tidings_polls_total";
/// Time to fetch, parse and normalize one feed.
pub const FETCH_DURATION: &str = "tidings_fetch_duration_seconds";
/// Body bytes received, after decompression.
pub const FETCHED_BYTES: &str = "tidings_fetched_bytes_total";
/// Articles stored, by change.
pub const ARTICLES: &str = "tidings_articles_total";
/// Active feeds by state.
pub const FEEDS: &str = "tidings_feeds";
/// How late a due feed's fetch started.
pub const SCHEDULER_LAG: &str = "tidings_scheduler_lag_seconds";
/// 429/503 answers with Retry-After that postponed a host.
pub const HOST_POSTPONEMENTS: &str = "tidings_host_postponements_total";
/// Feeds moved by a repeated permanent redirect.
pub const FEEDS_MOVED: &str = "tidings_feeds_moved_total";
/// Polls running now.
pub const IN_FLIGHT: &str = "tidings_polls_in_flight";
/// Article pages (full text), by outcome.
pub const PAGES: &str = "tidings_pages_total";
/// Entries `[[filters]]` kept out.
pub const DROPPED: &str = "tidings_dropped_entries_total";

/// Histogram buckets, in seconds, for durations and lag.
const BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0,
];

/// Whether [`install`] ran: callers skip work that only feeds metrics.
static ENABLED: AtomicBool = AtomicBool::new(false);

/// Whether a metrics recorder is installed.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// The recorder could not be installed.
#[derive(Debug, thiserror::Error)]
#[error("cannot set up the metrics recorder: {0}")]
pub struct MetricsError(String);

/// Installs the Prometheus recorder as the process's global one and
/// describes every metric. Once per process.
pub fn install() -> Result<PrometheusHandle, MetricsError> {
    let handle = PrometheusBuilder::new()
        .set_buckets(BUCKETS)
        .map_err(|e| MetricsError(e.to_string()))?
        .set_buckets_for_metric(Matcher::Full(FETCH_DURATION.into()), BUCKETS)
        .map_err(|e| MetricsError(e.to_string()))?
        .install_recorder()
        .map_err(|e| MetricsError(e.to_string()))?;
    describe();
    ENABLED.store(true, Ordering::Relaxed);
    Ok(handle)
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(POLLS, "Feed polls by outcome and HTTP status class");
    describe_histogram!(
        FETCH_DURATION,
        Unit::Seconds,
        "Time to fetch, parse and normalize one feed"
    );
    describe_counter!(
        FETCHED_BYTES,
        Unit::Bytes,
        "Feed bytes received, after decompression"
    );
    describe_counter!(
        ARTICLES,
        "Articles stored: new, updated, or seen again unchanged (duplicate)"
    );
    describe_gauge!(FEEDS, "Active feeds by state");
    describe_histogram!(
        SCHEDULER_LAG,
        Unit::Seconds,
        "How late due feeds started fetching"
    );
    describe_counter!(
        HOST_POSTPONEMENTS,
        "Retry-After answers that postponed every feed of a host"
    );
    describe_counter!(FEEDS_MOVED, "Feeds moved by a repeated permanent redirect");
    describe_gauge!(IN_FLIGHT, "Feed polls running now");
    describe_counter!(PAGES, "Article pages (full text) by outcome");
    describe_counter!(DROPPED, "Entries kept out by [[filters]] rules");
    describe_counter!(
        crate::websub::PUSHES,
        "WebSub pushes by result (fat, thin, rejected)"
    );
    describe_gauge!(
        crate::websub::SUBSCRIPTIONS,
        "WebSub subscriptions by state"
    );
}

/// `2xx` ... `5xx`, or `none` without an HTTP status.
pub fn status_class(status: Option<u16>) -> &'static str {
    match status {
        Some(200..=299) => "2xx",
        Some(300..=399) => "3xx",
        Some(400..=499) => "4xx",
        Some(500..=599) => "5xx",
        Some(_) => "other",
        None => "none",
    }
}

/// Records one finished poll.
pub fn record_poll(outcome: &'static str, status: Option<u16>, duration: Duration, bytes: u64) {
    metrics::counter!(POLLS, "outcome" => outcome, "status_class" => status_class(status))
        .increment(1);
    metrics::histogram!(FETCH_DURATION).record(duration.as_secs_f64());
    if bytes > 0 {
        metrics::counter!(FETCHED_BYTES).increment(bytes);
    }
}

/// Records what storing a poll changed.
pub fn record_articles(counts: &PollCounts) {
    for (change, n) in [
        ("new", counts.new),
        ("updated", counts.updated),
        ("duplicate", counts.unchanged),
    ] {
        metrics::counter!(ARTICLES, "change" => change).increment(n);
    }
    if counts.dropped > 0 {
        metrics::counter!(DROPPED).increment(counts.dropped);
    }
}

/// Counts one article page (full text) by what came of it.
pub fn record_page(outcome: &'static str) {
    metrics::counter!(PAGES, "outcome" => outcome).increment(1);
}

/// Records how late a due feed started.
pub fn record_lag(lag: Duration) {
    metrics::histogram!(SCHEDULER_LAG).record(lag.as_secs_f64());
}

/// Counts a host postponed by Retry-After.
pub fn record_host_postponement() {
    metrics::counter!(HOST_POSTPONEMENTS).increment(1);
}

/// Counts a feed moved by a repeated permanent redirect.
pub fn record_feed_moved() {
    metrics::counter!(FEEDS_MOVED).increment(1);
}

/// Sets the polls-in-flight gauge.
pub fn set_in_flight(n: usize) {
    metrics::gauge!(IN_FLIGHT).set(n as f64);
}

/// Sets the feeds-by-state gauge.
pub fn set_feed_states(states: &[(String, u64)]) {
    for state in ["new", "ok", "failing", "gone"] {
        let n = states
            .iter()
            .find(|(s, _)| s == state)
            .map_or(0, |(_, n)| *n);
        metrics::gauge!(FEEDS, "state" => state).set(n as f64);
    }
}

/// Whether the daemon is alive, for `/healthz`: the scheduler loop beats
/// on every wake (at least every few minutes); shutdown turns it unhealthy.
#[derive(Debug)]
pub struct Health {
    started: std::time::Instant,
    last_beat_ms: AtomicI64,
    stopping: AtomicBool,
    stale_after: Duration,
}

impl Health {
    /// A health record that turns stale when the loop has not beaten for
    /// `stale_after`.
    pub fn new(stale_after: Duration) -> Health {
        Health {
            started: std::time::Instant::now(),
            last_beat_ms: AtomicI64::new(0),
            stopping: AtomicBool::new(false),
            stale_after,
        }
    }

    /// The scheduler loop is alive.
    pub fn beat(&self) {
        let ms = self.started.elapsed().as_millis() as i64;
        self.last_beat_ms.store(ms, Ordering::Relaxed);
    }

    /// The daemon is shutting down.
    pub fn set_stopping(&self) {
        self.stopping.store(true, Ordering::Relaxed);
    }

    /// `Ok` when healthy, else why not.
    pub fn check(&self) -> Result<(), &'static str> {
        if self.stopping.load(Ordering::Relaxed) {
            return Err("stopping");
        }
        let since =
            self.started.elapsed().as_millis() as i64 - self.last_beat_ms.load(Ordering::Relaxed);
        if since > self.stale_after.as_millis() as i64 {
            return Err("the scheduler loop has not run recently");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_classes() {
        assert_eq!(status_class(Some(200)), "2xx");
        assert_eq!(status_class(Some(304)), "3xx");
        assert_eq!(status_class(Some(410)), "4xx");
        assert_eq!(status_class(Some(503)), "5xx");
        assert_eq!(status_class(None), "none");
    }

    #[test]
    fn health_turns_bad_when_stopping() {
        let health = Health::new(Duration::from_secs(60));
        health.beat();
        assert_eq!(health.check(), Ok(()));
        health.set_stopping();
        assert_eq!(health.check(), Err("stopping"));
    }
}
