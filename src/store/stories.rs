//! Stories on the write side: carrying out where dedup placed an entry new
//! to its feed ([`crate::dedup::place()`] decides; this module writes), and
//! keeping the dedup index in step when an article changes.
//!
//! A [`Placement`] becomes: for the same page, a feed membership (and the
//! entry's key) of the stored article; for a new article, its record with
//! its story columns (the matched story, or a new one), its fingerprint and
//! its paragraphs counted; for a copy under `dedup.near = "drop"`, a row of
//! `copies` (its feed, link, title, date) pointing at the article it
//! copies, which gains a feed membership. A story is decided once, when its
//! first copy arrives: an edited article keeps its story, its fingerprint
//! is recomputed.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, Connection};

use super::article_row::{self, StoryColumns};
use super::index::{self, TxIndex};
use super::{time, StoreError};
use crate::dedup::canonical::canonical_url;
use crate::dedup::decide::Match;
use crate::dedup::textkeys::compared_text;
use crate::dedup::{self, Placement, Policy, Prepared, TextKeys};
use crate::model::Article;

/// One entry of a poll, as it is stored.
pub(super) struct Entry<'a> {
    /// The feed it came from.
    pub feed_id: i64,
    /// Its key within the feed (`dedup::entry_key`).
    pub key: &'a str,
    /// The entry.
    pub article: &'a Article,
    /// Its dedup keys, if the parse computed them.
    pub keys: Option<&'a TextKeys>,
    /// When the poll started.
    pub polled_at: DateTime<Utc>,
    /// The same, as stored.
    pub now: &'a str,
}

/// Where a new entry went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Placed {
    /// A new article record.
    Article,
    /// A page already stored: one more feed membership.
    SamePage,
    /// A copy under `dedup.near = "drop"`: a source of the article it copies.
    Copy,
}

/// Stores an entry new to its feed where [`dedup::place()`] puts it: a new
/// article, a membership of the same page, or (drop mode) a copy.
pub(super) fn store_new(
    conn: &Connection,
    policy: &Policy,
    entry: &Entry<'_>,
) -> Result<Placed, StoreError> {
    let prepared = Prepared::of(entry.feed_id, entry.article, entry.keys);
    match dedup::place(&prepared, policy, &TxIndex(conn))? {
        Placement::SamePage { article_id } => {
            add_membership(conn, article_id, entry.feed_id, entry.now)?;
            insert_key(conn, entry, article_id, None)?;
            conn.prepare_cached("UPDATE articles SET last_seen_at = :now WHERE id = :id")?
                .execute(named_params! {":id": article_id, ":now": entry.now})?;
            Ok(Placed::SamePage)
        }
        Placement::Copy { of, keys } => {
            index::record_paragraphs(conn, entry.feed_id, &keys.paragraphs)?;
            let copy_id = insert_copy(conn, entry, &of, prepared.canonical_url.as_deref())?;
            add_membership(conn, of.article_id, entry.feed_id, entry.now)?;
            insert_key(conn, entry, of.article_id, Some(copy_id))?;
            Ok(Placed::Copy)
        }
        Placement::Article { joins, keys } => {
            index::record_paragraphs(conn, entry.feed_id, &keys.paragraphs)?;
            let (story_id, story_match, story_similarity) = match joins {
                Some(m) => (m.story_id, m.kind.as_str(), Some(m.similarity)),
                None => (index::new_story(conn, entry.now)?, "first", None),
            };
            let columns = StoryColumns {
                canonical_url: prepared.canonical_url.as_deref(),
                text_hash: keys.text_hash.as_deref(),
                story_id,
                story_match,
                story_similarity,
            };
            let id = article_row::insert(
                conn,
                entry.feed_id,
                entry.article,
                entry.polled_at,
                entry.now,
                &columns,
            )?;
            add_membership(conn, id, entry.feed_id, entry.now)?;
            if let Some(fp) = &keys.fingerprint {
                index::put_fingerprint(conn, id, fp)?;
            }
            insert_key(conn, entry, id, None)?;
            Ok(Placed::Article)
        }
    }
}

/// Brings an updated article's canonical URL, exact key and fingerprint up
/// to date ([`dedup::reindex`]); its story stays.
pub(super) fn reindex_article(
    conn: &Connection,
    policy: &Policy,
    article_id: i64,
    entry: &Entry<'_>,
) -> Result<(), StoreError> {
    let prepared = Prepared::of(entry.feed_id, entry.article, entry.keys);
    let keys = dedup::reindex(&prepared, policy, &TxIndex(conn))?;
    conn.prepare_cached(
        "UPDATE articles SET canonical_url = :canonical_url, text_hash = :text_hash
         WHERE id = :id",
    )?
    .execute(named_params! {
        ":id": article_id,
        ":canonical_url": prepared.canonical_url,
        ":text_hash": keys.text_hash,
    })?;
    index::delete_fingerprint(conn, article_id)?;
    match &keys.fingerprint {
        Some(fp) => index::put_fingerprint(conn, article_id, fp),
        None => Ok(()),
    }
}

/// Updates a dropped copy whose entry changed in its feed.
pub(super) fn update_copy(
    conn: &Connection,
    copy_id: i64,
    article: &Article,
    now: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE copies SET title = :title, link = :link, canonical_url = :canonical_url,
            published_at = :published_at, content_hash = :content_hash, last_seen_at = :now
         WHERE id = :id",
    )?
    .execute(named_params! {
        ":id": copy_id,
        ":title": article.title,
        ":link": article.link,
        ":canonical_url": article.link.as_deref().and_then(canonical_url),
        ":published_at": time::fmt_opt(article.published.or(article.updated)),
        ":content_hash": article.content_hash,
        ":now": now,
    })?;
    Ok(())
}

/// Marks a dropped copy as seen again, when its `last_seen_at` is older
/// than `stale` (see `ingest::LAST_SEEN_STEP`).
pub(super) fn touch_copy(
    conn: &Connection,
    copy_id: i64,
    now: &str,
    stale: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE copies SET last_seen_at = :now WHERE id = :id AND last_seen_at < :stale",
    )?
    .execute(named_params! {":id": copy_id, ":now": now, ":stale": stale})?;
    Ok(())
}

fn insert_copy(
    conn: &Connection,
    entry: &Entry<'_>,
    m: &Match,
    canonical: Option<&str>,
) -> Result<i64, StoreError> {
    let a = entry.article;
    conn.prepare_cached(
        "INSERT INTO copies (article_id, feed_id, guid, link, canonical_url, title, published_at,
            content_hash, match, similarity, first_seen_at, last_seen_at)
         VALUES (:article_id, :feed_id, :guid, :link, :canonical_url, :title, :published_at,
            :content_hash, :match, :similarity, :now, :now)",
    )?
    .execute(named_params! {
        ":article_id": m.article_id,
        ":feed_id": entry.feed_id,
        ":guid": a.guid,
        ":link": a.link,
        ":canonical_url": canonical,
        ":title": a.title,
        ":published_at": time::fmt_opt(a.published.or(a.updated)),
        ":content_hash": a.content_hash,
        ":match": m.kind.as_str(),
        ":similarity": m.similarity,
        ":now": entry.now,
    })?;
    Ok(conn.last_insert_rowid())
}

fn add_membership(
    conn: &Connection,
    article_id: i64,
    feed_id: i64,
    now: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO article_feeds (article_id, feed_id, first_seen_at)
         VALUES (:article_id, :feed_id, :now)",
    )?
    .execute(named_params! {":article_id": article_id, ":feed_id": feed_id, ":now": now})?;
    Ok(())
}

fn insert_key(
    conn: &Connection,
    entry: &Entry<'_>,
    article_id: i64,
    copy_id: Option<i64>,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO entry_keys (feed_id, key, article_id, content_hash, first_seen_at, copy_id)
         VALUES (:feed_id, :key, :article_id, :content_hash, :now, :copy_id)",
    )?
    .execute(named_params! {
        ":feed_id": entry.feed_id,
        ":key": entry.key,
        ":article_id": article_id,
        ":content_hash": entry.article.content_hash,
        ":now": entry.now,
        ":copy_id": copy_id,
    })?;
    Ok(())
}

/// An article stored before stories existed, as the backfill reads it.
struct OldArticle {
    id: i64,
    feed_id: i64,
    link: Option<String>,
    title: String,
    body: String,
    summary: Option<String>,
    first_seen: String,
}

/// Indexes the articles stored before stories existed (the migration's
/// hook), in the order they were stored, as if they arrived one by one with
/// the default policy: each gets its canonical URL, exact key and
/// fingerprint, and joins the story of an earlier exact or near copy or
/// starts its own ([`dedup::find_story`]). Records are never merged or
/// dropped here.
pub(super) fn backfill(conn: &Connection) -> Result<(), StoreError> {
    const CHUNK: i64 = 500;
    let policy = Policy::default();
    let mut after = 0i64;
    loop {
        let rows: Vec<OldArticle> = conn
            .prepare_cached(
                "SELECT id, feed_id, link, title, body_text, summary, first_seen_at FROM articles
                 WHERE id > :after ORDER BY id LIMIT :chunk",
            )?
            .query_map(named_params! {":after": after, ":chunk": CHUNK}, |r| {
                Ok(OldArticle {
                    id: r.get("id")?,
                    feed_id: r.get("feed_id")?,
                    link: r.get("link")?,
                    title: r.get("title")?,
                    body: r.get("body_text")?,
                    summary: r.get("summary")?,
                    first_seen: r.get("first_seen_at")?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.id;
        for old in rows {
            let prepared = Prepared {
                feed_id: old.feed_id,
                canonical_url: None,
                title: &old.title,
                text: compared_text(&old.body, old.summary.as_deref()),
                keys: None,
            };
            let (joins, keys) = dedup::find_story(&prepared, &policy, &TxIndex(conn))?;
            index::record_paragraphs(conn, old.feed_id, &keys.paragraphs)?;
            let (story_id, how, similarity) = match joins {
                Some(m) => (m.story_id, m.kind.as_str(), Some(m.similarity)),
                None => (index::new_story(conn, &old.first_seen)?, "first", None),
            };
            conn.prepare_cached(
                "UPDATE articles SET canonical_url = :canonical_url, text_hash = :text_hash,
                    story_id = :story_id, story_match = :story_match,
                    story_similarity = :story_similarity
                 WHERE id = :id",
            )?
            .execute(named_params! {
                ":id": old.id,
                ":canonical_url": old.link.as_deref().and_then(canonical_url),
                ":text_hash": keys.text_hash,
                ":story_id": story_id,
                ":story_match": how,
                ":story_similarity": similarity,
            })?;
            if let Some(fp) = &keys.fingerprint {
                index::put_fingerprint(conn, old.id, fp)?;
            }
        }
    }
}
