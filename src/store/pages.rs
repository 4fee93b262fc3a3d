//! Full text in the database: which articles wait for their page, what came
//! of each page fetch, and how a feed's edit treats a body taken from a page.
//!
//! The page work of a poll runs after the poll's own transaction (pages can
//! take long, and the feed's entries must not wait for them): the poll
//! marks articles `pending`, [`Store::pending_pages`] lists them, and
//! [`Store::apply_page`] records each outcome in a transaction of its own.
//! A crash in between leaves the page `pending` for the next poll.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::articles::Stored;
use super::{time, Store, StoreError};
use crate::model::{Article, BodySource, PageOutcome, PendingPage};
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
pub(super) fn stored_body(tx: &Transaction<'_>, id: i64) -> Result<StoredBody, StoreError> {
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
    tx: &Transaction<'_>,
    id: i64,
    a: &Article,
    page_text: &str,
    polled_at: DateTime<Utc>,
    now: &str,
) -> Result<(), StoreError> {
    let first_seen = super::articles::keep_revision(tx, id, polled_at, now)?;
    tx.prepare_cached(
        "UPDATE articles SET guid = ?2, title = ?3, authors = ?4, categories = ?5,
            language = ?6, enclosures = ?7, published_at = ?8, updated_at = ?9,
            date_source = ?10, sort_date = ?11, last_seen_at = ?12, modified_at = ?12,
            summary = ?13, content_hash = ?14, raw_date = ?15
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
    ])?;
    Ok(())
}

/// Full text is on for feed `feed_id`: marks the article its entry `key`
/// stands for (not a dropped copy) for a page fetch when its page was never
/// considered, its link changed since, or (`auto` said "not a teaser"
/// before) the feed changed its text.
pub(super) fn want_page(
    tx: &Transaction<'_>,
    feed_id: i64,
    key: &str,
    stored: Stored,
) -> Result<(), StoreError> {
    let id: Option<i64> = tx
        .prepare_cached(
            "SELECT article_id FROM entry_keys
             WHERE feed_id = ?1 AND key = ?2 AND copy_id IS NULL",
        )?
        .query_row(params![feed_id, key], |r| r.get(0))
        .optional()?
        .flatten();
    let Some(id) = id else {
        return Ok(());
    };
    // The article's own link: an entry of another feed that joined it (the
    // same page under a tracking-tagged URL) does not change its page.
    let (state, page_url, link): (Option<String>, Option<String>, Option<String>) = tx
        .prepare_cached("SELECT page_state, page_url, link FROM articles WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let Some(link) = link
        .as_deref()
        .filter(|l| l.starts_with("http://") || l.starts_with("https://"))
    else {
        return Ok(());
    };
    let same_link = page_url.as_deref() == Some(link);
    let wanted = match state.as_deref() {
        None => true,
        Some("pending") => !same_link,
        Some("not_needed") => stored == Stored::Updated || !same_link,
        Some(_) => !same_link,
    };
    if wanted {
        tx.prepare_cached(
            "UPDATE articles SET page_state = 'pending', page_url = ?2, page_attempts = 0,
                page_error = NULL WHERE id = ?1",
        )?
        .execute(params![id, link])?;
    }
    Ok(())
}

impl Store {
    /// Articles of feed `feed_id` (first seen in it, or also listed by it)
    /// that wait for their page: marked `pending`, or `failed` fewer than
    /// `max_attempts` times; oldest first, at most `limit`.
    pub fn pending_pages(
        &self,
        feed_id: i64,
        max_attempts: u32,
        limit: u32,
    ) -> Result<Vec<PendingPage>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.link, a.body_text, a.word_count, a.page_attempts FROM articles a
             WHERE a.page_state IN ('pending', 'failed') AND a.link IS NOT NULL
               AND (a.page_state = 'pending' OR a.page_attempts < ?2)
               AND EXISTS (SELECT 1 FROM article_feeds af
                           WHERE af.article_id = a.id AND af.feed_id = ?1)
             ORDER BY a.id LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![feed_id, max_attempts, limit], |r| {
            Ok(PendingPage {
                article_id: r.get(0)?,
                link: r.get(1)?,
                body_text: r.get(2)?,
                word_count: r.get(3)?,
                attempts: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records what came of the page of article `id` fetched from `link`,
    /// in one transaction. A page used as the body keeps the previous
    /// version as a revision, and the feed's text as the summary. Nothing
    /// changes (and `false` is returned) when the article is gone or its
    /// link changed meanwhile.
    pub fn apply_page(
        &mut self,
        id: i64,
        link: &str,
        outcome: &PageOutcome,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        let now = time::fmt(at);
        let title: Option<String> = tx
            .prepare_cached("SELECT title FROM articles WHERE id = ?1 AND link = ?2")?
            .query_row(params![id, link], |r| r.get(0))
            .optional()?;
        let Some(title) = title else {
            return Ok(false);
        };
        match outcome {
            PageOutcome::Used(body) => {
                super::articles::keep_revision(&tx, id, at, &now)?;
                tx.prepare_cached(
                    "UPDATE articles SET
                        summary = CASE WHEN body_source = 'feed'
                            THEN coalesce(nullif(summary, ''), nullif(body_text, ''))
                            ELSE summary END,
                        body_source = 'page', body_text = ?2, body_html = ?3, dateline = ?4,
                        word_count = ?5, content_hash = ?6, modified_at = ?7,
                        page_state = 'used', page_url = ?8, page_error = NULL,
                        page_fetched_at = ?7
                     WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    body.text,
                    body.html,
                    body.dateline,
                    body.word_count,
                    content_hash(&title, &body.text),
                    now,
                    link,
                ])?;
            }
            PageOutcome::Failed { error } => {
                tx.prepare_cached(
                    "UPDATE articles SET page_state = 'failed', page_url = ?2,
                        page_attempts = page_attempts + 1, page_error = ?3, page_fetched_at = ?4
                     WHERE id = ?1",
                )?
                .execute(params![id, link, error, now])?;
            }
            other => {
                let (error, fetched) = match other {
                    PageOutcome::KeptFeed { note } => (Some(note.as_str()), Some(&now)),
                    PageOutcome::Disallowed => {
                        (Some("disallowed by the site's robots.txt"), Some(&now))
                    }
                    _ => (None, None),
                };
                tx.prepare_cached(
                    "UPDATE articles SET page_state = ?2, page_url = ?3, page_error = ?4,
                        page_fetched_at = coalesce(?5, page_fetched_at)
                     WHERE id = ?1",
                )?
                .execute(params![id, other.state(), link, error, fetched])?;
            }
        }
        tx.commit()?;
        Ok(true)
    }
}
