//! Numbers about the archive for `tidings stats`: articles per feed and per
//! day, size on disk, revisions, duplicates, stories, oldest and newest.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, OptionalExtension};
use serde::Serialize;

use super::{time, Store, StoreError};

/// One feed's share of the archive.
#[derive(Debug, Clone, Serialize)]
pub struct FeedStats {
    /// Configured URL.
    pub url: String,
    /// Title from the config, else the feed's own.
    pub title: Option<String>,
    /// Whether it is in the current config.
    pub active: bool,
    /// Articles seen in it.
    pub articles: u64,
    /// Date of its oldest article.
    pub oldest: Option<DateTime<Utc>>,
    /// Date of its newest article.
    pub newest: Option<DateTime<Utc>>,
    /// Its entries kept out by `[[filters]]`.
    pub dropped: u64,
}

/// Articles filed on one day (UTC).
#[derive(Debug, Clone, Serialize)]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Articles filed that day.
    pub articles: u64,
}

/// One article named by its date and headline.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRef {
    /// Database id.
    pub id: i64,
    /// The date it is filed under.
    pub date: Option<DateTime<Utc>>,
    /// Headline.
    pub title: String,
}

/// The whole picture.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Articles stored.
    pub articles: u64,
    /// Per feed, in config order.
    pub feeds: Vec<FeedStats>,
    /// Per day, newest first, for the days asked for (days without articles left out).
    pub per_day: Vec<DayCount>,
    /// Size of the database (pages in use and free), in bytes.
    pub database_bytes: u64,
    /// Size of the write-ahead log file next to it, in bytes.
    pub wal_bytes: u64,
    /// Bytes in free pages, given back by an incremental or full vacuum.
    pub free_bytes: u64,
    /// The `auto_vacuum` mode (`none`, `full`, `incremental`).
    pub auto_vacuum: &'static str,
    /// Earlier versions kept of updated articles.
    pub revisions: u64,
    /// Articles listed by more than one feed (one record each).
    pub duplicates: u64,
    /// Dedup keys kept for articles that were pruned.
    pub pruned_keys: u64,
    /// Entries kept out by `[[filters]]`, remembered.
    pub dropped: u64,
    /// Articles whose body came from their page (full text).
    pub full_text_pages: u64,
    /// Stories (groups of articles about the same event), when the database
    /// has the `stories` table; `None` before it exists.
    pub stories: Option<u64>,
    /// The oldest article by date.
    pub oldest: Option<ArticleRef>,
    /// The newest article by date.
    pub newest: Option<ArticleRef>,
}

impl Store {
    /// Gathers [`Stats`]; `per_day` covers the `days` days up to `now`.
    pub fn stats(&self, days: u32, now: DateTime<Utc>) -> Result<Stats, StoreError> {
        let count = |sql: &str| -> Result<u64, StoreError> {
            Ok(self.conn.query_row(sql, [], |r| r.get(0))?)
        };
        let since = now.date_naive() - chrono::Days::new(u64::from(days.saturating_sub(1)));
        let since = time::fmt(since.and_hms_opt(0, 0, 0).expect("midnight").and_utc());
        let mut per_day_stmt = self.conn.prepare(
            "SELECT substr(sort_date, 1, 10) AS day, count(*) AS articles FROM articles
             WHERE sort_date >= :since GROUP BY day ORDER BY day DESC",
        )?;
        let per_day = per_day_stmt
            .query_map(named_params! {":since": since}, |r| {
                Ok(DayCount {
                    day: r.get("day")?,
                    articles: r.get("articles")?,
                })
            })?
            .collect::<Result<_, _>>()?;

        let stories_exist: bool = self.conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'stories'",
            [],
            |r| r.get(0),
        )?;
        let stories = if stories_exist {
            // Stories with an article left: pruning can empty a story.
            Some(count(
                "SELECT count(DISTINCT story_id) FROM articles WHERE story_id IS NOT NULL",
            )?)
        } else {
            None
        };
        let page_size = count("PRAGMA page_size")?;
        let wal_bytes = self
            .conn
            .path()
            .filter(|p| !p.is_empty())
            .and_then(|p| std::fs::metadata(format!("{p}-wal")).ok())
            .map_or(0, |m| m.len());

        Ok(Stats {
            articles: count("SELECT count(*) FROM articles")?,
            feeds: self.feed_stats()?,
            per_day,
            database_bytes: self.size_bytes()?,
            wal_bytes,
            free_bytes: count("PRAGMA freelist_count")? * page_size,
            auto_vacuum: self.auto_vacuum_mode()?,
            revisions: count("SELECT count(*) FROM revisions")?,
            duplicates: count(
                "SELECT count(*) FROM (SELECT article_id FROM article_feeds
                 GROUP BY article_id HAVING count(*) > 1)",
            )?,
            pruned_keys: count("SELECT count(*) FROM entry_keys WHERE article_id IS NULL")?,
            dropped: count("SELECT count(*) FROM dropped_entries")?,
            full_text_pages: count("SELECT count(*) FROM articles WHERE body_source = 'page'")?,
            stories,
            oldest: self.article_at_end("ASC")?,
            newest: self.article_at_end("DESC")?,
        })
    }

    fn feed_stats(&self) -> Result<Vec<FeedStats>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT f.url AS url, coalesce(f.title, f.feed_title) AS title, f.active AS active,
                count(a.id) AS articles, min(a.sort_date) AS oldest, max(a.sort_date) AS newest,
                (SELECT count(*) FROM dropped_entries d WHERE d.feed_id = f.id) AS dropped
             FROM feeds f
             LEFT JOIN article_feeds af ON af.feed_id = f.id
             LEFT JOIN articles a ON a.id = af.article_id
             GROUP BY f.id ORDER BY f.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let at = |s: Option<String>| s.as_deref().and_then(time::parse);
            Ok(FeedStats {
                url: r.get("url")?,
                title: r.get("title")?,
                active: r.get("active")?,
                articles: r.get("articles")?,
                oldest: at(r.get("oldest")?),
                newest: at(r.get("newest")?),
                dropped: r.get("dropped")?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The first article by date in `order` (`ASC` or `DESC`).
    fn article_at_end(&self, order: &str) -> Result<Option<ArticleRef>, StoreError> {
        let sql = format!(
            "SELECT id, sort_date, title FROM articles ORDER BY sort_date {order}, id {order} LIMIT 1"
        );
        Ok(self
            .conn
            .query_row(&sql, [], |r| {
                Ok(ArticleRef {
                    id: r.get("id")?,
                    date: r.get::<_, String>("sort_date").map(|s| time::parse(&s))?,
                    title: r.get("title")?,
                })
            })
            .optional()?)
    }
}
