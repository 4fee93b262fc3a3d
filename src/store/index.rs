//! The dedup index in SQL: fingerprints and their LSH band keys, each feed's
//! paragraph memory, and the lookups by canonical URL and exact key.
//!
//! Every lookup here is an index seek: `lsh_bands` by its primary key
//! (`band_key`, one seek per band), `articles` by `canonical_url` and
//! `text_hash`, `feed_paragraphs` by (`feed_id`, `hash`). The math (what a
//! band key is, which candidate wins) is [`crate::dedup`]'s.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use rusqlite::{named_params, params_from_iter, Connection, OptionalExtension};

use super::StoreError;
use crate::dedup::decide::{Candidate, MAX_CANDIDATES};
use crate::dedup::fingerprint::Fingerprint;
use crate::dedup::lsh::{self, BANDS};
use crate::dedup::StoryIndex;

/// The dedup look-ups answered on an open transaction (or connection):
/// what [`crate::dedup::place()`] asks while a poll is stored, so it sees the
/// articles stored earlier in the same transaction.
pub(super) struct TxIndex<'a>(pub &'a Connection);

impl StoryIndex for TxIndex<'_> {
    type Error = StoreError;

    fn by_canonical_url(&self, url: &str) -> Result<Option<i64>, StoreError> {
        by_canonical_url(self.0, url)
    }

    fn is_member(&self, article_id: i64, feed_id: i64) -> Result<bool, StoreError> {
        is_member(self.0, article_id, feed_id)
    }

    fn by_exact_key(&self, key: &str) -> Result<Option<(i64, i64)>, StoreError> {
        by_exact_key(self.0, key)
    }

    fn repeated_paragraphs(
        &self,
        feed_id: i64,
        hashes: &[i64],
        min_articles: i64,
    ) -> Result<HashSet<i64>, StoreError> {
        repeated_paragraphs(self.0, feed_id, hashes, min_articles)
    }

    fn near_candidates(&self, fp: &Fingerprint) -> Result<Vec<Candidate>, StoreError> {
        candidates(self.0, fp)
    }
}

/// The band-index probe: every stored article under any of the probe's
/// band keys (one index seek per key).
static PROBE_SQL: LazyLock<String> = LazyLock::new(|| {
    let marks: Vec<String> = (1..=BANDS).map(|i| format!("?{i}")).collect();
    format!(
        "SELECT article_id FROM lsh_bands WHERE band_key IN ({})",
        marks.join(", ")
    )
});

/// Stored articles that share a band key with `fp`, for verification: those
/// sharing the most first (then the oldest), at most [`MAX_CANDIDATES`],
/// with their story and stored signature. Signatures of another format
/// version are skipped.
///
/// Two plain steps rather than one grouped, sorted and joined query: most
/// new articles have no candidate at all, and the probe alone then costs
/// sixteen seeks and nothing else.
pub(super) fn candidates(
    conn: &Connection,
    fp: &Fingerprint,
) -> Result<Vec<Candidate>, StoreError> {
    let keys = lsh::band_keys(fp);
    let mut shared: HashMap<i64, usize> = HashMap::new();
    let mut probe = conn.prepare_cached(&PROBE_SQL)?;
    let mut rows = probe.query(params_from_iter(keys.iter()))?;
    while let Some(row) = rows.next()? {
        *shared.entry(row.get("article_id")?).or_default() += 1;
    }
    if shared.is_empty() {
        return Ok(Vec::new());
    }
    let mut ranked: Vec<(i64, usize)> = shared.into_iter().collect();
    ranked.sort_unstable_by_key(|&(id, n)| (std::cmp::Reverse(n), id));
    ranked.truncate(MAX_CANDIDATES);
    let mut load = conn.prepare_cached(
        "SELECT a.story_id AS story_id, f.minhash AS minhash FROM articles a
         JOIN fingerprints f ON f.article_id = a.id
         WHERE a.id = :id AND a.story_id IS NOT NULL",
    )?;
    let mut out = Vec::with_capacity(ranked.len());
    for (article_id, _) in ranked {
        let row: Option<(i64, Vec<u8>)> = load
            .query_row(named_params! {":id": article_id}, |r| {
                Ok((r.get("story_id")?, r.get("minhash")?))
            })
            .optional()?;
        if let Some((story_id, bytes)) = row {
            if let Some(fingerprint) = Fingerprint::from_bytes(&bytes) {
                out.push(Candidate {
                    article_id,
                    story_id,
                    fingerprint,
                });
            }
        }
    }
    Ok(out)
}

/// Stores the fingerprint and band keys of an article that has none (a new
/// one; [`delete_fingerprint`] first when replacing).
pub(super) fn put_fingerprint(
    conn: &Connection,
    article_id: i64,
    fp: &Fingerprint,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO fingerprints (article_id, minhash) VALUES (:article_id, :minhash)",
    )?
    .execute(named_params! {":article_id": article_id, ":minhash": fp.to_bytes()})?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO lsh_bands (band_key, article_id) VALUES (:band_key, :article_id)",
    )?;
    for key in lsh::band_keys(fp) {
        insert.execute(named_params! {":band_key": key, ":article_id": article_id})?;
    }
    Ok(())
}

/// Removes an article's fingerprint and band keys (its body changed, or
/// it is being deleted: the band rows have no foreign key, to keep them
/// small). The keys are recomputed from the stored signature.
pub(super) fn delete_fingerprint(conn: &Connection, article_id: i64) -> Result<(), StoreError> {
    let stored: Option<Vec<u8>> = conn
        .prepare_cached("SELECT minhash FROM fingerprints WHERE article_id = :article_id")?
        .query_row(named_params! {":article_id": article_id}, |r| {
            r.get("minhash")
        })
        .optional()?;
    let Some(bytes) = stored else {
        return Ok(());
    };
    if let Some(fp) = Fingerprint::from_bytes(&bytes) {
        let mut delete = conn.prepare_cached(
            "DELETE FROM lsh_bands WHERE band_key = :band_key AND article_id = :article_id",
        )?;
        for key in lsh::band_keys(&fp) {
            delete.execute(named_params! {":band_key": key, ":article_id": article_id})?;
        }
    }
    conn.prepare_cached("DELETE FROM fingerprints WHERE article_id = :article_id")?
        .execute(named_params! {":article_id": article_id})?;
    Ok(())
}

/// Which of `hashes` the feed has seen in at least `min_articles` articles.
pub(super) fn repeated_paragraphs(
    conn: &Connection,
    feed_id: i64,
    hashes: &[i64],
    min_articles: i64,
) -> Result<HashSet<i64>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT articles FROM feed_paragraphs WHERE feed_id = :feed_id AND hash = :hash",
    )?;
    let mut seen = HashSet::new();
    for &hash in hashes {
        let count: Option<i64> = stmt
            .query_row(named_params! {":feed_id": feed_id, ":hash": hash}, |r| {
                r.get("articles")
            })
            .optional()?;
        if count.is_some_and(|c| c >= min_articles) {
            seen.insert(hash);
        }
    }
    Ok(seen)
}

/// Counts one more article of the feed carrying each of `hashes`.
pub(super) fn record_paragraphs(
    conn: &Connection,
    feed_id: i64,
    hashes: &[i64],
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO feed_paragraphs (feed_id, hash, articles) VALUES (:feed_id, :hash, 1)
         ON CONFLICT (feed_id, hash) DO UPDATE SET articles = articles + 1",
    )?;
    for &hash in hashes {
        stmt.execute(named_params! {":feed_id": feed_id, ":hash": hash})?;
    }
    Ok(())
}

/// The article stored under canonical URL `url`, directly or as a dropped
/// copy (then the article it copies); the earliest if several.
pub(super) fn by_canonical_url(conn: &Connection, url: &str) -> Result<Option<i64>, StoreError> {
    let direct: Option<i64> = conn
        .prepare_cached("SELECT min(id) AS id FROM articles WHERE canonical_url = :url")?
        .query_row(named_params! {":url": url}, |r| r.get("id"))?;
    if direct.is_some() {
        return Ok(direct);
    }
    Ok(conn
        .prepare_cached("SELECT min(article_id) AS id FROM copies WHERE canonical_url = :url")?
        .query_row(named_params! {":url": url}, |r| r.get("id"))?)
}

/// Whether the article is already a member of the feed.
pub(super) fn is_member(
    conn: &Connection,
    article_id: i64,
    feed_id: i64,
) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM article_feeds WHERE article_id = :article_id AND feed_id = :feed_id",
        )?
        .query_row(
            named_params! {":article_id": article_id, ":feed_id": feed_id},
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The earliest article with exact-duplicate key `key`, and its story.
pub(super) fn by_exact_key(conn: &Connection, key: &str) -> Result<Option<(i64, i64)>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, story_id FROM articles WHERE text_hash = :key AND story_id IS NOT NULL
             ORDER BY id LIMIT 1",
        )?
        .query_row(named_params! {":key": key}, |r| {
            Ok((r.get("id")?, r.get("story_id")?))
        })
        .optional()?)
}

/// A new, empty story; returns its id.
pub(super) fn new_story(conn: &Connection, now: &str) -> Result<i64, StoreError> {
    conn.prepare_cached("INSERT INTO stories (created_at) VALUES (:now)")?
        .execute(named_params! {":now": now})?;
    Ok(conn.last_insert_rowid())
}
