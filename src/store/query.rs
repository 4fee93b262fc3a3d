//! The one place an [`ArticleQuery`]'s filters become SQL, so `articles`,
//! `search`, `export` and their counts select exactly the same records.
//!
//! The clause is written against the alias `a` for `articles` and uses
//! named parameters (`:feed`, `:tag`, `:since`, `:until`) beside the
//! caller's own.

use chrono::{DateTime, Utc};
use rusqlite::types::{ToSql, Value};

use super::time;

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

/// A query's named arguments, as rusqlite binds them.
pub(super) fn named<'a>(args: &'a [(&'a str, Value)]) -> Vec<(&'a str, &'a dyn ToSql)> {
    args.iter()
        .map(|(name, value)| (*name, value as &dyn ToSql))
        .collect()
}

/// Appends `AND ...` conditions for `query`'s filters to `sql` and their
/// named values to `args`. The limit is not part of it: callers add
/// `LIMIT` after their own ordering.
pub(super) fn push_filters(
    query: &ArticleQuery,
    sql: &mut String,
    args: &mut Vec<(&'static str, Value)>,
) {
    let start = sql.len();
    push_conditions(query, sql, args);
    if query.unique {
        // One per story: the same conditions inside (the same names), so the
        // pick is among the selected articles.
        let conditions = sql[start..].to_string();
        sql.push_str(&format!(
            " AND a.id IN (SELECT id FROM (SELECT a.id, row_number() OVER (
                PARTITION BY coalesce(a.story_id, -a.id)
                ORDER BY a.word_count DESC, a.sort_date, a.id) AS pick
              FROM articles a WHERE 1 = 1 {conditions}) WHERE pick = 1)"
        ));
    }
}

/// The conditions of [`push_filters`] but `unique`.
fn push_conditions(query: &ArticleQuery, sql: &mut String, args: &mut Vec<(&'static str, Value)>) {
    let mut bind = |name: &'static str, value: Value| {
        if !args.iter().any(|(n, _)| *n == name) {
            args.push((name, value));
        }
    };
    if let Some(feed) = &query.feed {
        bind(":feed", Value::Text(feed.clone()));
        sql.push_str(
            " AND a.id IN (SELECT af.article_id FROM article_feeds af JOIN feeds f
               ON f.id = af.feed_id WHERE f.url = :feed)",
        );
    }
    if let Some(tag) = &query.tag {
        bind(":tag", Value::Text(tag.clone()));
        sql.push_str(
            " AND a.id IN (SELECT af.article_id FROM article_feeds af JOIN feeds f
               ON f.id = af.feed_id, json_each(f.tags) t WHERE t.value = :tag)",
        );
    }
    if let Some(since) = query.since {
        bind(":since", Value::Text(time::fmt(since)));
        sql.push_str(" AND a.sort_date >= :since");
    }
    if let Some(until) = query.until {
        bind(":until", Value::Text(time::fmt(until)));
        sql.push_str(" AND a.sort_date < :until");
    }
}

/// ` LIMIT n` for `query.limit`, or nothing.
pub(super) fn limit(query: &ArticleQuery) -> String {
    query
        .limit
        .map(|n| format!(" LIMIT {n}"))
        .unwrap_or_default()
}
