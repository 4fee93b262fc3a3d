//! The fetch history: the last [`HISTORY_PER_FEED`] polls of every feed
//! (time, outcome, status, bytes, duration, articles, error), added and
//! pruned in the transaction that stores the poll, and the per-feed status
//! `tidings feeds` shows.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, Row};
use serde::Serialize;

use super::{time, FeedRecord, Store, StoreError};
use crate::model::{FeedPoll, PollCounts, PollOutcome};

/// Polls kept per feed; older rows are deleted as new ones come.
pub const HISTORY_PER_FEED: i64 = 100;

/// One recorded poll.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// When it started.
    pub polled_at: DateTime<Utc>,
    /// `fetched`, `not_modified`, `failed` or `gone`.
    pub outcome: String,
    /// HTTP status, if the server answered.
    pub status: Option<u16>,
    /// Body size after decompression (fetched polls).
    pub bytes: Option<u64>,
    /// How long fetch, parse and normalize took.
    pub duration_ms: u64,
    /// Articles stored for the first time.
    pub new_articles: u64,
    /// Articles whose content changed.
    pub updated_articles: u64,
    /// Why it failed.
    pub error: Option<String>,
}

/// A feed with what its history says, for `tidings feeds`.
#[derive(Debug, Clone, Serialize)]
pub struct FeedStatus {
    /// The feed and its fetch state.
    #[serde(flatten)]
    pub feed: FeedRecord,
    /// `new`, `ok`, `failing` or `gone` (see [`FeedRecord::state`]).
    pub state: &'static str,
    /// The last recorded poll.
    pub last_poll: Option<HistoryEntry>,
    /// Polls in the history.
    pub polls_recorded: u64,
    /// Share of the recorded polls answered "not modified" (0 to 1).
    pub not_modified_share: Option<f64>,
    /// Its WebSub subscription, when the feed announced a hub.
    pub websub: Option<super::Subscription>,
}

/// The columns [`entry_from_row`] reads by name.
const ENTRY_COLUMNS: &str = "polled_at, outcome, status, bytes, duration_ms, new_articles, \
     updated_articles, error";

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<HistoryEntry> {
    let polled_at: String = row.get("polled_at")?;
    Ok(HistoryEntry {
        polled_at: time::parse(&polled_at).unwrap_or_default(),
        outcome: row.get("outcome")?,
        status: row.get("status")?,
        bytes: row.get("bytes")?,
        duration_ms: row.get("duration_ms")?,
        new_articles: row.get("new_articles")?,
        updated_articles: row.get("updated_articles")?,
        error: row.get("error")?,
    })
}

/// Adds `poll` to its feed's history and drops the rows past the bound.
pub(super) fn record_in(
    tx: &rusqlite::Connection,
    poll: &FeedPoll,
    counts: &PollCounts,
) -> Result<(), StoreError> {
    let (bytes, error) = match &poll.outcome {
        PollOutcome::Fetched { bytes, .. } => (Some(*bytes), None),
        PollOutcome::Failed { error, .. } => (None, Some(error.as_str())),
        PollOutcome::Gone { .. } | PollOutcome::NotModified { .. } => (None, None),
    };
    tx.prepare_cached(
        "INSERT INTO fetch_history (feed_id, polled_at, outcome, status, bytes, duration_ms,
            new_articles, updated_articles, error)
         VALUES (:feed_id, :polled_at, :outcome, :status, :bytes, :duration_ms,
            :new_articles, :updated_articles, :error)",
    )?
    .execute(named_params! {
        ":feed_id": poll.feed_id,
        ":polled_at": time::fmt(poll.polled_at),
        ":outcome": poll.outcome.name(),
        ":status": poll.outcome.status(),
        ":bytes": bytes,
        ":duration_ms": poll.duration_ms,
        ":new_articles": counts.new,
        ":updated_articles": counts.updated,
        ":error": error,
    })?;
    // Counted first: a DELETE on a table with a foreign key runs under a
    // statement savepoint, which flushes the full-text index's pending terms
    // (see `article_row::insert`); most polls have nothing to drop.
    let rows: i64 = tx
        .prepare_cached("SELECT count(*) AS polls FROM fetch_history WHERE feed_id = :feed_id")?
        .query_row(named_params! {":feed_id": poll.feed_id}, |r| r.get("polls"))?;
    if rows <= HISTORY_PER_FEED {
        return Ok(());
    }
    tx.prepare_cached(
        "DELETE FROM fetch_history WHERE feed_id = :feed_id AND id <= (
            SELECT id FROM fetch_history WHERE feed_id = :feed_id
            ORDER BY id DESC LIMIT 1 OFFSET :keep)",
    )?
    .execute(named_params! {":feed_id": poll.feed_id, ":keep": HISTORY_PER_FEED})?;
    Ok(())
}

impl Store {
    /// The recorded polls of feed `feed_id`, newest first, at most `limit`.
    pub fn history(&self, feed_id: i64, limit: u64) -> Result<Vec<HistoryEntry>, StoreError> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM fetch_history WHERE feed_id = :feed_id
             ORDER BY id DESC LIMIT :limit"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            named_params! {":feed_id": feed_id, ":limit": limit},
            entry_from_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every active feed with its state, last poll and share of 304s.
    pub fn feed_statuses(&self) -> Result<Vec<FeedStatus>, StoreError> {
        let mut share = self.conn.prepare_cached(
            "SELECT count(*) AS polls, avg(outcome = 'not_modified') AS not_modified
             FROM fetch_history WHERE feed_id = :feed_id",
        )?;
        let mut subscriptions: std::collections::HashMap<i64, super::Subscription> = self
            .websub_subscriptions()?
            .into_iter()
            .map(|s| (s.feed_id, s))
            .collect();
        let mut out = Vec::new();
        for feed in self.feeds()?.into_iter().filter(|f| f.active) {
            let (polls_recorded, not_modified_share) = share
                .query_row(named_params! {":feed_id": feed.id}, |row| {
                    Ok((row.get("polls")?, row.get("not_modified")?))
                })?;
            let last_poll = self.history(feed.id, 1)?.into_iter().next();
            let websub = subscriptions.remove(&feed.id);
            out.push(FeedStatus {
                websub,
                state: feed.state(),
                feed,
                last_poll,
                polls_recorded,
                not_modified_share,
            });
        }
        Ok(out)
    }
}
