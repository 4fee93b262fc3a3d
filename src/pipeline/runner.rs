//! The one poll runner under both `tidings once` and `tidings run`: feeds
//! handed to it wait in line, spread round-robin by host, and at most
//! `poll::task_window` of them have a poll task at a time; each task polls
//! one feed with `poll::poll_feed` and stores it through the writer.
//!
//! `once` hands the runner its due set and drains it ([`Runner::drain`]);
//! the daemon hands it each batch of feeds as they fall due and takes the
//! finished polls one by one ([`Runner::join_next`], [`Runner::settle`]),
//! so both get the same line, window and failure handling. A poll task
//! that panics (a bug) is recorded as that feed's failure, in the database
//! like any other (with backoff), and never stops the other polls.
//! It never decides *when* a feed is due: that is the caller's (and
//! [`crate::schedule`]'s) business.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use tokio::task::{JoinError, JoinSet};
use tokio_util::sync::CancellationToken;
use tracing::{error, info, info_span, warn, Instrument};

use super::entries::FeedSettings;
use super::poll::{self, PollContext, PollEnd};
use crate::config::Config;
use crate::fetch::Fetcher;
use crate::store::{FeedRecord, StoreError, Writer};

/// What a poll task runs: `poll::poll_feed`, but replaceable in tests.
type PollFn = fn(PollContext, FeedRecord, Option<DateTime<Utc>>) -> BoxFuture<'static, PollResult>;

/// What a poll task returns: how it ended, or the database's refusal.
type PollResult = Result<PollEnd, StoreError>;

/// A poll task's result as `JoinSet` hands it over.
pub(crate) type Joined = Result<(tokio::task::Id, PollResult), JoinError>;

/// One feed's poll, ended.
#[derive(Debug)]
pub(crate) struct Finished {
    /// The feed's database id.
    pub feed: i64,
    /// How it ended; a panic arrives here as a stored failed poll.
    pub end: PollResult,
}

/// The poll tasks under way and the feeds waiting for one.
pub(crate) struct Runner {
    /// What every poll task gets a copy of.
    ctx: PollContext,
    /// The poll tasks, each polling one feed.
    tasks: JoinSet<PollResult>,
    /// The feed each task polls, whole: a task that panics must still be
    /// recorded as its feed's failure, which needs the feed's backoff state.
    running: HashMap<tokio::task::Id, FeedRecord>,
    /// Feeds whose task waits for a place in the window, with when each
    /// was due (for the scheduler-lag metric; `None`: its stored due time).
    waiting: VecDeque<(FeedRecord, Option<DateTime<Utc>>)>,
    /// How many poll tasks may exist at once (`poll::task_window`).
    window: usize,
    /// What a task runs.
    poll: PollFn,
}

fn poll_feed(
    ctx: PollContext,
    record: FeedRecord,
    due: Option<DateTime<Utc>>,
) -> BoxFuture<'static, PollResult> {
    Box::pin(async move { poll::poll_feed(&ctx, &record, due).await })
}

impl Runner {
    /// A runner with the shared fetcher and writer, and the schedule and
    /// per-feed settings of `config`.
    pub fn new(config: &Config, fetcher: Fetcher, writer: Writer) -> Runner {
        Runner {
            ctx: PollContext {
                fetcher,
                writer,
                schedule: config.schedule.clone(),
                settings: Arc::new(FeedSettings::new(config)),
                robots: Arc::new(crate::fulltext::RobotsCache::new()),
                in_flight: poll::in_flight(&config.fetch),
                websub: None,
            },
            tasks: JoinSet::new(),
            running: HashMap::new(),
            waiting: VecDeque::new(),
            window: poll::task_window(&config.fetch),
            poll: poll_feed,
        }
    }

    /// The context every poll gets.
    pub fn ctx(&self) -> &PollContext {
        &self.ctx
    }

    /// The context every poll gets, to hand a subscriber its handle.
    pub fn ctx_mut(&mut self) -> &mut PollContext {
        &mut self.ctx
    }

    /// Takes a reloaded config's `[schedule]` and per-feed settings for the
    /// polls that start from now on.
    pub fn reconfigure(&mut self, config: &Config) {
        self.ctx.schedule = config.schedule.clone();
        self.ctx.settings = Arc::new(FeedSettings::new(config));
    }

    /// Puts `feeds` in line, spread by host (see `super::spread_hosts`), and
    /// starts as many polls as the window has room for. `due` says when
    /// each was due.
    pub fn enqueue(
        &mut self,
        feeds: Vec<FeedRecord>,
        due: impl Fn(&FeedRecord) -> Option<DateTime<Utc>>,
    ) {
        for record in super::spread_hosts(feeds, FeedRecord::fetch_url) {
            let at = due(&record);
            self.waiting.push_back((record, at));
        }
        self.fill();
    }

    /// Drops the waiting feeds `keep` says no to (a feed removed from the
    /// config while in line is not polled); returns their ids.
    pub fn retain_waiting(&mut self, keep: impl Fn(i64) -> bool) -> Vec<i64> {
        let mut removed = Vec::new();
        self.waiting.retain(|(record, _)| {
            let kept = keep(record.id);
            if !kept {
                removed.push(record.id);
            }
            kept
        });
        removed
    }

    /// Whether the window has no room for another task.
    pub fn is_full(&self) -> bool {
        self.tasks.len() >= self.window
    }

    /// Starts the polls waiting in line while the window has room.
    fn fill(&mut self) {
        while self.tasks.len() < self.window {
            let Some((record, due)) = self.waiting.pop_front() else {
                break;
            };
            let span = info_span!("poll", feed = %crate::config::secrets::redact_url(&record.url));
            let task = (self.poll)(self.ctx.clone(), record.clone(), due).instrument(span);
            let handle = self.tasks.spawn(task);
            self.running.insert(handle.id(), record);
        }
    }

    /// Waits for the next poll task to end; `None` when none runs. Safe to
    /// cancel (in a `select!`): nothing is lost until [`Runner::settle`].
    pub async fn join_next(&mut self) -> Option<Joined> {
        self.tasks.join_next_with_id().await
    }

    /// What an ended task means for its feed; a panic is stored as the
    /// feed's failed poll (see [`poll::record_panic`]). Then the next
    /// feed in line takes the freed place. `None` for a task cancelled at
    /// shutdown: nothing of it was stored, its feed is still due.
    pub async fn settle(&mut self, joined: Joined) -> Option<Finished> {
        let finished = match joined {
            Ok((task, end)) => {
                let feed = self.running.remove(&task).map_or(0, |r| r.id);
                Some(Finished { feed, end })
            }
            Err(e) => match self.running.remove(&e.id()) {
                Some(record) if e.is_panic() => {
                    let panic = panic_message(e);
                    error!(feed = record.id, panic = %panic, "a poll task panicked");
                    let end = poll::record_panic(&self.ctx, &record, &panic).await;
                    Some(Finished {
                        feed: record.id,
                        end,
                    })
                }
                _ => None,
            },
        };
        self.fill();
        finished
    }

    /// `tidings once`: runs every feed in line to its end, handing each
    /// finished poll to `each`; stops early with `each`'s first error.
    pub async fn drain<E>(
        &mut self,
        mut each: impl FnMut(Finished) -> Result<(), E>,
    ) -> Result<(), E> {
        while let Some(joined) = self.join_next().await {
            if let Some(finished) = self.settle(joined).await {
                each(finished)?;
            }
        }
        Ok(())
    }

    /// Shutdown: nothing waiting starts; polls in flight get `grace` to
    /// finish (less if `abort` is cancelled first), then are cancelled.
    /// A cancelled poll stored nothing: its feed is still due next time.
    pub async fn shut_down(&mut self, grace: Duration, abort: &CancellationToken) {
        self.waiting.clear();
        if !self.tasks.is_empty() {
            info!(
                in_flight = self.tasks.len(),
                grace = %humantime::format_duration(grace),
                "shutting down; letting polls in flight finish"
            );
        }
        let drain = async {
            while let Some(joined) = self.tasks.join_next_with_id().await {
                if let Some(Finished { end: Err(e), .. }) = self.settle(joined).await {
                    error!(error = %e, "a poll could not be stored");
                }
            }
        };
        let drained = tokio::select! {
            finished = tokio::time::timeout(grace, drain) => finished.is_ok(),
            () = abort.cancelled() => false,
        };
        if !drained {
            warn!(
                cancelled = self.tasks.len(),
                "cancelling polls still in flight; their feeds stay due"
            );
            self.tasks.abort_all();
            while self.tasks.join_next().await.is_some() {}
            self.running.clear();
        }
    }
}

/// What a panicking task said, for the log and the feed's `last_error`.
fn panic_message(e: JoinError) -> String {
    let payload = e.into_panic();
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// Polls normally, but panics for any feed whose URL says "boom".
    fn panics_on_boom(
        ctx: PollContext,
        record: FeedRecord,
        due: Option<DateTime<Utc>>,
    ) -> BoxFuture<'static, PollResult> {
        Box::pin(async move {
            assert!(!record.url.contains("boom"), "a bug in the poll");
            poll::poll_feed(&ctx, &record, due).await
        })
    }

    #[tokio::test]
    async fn a_panicking_poll_is_that_feeds_stored_failure_and_the_others_go_on() {
        let dir = tempfile::tempdir().unwrap();
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/rss20_sample.xml");
        let good = url::Url::from_file_path(&fixture).unwrap();
        let boom = url::Url::from_file_path(dir.path().join("boom.xml")).unwrap();
        let toml = format!(
            "database = {:?}\n[[feeds]]\nurl = \"{good}\"\n[[feeds]]\nurl = \"{boom}\"\n",
            dir.path().join("t.db")
        );
        let config = Config::parse(&toml, &dir.path().join("tidings.toml")).unwrap();
        let store = Store::open(&config.database).unwrap();
        let (writer, thread) = Writer::spawn(store);
        let feeds = config.feeds.clone();
        writer
            .call(move |s| s.sync_feeds(&feeds, Utc::now()))
            .await
            .unwrap();
        let records = writer.call(|s| s.feed_states()).await.unwrap();
        let fetcher = Fetcher::new(&config.fetch).unwrap();
        let mut runner = Runner::new(&config, fetcher, writer.clone());
        runner.poll = panics_on_boom;
        runner.enqueue(records, |_| None);
        let mut outcomes = HashMap::new();
        runner
            .drain(|finished| {
                let PollEnd::Polled { poll, counts } = finished.end? else {
                    panic!("no host pause here");
                };
                outcomes.insert(finished.feed, (poll.outcome.name(), counts.new));
                Ok::<_, StoreError>(())
            })
            .await
            .unwrap();
        let states = writer.call(|s| s.feed_states()).await.unwrap();
        drop((runner, writer));
        tokio::task::spawn_blocking(move || thread.join())
            .await
            .unwrap();

        let by_url = |u: &url::Url| states.iter().find(|r| r.url == u.as_str()).unwrap();
        let (good, boom) = (by_url(&good), by_url(&boom));
        assert!(matches!(outcomes.get(&good.id), Some(("fetched", new)) if *new > 0));
        assert_eq!(outcomes.get(&boom.id), Some(&("failed", 0)));
        assert_eq!(boom.consecutive_failures, 1);
        let error = boom.last_error.as_deref().unwrap_or_default();
        assert!(error.contains("a bug in the poll"), "{error}");
        assert!(boom.next_due_at.is_some_and(|at| at > Utc::now()));
    }
}
