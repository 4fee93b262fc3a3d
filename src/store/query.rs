//! The one place an [`ArticleQuery`]'s filters become SQL, so `articles`,
//! `search`, `export` and their counts select exactly the same records.
//!
//! The clause is written against the alias `a` for `articles` and uses
//! numbered parameters that continue after the caller's own.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;

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

/// Appends `AND ...` conditions for `query`'s filters to `sql` and their
/// values to `args` (numbered `?N` after the values already there). The
/// limit is not part of it: callers add `LIMIT` after their own ordering.
pub(super) fn push_filters(query: &ArticleQuery, sql: &mut String, args: &mut Vec<Value>) {
    let start = sql.len();
    push_conditions(query, sql, args);
    if query.unique {
        // One per story: the same conditions inside (the same `?N`), so the
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
fn push_conditions(query: &ArticleQuery, sql: &mut String, args: &mut Vec<Value>) {
    if let Some(feed) = &query.feed {
        args.push(Value::Text(feed.clone()));
        sql.push_str(&format!(
            " AND a.id IN (SELECT af.article_id FROM article_feeds af JOIN feeds f
               ON f.id = af.feed_id WHERE f.url = ?{})",
            args.len()
        ));
    }
    if let Some(tag) = &query.tag {
        args.push(Value::Text(tag.clone()));
        sql.push_str(&format!(
            " AND a.id IN (SELECT af.article_id FROM article_feeds af JOIN feeds f
               ON f.id = af.feed_id, json_each(f.tags) t WHERE t.value = ?{})",
            args.len()
        ));
    }
    if let Some(since) = query.since {
        args.push(Value::Text(time::fmt(since)));
        sql.push_str(&format!(" AND a.sort_date >= ?{}", args.len()));
    }
    if let Some(until) = query.until {
        args.push(Value::Text(time::fmt(until)));
        sql.push_str(&format!(" AND a.sort_date < ?{}", args.len()));
    }
}

/// ` LIMIT n` for `query.limit`, or nothing.
pub(super) fn limit(query: &ArticleQuery) -> String {
    query
        .limit
        .map(|n| format!(" LIMIT {n}"))
        .unwrap_or_default()
}
