//! Stories on the read side: each story with its sources (the articles
//! that share its `story_id`, and the copies dropped into them) and the
//! outlets that published it.

use chrono::{DateTime, Utc};
use rusqlite::named_params;
use rusqlite::types::Value;
use serde::Serialize;

use super::query::named;
use super::{from_json, time, Store, StoreError};
use crate::dedup::canonical::outlet;

/// Which stories to read, newest first (by their earliest source's date).
#[derive(Debug, Clone, Default)]
pub struct StoryQuery {
    /// Only stories first dated on or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Only stories with at least this many sources.
    pub min_sources: u64,
    /// At most this many.
    pub limit: Option<u64>,
}

/// One story and where it was published.
#[derive(Debug, Clone, Serialize)]
pub struct StoryRecord {
    /// The story's id (`story_id` of its articles).
    pub story_id: i64,
    /// The headline of its earliest source.
    pub title: String,
    /// The date of its earliest source.
    pub date: DateTime<Utc>,
    /// How many sources: articles, plus copies dropped into them.
    pub source_count: u64,
    /// The distinct outlets of its sources (hosts without `www.`), in order
    /// of first publication.
    pub outlets: Vec<String>,
    /// Every source, earliest first.
    pub sources: Vec<StorySource>,
}

/// One published copy of a story.
#[derive(Debug, Clone, Serialize)]
pub struct StorySource {
    /// The article record: the source's own, or for a dropped copy the
    /// article it copies.
    pub article_id: i64,
    /// Whether this is a copy dropped under `dedup.near = "drop"` (no
    /// article record of its own).
    pub dropped: bool,
    /// Its headline.
    pub title: String,
    /// Its link, as the feed gave it.
    pub link: Option<String>,
    /// The outlet: host of its canonical URL, else of its feed's URL.
    pub outlet: Option<String>,
    /// Its date (for a dropped copy: its publication date, if it had one).
    pub date: Option<DateTime<Utc>>,
    /// The feeds it was seen in.
    pub feeds: Vec<String>,
    /// How it joined the story: `first`, `exact` or `near`.
    pub matched: Option<String>,
    /// Estimated Jaccard similarity to the article it matched.
    pub similarity: Option<f64>,
}

impl Store {
    /// Reads stories, newest first.
    pub fn stories(&self, query: &StoryQuery) -> Result<Vec<StoryRecord>, StoreError> {
        let mut sql = String::from(
            "SELECT a.story_id, min(a.sort_date) AS first_date,
                count(*) + (SELECT count(*) FROM copies c JOIN articles x ON x.id = c.article_id
                            WHERE x.story_id = a.story_id) AS sources
             FROM articles a WHERE a.story_id IS NOT NULL
             GROUP BY a.story_id HAVING sources >= :min_sources",
        );
        let min_sources = i64::try_from(query.min_sources).unwrap_or(i64::MAX);
        let mut args: Vec<(&str, Value)> = vec![(":min_sources", Value::Integer(min_sources))];
        if let Some(since) = query.since {
            args.push((":since", Value::Text(time::fmt(since))));
            sql.push_str(" AND first_date >= :since");
        }
        sql.push_str(" ORDER BY first_date DESC, a.story_id DESC");
        if let Some(limit) = query.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let ids: Vec<i64> = self
            .conn
            .prepare(&sql)?
            .query_map(&*named(&args), |r| r.get("story_id"))?
            .collect::<Result<_, _>>()?;
        ids.into_iter().map(|id| self.story(id)).collect()
    }

    fn story(&self, story_id: i64) -> Result<StoryRecord, StoreError> {
        let mut sources = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id AS id, a.title AS title, a.link AS link,
                a.canonical_url AS canonical_url, a.sort_date AS sort_date,
                a.story_match AS story_match, a.story_similarity AS story_similarity,
                (SELECT url FROM feeds WHERE id = a.feed_id) AS feed_url,
                (SELECT json_group_array(f.url) FROM article_feeds af
                   JOIN feeds f ON f.id = af.feed_id WHERE af.article_id = a.id) AS feeds
             FROM articles a WHERE a.story_id = :story_id ORDER BY a.sort_date, a.id",
        )?;
        let rows = stmt.query_map(named_params! {":story_id": story_id}, |r| {
            Ok((
                r.get::<_, i64>("id")?,
                r.get::<_, String>("title")?,
                r.get::<_, Option<String>>("link")?,
                r.get::<_, Option<String>>("canonical_url")?,
                r.get::<_, String>("sort_date")?,
                r.get::<_, Option<String>>("story_match")?,
                r.get::<_, Option<f64>>("story_similarity")?,
                r.get::<_, String>("feed_url")?,
                r.get::<_, String>("feeds")?,
            ))
        })?;
        for row in rows {
            let (id, title, link, canonical, date, matched, similarity, feed, feeds) = row?;
            sources.push(StorySource {
                article_id: id,
                dropped: false,
                title,
                outlet: source_outlet(canonical.as_deref().or(link.as_deref()), &feed),
                link,
                date: time::parse(&date),
                feeds: from_json("article_feeds", &feeds)?,
                matched,
                similarity,
            });
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.article_id AS article_id, c.title AS title, c.link AS link,
                c.canonical_url AS canonical_url, c.published_at AS published_at,
                c.match AS match, c.similarity AS similarity, f.url AS feed_url
             FROM copies c JOIN articles a ON a.id = c.article_id JOIN feeds f ON f.id = c.feed_id
             WHERE a.story_id = :story_id ORDER BY c.id",
        )?;
        let rows = stmt.query_map(named_params! {":story_id": story_id}, |r| {
            Ok((
                r.get::<_, i64>("article_id")?,
                r.get::<_, String>("title")?,
                r.get::<_, Option<String>>("link")?,
                r.get::<_, Option<String>>("canonical_url")?,
                r.get::<_, Option<String>>("published_at")?,
                r.get::<_, String>("match")?,
                r.get::<_, f64>("similarity")?,
                r.get::<_, String>("feed_url")?,
            ))
        })?;
        for row in rows {
            let (id, title, link, canonical, date, matched, similarity, feed) = row?;
            sources.push(StorySource {
                article_id: id,
                dropped: true,
                title,
                outlet: source_outlet(canonical.as_deref().or(link.as_deref()), &feed),
                link,
                date: date.as_deref().and_then(time::parse),
                feeds: vec![feed],
                matched: Some(matched),
                similarity: Some(similarity),
            });
        }
        // Earliest first; undated copies after the dated sources, in arrival order.
        sources.sort_by_key(|s| (s.date.is_none(), s.date));
        let mut outlets: Vec<String> = Vec::new();
        for name in sources.iter().filter_map(|s| s.outlet.clone()) {
            if !outlets.contains(&name) {
                outlets.push(name);
            }
        }
        let first = sources.first();
        Ok(StoryRecord {
            story_id,
            title: first.map(|s| s.title.clone()).unwrap_or_default(),
            date: first.and_then(|s| s.date).unwrap_or_default(),
            source_count: sources.len() as u64,
            outlets,
            sources,
        })
    }
}

/// The outlet of a source: the host of its link, else of its feed.
fn source_outlet(link: Option<&str>, feed_url: &str) -> Option<String> {
    link.and_then(outlet).or_else(|| outlet(feed_url))
}

#[cfg(test)]
mod tests {
    #[test]
    fn outlet_falls_back_to_the_feed() {
        assert_eq!(
            super::source_outlet(Some("https://www.a.example/x"), "https://b.example/f").as_deref(),
            Some("a.example")
        );
        assert_eq!(
            super::source_outlet(None, "https://b.example/f").as_deref(),
            Some("b.example")
        );
        assert_eq!(super::source_outlet(None, "file:///tmp/f.xml"), None);
    }
}
