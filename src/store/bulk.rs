//! The near-duplicate lookup on its own, and a bulk loader of fingerprints:
//! the two halves of the dedup benchmark (`benches/dedup.rs`), also usable
//! by programs that want "what is this text a copy of?" without storing it.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, params_from_iter};

use super::{index, time, Store, StoreError};
use crate::dedup::decide::{self, Match};
use crate::dedup::fingerprint::Fingerprint;
use crate::dedup::lsh;

impl Store {
    /// The stored article that `fp` copies, if any: the band-index lookup
    /// and verification that placing a new article runs, with `threshold`
    /// as the least estimated Jaccard similarity. Reads only.
    pub fn find_copy(&self, fp: &Fingerprint, threshold: f64) -> Result<Option<Match>, StoreError> {
        let candidates = index::candidates(&self.conn, fp)?;
        Ok(decide::best_near(fp, &candidates, threshold))
    }

    /// Stores one placeholder article per fingerprint (title `title_prefix`
    /// and its number, empty body, dated `at`, each its own story) in feed
    /// `feed_id`, with the fingerprint and its band keys, all in one
    /// transaction; returns how many it stored.
    ///
    /// For benchmarks and tests that need an index of a million articles
    /// without a million feed entries. Built like a bulk import, not like a
    /// poll: the band rows are inserted sorted by key (one sort instead of
    /// sixteen million random inserts), the page cache is enlarged, and the
    /// rollback journal replaces the WAL for the duration (new pages need no
    /// journal, so the data is written once instead of twice).
    #[doc(hidden)]
    pub fn bulk_load_fingerprints(
        &mut self,
        feed_id: i64,
        title_prefix: &str,
        at: DateTime<Utc>,
        fingerprints: &[Fingerprint],
    ) -> Result<u64, StoreError> {
        let now = time::fmt(at);
        self.conn.execute_batch(
            "PRAGMA cache_size = -1048576; -- 1 GiB
             PRAGMA journal_mode = DELETE;",
        )?;
        let tx = self.conn.transaction()?;
        let first_id: i64 =
            tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM articles", [], |r| {
                r.get(0)
            })?;
        let mut bands: Vec<(i64, i64)> = Vec::with_capacity(fingerprints.len() * lsh::BANDS);
        {
            let mut story = tx.prepare("INSERT INTO stories (created_at) VALUES (:now)")?;
            let mut article = tx.prepare(
                "INSERT INTO articles (feed_id, title, date_source, sort_date, first_seen_at,
                    last_seen_at, modified_at, body_text, word_count, content_hash, story_id,
                    story_match)
                 VALUES (:feed_id, :title, 'first_seen', :now, :now, :now, :now, '', 0, '',
                    :story_id, 'first')",
            )?;
            let mut print = tx.prepare(
                "INSERT INTO fingerprints (article_id, minhash) VALUES (:article_id, :minhash)",
            )?;
            for (n, fp) in fingerprints.iter().enumerate() {
                story.execute(named_params! {":now": now})?;
                let story_id = tx.last_insert_rowid();
                article.execute(named_params! {
                    ":feed_id": feed_id,
                    ":title": format!("{title_prefix}{n}"),
                    ":now": now,
                    ":story_id": story_id,
                })?;
                let id = tx.last_insert_rowid();
                print.execute(named_params! {":article_id": id, ":minhash": fp.to_bytes()})?;
                bands.extend(lsh::band_keys(fp).into_iter().map(|key| (key, id)));
            }
            bands.sort_unstable();
            bands.dedup();
            // Many rows per statement, to spread the per-statement overhead;
            // the generated VALUES list binds by position.
            const ROWS: usize = 200;
            let values = vec!["(?, ?)"; ROWS].join(", ");
            let mut many = tx.prepare(&format!(
                "INSERT INTO lsh_bands (band_key, article_id) VALUES {values}"
            ))?;
            let mut one = tx.prepare(
                "INSERT INTO lsh_bands (band_key, article_id) VALUES (:band_key, :article_id)",
            )?;
            let mut chunks = bands.chunks_exact(ROWS);
            for chunk in &mut chunks {
                many.execute(params_from_iter(chunk.iter().flat_map(|(k, id)| [k, id])))?;
            }
            for (key, id) in chunks.remainder() {
                one.execute(named_params! {":band_key": key, ":article_id": id})?;
            }
        }
        // Their full-text rows (see `article_row::insert`), in one statement.
        tx.execute(
            "INSERT INTO articles_fts (rowid, title, body_text)
             SELECT id, title, body_text FROM articles WHERE id > :after",
            named_params! {":after": first_id - 1},
        )?;
        tx.commit()?;
        self.conn.execute_batch("PRAGMA journal_mode = WAL")?;
        self.conn
            .pragma_update(None, "cache_size", -super::CACHE_KIB)?;
        Ok(fingerprints.len() as u64)
    }
}
