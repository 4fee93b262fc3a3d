//! The one place an [`ArticleQuery`]'s filters become SQL, so `articles`,
//! `search`, `export` and their counts select exactly the same records.
//!
//! The clause is written against the alias `a` for `articles` and uses
//! numbered parameters that continue after the caller's own.

use rusqlite::types::Value;

use super::{time, ArticleQuery};

/// Appends `AND ...` conditions for `query`'s filters to `sql` and their
/// values to `args` (numbered `?N` after the values already there). The
/// limit is not part of it: callers add `LIMIT` after their own ordering.
pub(super) fn push_filters(query: &ArticleQuery, sql: &mut String, args: &mut Vec<Value>) {
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
