//! Stories on the write side: where an entry new to its feed goes (the same
//! page as a stored article, a copy of a stored story, or a story of its
//! own), and keeping the dedup index in step when an article changes.
//!
//! The order of the checks for a new entry, and what each match does:
//!
//! 1. its canonical URL is already stored (as an article, or as a dropped
//!    copy) → no new record: the article gains a feed membership. Not when
//!    the URL is a site's front page, nor when the article is already in
//!    this feed: a feed that lists two entries under one link (a live page,
//!    a front page) means two entries, which go on to the next checks;
//! 2. its exact-duplicate key matches an article → it joins that story;
//! 3. its fingerprint verifies against a candidate of the band index
//!    (`dedup.near` not `off`) → it joins that story;
//! 4. otherwise it starts a story of its own.
//!
//! With `dedup.near = "drop"`, matches 2 and 3 store no article: the entry
//! becomes a row of `copies` (its feed, link, title, date) pointing at the
//! article it copies, which gains a feed membership. A story is decided
//! once, when its first copy arrives: an edited article keeps its story, its
//! fingerprint is recomputed.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::{articles, index, time, StoreError};
use crate::dedup::canonical::{canonical_url, is_site_root};
use crate::dedup::decide::{self, Match};
use crate::dedup::fingerprint::Fingerprint;
use crate::dedup::textkeys::{compared_text, TextKeys};
use crate::dedup::{NearMode, Policy};
use crate::model::Article;

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

/// An entry new to its feed, as `apply_poll` hands it over.
pub(super) struct NewEntry<'a> {
    /// The feed it came from.
    pub feed_id: i64,
    /// Its key within the feed (`dedup::entry_key`).
    pub key: &'a str,
    /// The entry.
    pub article: &'a Article,
    /// When the poll started.
    pub polled_at: DateTime<Utc>,
    /// The same, as stored.
    pub now: &'a str,
}

/// The story columns of a new article.
pub(super) struct StoryColumns {
    /// The link in canonical form.
    pub canonical_url: Option<String>,
    /// The exact-duplicate key.
    pub text_hash: Option<String>,
    /// Its story.
    pub story_id: i64,
    /// `first`, `exact` or `near`.
    pub story_match: &'static str,
    /// Estimated Jaccard similarity to the article matched.
    pub story_similarity: Option<f64>,
}

/// What the index says about an entry's text.
struct Recognition {
    text_hash: Option<String>,
    fingerprint: Option<Fingerprint>,
    matched: Option<Match>,
    paragraphs: Vec<i64>,
}

/// Computes the exact key and fingerprint of a text and, with `find`,
/// looks for the article it copies. `min_repeat` is how many articles of
/// the feed must have carried a paragraph before it counts as the feed's
/// boilerplate: 1 for a new article, 2 when re-indexing a stored one
/// (whose own paragraphs are already counted once). `keys` are the text's
/// keys if the poll computed them ([`TextKeys`]); used when they fit.
#[allow(clippy::too_many_arguments)]
fn recognise(
    conn: &Connection,
    policy: &Policy,
    feed_id: i64,
    title: &str,
    text: &str,
    find: bool,
    min_repeat: i64,
    keys: Option<&TextKeys>,
) -> Result<Recognition, StoreError> {
    let near = policy.near != NearMode::Off;
    let computed;
    let keys = match keys.filter(|k| k.fits(title, text, near)) {
        Some(keys) => keys,
        None => {
            computed = TextKeys::of(title, text, near);
            &computed
        }
    };
    let text_hash = keys.exact.clone();
    let mut matched = None;
    if find {
        if let Some(key) = &text_hash {
            matched = index::by_exact_key(conn, key)?.map(|(article_id, story_id)| Match {
                article_id,
                story_id,
                similarity: 1.0,
                kind: decide::MatchKind::Exact,
            });
        }
    }
    if !near {
        return Ok(Recognition {
            text_hash,
            fingerprint: None,
            matched,
            paragraphs: Vec::new(),
        });
    }
    let repeated = index::repeated_paragraphs(conn, feed_id, &keys.paragraphs, min_repeat)?;
    let fingerprint = keys.fingerprint(text, |h| repeated.contains(&h));
    if find && matched.is_none() {
        if let Some(fp) = &fingerprint {
            let candidates = index::candidates(conn, fp)?;
            matched = decide::best_near(fp, &candidates, policy.threshold);
        }
    }
    Ok(Recognition {
        text_hash,
        fingerprint,
        matched,
        paragraphs: keys.paragraphs.clone(),
    })
}

/// Stores an entry new to its feed: a new article, a membership of the
/// same page, or (drop mode) a copy.
pub(super) fn store_new(
    conn: &Connection,
    policy: &Policy,
    entry: &NewEntry<'_>,
) -> Result<Placed, StoreError> {
    let article = entry.article;
    let canonical = article.link.as_deref().and_then(canonical_url);
    if let Some(url) = canonical.as_deref().filter(|u| !is_site_root(u)) {
        if let Some(existing) = index::by_canonical_url(conn, url)? {
            if !index::is_member(conn, existing, entry.feed_id)? {
                add_membership(conn, existing, entry.feed_id, entry.now)?;
                insert_key(conn, entry, existing, None)?;
                conn.prepare_cached("UPDATE articles SET last_seen_at = ?2 WHERE id = ?1")?
                    .execute(params![existing, entry.now])?;
                return Ok(Placed::SamePage);
            }
        }
    }

    let rec = recognise(
        conn,
        policy,
        entry.feed_id,
        &article.title,
        compared_text(&article.body_text, article.summary.as_deref()),
        true,
        1,
        article.text_keys.as_ref(),
    )?;
    index::record_paragraphs(conn, entry.feed_id, &rec.paragraphs)?;

    if let (NearMode::Drop, Some(m)) = (policy.near, rec.matched) {
        let copy_id = insert_copy(conn, entry, &m, canonical.as_deref())?;
        add_membership(conn, m.article_id, entry.feed_id, entry.now)?;
        insert_key(conn, entry, m.article_id, Some(copy_id))?;
        return Ok(Placed::Copy);
    }

    let columns = match rec.matched {
        Some(m) => StoryColumns {
            canonical_url: canonical,
            text_hash: rec.text_hash,
            story_id: m.story_id,
            story_match: m.kind.as_str(),
            story_similarity: Some(m.similarity),
        },
        None => StoryColumns {
            canonical_url: canonical,
            text_hash: rec.text_hash,
            story_id: index::new_story(conn, entry.now)?,
            story_match: "first",
            story_similarity: None,
        },
    };
    let id = articles::insert_article(
        conn,
        entry.feed_id,
        article,
        entry.polled_at,
        entry.now,
        &columns,
    )?;
    if let Some(fp) = &rec.fingerprint {
        index::put_fingerprint(conn, id, fp)?;
    }
    insert_key(conn, entry, id, None)?;
    Ok(Placed::Article)
}

/// Brings an updated article's canonical URL, exact key and fingerprint up
/// to date; its story stays.
pub(super) fn reindex_article(
    conn: &Connection,
    policy: &Policy,
    article_id: i64,
    feed_id: i64,
    article: &Article,
) -> Result<(), StoreError> {
    let rec = recognise(
        conn,
        policy,
        feed_id,
        &article.title,
        compared_text(&article.body_text, article.summary.as_deref()),
        false,
        2,
        article.text_keys.as_ref(),
    )?;
    conn.prepare_cached("UPDATE articles SET canonical_url = ?2, text_hash = ?3 WHERE id = ?1")?
        .execute(params![
            article_id,
            article.link.as_deref().and_then(canonical_url),
            rec.text_hash
        ])?;
    index::delete_fingerprint(conn, article_id)?;
    match &rec.fingerprint {
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
        "UPDATE copies SET title = ?2, link = ?3, canonical_url = ?4, published_at = ?5,
            content_hash = ?6, last_seen_at = ?7 WHERE id = ?1",
    )?
    .execute(params![
        copy_id,
        article.title,
        article.link,
        article.link.as_deref().and_then(canonical_url),
        time::fmt_opt(article.published.or(article.updated)),
        article.content_hash,
        now
    ])?;
    Ok(())
}

/// Marks a dropped copy as seen again, when its `last_seen_at` is older
/// than `stale` (see `articles::LAST_SEEN_STEP`).
pub(super) fn touch_copy(
    conn: &Connection,
    copy_id: i64,
    now: &str,
    stale: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE copies SET last_seen_at = ?2 WHERE id = ?1 AND last_seen_at < ?3")?
        .execute(params![copy_id, now, stale])?;
    Ok(())
}

fn insert_copy(
    conn: &Connection,
    entry: &NewEntry<'_>,
    m: &Match,
    canonical: Option<&str>,
) -> Result<i64, StoreError> {
    let a = entry.article;
    conn.prepare_cached(
        "INSERT INTO copies (article_id, feed_id, guid, link, canonical_url, title, published_at,
            content_hash, match, similarity, first_seen_at, last_seen_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    )?
    .execute(params![
        m.article_id,
        entry.feed_id,
        a.guid,
        a.link,
        canonical,
        a.title,
        time::fmt_opt(a.published.or(a.updated)),
        a.content_hash,
        m.kind.as_str(),
        m.similarity,
        entry.now
    ])?;
    Ok(conn.last_insert_rowid())
}

fn add_membership(
    conn: &Connection,
    article_id: i64,
    feed_id: i64,
    now: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO article_feeds (article_id, feed_id, first_seen_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![article_id, feed_id, now])?;
    Ok(())
}

fn insert_key(
    conn: &Connection,
    entry: &NewEntry<'_>,
    article_id: i64,
    copy_id: Option<i64>,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO entry_keys (feed_id, key, article_id, content_hash, first_seen_at, copy_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        entry.feed_id,
        entry.key,
        article_id,
        entry.article.content_hash,
        entry.now,
        copy_id
    ])?;
    Ok(())
}

/// An article stored before schema version 3, as the backfill reads it.
struct OldArticle {
    id: i64,
    feed_id: i64,
    link: Option<String>,
    title: String,
    body: String,
    summary: Option<String>,
    first_seen: String,
}

/// Indexes the articles stored before schema version 3 (the migration's
/// hook), in the order they were stored, as if they arrived one by one with
/// the default policy: each gets its canonical URL, exact key and
/// fingerprint, and joins the story of an earlier exact or near copy or
/// starts its own. Records are never merged or dropped here.
pub(super) fn backfill(conn: &Connection) -> Result<(), StoreError> {
    const CHUNK: i64 = 500;
    let policy = Policy::default();
    let mut after = 0i64;
    loop {
        let rows: Vec<OldArticle> = conn
            .prepare_cached(
                "SELECT id, feed_id, link, title, body_text, summary, first_seen_at FROM articles
                 WHERE id > ?1 ORDER BY id LIMIT ?2",
            )?
            .query_map(params![after, CHUNK], |r| {
                Ok(OldArticle {
                    id: r.get(0)?,
                    feed_id: r.get(1)?,
                    link: r.get(2)?,
                    title: r.get(3)?,
                    body: r.get(4)?,
                    summary: r.get(5)?,
                    first_seen: r.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.id;
        for old in rows {
            let text = compared_text(&old.body, old.summary.as_deref());
            let rec = recognise(conn, &policy, old.feed_id, &old.title, text, true, 1, None)?;
            index::record_paragraphs(conn, old.feed_id, &rec.paragraphs)?;
            let (story_id, how, similarity) = match rec.matched {
                Some(m) => (m.story_id, m.kind.as_str(), Some(m.similarity)),
                None => (index::new_story(conn, &old.first_seen)?, "first", None),
            };
            conn.prepare_cached(
                "UPDATE articles SET canonical_url = ?2, text_hash = ?3, story_id = ?4,
                    story_match = ?5, story_similarity = ?6 WHERE id = ?1",
            )?
            .execute(params![
                old.id,
                old.link.as_deref().and_then(canonical_url),
                rec.text_hash,
                story_id,
                how,
                similarity
            ])?;
            if let Some(fp) = &rec.fingerprint {
                index::put_fingerprint(conn, old.id, fp)?;
            }
        }
    }
}
