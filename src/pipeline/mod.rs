//! Wires the stages together: due feeds → fetch → parse → normalize →
//! store → next due time.
//!
//! [`poll_once`] is `tidings once`: it hands every due feed (or all, or
//! one) to the poll runner (`runner.rs`) and drains it, returning a
//! [`RunSummary`]. [`run_daemon`] is `tidings run`: it hands the same
//! runner each feed whenever it falls due, until cancelled. The runner
//! polls a feed with `poll::poll_feed`, a bounded window of tasks at a
//! time spread by host; one feed's failure (a panic included) is recorded
//! on that feed and never stops the others. Every outcome, errors
//! included, ends in the database. The global and per-host limits live in
//! the fetcher (see [`crate::fetch::hosts`]).

mod daemon;
mod entries;
pub mod limits;
mod pages;
mod parse;
mod poll;
mod push;
mod redirects;
mod retention;
mod runner;

pub use daemon::{run_daemon, DaemonControl};
pub use parse::{parse_and_normalize_blocking, parse_slot, prepare_text_keys, yield_to_writer};
pub use retention::{prune, PRUNE_EVERY};

use url::Url;

use chrono::Utc;

use crate::config::Config;
use crate::fetch::{FetchError, Fetcher};
use crate::model::{PollCounts, PollOutcome};
use crate::store::{FeedRecord, Store, StoreError, Writer};
use poll::PollEnd;
use runner::Runner;

/// What to poll in one run.
#[derive(Debug, Clone, Default)]
pub struct PollOptions {
    /// Poll every active feed, due or not (but not those gone).
    pub force: bool,
    /// Poll only the feed with this URL (as configured), due or not, gone or not.
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
    /// Feeds that failed (fetch or parse), or answered 410 Gone.
    pub failed: u64,
    /// What was stored.
    pub articles: PollCounts,
}

impl RunSummary {
    /// Counts one stored poll.
    fn add(&mut self, outcome: &PollOutcome, counts: PollCounts) {
        self.polled += 1;
        self.articles += counts;
        match outcome {
            PollOutcome::NotModified { .. } => self.not_modified += 1,
            PollOutcome::Fetched { .. } => self.fetched += 1,
            PollOutcome::Failed { .. } | PollOutcome::Gone { .. } => self.failed += 1,
        }
    }

    /// Whether feeds were polled and every one failed (what `tidings once`
    /// tells cron with its own exit status).
    pub fn all_failed(&self) -> bool {
        self.polled > 0 && self.failed == self.polled
    }
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
    /// The WebSub subscriber could not start (its listener, its client).
    #[error("{0}")]
    WebSub(String),
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
    let records = writer.call(|store| store.feed_states()).await?;
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
            .filter(|r| r.active && r.gone_at.is_none() && (options.force || r.is_due(now)))
            .collect(),
    };

    options.report(PollProgress::Selected(selected.len() as u64));
    let mut runner = Runner::new(config, fetcher.clone(), writer.clone());
    runner.enqueue(selected, |_| None);
    let mut summary = RunSummary::default();
    runner
        .drain(|finished| {
            options.report(PollProgress::Polled);
            if let PollEnd::Polled { poll, counts } = finished.end? {
                summary.add(&poll.outcome, counts);
            }
            Ok::<_, StoreError>(())
        })
        .await?;
    Ok(summary)
}

/// Orders `records` so that feeds of one host (as the fetcher groups them,
/// [`crate::fetch::host_key`]) are spread out: the first feed of every
/// host, then the second of every host, and so on, hosts in order of first
/// appearance. Polls take their places in line in this order, and one host
/// with many feeds listed together would otherwise hold every place while
/// its per-host limit lets one through at a time.
fn spread_hosts<T>(records: Vec<T>, url: impl Fn(&T) -> &str) -> Vec<T> {
    let mut hosts: Vec<std::collections::VecDeque<T>> = Vec::new();
    let mut index: std::collections::HashMap<Option<String>, usize> =
        std::collections::HashMap::new();
    let total = records.len();
    for record in records {
        let key = Url::parse(url(&record))
            .ok()
            .and_then(|url| crate::fetch::host_key(&url));
        let slot = *index.entry(key).or_insert_with(|| {
            hosts.push(std::collections::VecDeque::new());
            hosts.len() - 1
        });
        hosts[slot].push_back(record);
    }
    let mut spread = Vec::with_capacity(total);
    while spread.len() < total {
        for host in &mut hosts {
            spread.extend(host.pop_front());
        }
    }
    spread
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_of_one_host_are_spread_out() {
        let urls = vec![
            "https://a.example/1",
            "https://www.a.example/2", // same registrable domain as a.example
            "https://a.example/3",
            "https://b.example/1",
            "file:///srv/local.xml",
            "https://b.example/2",
            "not a url",
        ];
        let spread = spread_hosts(urls, |u| u);
        assert_eq!(
            spread,
            vec![
                "https://a.example/1",
                "https://b.example/1",
                "file:///srv/local.xml", // no host: grouped with "not a url"
                "https://www.a.example/2",
                "https://b.example/2",
                "not a url",
                "https://a.example/3",
            ]
        );
    }
}
