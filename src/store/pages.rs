//! Full text in the database: which articles wait for their page, what came
//! of each page fetch, and how a feed's edit treats a body taken from a page.
//!
//! The page work of a poll runs after the poll's own transaction (pages can
//! take long, and the feed's entries must not wait for them): the poll
//! marks articles `pending`, [`Store::pending_pages`] lists them, and
//! [`Store::apply_page`] records each outcome in a transaction of its own.
//! A crash in between leaves the page `pending` for the next poll.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{time, Store, StoreError};
use crate::model::{PageOutcome, PendingPage};
use crate::normalize::content_hash;

/// Full text is on for feed `feed_id`: marks the article its entry `key`
/// stands for (not a dropped copy) for a page fetch when its page was never
/// considered, its link changed since, or (`auto` said "not a teaser"
/// before) the feed changed its text (`updated`: this poll updated it).
pub(super) fn want_page(
    tx: &Connection,
    feed_id: i64,
    key: &str,
    updated: bool,
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
        Some("not_needed") => updated || !same_link,
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
                super::revise::keep_revision(&tx, id, at, &now)?;
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
