//! A stored article changed by its feed: the previous version kept as a
//! revision, the record overwritten with the feed's new version, or (when
//! its body came from its page, and the link did not change) everything but
//! the body updated, the feed's text kept as its summary.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::{time, StoreError};
use crate::model::{Article, BodySource};
use crate::normalize::content_hash;

/// What an article's stored body is, for the feed's next edit.
pub(super) struct StoredBody {
    /// The feed it was first seen in: only that feed's entry owns its link.
    pub feed_id: i64,
    /// Where it came from.
    pub source: BodySource,
    /// The article's link as stored.
    pub link: Option<String>,
    /// The body text.
    pub text: String,
}

/// Reads the body facts of article `id`.
pub(super) fn stored_body(tx: &Connection, id: i64) -> Result<StoredBody, StoreError> {
    Ok(tx
        .prepare_cached("SELECT body_source, link, body_text, feed_id FROM articles WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(StoredBody {
                source: BodySource::from_name(&r.get::<_, String>(0)?),
                link: r.get(1)?,
                text: r.get(2)?,
                feed_id: r.get(3)?,
            })
        })?)
}

/// The feed's text of an entry, kept as `summary` beside a page's body:
/// its summary, else its body.
fn feed_text(article: &Article) -> Option<&str> {
    article
        .summary
        .as_deref()
        .filter(|s| !s.is_empty())
        .or(Some(article.body_text.as_str()).filter(|b| !b.is_empty()))
}

/// The feed edited an entry whose body came from its (unchanged) page:
/// keep a revision, take every field from the feed but the body, and keep
/// the feed's text as the summary.
pub(super) fn update_keeping_page(
    tx: &Connection,
    id: i64,
    a: &Article,
    page_text: &str,
    polled_at: DateTime<Utc>,
    now: &str,
) -> Result<(), StoreError> {
    let first_seen = keep_revision(tx, id, polled_at, now)?;
    tx.prepare_cached(
        "UPDATE articles SET guid = ?2, title = ?3, authors = ?4, categories = ?5,
            language = ?6, enclosures = ?7, published_at = ?8, updated_at = ?9,
            date_source = ?10, sort_date = ?11, last_seen_at = ?12, modified_at = ?12,
            summary = ?13, content_hash = ?14, raw_date = ?15,
            details = ?16
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        a.guid,
        a.title,
        super::to_json(&a.authors),
        super::to_json(&a.categories),
        a.language,
        super::to_json(&a.enclosures),
        time::fmt_opt(a.published),
        time::fmt_opt(a.updated),
        a.date_source.as_str(),
        time::fmt(a.sort_date(first_seen)),
        now,
        feed_text(a),
        content_hash(&a.title, page_text),
        a.raw_date,
        (!a.details.is_empty()).then(|| super::to_json(&a.details)),
    ])?;
    Ok(())
}

/// Keeps the current version as a revision, then overwrites the record
/// (with the feed's body: `body_source` becomes `feed`).
pub(super) fn update_article(
    tx: &Connection,
    id: i64,
    a: &Article,
    polled_at: DateTime<Utc>,
    now: &str,
) -> Result<(), StoreError> {
    let first_seen = keep_revision(tx, id, polled_at, now)?;
    tx.prepare_cached("UPDATE articles SET body_source = 'feed' WHERE id = ?1")?
        .execute([id])?;
    let mut update = tx.prepare_cached(
        "UPDATE articles SET guid = ?2, link = ?3, title = ?4, authors = ?5, categories = ?6,
            language = ?7, enclosures = ?8, published_at = ?9, updated_at = ?10,
            date_source = ?11, sort_date = ?12, last_seen_at = ?13, modified_at = ?13,
            summary = ?14, body_text = ?15, body_html = ?16, dateline = ?17, word_count = ?18,
            content_hash = ?19, raw_date = ?20, details = ?21
         WHERE id = ?1",
    )?;
    super::articles::execute_article(&mut update, id, a, a.sort_date(first_seen), now, &[])?;
    Ok(())
}

/// Copies the current version of article `id` into `revisions`; returns
/// its first sighting (the filing date of a `first_seen` article stays that).
pub(super) fn keep_revision(
    tx: &Connection,
    id: i64,
    polled_at: DateTime<Utc>,
    now: &str,
) -> Result<DateTime<Utc>, StoreError> {
    tx.prepare_cached(
        "INSERT INTO revisions (article_id, revised_at, title, summary, body_text, body_html,
            content_hash, published_at, updated_at)
         SELECT id, ?2, title, summary, body_text, body_html, content_hash, published_at, updated_at
         FROM articles WHERE id = ?1",
    )?
    .execute(params![id, now])?;
    let first_seen: String = tx
        .prepare_cached("SELECT first_seen_at FROM articles WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    Ok(time::parse(&first_seen).unwrap_or(polled_at))
}
