//! A stored article changed by its feed: the previous version kept as a
//! revision, the record overwritten with the feed's new version, or (when
//! its body came from its page, and the link did not change) everything but
//! the body updated, the feed's text kept as its summary.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, Connection};

use super::{article_row, time, to_json, StoreError};
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
        .prepare_cached(
            "SELECT body_source, link, body_text, feed_id FROM articles WHERE id = :id",
        )?
        .query_row(named_params! {":id": id}, |r| {
            Ok(StoredBody {
                source: BodySource::from_name(&r.get::<_, String>("body_source")?),
                link: r.get("link")?,
                text: r.get("body_text")?,
                feed_id: r.get("feed_id")?,
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
        "UPDATE articles SET guid = :guid, title = :title, authors = :authors,
            categories = :categories, language = :language, enclosures = :enclosures,
            published_at = :published_at, updated_at = :updated_at,
            date_source = :date_source, sort_date = :sort_date, last_seen_at = :now,
            modified_at = :now, summary = :summary, content_hash = :content_hash,
            raw_date = :raw_date, details = :details
         WHERE id = :id",
    )?
    .execute(named_params! {
        ":id": id,
        ":guid": a.guid,
        ":title": a.title,
        ":authors": to_json(&a.authors),
        ":categories": to_json(&a.categories),
        ":language": a.language,
        ":enclosures": to_json(&a.enclosures),
        ":published_at": time::fmt_opt(a.published),
        ":updated_at": time::fmt_opt(a.updated),
        ":date_source": a.date_source.as_str(),
        ":sort_date": time::fmt(a.sort_date(first_seen)),
        ":now": now,
        ":summary": feed_text(a),
        ":content_hash": content_hash(&a.title, page_text),
        ":raw_date": a.raw_date,
        ":details": article_row::details_json(&a.details),
    })?;
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
    tx.prepare_cached("UPDATE articles SET body_source = 'feed' WHERE id = :id")?
        .execute(named_params! {":id": id})?;
    article_row::update(tx, id, a, a.sort_date(first_seen), now)
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
         SELECT id, :now, title, summary, body_text, body_html, content_hash, published_at,
            updated_at
         FROM articles WHERE id = :id",
    )?
    .execute(named_params! {":id": id, ":now": now})?;
    let first_seen: String = tx
        .prepare_cached("SELECT first_seen_at FROM articles WHERE id = :id")?
        .query_row(named_params! {":id": id}, |r| r.get("first_seen_at"))?;
    Ok(time::parse(&first_seen).unwrap_or(polled_at))
}
