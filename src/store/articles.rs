//! Articles: storing a poll's entries (new, updated with a revision, or
//! unchanged; new ones placed in their story by [`super::stories`]) and
//! reading records back.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::stories::{self, NewEntry, Placed, StoryColumns};
use super::{from_json, query, time, to_json, Store, StoreError};
use crate::dedup::{self, Change, Policy};
use crate::model::{Article, BodySource, DateSource, EntryPlan, FeedPoll, PollCounts, PollOutcome};

/// A stored article: the record plus its ids and bookkeeping times.
#[derive(Debug, Clone, Serialize)]
pub struct StoredArticle {
    /// Database id.
    pub id: i64,
    /// URL of the feed it was first seen in.
    pub feed_url: String,
    /// URLs of every feed it was seen in.
    pub feeds: Vec<String>,
    /// When tidings first stored it.
    pub first_seen: DateTime<Utc>,
    /// When a poll last listed it.
    pub last_seen: DateTime<Utc>,
    /// When its content last changed.
    pub modified: DateTime<Utc>,
    /// The date it is filed under (see [`Article::sort_date`]).
    pub date: DateTime<Utc>,
    /// Its link in canonical form (see [`crate::dedup::canonical`]).
    pub canonical_url: Option<String>,
    /// The story it belongs to: articles sharing it are copies of one
    /// another. Set for every article stored since schema version 3.
    pub story_id: Option<i64>,
    /// The record itself.
    #[serde(flatten)]
    pub article: Article,
}

/// Which articles to read, newest first.
#[derive(Debug, Clone, Default)]
pub struct ArticleQuery {
    /// Only articles seen in this feed (configured URL).
    pub feed: Option<String>,
    /// Only articles seen in a feed that carries this tag (config `tags`).
    pub tag: Option<String>,
    /// Only articles filed on or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Only articles filed before this time (exclusive).
    pub until: Option<DateTime<Utc>>,
    /// At most this many.
    pub limit: Option<u64>,
    /// One article per story (among those the other filters select): the
    /// fullest (most words), then the earliest dated, then the first stored.
    pub unique: bool,
}

/// The columns [`RawRow::read`] reads, in its order, for `articles a`.
pub(super) const ARTICLE_COLUMNS: &str = "a.id, (SELECT url FROM feeds WHERE id = a.feed_id),
    (SELECT json_group_array(f.url) FROM article_feeds af JOIN feeds f ON f.id = af.feed_id
      WHERE af.article_id = a.id),
    a.first_seen_at, a.last_seen_at, a.modified_at, a.sort_date,
    a.guid, a.link, a.title, a.authors, a.categories, a.language, a.enclosures,
    a.published_at, a.updated_at, a.date_source, a.summary, a.body_text, a.body_html,
    a.dateline, a.word_count, a.content_hash, a.canonical_url, a.story_id, a.raw_date,
    a.body_source, a.details";

/// How many columns [`ARTICLE_COLUMNS`] holds: extra columns start here.
pub(super) const ARTICLE_COLUMN_COUNT: usize = 28;

impl Store {
    /// Stores one poll in one transaction: the feed's fetch state, for a
    /// fetched body every entry (new, updated with a revision, or unchanged),
    /// the poll's line in the fetch history (pruned to its bound), and the
    /// postponement of the other feeds of its host.
    pub fn apply_poll(&mut self, poll: &FeedPoll) -> Result<PollCounts, StoreError> {
        self.apply_poll_with(poll, &EntryPlan::default())
    }

    /// [`Store::apply_poll`], with the entries `plan.dropped` names kept
    /// out and remembered (see [`Store::dropped_keys`]), and, with
    /// `plan.full_text`, entries marked for a page fetch (see
    /// [`Store::pending_pages`]). Still one transaction.
    pub fn apply_poll_with(
        &mut self,
        poll: &FeedPoll,
        plan: &EntryPlan,
    ) -> Result<PollCounts, StoreError> {
        let tx = self.conn.transaction()?;
        let counts = apply_poll_in(&tx, &self.policy, poll, plan)?;
        tx.commit()?;
        Ok(counts)
    }

    /// Reads articles, newest first.
    pub fn articles(&self, query: &ArticleQuery) -> Result<Vec<StoredArticle>, StoreError> {
        let mut out = Vec::new();
        self.each_article(query, |article| {
            out.push(article);
            Ok::<(), StoreError>(())
        })?;
        Ok(out)
    }

    /// Calls `visit` with each article `query` selects, newest first, one at
    /// a time (memory stays flat however large the archive); stops at the
    /// first error `visit` returns.
    pub fn each_article<E: From<StoreError>>(
        &self,
        query: &ArticleQuery,
        mut visit: impl FnMut(StoredArticle) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles a WHERE 1 = 1");
        let mut args = Vec::new();
        query::push_filters(query, &mut sql, &mut args);
        sql.push_str(" ORDER BY a.sort_date DESC, a.id DESC");
        sql.push_str(&query::limit(query));
        let mut stmt = self.conn.prepare(&sql).map_err(StoreError::from)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args))
            .map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            visit(
                RawRow::read(row)
                    .map_err(StoreError::from)?
                    .into_article()?,
            )?;
        }
        Ok(())
    }

    /// How many articles `query` selects (its limit included).
    pub fn count_articles(&self, query: &ArticleQuery) -> Result<u64, StoreError> {
        let mut sql = String::from("SELECT count(*) FROM (SELECT a.id FROM articles a WHERE 1 = 1");
        let mut args = Vec::new();
        query::push_filters(query, &mut sql, &mut args);
        sql.push_str(&query::limit(query));
        sql.push(')');
        Ok(self
            .conn
            .query_row(&sql, rusqlite::params_from_iter(args), |r| r.get(0))?)
    }

    /// The ids and titles of the articles filed on `day` (UTC), lowest id
    /// first: what `export` needs to tell two same-day headlines apart.
    pub fn titles_filed_on(&self, day: NaiveDate) -> Result<Vec<(i64, String)>, StoreError> {
        let start = day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
        let end = start + chrono::Duration::days(1);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title FROM articles WHERE sort_date >= ?1 AND sort_date < ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![time::fmt(start), time::fmt(end)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// How stale `last_seen_at` may get before an unchanged entry moves it: an
/// hour. Moving it on every poll rewrote a row (and its page, in the WAL)
/// for every unchanged entry of every fetched feed, most of the write
/// volume of a warm round; it is now exact to within this step.
const LAST_SEEN_STEP: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// What storing one entry did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stored {
    /// A new article record.
    New,
    /// An article (or dropped copy) updated in place.
    Updated,
    /// Seen before, nothing changed.
    Unchanged,
    /// New to its feed but not a new record: the same page as a stored
    /// article, or a copy dropped under `dedup.near = "drop"`.
    Merged,
}

/// Stores one entry of a poll; returns what it did.
///
/// An article whose body came from its page keeps that body when the feed
/// edits the entry without changing its link (the feed's new text becomes
/// its `summary`); a new link puts the feed's body back until the new page
/// is fetched, and counts as an update.
fn store_entry(
    tx: &Connection,
    policy: &Policy,
    feed_id: i64,
    article: &Article,
    polled_at: DateTime<Utc>,
    now: &str,
) -> Result<Stored, StoreError> {
    let key = dedup::entry_key(article);
    let stored: Option<(Option<i64>, String, Option<i64>)> = tx
        .prepare_cached(
            "SELECT article_id, content_hash, copy_id FROM entry_keys
             WHERE feed_id = ?1 AND key = ?2",
        )?
        .query_row(params![feed_id, key], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let stored_hash = stored
        .as_ref()
        .map(|(id, hash, _)| id.map(|_| hash.as_str()));
    let mut change = dedup::classify(stored_hash, &article.content_hash);
    let body = match &stored {
        Some((Some(id), _, None)) => Some(super::revise::stored_body(tx, *id)?),
        _ => None,
    };
    if change == Change::Unchanged
        && body
            .as_ref()
            .is_some_and(|b| b.feed_id == feed_id && b.link != article.link)
    {
        change = Change::Updated;
    }
    match (change, stored) {
        (Change::New, _) => {
            let entry = NewEntry {
                feed_id,
                key: &key,
                article,
                polled_at,
                now,
            };
            return Ok(match stories::store_new(tx, policy, &entry)? {
                Placed::Article => Stored::New,
                Placed::SamePage | Placed::Copy => Stored::Merged,
            });
        }
        (Change::Updated, Some((Some(id), _, copy))) => {
            match copy {
                Some(copy_id) => stories::update_copy(tx, copy_id, article, now)?,
                None => {
                    let keep_page = body
                        .filter(|b| {
                            b.source == BodySource::Page
                                && (b.link == article.link || b.feed_id != feed_id)
                        })
                        .map(|b| b.text);
                    match keep_page {
                        Some(page_text) => super::revise::update_keeping_page(
                            tx, id, article, &page_text, polled_at, now,
                        )?,
                        None => super::revise::update_article(tx, id, article, polled_at, now)?,
                    }
                    stories::reindex_article(tx, policy, id, feed_id, article)?;
                }
            }
            tx.prepare_cached(
                "UPDATE entry_keys SET content_hash = ?3 WHERE feed_id = ?1 AND key = ?2",
            )?
            .execute(params![feed_id, key, article.content_hash])?;
        }
        (Change::Unchanged, Some((Some(id), _, copy))) => {
            let stale = time::fmt(polled_at - LAST_SEEN_STEP);
            match copy {
                Some(copy_id) => stories::touch_copy(tx, copy_id, now, &stale)?,
                None => {
                    tx.prepare_cached(
                        "UPDATE articles SET last_seen_at = ?2 WHERE id = ?1 AND last_seen_at < ?3",
                    )?
                    .execute(params![id, now, stale])?;
                }
            }
        }
        // Pruned but remembered: nothing to store.
        _ => {}
    }
    Ok(match change {
        Change::New => Stored::New,
        Change::Updated => Stored::Updated,
        Change::Unchanged => Stored::Unchanged,
    })
}

/// Inserts a new article record with its story columns and its first feed
/// membership; returns its id.
pub(super) fn insert_article(
    tx: &Connection,
    feed_id: i64,
    a: &Article,
    polled_at: DateTime<Utc>,
    now: &str,
    story: &StoryColumns,
) -> Result<i64, StoreError> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO articles (feed_id, guid, link, title, authors, categories, language,
            enclosures, published_at, updated_at, date_source, sort_date, first_seen_at,
            last_seen_at, modified_at, summary, body_text, body_html, dateline, word_count,
            content_hash, raw_date, details, canonical_url, text_hash, story_id, story_match,
            story_similarity)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?13, ?14, ?15,
            ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
    )?;
    // The story columns go in the same statement: a separate UPDATE of
    // `story_id` (a foreign key) would run under a statement savepoint, and
    // every savepoint flushes the full-text index (see `search::index_new`).
    let story_params = params![
        story.canonical_url,
        story.text_hash,
        story.story_id,
        story.story_match,
        story.story_similarity
    ];
    execute_article(
        &mut insert,
        feed_id,
        a,
        a.sort_date(polled_at),
        now,
        story_params,
    )?;
    let id = tx.last_insert_rowid();
    super::search::index_new(tx, id, &a.title, &a.body_text)?;
    tx.prepare_cached(
        "INSERT OR IGNORE INTO article_feeds (article_id, feed_id, first_seen_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![id, feed_id, now])?;
    Ok(id)
}

/// Runs the article INSERT or UPDATE above. Both lay out their parameters
/// alike: `?1` is the row key (the feed id for an insert, the article id for
/// an update), `?2` to `?19` the record's columns in schema order, with
/// `?13` the poll time, `?20` the raw date and `?21` the details (JSON,
/// NULL when empty); `extra` follows from `?22` on.
pub(super) fn execute_article(
    stmt: &mut rusqlite::CachedStatement<'_>,
    key: i64,
    a: &Article,
    sort_date: DateTime<Utc>,
    now: &str,
    extra: &[&dyn rusqlite::ToSql],
) -> rusqlite::Result<usize> {
    let columns = params![
        key,
        a.guid,
        a.link,
        a.title,
        to_json(&a.authors),
        to_json(&a.categories),
        a.language,
        to_json(&a.enclosures),
        time::fmt_opt(a.published),
        time::fmt_opt(a.updated),
        a.date_source.as_str(),
        time::fmt(sort_date),
        now,
        a.summary,
        a.body_text,
        a.body_html,
        a.dateline,
        a.word_count,
        a.content_hash,
        a.raw_date,
        details_json(&a.details),
    ];
    stmt.execute(rusqlite::params_from_iter(
        columns.iter().chain(extra).copied(),
    ))
}

/// The details column: the JSON document, NULL when the entry gave none.
fn details_json(details: &crate::model::EntryDetails) -> Option<String> {
    (!details.is_empty()).then(|| to_json(details))
}

/// One result row, as stored, before its JSON and time columns are read.
pub(super) struct RawRow {
    id: i64,
    feed_url: String,
    feeds: String,
    times: [String; 4],
    guid: Option<String>,
    link: Option<String>,
    title: String,
    authors: String,
    categories: String,
    language: Option<String>,
    enclosures: String,
    published: Option<String>,
    updated: Option<String>,
    date_source: String,
    summary: Option<String>,
    body_text: String,
    body_html: Option<String>,
    dateline: Option<String>,
    word_count: u32,
    content_hash: String,
    canonical_url: Option<String>,
    story_id: Option<i64>,
    raw_date: Option<String>,
    body_source: String,
    details: Option<String>,
}

impl RawRow {
    /// Reads the [`ARTICLE_COLUMNS`] of a row.
    pub(super) fn read(r: &Row<'_>) -> rusqlite::Result<RawRow> {
        Ok(RawRow {
            id: r.get(0)?,
            feed_url: r.get(1)?,
            feeds: r.get(2)?,
            times: [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
            guid: r.get(7)?,
            link: r.get(8)?,
            title: r.get(9)?,
            authors: r.get(10)?,
            categories: r.get(11)?,
            language: r.get(12)?,
            enclosures: r.get(13)?,
            published: r.get(14)?,
            updated: r.get(15)?,
            date_source: r.get(16)?,
            summary: r.get(17)?,
            body_text: r.get(18)?,
            body_html: r.get(19)?,
            dateline: r.get(20)?,
            word_count: r.get(21)?,
            content_hash: r.get(22)?,
            canonical_url: r.get(23)?,
            story_id: r.get(24)?,
            raw_date: r.get(25)?,
            body_source: r.get(26)?,
            details: r.get(27)?,
        })
    }

    /// Decodes the JSON and time columns.
    pub(super) fn into_article(self) -> Result<StoredArticle, StoreError> {
        let at = |text: &str| time::parse(text).unwrap_or_default();
        Ok(StoredArticle {
            id: self.id,
            feed_url: self.feed_url,
            feeds: from_json("article_feeds", &self.feeds)?,
            first_seen: at(&self.times[0]),
            last_seen: at(&self.times[1]),
            modified: at(&self.times[2]),
            date: at(&self.times[3]),
            canonical_url: self.canonical_url,
            story_id: self.story_id,
            article: Article {
                guid: self.guid,
                details: match self.details.as_deref() {
                    Some(json) => from_json("articles.details", json)?,
                    None => Default::default(),
                },
                link: self.link,
                title: self.title,
                authors: from_json("articles.authors", &self.authors)?,
                categories: from_json("articles.categories", &self.categories)?,
                language: self.language,
                enclosures: from_json("articles.enclosures", &self.enclosures)?,
                published: self.published.as_deref().and_then(time::parse),
                updated: self.updated.as_deref().and_then(time::parse),
                date_source: DateSource::from_name(&self.date_source),
                raw_date: self.raw_date,
                summary: self.summary,
                body_text: self.body_text,
                body_html: self.body_html,
                dateline: self.dateline,
                word_count: self.word_count,
                content_hash: self.content_hash,
                body_source: BodySource::from_name(&self.body_source),
                text_keys: None,
            },
        })
    }
}

/// Stores one poll inside a transaction (or savepoint) that is already
/// open; see [`Store::apply_poll`].
pub(super) fn apply_poll_in(
    conn: &Connection,
    policy: &crate::dedup::Policy,
    poll: &FeedPoll,
    plan: &EntryPlan,
) -> Result<PollCounts, StoreError> {
    Store::record_fetch_state(conn, poll)?;
    let mut counts = PollCounts::default();
    if let PollOutcome::Fetched { articles, .. } = &poll.outcome {
        let now = time::fmt(poll.polled_at);
        let dropped: std::collections::HashSet<&str> =
            plan.dropped.iter().map(|d| d.key.as_str()).collect();
        for article in articles {
            let key = dedup::entry_key(article);
            if dropped.contains(key.as_str()) {
                continue;
            }
            let stored = store_entry(conn, policy, poll.feed_id, article, poll.polled_at, &now)?;
            match stored {
                Stored::New => counts.new += 1,
                Stored::Updated => counts.updated += 1,
                Stored::Unchanged => counts.unchanged += 1,
                Stored::Merged => counts.merged += 1,
            };
            if plan.full_text {
                super::pages::want_page(conn, poll.feed_id, &key, stored)?;
            }
        }
        counts.dropped = super::filters::remember_in(conn, poll.feed_id, plan, &now)?;
    }
    super::history::record_in(conn, poll, &counts)?;
    if let Some(postponement) = &poll.postpone {
        super::schedule::postpone_in(conn, postponement)?;
    }
    Ok(counts)
}
