//! Entries kept out by `[[filters]]`: remembered per feed (with the
//! fingerprint of the rules that dropped them), so a poll does not judge
//! them again, and counted for `tidings feeds` and `tidings stats`.

use std::collections::{HashMap, HashSet};

use rusqlite::{named_params, Connection};

use super::{Store, StoreError};
use crate::model::EntryPlan;

/// Records the drops of one poll inside its transaction; forgets the
/// feed's drops made under other rules. Returns how many were new.
pub(super) fn remember_in(
    tx: &Connection,
    feed_id: i64,
    plan: &EntryPlan,
    now: &str,
) -> Result<u64, StoreError> {
    tx.prepare_cached(
        "DELETE FROM dropped_entries WHERE feed_id = :feed_id AND rules_hash != :rules_hash",
    )?
    .execute(named_params! {":feed_id": feed_id, ":rules_hash": plan.rules_hash})?;
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO dropped_entries
            (feed_id, key, rules_hash, title, rule, dropped_at)
         VALUES (:feed_id, :key, :rules_hash, :title, :rule, :now)",
    )?;
    let mut new = 0;
    for entry in &plan.dropped {
        new += insert.execute(named_params! {
            ":feed_id": feed_id,
            ":key": entry.key,
            ":rules_hash": plan.rules_hash,
            ":title": entry.title,
            ":rule": entry.rule,
            ":now": now,
        })? as u64;
    }
    Ok(new)
}

impl Store {
    /// The keys of feed `feed_id`'s entries dropped under the rules with
    /// fingerprint `rules_hash`: a poll skips them without judging again.
    pub fn dropped_keys(
        &self,
        feed_id: i64,
        rules_hash: &str,
    ) -> Result<HashSet<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT key FROM dropped_entries WHERE feed_id = :feed_id AND rules_hash = :rules_hash",
        )?;
        let rows = stmt.query_map(
            named_params! {":feed_id": feed_id, ":rules_hash": rules_hash},
            |r| r.get("key"),
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Entries remembered as dropped, per feed id.
    pub fn dropped_counts(&self) -> Result<HashMap<i64, u64>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT feed_id, count(*) AS entries FROM dropped_entries GROUP BY feed_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get("feed_id")?, r.get("entries")?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
