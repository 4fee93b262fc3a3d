//! Full-text search over headlines and bodies (SQLite FTS5, migration 0004).
//!
//! The index `articles_fts` is an external-content FTS5 table kept in step
//! with `articles` in the same transaction: a new article right after its
//! INSERT (by the row codec, `article_row::insert`); edits and deletes
//! (prune included) by triggers (the migrations say why inserts are not a
//! trigger). Results are ranked by
//! bm25 with the headline weighted [`TITLE_WEIGHT`] times the body, so a
//! word in the headline ranks above the same word in the body. The query is
//! FTS5's own syntax (`aleppo ceasefire`, `"five-day truce"`, `kerry OR
//! lavrov`, `title:aleppo`, `cease*`); a query FTS5 cannot parse is a
//! [`SearchError::Query`] that says so, never a raw SQL error.

use rusqlite::types::Value;
use serde::Serialize;

use super::article_row::{self, StoredArticle};
use super::query::{self, ArticleQuery};
use super::{Store, StoreError};

/// bm25 weight of the headline column; the body's is 1.
pub const TITLE_WEIGHT: f64 = 10.0;

/// Words of context in a snippet.
const SNIPPET_TOKENS: u32 = 24;

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// The FTS5 query text.
    pub text: String,
    /// Filters and limit, as for listing articles.
    pub filter: ArticleQuery,
    /// The markers put around matched words in snippets and headlines.
    pub highlight: Highlight,
}

/// The markers around matched words.
#[derive(Debug, Clone)]
pub struct Highlight {
    /// Before a match.
    pub open: String,
    /// After a match.
    pub close: String,
}

impl Default for Highlight {
    /// `[` and `]`.
    fn default() -> Self {
        Highlight {
            open: "[".into(),
            close: "]".into(),
        }
    }
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// Relevance: the negated bm25 score; higher is better.
    pub score: f64,
    /// The headline with matches highlighted.
    pub title_highlighted: String,
    /// The part of the body that matches best, highlighted, with `…` where
    /// it was cut.
    pub snippet: String,
    /// The whole record.
    #[serde(flatten)]
    pub article: StoredArticle,
}

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query text is not valid FTS5 syntax (the user's input).
    #[error(
        "search query {query:?} is not valid: {message}; \
         put words with punctuation in double quotes (\"al-assad\"), \
         use AND, OR, NOT in capitals, prefix* and title:word"
    )]
    Query {
        /// The query as given.
        query: String,
        /// What FTS5 said about it.
        message: String,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// Searches headlines and bodies; best match first, then newest.
    pub fn search(&self, search: &SearchQuery) -> Result<Vec<SearchHit>, SearchError> {
        self.check_query(&search.text)?;
        let mut args = vec![
            (":query", Value::Text(search.text.clone())),
            (":open", Value::Text(search.highlight.open.clone())),
            (":close", Value::Text(search.highlight.close.clone())),
        ];
        let mut sql = format!(
            "SELECT {columns},
                bm25(articles_fts, {TITLE_WEIGHT:.1}, 1.0) AS rank,
                highlight(articles_fts, 0, :open, :close) AS title_highlighted,
                snippet(articles_fts, 1, :open, :close, '…', {SNIPPET_TOKENS}) AS snippet
             FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
             WHERE articles_fts MATCH :query",
            columns = article_row::SELECT
        );
        query::push_filters(&search.filter, &mut sql, &mut args);
        sql.push_str(" ORDER BY rank, a.sort_date DESC, a.id DESC");
        sql.push_str(&query::limit(&search.filter));

        let mut stmt = self.conn.prepare(&sql).map_err(StoreError::from)?;
        let mut rows = stmt
            .query(&*query::named(&args))
            .map_err(StoreError::from)?;
        let mut hits = Vec::new();
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let rank: f64 = row.get("rank").map_err(StoreError::from)?;
            let title_highlighted: String =
                row.get("title_highlighted").map_err(StoreError::from)?;
            let snippet: Option<String> = row.get("snippet").map_err(StoreError::from)?;
            let article = article_row::read(row)?;
            hits.push(SearchHit {
                score: -rank,
                title_highlighted,
                snippet: snippet.unwrap_or_default(),
                article,
            });
        }
        Ok(hits)
    }

    /// Runs the query alone against the index, so that a syntax error is
    /// told apart from any other database failure.
    fn check_query(&self, text: &str) -> Result<(), SearchError> {
        let invalid = |message: String| SearchError::Query {
            query: text.to_string(),
            message,
        };
        if text.trim().is_empty() {
            return Err(invalid("it is empty".into()));
        }
        let checked = self.conn.query_row(
            "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 LIMIT 1)",
            [text],
            |r| r.get::<_, i64>(0),
        );
        match checked {
            Ok(_) => Ok(()),
            // SQLITE_ERROR is what a bad MATCH gives; busy, I/O and the
            // like stay database errors.
            Err(rusqlite::Error::SqliteFailure(e, Some(message)))
                if e.code == rusqlite::ErrorCode::Unknown =>
            {
                Err(invalid(message))
            }
            Err(other) => Err(SearchError::Store(other.into())),
        }
    }
}
