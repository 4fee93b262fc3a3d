//! `tidings run`: poll each feed whenever it falls due, until told to stop.
//!
//! The loop keeps every feed's due time in a [`DueQueue`] loaded from the
//! database (where each poll stores the next one, so a restart resumes
//! where it stopped) and sleeps until the earliest: no tick that wakes for
//! nothing. It wakes early for a finished poll, a reload (SIGHUP) or
//! shutdown (SIGTERM/SIGINT), and at least every [`MAX_SLEEP`] (or half the
//! systemd watchdog interval) to ping the watchdog and re-read the due
//! times, so a wall-clock jump (suspend, NTP step) is noticed.
//!
//! `[retention]` is applied at start and every [`super::PRUNE_EVERY`].
//! A reload also takes `[full_text]`, `[[filters]]` and every feed's own
//! options (full text, headers, user agent, basic auth, proxy) at once.
//!
//! Polls run on the runner `tidings once` uses too (see `runner.rs`): each
//! bounded by the fetcher's global and per-host limits, at most
//! `poll::task_window` tasks at a time, feeds due beyond that (every feed,
//! at the first start) waiting in line, spread by host; a panicking poll is
//! that feed's failure. A feed is never polled twice at once: it leaves
//! the [`DueQueue`] while its poll is under way. On shutdown no new poll
//! starts; polls in flight get `schedule.shutdown_grace` to finish, then are
//! cancelled. Each poll is stored whole in one transaction on the writer
//! thread (possibly with other polls),
//! so a cancelled poll leaves nothing half-written: its feed is simply
//! still due at the next start. A poll the database refuses to store (disk
//! full, read-only file) does not stop the service either: the error is
//! logged with the database's path and that feed is tried again after a
//! growing pause (1 s doubling to 60 s) until the database takes writes.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::Notify;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tracing::{error, info, warn};

use super::poll::PollEnd;
use super::runner::{Finished, Joined, Runner};
use super::PipelineError;
use crate::config::Config;
use crate::fetch::Fetcher;
use crate::model::PollOutcome;
use crate::monitoring::{self, Health};
use crate::notify;
use crate::schedule::queue::{instant_for, DueQueue};
use crate::store::{Store, StoreError, Writer};

/// Longest single sleep, so clock jumps (suspend, NTP steps) are noticed.
pub const MAX_SLEEP: Duration = Duration::from_secs(5 * 60);

/// How the outside world steers the daemon (signals, in `commands::run`).
#[derive(Debug, Clone)]
pub struct DaemonControl {
    /// Cancelled on SIGTERM/SIGINT: start nothing new, let polls in flight finish.
    pub shutdown: CancellationToken,
    /// Cancelled on a second signal: cancel polls in flight at once.
    pub abort: CancellationToken,
    /// Notified on SIGHUP: re-read the config file.
    pub reload: Arc<Notify>,
    /// Beaten by the loop, shown on `/healthz`.
    pub health: Arc<Health>,
}

impl Default for DaemonControl {
    fn default() -> Self {
        DaemonControl {
            shutdown: CancellationToken::new(),
            abort: CancellationToken::new(),
            reload: Arc::new(Notify::new()),
            health: Arc::new(Health::new(3 * MAX_SLEEP)),
        }
    }
}

/// Runs until `control.shutdown` is cancelled; returns the store for a clean close.
pub async fn run_daemon(
    config: Config,
    store: Store,
    control: DaemonControl,
) -> Result<Store, PipelineError> {
    let fetcher = Fetcher::new(&config.fetch)?;
    let (writer, thread) = Writer::spawn(store);
    let mut runner = Runner::new(&config, fetcher, writer.clone());
    let websub = match super::push::start(&config, runner.ctx_mut(), control.shutdown.clone()).await
    {
        Ok(websub) => websub,
        Err(e) => {
            drop((runner, writer));
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
            return Err(e);
        }
    };
    let daemon = Daemon {
        runner,
        websub,
        config,
        writer,
        control,
        queue: DueQueue::new(),
        store_retry: STORE_RETRY_MIN,
    };
    let result = daemon.run().await;
    let store = tokio::task::spawn_blocking(move || thread.join())
        .await
        .expect("joining the store thread does not panic");
    result.map(|()| store)
}

struct Daemon {
    /// The config as last loaded (SIGHUP reloads part of it).
    config: Config,
    /// The poll tasks and the feeds taken from the queue waiting for one.
    runner: Runner,
    /// The store's thread.
    writer: Writer,
    /// Signals from outside.
    control: DaemonControl,
    /// The WebSub subscriber, when `[websub]` is on.
    websub: Option<super::push::Running>,
    /// Every feed's due time; a feed being polled (or waiting in the
    /// runner's line) is in flight here.
    queue: DueQueue,
    /// How long a feed whose poll the database refused to store waits
    /// before it is tried again; doubles while the database keeps refusing.
    store_retry: Duration,
}

/// The next feed the WebSub subscriber wants polled now; never, without one.
async fn poll_now(websub: &mut Option<super::push::Running>) -> Option<i64> {
    match websub {
        Some(running) => running.poll_now.recv().await,
        None => std::future::pending().await,
    }
}

/// First wait after the database refused to store a poll (disk full,
/// read-only file, I/O error); doubled after each refusal up to
/// [`STORE_RETRY_MAX`], back to this after a poll is stored.
const STORE_RETRY_MIN: Duration = Duration::from_secs(1);
/// Longest wait before retrying a feed the database refused to store.
const STORE_RETRY_MAX: Duration = Duration::from_secs(60);

impl Daemon {
    async fn run(mut self) -> Result<(), PipelineError> {
        let feeds = self.sync().await?;
        notify::ready(&format!("polling {feeds} feeds"));
        info!(feeds, "daemon started");
        let watchdog = notify::watchdog_interval();
        let cap = watchdog.map_or(MAX_SLEEP, |w| w.min(MAX_SLEEP));
        let mut next_ping = Instant::now();
        let mut next_resync = Instant::now() + MAX_SLEEP;
        let mut next_prune = Instant::now();
        let result = loop {
            let now = Instant::now();
            if watchdog.is_some() && now >= next_ping {
                notify::watchdog();
                next_ping = now + cap;
            }
            self.control.health.beat();
            if now >= next_resync {
                if let Err(e) = self.resync().await {
                    break Err(e);
                }
                next_resync = now + MAX_SLEEP;
            }
            if now >= next_prune {
                // Retention is housekeeping: a failure is logged, polling goes on.
                if let Err(e) = super::prune(&self.config, &self.writer).await {
                    error!(error = %e, "retention failed");
                }
                next_prune = now + super::PRUNE_EVERY;
            }
            if let Err(e) = self.dispatch().await {
                break Err(e);
            }
            let full = self.runner.is_full();
            let step = tokio::select! {
                () = self.control.shutdown.cancelled() => break Ok(()),
                () = self.control.reload.notified() => self.reload().await,
                Some(joined) = self.runner.join_next() => self.finished(joined).await,
                Some(feed) = poll_now(&mut self.websub) => {
                    // A thin ping, or a subscription no longer live.
                    self.queue.set(feed, Instant::now());
                    Ok(())
                }
                // With the window full, due feeds wait for a finished poll
                // (the branch above), not for their due time: that is past.
                () = async {
                    if full {
                        tokio::time::sleep(cap).await;
                    } else {
                        self.queue.wait(cap).await;
                    }
                } => Ok(()),
            };
            if let Err(e) = step {
                break Err(e);
            }
        };
        self.shut_down().await;
        result.map_err(PipelineError::from)
    }

    /// Makes the database's feeds match the config, then reloads the queue.
    async fn sync(&mut self) -> Result<usize, StoreError> {
        let feeds = self.config.feeds.clone();
        let now = Utc::now();
        self.writer
            .call(move |store| store.sync_feeds(&feeds, now))
            .await?;
        self.resync().await
    }

    /// Reloads every due time from the database.
    async fn resync(&mut self) -> Result<usize, StoreError> {
        let due = self.writer.call(|store| store.due_times()).await?;
        let (now, now_instant) = (Utc::now(), Instant::now());
        let keep: HashSet<i64> = due.iter().map(|(id, _)| *id).collect();
        self.queue.retain(&keep);
        // A feed removed while it waited in line is not polled.
        for id in self.runner.retain_waiting(|id| keep.contains(&id)) {
            self.queue.finish(id, None);
        }
        for (id, at) in &due {
            let at = at.map_or(now_instant, |at| instant_for(at, now, now_instant));
            self.queue.set(*id, at);
        }
        self.update_state_gauge().await?;
        Ok(due.len())
    }

    /// Starts a poll for every feed now due, or puts it in line.
    async fn dispatch(&mut self) -> Result<(), StoreError> {
        let due = self.queue.take_due_at(Instant::now());
        if due.is_empty() {
            return Ok(());
        }
        let (now, now_instant) = (Utc::now(), Instant::now());
        let due_at: HashMap<i64, chrono::DateTime<Utc>> = due
            .iter()
            .map(|(id, at)| {
                let late = now_instant.saturating_duration_since(*at);
                (
                    *id,
                    now - chrono::Duration::from_std(late).unwrap_or_default(),
                )
            })
            .collect();
        let ids: Vec<i64> = due.iter().map(|(id, _)| *id).collect();
        let records = {
            let ids = ids.clone();
            self.writer
                .call(move |store| store.feeds_by_id(&ids))
                .await?
        };
        let found: HashSet<i64> = records.iter().map(|r| r.id).collect();
        for id in ids.iter().filter(|id| !found.contains(id)) {
            self.queue.finish(*id, None);
        }
        self.runner
            .enqueue(records, |record| due_at.get(&record.id).copied());
        monitoring::set_in_flight(self.queue.in_flight());
        Ok(())
    }

    /// A poll task ended: schedule its feed again.
    async fn finished(&mut self, joined: Joined) -> Result<(), StoreError> {
        let Some(Finished { feed, end }) = self.runner.settle(joined).await else {
            return Ok(());
        };
        let (now, now_instant) = (Utc::now(), Instant::now());
        let end = match end {
            Ok(end) => {
                self.store_retry = STORE_RETRY_MIN;
                end
            }
            // The database refused the write (disk full, read-only
            // file): the transaction rolled back, what was stored
            // stays, and the service stays up; the feed is tried
            // again until the database takes writes.
            Err(e) => {
                let wait = self.store_retry;
                self.store_retry = (wait * 2).min(STORE_RETRY_MAX);
                error!(
                    database = %self.config.database.display(),
                    feed,
                    error = %e,
                    retry_in = %humantime::format_duration(wait),
                    "the database refused a write; previous data kept, retrying"
                );
                self.queue.finish(feed, Some(now_instant + wait));
                monitoring::set_in_flight(self.queue.in_flight());
                return Ok(());
            }
        };
        match end {
            PollEnd::Polled { poll, .. } => {
                let next = match poll.outcome {
                    PollOutcome::Gone { .. } => None,
                    _ => Some(instant_for(poll.next_due, now, now_instant)),
                };
                self.queue.finish(feed, next);
                if let Some(p) = &poll.postpone {
                    let until = instant_for(p.until, now, now_instant);
                    self.queue.postpone(&p.feed_ids, until);
                }
            }
            PollEnd::Postponed { until } => {
                self.queue
                    .finish(feed, Some(instant_for(until, now, now_instant)));
            }
        }
        monitoring::set_in_flight(self.queue.in_flight());
        self.update_state_gauge().await
    }

    async fn update_state_gauge(&self) -> Result<(), StoreError> {
        if monitoring::enabled() {
            let states = self.writer.call(|store| store.feed_state_counts()).await?;
            monitoring::set_feed_states(&states);
        }
        Ok(())
    }

    /// SIGHUP: re-read the config; keep the running one if the new one is invalid.
    async fn reload(&mut self) -> Result<(), StoreError> {
        notify::reloading();
        let path = self.config.path.clone();
        match Config::load(&path) {
            Err(e) => {
                error!(error = %e, "config reload failed; still running with the previous config");
            }
            Ok(new) => {
                for (changed, key) in [
                    (new.database != self.config.database, "database"),
                    (new.log != self.config.log, "[log]"),
                    (new.fetch != self.config.fetch, "[fetch]"),
                    (new.metrics != self.config.metrics, "[metrics]"),
                    (new.websub != self.config.websub, "[websub]"),
                ] {
                    if changed {
                        warn!(
                            key,
                            "changed in the config; takes effect at the next restart"
                        );
                    }
                }
                self.config.feeds = new.feeds;
                self.config.schedule = new.schedule;
                self.config.retention = new.retention;
                self.config.full_text = new.full_text;
                self.config.filters = new.filters;
                // Takes effect through the runner's `FeedSettings`: each poll
                // carries the dedup policy it is stored under.
                self.config.dedup = new.dedup;
                self.runner.reconfigure(&self.config);
                let feeds = self.sync().await?;
                if let Some(websub) = &self.runner.ctx().websub {
                    // Feeds removed from the config are unsubscribed.
                    websub.wake();
                }
                info!(feeds, config = %path.display(), "config reloaded");
            }
        }
        notify::ready("config reloaded");
        Ok(())
    }

    /// Stops: nothing new starts; polls in flight get the grace period.
    async fn shut_down(&mut self) {
        notify::stopping();
        self.control.health.set_stopping();
        let abort = self.control.abort.clone();
        self.runner
            .shut_down(self.config.schedule.shutdown_grace, &abort)
            .await;
        if let Some(websub) = &self.websub {
            websub.stop.cancel();
            websub.tasks.wait().await;
        }
        info!("stopped");
    }
}
