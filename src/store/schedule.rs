//! What the daemon's scheduler reads and writes: due times of the feeds it
//! may poll, the records of the feeds it starts, and host postponements.

use chrono::{DateTime, Utc};
use rusqlite::named_params;

use super::{from_json, time, FeedRecord, Store, StoreError};
use crate::model::Postponement;

/// A feed's id and its next due time (`None`: due now).
pub type DueTime = (i64, Option<DateTime<Utc>>);

impl Store {
    /// `(id, next_due_at)` of every feed the scheduler may poll: active and
    /// not gone. `None` means due now.
    pub fn due_times(&self) -> Result<Vec<DueTime>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, next_due_at FROM feeds WHERE active = 1 AND gone_at IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, i64>("id")?,
                row.get::<_, Option<String>>("next_due_at")?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, due) = row?;
            out.push((id, due.as_deref().and_then(time::parse)));
        }
        Ok(out)
    }

    /// The records of the feeds `ids`, in id order (unknown ids are skipped),
    /// without their counts (as [`Store::feed_states`]).
    pub fn feeds_by_id(&self, ids: &[i64]) -> Result<Vec<FeedRecord>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        let sql = format!(
            "SELECT {} FROM feeds f WHERE f.id = :id",
            super::feeds::FEED_STATE_COLUMNS
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        for id in ids {
            let mut rows =
                stmt.query_map(named_params! {":id": id}, super::feeds::feed_from_row)?;
            if let Some(row) = rows.next() {
                let (mut record, tags) = row?;
                record.tags = from_json("feeds.tags", &tags)?;
                out.push(record);
            }
        }
        Ok(out)
    }

    /// `(id, URL fetched)` of every active feed (the moved-to URL when it moved).
    pub fn feed_urls(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, coalesce(moved_to, url) AS url FROM feeds WHERE active = 1 ORDER BY id",
        )?;
        let rows = stmt.query_map([], |row| Ok((row.get("id")?, row.get("url")?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Active feeds per state (`new`, `ok`, `failing`, `gone`; see
    /// [`FeedRecord::state`]).
    pub fn feed_state_counts(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT CASE
                WHEN gone_at IS NOT NULL THEN 'gone'
                WHEN last_polled_at IS NULL THEN 'new'
                WHEN consecutive_failures > 0 THEN 'failing'
                ELSE 'ok' END AS state, count(*) AS feeds
             FROM feeds WHERE active = 1 GROUP BY state",
        )?;
        let rows = stmt.query_map([], |row| Ok((row.get("state")?, row.get("feeds")?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Keeps the feeds of `postponement` from being due before its time
    /// (a due time already later is left alone).
    pub fn postpone(&mut self, postponement: &Postponement) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        postpone_in(&tx, postponement)?;
        tx.commit()?;
        Ok(())
    }
}

/// [`Store::postpone`] inside a transaction that is already open.
pub(super) fn postpone_in(
    tx: &rusqlite::Connection,
    postponement: &Postponement,
) -> Result<(), StoreError> {
    let until = time::fmt(postponement.until);
    let mut stmt = tx.prepare_cached(
        "UPDATE feeds SET next_due_at = :until
         WHERE id = :id AND (next_due_at IS NULL OR next_due_at < :until)",
    )?;
    for id in &postponement.feed_ids {
        stmt.execute(named_params! {":id": id, ":until": until})?;
    }
    Ok(())
}
