//! Retention: deleting old articles ([`Store::prune`]) and giving the space
//! back ([`Store::vacuum`]).
//!
//! An article goes when it is filed (`sort_date`) before `now - max_age`,
//! or when it is not among the newest `max_per_feed` articles of the feed it
//! was first seen in. Its feed memberships and revisions go with it (ON
//! DELETE CASCADE), its full-text entry too (trigger), its fingerprint and
//! band rows (deleted first, explicitly: see migration 0008), but its dedup keys in
//! `entry_keys` stay, pointing at nothing (ON DELETE SET NULL): an entry
//! still listed in its feed is recognised and never ingested again.
//!
//! Deletion runs in batches of [`BATCH`] articles, one transaction each, so
//! a long prune never holds the write lock for long and reports progress.
//! Afterwards, when the database runs with `auto_vacuum = INCREMENTAL` (every
//! database created by tidings since migration 0004), the freed pages are
//! handed back to the file system with `PRAGMA incremental_vacuum`; an older
//! file needs one full [`Store::vacuum`] to switch that mode on.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::named_params;
use serde::Serialize;

use super::{time, Store, StoreError};
use crate::config::RetentionConfig;

/// Articles deleted per transaction.
const BATCH: usize = 500;

/// What a prune did (or, for a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PruneReport {
    /// Articles deleted (or that would be).
    pub articles: u64,
    /// Per feed URL (the feed the article was first seen in), how many.
    pub by_feed: BTreeMap<String, u64>,
    /// Whether nothing was actually deleted.
    pub dry_run: bool,
    /// Bytes handed back to the file system by the incremental vacuum.
    pub freed_bytes: u64,
}

/// Database size around a full `VACUUM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct VacuumReport {
    /// Bytes before.
    pub before_bytes: u64,
    /// Bytes after.
    pub after_bytes: u64,
}

impl Store {
    /// Applies `policy` at `now` (nothing when it sets no limit). With `dry_run` nothing is deleted and the
    /// report says what would be. `progress` is called with (done, total)
    /// after each batch.
    pub fn prune(
        &mut self,
        policy: &RetentionConfig,
        now: DateTime<Utc>,
        dry_run: bool,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<PruneReport, StoreError> {
        let mut report = PruneReport {
            dry_run,
            ..PruneReport::default()
        };
        if !policy.is_set() {
            return Ok(report);
        }
        let candidates = self.prune_candidates(policy, now)?;
        report.articles = candidates.len() as u64;
        for (_, feed) in &candidates {
            *report.by_feed.entry(feed.clone()).or_default() += 1;
        }
        if dry_run || candidates.is_empty() {
            return Ok(report);
        }
        let total = report.articles;
        let mut done = 0;
        for batch in candidates.chunks(BATCH) {
            let tx = self.conn.transaction()?;
            {
                let mut delete = tx.prepare_cached("DELETE FROM articles WHERE id = :id")?;
                for (id, _) in batch {
                    super::index::delete_fingerprint(&tx, *id)?;
                    delete.execute(named_params! {":id": id})?;
                }
            }
            tx.commit()?;
            done += batch.len() as u64;
            progress(done, total);
        }
        report.freed_bytes = self.incremental_vacuum()?;
        Ok(report)
    }

    /// The ids (and first feed's URL) of the articles `policy` drops, oldest id first.
    fn prune_candidates(
        &self,
        policy: &RetentionConfig,
        now: DateTime<Utc>,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        let cutoff = policy.max_age.map(|age| {
            let age = chrono::Duration::from_std(age).unwrap_or(chrono::Duration::MAX);
            time::fmt(
                now.checked_sub_signed(age)
                    .unwrap_or(DateTime::<Utc>::MIN_UTC),
            )
        });
        let max_per_feed = policy
            .max_per_feed
            .map(|n| i64::try_from(n).unwrap_or(i64::MAX));
        let mut stmt = self.conn.prepare(
            "SELECT a.id AS id, f.url AS url FROM articles a JOIN feeds f ON f.id = a.feed_id
             WHERE (:cutoff IS NOT NULL AND a.sort_date < :cutoff)
                OR (:max_per_feed IS NOT NULL AND a.id IN (
                    SELECT id FROM (
                        SELECT id, row_number() OVER (
                            PARTITION BY feed_id ORDER BY sort_date DESC, id DESC) AS n
                        FROM articles)
                    WHERE n > :max_per_feed))
             ORDER BY a.id",
        )?;
        let rows = stmt.query_map(
            named_params! {":cutoff": cutoff, ":max_per_feed": max_per_feed},
            |r| Ok((r.get("id")?, r.get("url")?)),
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Hands free pages back when `auto_vacuum = INCREMENTAL`; returns the
    /// bytes freed (0 in any other mode).
    fn incremental_vacuum(&mut self) -> Result<u64, StoreError> {
        let mode: i64 = self
            .conn
            .query_row("PRAGMA auto_vacuum", [], |r| r.get(0))?;
        if mode != 2 {
            return Ok(0);
        }
        let before = self.size_bytes()?;
        self.run_to_end("PRAGMA incremental_vacuum")?;
        Ok(before.saturating_sub(self.size_bytes()?))
    }

    /// Rewrites the whole file (`VACUUM`): frees every unused page and
    /// switches `auto_vacuum = INCREMENTAL` on for a database created before
    /// it was the default. Needs as much free disk as the database's size.
    pub fn vacuum(&mut self) -> Result<VacuumReport, StoreError> {
        let before_bytes = self.size_bytes()?;
        self.conn
            .execute_batch("PRAGMA auto_vacuum = INCREMENTAL; VACUUM;")?;
        self.run_to_end("PRAGMA wal_checkpoint(TRUNCATE)")?;
        Ok(VacuumReport {
            before_bytes,
            after_bytes: self.size_bytes()?,
        })
    }

    /// Steps a statement until it is done, whatever rows it yields (some
    /// pragmas do their work one step at a time).
    fn run_to_end(&self, sql: &str) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        while rows.next()?.is_some() {}
        Ok(())
    }

    /// The database's size: pages in use or free, times the page size.
    pub fn size_bytes(&self) -> Result<u64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            [],
            |r| r.get(0),
        )?)
    }

    /// The `auto_vacuum` mode: `none`, `full` or `incremental`.
    pub fn auto_vacuum_mode(&self) -> Result<&'static str, StoreError> {
        let mode: i64 = self
            .conn
            .query_row("PRAGMA auto_vacuum", [], |r| r.get(0))?;
        Ok(match mode {
            1 => "full",
            2 => "incremental",
            _ => "none",
        })
    }
}
