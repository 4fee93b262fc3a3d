//! WebSub subscriptions as stored: one row per feed that announced a hub
//! (table `websub`, see migration `0011_websub.sql`), with one row codec
//! ([`subscription_from_row`]) that reads columns by name.
//!
//! What to do with a subscription is decided in [`crate::websub`]; these
//! calls only read and write what was decided.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, OptionalExtension, Row};

use super::{time, Store, StoreError};

/// Where a subscription stands (the `state` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubState {
    /// A hub is known; tidings has not asked it yet.
    Discovered,
    /// Asked; the hub has not verified the intent yet.
    Requested,
    /// Verified; pushes arrive until the lease ends.
    Live,
    /// The feed left the config; the hub was asked to stop.
    Unsubscribing,
    /// The hub refused the request or never verified it; retried later.
    Failed,
    /// The hub denied the subscription; retried later.
    Denied,
}

impl SubState {
    /// Every state, for metrics.
    pub const ALL: [SubState; 6] = [
        SubState::Discovered,
        SubState::Requested,
        SubState::Live,
        SubState::Unsubscribing,
        SubState::Failed,
        SubState::Denied,
    ];

    /// The stored (and shown) name.
    pub fn as_str(self) -> &'static str {
        match self {
            SubState::Discovered => "discovered",
            SubState::Requested => "requested",
            SubState::Live => "live",
            SubState::Unsubscribing => "unsubscribing",
            SubState::Failed => "failed",
            SubState::Denied => "denied",
        }
    }

    fn parse(text: &str) -> SubState {
        SubState::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            // An unknown word (a newer version's state) starts over.
            .unwrap_or(SubState::Discovered)
    }
}

/// One feed's WebSub subscription.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Subscription {
    /// The feed's database id.
    pub feed_id: i64,
    /// Whether the feed is still configured (`feeds.active`).
    pub feed_active: bool,
    /// The hub's URL, as the feed announced it.
    pub hub: String,
    /// The topic (the feed's self URL) subscribed to.
    pub topic: String,
    /// Where it stands.
    pub state: SubState,
    /// The callback URL's last path segment; `None` until first asked.
    #[serde(skip)]
    pub token: Option<String>,
    /// The HMAC key given to the hub; never shown.
    #[serde(skip)]
    pub secret: Option<String>,
    /// When the hub's lease ends (live subscriptions).
    pub lease_until: Option<DateTime<Utc>>,
    /// How long the lease the hub granted is, in seconds.
    pub lease_secs: Option<u64>,
    /// When the hub was last asked (subscribe, renew or unsubscribe).
    pub requested_at: Option<DateTime<Utc>>,
    /// When the hub last pushed content that was accepted.
    pub last_push_at: Option<DateTime<Utc>>,
    /// Accepted pushes so far.
    pub pushes: u64,
    /// Failed requests in a row (for the retry backoff).
    pub failures: u32,
    /// When a failed or denied subscription is tried again.
    pub retry_at: Option<DateTime<Utc>>,
    /// Why the last request failed, or the hub's reason for a denial.
    pub last_error: Option<String>,
}

const COLUMNS: &str = "w.feed_id, f.active AS feed_active, w.hub, w.topic, w.state, w.token,
    w.secret, w.lease_until, w.lease_secs, w.requested_at, w.last_push_at, w.pushes, w.failures,
    w.retry_at, w.last_error";

fn opt_time(row: &Row<'_>, column: &str) -> rusqlite::Result<Option<DateTime<Utc>>> {
    Ok(row
        .get::<_, Option<String>>(column)?
        .as_deref()
        .and_then(time::parse))
}

/// The one row codec of `websub` (joined with `feeds` for `feed_active`).
fn subscription_from_row(row: &Row<'_>) -> rusqlite::Result<Subscription> {
    Ok(Subscription {
        feed_id: row.get("feed_id")?,
        feed_active: row.get("feed_active")?,
        hub: row.get("hub")?,
        topic: row.get("topic")?,
        state: SubState::parse(&row.get::<_, String>("state")?),
        token: row.get("token")?,
        secret: row.get("secret")?,
        lease_until: opt_time(row, "lease_until")?,
        lease_secs: row
            .get::<_, Option<i64>>("lease_secs")?
            .map(|n| n.max(0) as u64),
        requested_at: opt_time(row, "requested_at")?,
        last_push_at: opt_time(row, "last_push_at")?,
        pushes: row.get::<_, i64>("pushes")?.max(0) as u64,
        failures: row.get::<_, i64>("failures")?.clamp(0, u32::MAX as i64) as u32,
        retry_at: opt_time(row, "retry_at")?,
        last_error: row.get("last_error")?,
    })
}

impl Store {
    /// Records that a poll of `feed_id` found `hub` and `topic`. A new hub
    /// or topic starts the subscription over (the old one lapses at its
    /// lease's end); the same ones change nothing. Returns whether anything
    /// changed.
    pub fn websub_note_hub(
        &mut self,
        feed_id: i64,
        hub: &str,
        topic: &str,
    ) -> Result<bool, StoreError> {
        let changed = self
            .conn
            .prepare_cached(
                "INSERT INTO websub (feed_id, hub, topic) VALUES (:feed_id, :hub, :topic)
             ON CONFLICT(feed_id) DO UPDATE SET
                hub = excluded.hub, topic = excluded.topic, state = 'discovered',
                token = NULL, secret = NULL, lease_until = NULL, lease_secs = NULL,
                requested_at = NULL,
                failures = 0, retry_at = NULL, last_error = NULL
             WHERE websub.hub IS NOT excluded.hub OR websub.topic IS NOT excluded.topic",
            )?
            .execute(named_params! {":feed_id": feed_id, ":hub": hub, ":topic": topic})?;
        Ok(changed > 0)
    }

    /// Every subscription, in feed order.
    pub fn websub_subscriptions(&self) -> Result<Vec<Subscription>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM websub w JOIN feeds f ON f.id = w.feed_id ORDER BY w.feed_id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], subscription_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The subscription whose callback ends in `token`.
    pub fn websub_by_token(&self, token: &str) -> Result<Option<Subscription>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM websub w JOIN feeds f ON f.id = w.feed_id WHERE w.token = ?1"
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([token], subscription_from_row)
            .optional()?)
    }

    /// Writes a subscription's state back (everything but hub, topic and
    /// the push counters, which have their own calls).
    pub fn websub_save(&mut self, sub: &Subscription) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE websub SET state = :state, token = :token, secret = :secret,
                    lease_until = :lease_until, lease_secs = :lease_secs,
                    requested_at = :requested_at,
                    failures = :failures, retry_at = :retry_at, last_error = :last_error
                 WHERE feed_id = :feed_id",
            )?
            .execute(named_params! {
                ":feed_id": sub.feed_id,
                ":state": sub.state.as_str(),
                ":token": sub.token,
                ":secret": sub.secret,
                ":lease_until": time::fmt_opt(sub.lease_until),
                ":lease_secs": sub.lease_secs.map(|n| n.min(i64::MAX as u64) as i64),
                ":requested_at": time::fmt_opt(sub.requested_at),
                ":failures": sub.failures,
                ":retry_at": time::fmt_opt(sub.retry_at),
                ":last_error": sub.last_error,
            })?;
        Ok(())
    }

    /// Forgets a feed's subscription (the hub confirmed the unsubscription).
    pub fn websub_delete(&mut self, feed_id: i64) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("DELETE FROM websub WHERE feed_id = ?1")?
            .execute([feed_id])?;
        Ok(())
    }

    /// Counts an accepted push of `feed_id` at `at`.
    pub fn websub_record_push(
        &mut self,
        feed_id: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE websub SET pushes = pushes + 1, last_push_at = ?2 WHERE feed_id = ?1",
            )?
            .execute(rusqlite::params![feed_id, time::fmt(at)])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with_feed() -> (tempfile::TempDir, Store, i64) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        let feed = super::super::test_support::feed("https://a.example/feed");
        store.sync_feeds(&[feed], Utc::now()).unwrap();
        let id = store.feeds().unwrap()[0].id;
        (dir, store, id)
    }

    #[test]
    fn a_hub_is_noted_once_and_a_new_one_starts_over() {
        let (_dir, mut store, id) = store_with_feed();
        assert!(store
            .websub_note_hub(id, "https://hub.example/", "https://a.example/feed")
            .unwrap());
        assert!(!store
            .websub_note_hub(id, "https://hub.example/", "https://a.example/feed")
            .unwrap());
        let mut sub = store.websub_subscriptions().unwrap().remove(0);
        assert_eq!(sub.state, SubState::Discovered);
        assert!(sub.feed_active);
        sub.state = SubState::Live;
        sub.token = Some("tok".into());
        sub.secret = Some("s3cret".into());
        sub.lease_until = time::parse("2030-01-01T00:00:00Z");
        store.websub_save(&sub).unwrap();
        store.websub_record_push(id, Utc::now()).unwrap();
        let found = store.websub_by_token("tok").unwrap().unwrap();
        assert_eq!(found.state, SubState::Live);
        assert_eq!(found.pushes, 1);
        assert!(found.last_push_at.is_some());
        assert!(store.websub_by_token("other").unwrap().is_none());
        // Another hub: the old subscription's token no longer answers.
        assert!(store
            .websub_note_hub(id, "https://hub2.example/", "https://a.example/feed")
            .unwrap());
        assert!(store.websub_by_token("tok").unwrap().is_none());
        store.websub_delete(id).unwrap();
        assert!(store.websub_subscriptions().unwrap().is_empty());
    }
}
