//! The WebSub subscriber of `tidings run` (W3C WebSub Recommendation):
//! feeds that announce a hub are pushed to as they change, and still
//! polled, less often, so a silent hub loses nothing.
//!
//! - `discover`: the hub and topic of a fetched feed (Link header, feed links).
//! - `plan`: what to do with a subscription now, how to answer a
//!   verification of intent (pure).
//! - `signature`: the `X-Hub-Signature` check (pure).
//! - `hub`: the subscribe / unsubscribe requests.
//! - `callback`: the HTTP listener hubs call: verifications and pushes.
//! - `service`: the task that asks, renews and unsubscribes.
//!
//! A poll that finds a hub tells the [`Handle`], which stores it and wakes
//! the service. A verified push is handed to the daemon as a [`Push`]: a
//! body (a fat ping) is stored like a poll's, an empty one (a thin ping)
//! polls the feed at once. While a subscription is live the feed's next
//! poll is at least `[websub] poll_interval` away ([`Handle::next_due`]);
//! when it stops being live (lease over, hub failing or denying) the feed
//! is polled at once and then as usual.

pub mod callback;
pub mod discover;
pub mod hub;
pub mod plan;
pub mod service;
pub mod signature;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, Notify};

use crate::store::{StoreError, SubState, Subscription, Writer};
pub use discover::HubLink;

/// Pushes accepted and refused, by `result` (`fat`, `thin`, `rejected`).
pub const PUSHES: &str = "tidings_websub_pushes_total";
/// Subscriptions by `state`.
pub const SUBSCRIPTIONS: &str = "tidings_websub_subscriptions";

/// Counts a push by how it ended.
pub fn record_push(result: &'static str) {
    metrics::counter!(PUSHES, "result" => result).increment(1);
}

/// Sets the subscriptions gauge from the stored rows.
pub fn set_subscription_states(subs: &[Subscription]) {
    for state in SubState::ALL {
        let n = subs.iter().filter(|s| s.state == state).count();
        metrics::gauge!(SUBSCRIPTIONS, "state" => state.as_str()).set(n as f64);
    }
}

/// A verified push for the daemon to act on.
#[derive(Debug, Clone)]
pub struct Push {
    /// The feed pushed to.
    pub feed_id: i64,
    /// The body as received (empty: a thin ping).
    pub body: bytes::Bytes,
    /// Its `Content-Type`, for the charset.
    pub content_type: Option<String>,
}

/// The daemon's side of the subscriber: shared by polls, the callback and
/// the service.
#[derive(Clone)]
pub struct Handle {
    inner: Arc<Inner>,
}

struct Inner {
    writer: Writer,
    /// Live subscriptions: feed id to lease end.
    live: Mutex<HashMap<i64, DateTime<Utc>>>,
    /// Wakes the service (a new hub, a reload, a verification).
    wake: Notify,
    /// `[websub] poll_interval`.
    poll_interval: Duration,
    /// Feeds to poll at once (thin pings, subscriptions no longer live).
    poll_now: mpsc::UnboundedSender<i64>,
}

impl Handle {
    /// A handle storing through `writer`; feeds to poll at once go to `poll_now`.
    pub fn new(
        writer: Writer,
        poll_interval: Duration,
        poll_now: mpsc::UnboundedSender<i64>,
    ) -> Handle {
        Handle {
            inner: Arc::new(Inner {
                writer,
                live: Mutex::new(HashMap::new()),
                wake: Notify::new(),
                poll_interval,
                poll_now,
            }),
        }
    }

    /// The store's writer.
    pub fn writer(&self) -> &Writer {
        &self.inner.writer
    }

    /// A poll of `feed_id` found `link`: remember it, and wake the service
    /// when it is new.
    pub async fn observe(&self, feed_id: i64, link: HubLink) -> Result<(), StoreError> {
        let (hub, topic) = (link.hub.to_string(), link.topic.to_string());
        let changed = self
            .inner
            .writer
            .call(move |store| store.websub_note_hub(feed_id, &hub, &topic))
            .await?;
        if changed {
            self.wake();
        }
        Ok(())
    }

    /// Asks the service to look at every subscription now.
    pub fn wake(&self) {
        self.inner.wake.notify_one();
    }

    pub(crate) async fn woken(&self) {
        self.inner.wake.notified().await;
    }

    /// When `feed_id`, polled at `polled_at` and planned for `planned`, is
    /// polled next: with a live subscription no sooner than
    /// `poll_interval` (a later plan, e.g. a failing feed's backoff, stays).
    pub fn next_due(
        &self,
        feed_id: i64,
        polled_at: DateTime<Utc>,
        planned: DateTime<Utc>,
    ) -> DateTime<Utc> {
        let live = self.lock_live().get(&feed_id).copied();
        match live {
            Some(until) if until > polled_at => {
                let interval = chrono::Duration::from_std(self.inner.poll_interval)
                    .unwrap_or(chrono::Duration::MAX);
                planned.max(polled_at + interval)
            }
            _ => planned,
        }
    }

    /// Polls `feed_id` as soon as the daemon can.
    pub fn poll_now(&self, feed_id: i64) {
        // The daemon gone (shutting down) is no error.
        let _ = self.inner.poll_now.send(feed_id);
    }

    fn lock_live(&self) -> std::sync::MutexGuard<'_, HashMap<i64, DateTime<Utc>>> {
        self.inner.live.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Makes the live set match `subs` at `now`; a feed that stopped being
    /// live is polled at once (its polls were spaced out for the hub).
    pub fn set_live(&self, subs: &[Subscription], now: DateTime<Utc>) {
        let next: HashMap<i64, DateTime<Utc>> = subs
            .iter()
            .filter(|s| s.feed_active && plan::is_live(s, now))
            .filter_map(|s| Some((s.feed_id, s.lease_until?)))
            .collect();
        let fallen: Vec<i64> = {
            let mut live = self.lock_live();
            let fallen = live
                .keys()
                .filter(|id| !next.contains_key(id))
                .copied()
                .collect();
            *live = next;
            fallen
        };
        for id in fallen {
            self.poll_now(id);
        }
    }

    /// Marks one subscription live until `until` (a verification just now).
    pub fn mark_live(&self, feed_id: i64, until: DateTime<Utc>) {
        self.lock_live().insert(feed_id, until);
    }
}
