//! The row codec of `articles`: the one place that knows which column holds
//! which field of an [`Article`], read and written by column name.
//!
//! Reading: [`SELECT`] names every column a [`StoredArticle`] needs (with
//! its own alias), and [`read`] takes them from a row by those names, so a
//! query may add columns of its own (search adds its rank and snippet)
//! anywhere. Writing: [`bind_record`] binds an article's fields to the
//! `:name` parameters of an INSERT or UPDATE, so a statement lists the
//! columns it writes once, by name, and a new column is one edit here.
//! Nothing here decides anything: the ingest, the revisions and the
//! queries call it.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, Statement};
use serde::Serialize;

use super::{from_json, time, to_json, StoreError};
use crate::model::{Article, BodySource, DateSource};

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
    /// another. Set for every article stored since stories exist.
    pub story_id: Option<i64>,
    /// The record itself.
    #[serde(flatten)]
    pub article: Article,
}

/// The columns [`read`] reads, each under its own name, for `articles a`.
pub(super) const SELECT: &str = "a.id AS id,
    (SELECT url FROM feeds WHERE id = a.feed_id) AS feed_url,
    (SELECT json_group_array(f.url) FROM article_feeds af JOIN feeds f ON f.id = af.feed_id
      WHERE af.article_id = a.id) AS feeds,
    a.first_seen_at AS first_seen_at, a.last_seen_at AS last_seen_at,
    a.modified_at AS modified_at, a.sort_date AS sort_date,
    a.guid AS guid, a.link AS link, a.title AS title, a.authors AS authors,
    a.categories AS categories, a.language AS language, a.enclosures AS enclosures,
    a.published_at AS published_at, a.updated_at AS updated_at,
    a.date_source AS date_source, a.summary AS summary, a.body_text AS body_text,
    a.body_html AS body_html, a.dateline AS dateline, a.word_count AS word_count,
    a.content_hash AS content_hash, a.canonical_url AS canonical_url,
    a.story_id AS story_id, a.raw_date AS raw_date, a.body_source AS body_source,
    a.details AS details";

/// Reads a row selected with [`SELECT`] into a stored article.
pub(super) fn read(r: &Row<'_>) -> Result<StoredArticle, StoreError> {
    let at = |column: &str| -> rusqlite::Result<DateTime<Utc>> {
        Ok(time::parse(&r.get::<_, String>(column)?).unwrap_or_default())
    };
    let json = |column: &'static str| -> Result<String, StoreError> { Ok(r.get(column)?) };
    let when = |column: &str| -> rusqlite::Result<Option<DateTime<Utc>>> {
        Ok(r.get::<_, Option<String>>(column)?
            .as_deref()
            .and_then(time::parse))
    };
    Ok(StoredArticle {
        id: r.get("id")?,
        feed_url: r.get("feed_url")?,
        feeds: from_json("article_feeds", &json("feeds")?)?,
        first_seen: at("first_seen_at")?,
        last_seen: at("last_seen_at")?,
        modified: at("modified_at")?,
        date: at("sort_date")?,
        canonical_url: r.get("canonical_url")?,
        story_id: r.get("story_id")?,
        article: Article {
            guid: r.get("guid")?,
            link: r.get("link")?,
            title: r.get("title")?,
            authors: from_json("articles.authors", &json("authors")?)?,
            categories: from_json("articles.categories", &json("categories")?)?,
            language: r.get("language")?,
            enclosures: from_json("articles.enclosures", &json("enclosures")?)?,
            published: when("published_at")?,
            updated: when("updated_at")?,
            date_source: DateSource::from_name(&r.get::<_, String>("date_source")?),
            raw_date: r.get("raw_date")?,
            summary: r.get("summary")?,
            body_text: r.get("body_text")?,
            body_html: r.get("body_html")?,
            dateline: r.get("dateline")?,
            word_count: r.get("word_count")?,
            content_hash: r.get("content_hash")?,
            body_source: BodySource::from_name(&r.get::<_, String>("body_source")?),
            details: match r.get::<_, Option<String>>("details")?.as_deref() {
                Some(json) => from_json("articles.details", json)?,
                None => Default::default(),
            },
        },
    })
}

/// Binds the record's columns of `a` to the statement's parameters of the
/// same names (`:guid`, `:link`, `:title`, `:authors`, `:categories`,
/// `:language`, `:enclosures`, `:published_at`, `:updated_at`,
/// `:date_source`, `:sort_date`, `:summary`, `:body_text`, `:body_html`,
/// `:dateline`, `:word_count`, `:content_hash`, `:raw_date`, `:details`) and the poll
/// time to `:now`. Every one of them must appear in the statement.
pub(super) fn bind_record(
    stmt: &mut Statement<'_>,
    a: &Article,
    sort_date: DateTime<Utc>,
    now: &str,
) -> rusqlite::Result<()> {
    stmt.raw_bind_parameter(":guid", &a.guid)?;
    stmt.raw_bind_parameter(":link", &a.link)?;
    stmt.raw_bind_parameter(":title", &a.title)?;
    stmt.raw_bind_parameter(":authors", to_json(&a.authors))?;
    stmt.raw_bind_parameter(":categories", to_json(&a.categories))?;
    stmt.raw_bind_parameter(":language", &a.language)?;
    stmt.raw_bind_parameter(":enclosures", to_json(&a.enclosures))?;
    stmt.raw_bind_parameter(":published_at", time::fmt_opt(a.published))?;
    stmt.raw_bind_parameter(":updated_at", time::fmt_opt(a.updated))?;
    stmt.raw_bind_parameter(":date_source", a.date_source.as_str())?;
    stmt.raw_bind_parameter(":sort_date", time::fmt(sort_date))?;
    stmt.raw_bind_parameter(":now", now)?;
    stmt.raw_bind_parameter(":summary", &a.summary)?;
    stmt.raw_bind_parameter(":body_text", &a.body_text)?;
    stmt.raw_bind_parameter(":body_html", &a.body_html)?;
    stmt.raw_bind_parameter(":dateline", &a.dateline)?;
    stmt.raw_bind_parameter(":word_count", a.word_count)?;
    stmt.raw_bind_parameter(":content_hash", &a.content_hash)?;
    stmt.raw_bind_parameter(":raw_date", &a.raw_date)?;
    stmt.raw_bind_parameter(":details", details_json(&a.details))?;
    Ok(())
}

/// The details column: the JSON document, NULL when the entry gave none.
pub(super) fn details_json(details: &crate::model::EntryDetails) -> Option<String> {
    (!details.is_empty()).then(|| to_json(details))
}

/// The story columns of a new article.
pub(super) struct StoryColumns<'a> {
    /// The link in canonical form.
    pub canonical_url: Option<&'a str>,
    /// The exact-duplicate key.
    pub text_hash: Option<&'a str>,
    /// Its story.
    pub story_id: i64,
    /// `first`, `exact` or `near`.
    pub story_match: &'static str,
    /// Estimated Jaccard similarity to the article matched.
    pub story_similarity: Option<f64>,
}

/// Inserts a new article record of feed `feed_id` with its story columns
/// and its full-text row; returns its id. (Its feed membership is the
/// caller's.)
pub(super) fn insert(
    tx: &Connection,
    feed_id: i64,
    a: &Article,
    polled_at: DateTime<Utc>,
    now: &str,
    story: &StoryColumns<'_>,
) -> Result<i64, StoreError> {
    // The story columns go in the same statement: a separate UPDATE of
    // `story_id` (a foreign key) would run under a statement savepoint, and
    // every savepoint flushes the full-text index (see [`index_fulltext`]).
    let mut insert = tx.prepare_cached(
        "INSERT INTO articles (feed_id, guid, link, title, authors, categories, language,
            enclosures, published_at, updated_at, date_source, sort_date, first_seen_at,
            last_seen_at, modified_at, summary, body_text, body_html, dateline, word_count,
            content_hash, raw_date, details, canonical_url, text_hash, story_id, story_match,
            story_similarity)
         VALUES (:feed_id, :guid, :link, :title, :authors, :categories, :language,
            :enclosures, :published_at, :updated_at, :date_source, :sort_date, :now,
            :now, :now, :summary, :body_text, :body_html, :dateline, :word_count,
            :content_hash, :raw_date, :details, :canonical_url, :text_hash, :story_id, :story_match,
            :story_similarity)",
    )?;
    bind_record(&mut insert, a, a.sort_date(polled_at), now)?;
    insert.raw_bind_parameter(":feed_id", feed_id)?;
    insert.raw_bind_parameter(":canonical_url", story.canonical_url)?;
    insert.raw_bind_parameter(":text_hash", story.text_hash)?;
    insert.raw_bind_parameter(":story_id", story.story_id)?;
    insert.raw_bind_parameter(":story_match", story.story_match)?;
    insert.raw_bind_parameter(":story_similarity", story.story_similarity)?;
    insert.raw_execute()?;
    let id = tx.last_insert_rowid();
    index_fulltext(tx, id, &a.title, &a.body_text)?;
    Ok(id)
}

/// Overwrites every record column of article `id` with `a` (its body
/// included), `sort_date` as its filing date, `now` as its last sighting
/// and change.
pub(super) fn update(
    tx: &Connection,
    id: i64,
    a: &Article,
    sort_date: DateTime<Utc>,
    now: &str,
) -> Result<(), StoreError> {
    let mut update = tx.prepare_cached(
        "UPDATE articles SET guid = :guid, link = :link, title = :title, authors = :authors,
            categories = :categories, language = :language, enclosures = :enclosures,
            published_at = :published_at, updated_at = :updated_at,
            date_source = :date_source, sort_date = :sort_date, last_seen_at = :now,
            modified_at = :now, summary = :summary, body_text = :body_text,
            body_html = :body_html, dateline = :dateline, word_count = :word_count,
            content_hash = :content_hash, raw_date = :raw_date, details = :details
         WHERE id = :id",
    )?;
    bind_record(&mut update, a, sort_date, now)?;
    update.raw_bind_parameter(":id", id)?;
    update.raw_execute()?;
    Ok(())
}

/// Adds a just-inserted article to the full-text index. Every INSERT INTO
/// `articles` must be followed by this (or by the same INSERT ... SELECT
/// for many rows): the index is external-content, and a row missing from
/// it would corrupt it when the article is later edited or deleted.
///
/// A single-row INSERT opens no statement savepoint, so FTS5 keeps the
/// terms in memory until the transaction commits and writes one segment
/// per transaction, not one per article.
fn index_fulltext(
    tx: &Connection,
    id: i64,
    title: &str,
    body_text: &str,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO articles_fts (rowid, title, body_text) VALUES (:id, :title, :body_text)",
    )?
    .execute(rusqlite::named_params! {":id": id, ":title": title, ":body_text": body_text})?;
    Ok(())
}
