//! Full text in the database: which articles wait for their page, what came
//! of each page fetch, and how a feed's edit treats a body taken from a page.
//!
//! The page work of a poll runs after the poll's own transaction (pages can
//! take long, and the feed's entries must not wait for them): the poll
//! marks articles `pending`, [`Store::pending_pages`] lists them, and
//! [`Store::apply_page`] records each outcome in a transaction of its own.
//! A crash in between leaves the page `pending` for the next poll.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, Connection, OptionalExtension};

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
             WHERE feed_id = :feed_id AND key = :key AND copy_id IS NULL",
        )?
        .query_row(named_params! {":feed_id": feed_id, ":key": key}, |r| {
            r.get("article_id")
        })
        .optional()?
        .flatten();
    let Some(id) = id else {
        return Ok(());
    };
    // The article's own link: an entry of another feed that joined it (the
    // same page under a tracking-tagged URL) does not change its page.
    let (state, page_url, link): (Option<String>, Option<String>, Option<String>) = tx
        .prepare_cached("SELECT page_state, page_url, link FROM articles WHERE id = :id")?
        .query_row(named_params! {":id": id}, |r| {
            Ok((r.get("page_state")?, r.get("page_url")?, r.get("link")?))
        })?;
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
            "UPDATE articles SET page_state = 'pending', page_url = :link, page_attempts = 0,
                page_error = NULL
             WHERE id = :id",
        )?
        .execute(named_params! {":id": id, ":link": link})?;
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
               AND (a.page_state = 'pending' OR a.page_attempts < :max_attempts)
               AND EXISTS (SELECT 1 FROM article_feeds af
                           WHERE af.article_id = a.id AND af.feed_id = :feed_id)
             ORDER BY a.id LIMIT :limit",
        )?;
        let args = named_params! {
            ":feed_id": feed_id,
            ":max_attempts": max_attempts,
            ":limit": limit,
        };
        let rows = stmt.query_map(args, |r| {
            Ok(PendingPage {
                article_id: r.get("id")?,
                link: r.get("link")?,
                body_text: r.get("body_text")?,
                word_count: r.get("word_count")?,
                attempts: r.get("page_attempts")?,
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
            .prepare_cached("SELECT title FROM articles WHERE id = :id AND link = :link")?
            .query_row(named_params! {":id": id, ":link": link}, |r| r.get("title"))
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
                        body_source = 'page', body_text = :body_text, body_html = :body_html,
                        dateline = :dateline, word_count = :word_count,
                        content_hash = :content_hash, modified_at = :now,
                        page_state = 'used', page_url = :link, page_error = NULL,
                        page_fetched_at = :now
                     WHERE id = :id",
                )?
                .execute(named_params! {
                    ":id": id,
                    ":body_text": body.text,
                    ":body_html": body.html,
                    ":dateline": body.dateline,
                    ":word_count": body.word_count,
                    ":content_hash": content_hash(&title, &body.text),
                    ":now": now,
                    ":link": link,
                })?;
            }
            PageOutcome::Failed { error } => {
                tx.prepare_cached(
                    "UPDATE articles SET page_state = 'failed', page_url = :link,
                        page_attempts = page_attempts + 1, page_error = :error,
                        page_fetched_at = :now
                     WHERE id = :id",
                )?
                .execute(named_params! {":id": id, ":link": link, ":error": error, ":now": now})?;
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
                    "UPDATE articles SET page_state = :state, page_url = :link,
                        page_error = :error, page_fetched_at = coalesce(:fetched, page_fetched_at)
                     WHERE id = :id",
                )?
                .execute(named_params! {
                    ":id": id,
                    ":state": other.state(),
                    ":link": link,
                    ":error": error,
                    ":fetched": fetched,
                })?;
            }
        }
        tx.commit()?;
        Ok(true)
    }
}
