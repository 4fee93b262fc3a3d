//! The `feeds` table: configured feeds and their fetch state.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, OptionalExtension, Row};

use super::{from_json, time, to_json, Store, StoreError};
use crate::config::FeedConfig;
use crate::model::{FeedDetails, FeedPoll, FeedRhythm, PollOutcome, RedirectState, Validators};

/// A feed as stored, with its fetch state.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FeedRecord {
    /// Database id.
    pub id: i64,
    /// URL as configured.
    pub url: String,
    /// Title from the config.
    pub title: Option<String>,
    /// Tags from the config.
    pub tags: Vec<String>,
    /// The feed's own configured interval, in seconds.
    pub interval_secs: Option<u64>,
    /// Whether the feed is in the current config.
    pub active: bool,
    /// The title the feed gives itself.
    pub feed_title: Option<String>,
    /// Validators for the next conditional GET.
    pub validators: Validators,
    /// Where the last poll ended up after redirects.
    pub final_url: Option<String>,
    /// HTTP status of the last poll.
    pub last_status: Option<u16>,
    /// Error of the last poll; `None` when it succeeded.
    pub last_error: Option<String>,
    /// Repairs made on the last body fetched (empty when it was clean).
    pub last_warnings: Vec<String>,
    /// Failed polls in a row.
    pub consecutive_failures: u32,
    /// When it was last polled.
    pub last_polled_at: Option<DateTime<Utc>>,
    /// When a poll last succeeded.
    pub last_success_at: Option<DateTime<Utc>>,
    /// When it is due next; `None` means now.
    pub next_due_at: Option<DateTime<Utc>>,
    /// Articles first seen in this feed or also seen in it.
    pub articles: u64,
    /// When a 410 Gone stopped its polling; `None`: not gone.
    pub gone_at: Option<DateTime<Utc>>,
    /// Where it is fetched from since a permanent redirect moved it.
    pub moved_to: Option<String>,
    /// The permanent redirect seen on the last polls.
    pub redirect_to: Option<String>,
    /// On how many polls in a row.
    pub redirect_count: u32,
    /// What its last fetched document said about its rhythm.
    pub rhythm: FeedRhythm,
    /// Its entries kept out by `[[filters]]` (remembered under the rules in force).
    pub dropped: u64,
    /// Its articles whose body came from their page (full text).
    pub full_text_pages: u64,
    /// What its last fetched document said of itself beyond the title:
    /// subtitle, people, links, generator, image, ... (empty until polled).
    pub details: FeedDetails,
}

impl FeedRecord {
    /// Whether the feed should be polled at `now` (a gone feed never is).
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.gone_at.is_none() && self.next_due_at.is_none_or(|due| due <= now)
    }

    /// The URL to fetch: where it moved, else the configured one.
    pub fn fetch_url(&self) -> &str {
        self.moved_to.as_deref().unwrap_or(&self.url)
    }

    /// Its redirect bookkeeping.
    pub fn redirect_state(&self) -> RedirectState {
        RedirectState {
            to: self.redirect_to.clone(),
            count: self.redirect_count,
            moved_to: self.moved_to.clone(),
        }
    }

    /// `new` (never polled), `ok`, `failing` or `gone`.
    pub fn state(&self) -> &'static str {
        if self.gone_at.is_some() {
            "gone"
        } else if self.last_polled_at.is_none() {
            "new"
        } else if self.consecutive_failures > 0 {
            "failing"
        } else {
            "ok"
        }
    }
}

/// The columns [`feed_from_row`] reads by name, for `feeds f`, with the
/// SQL of its three counts (articles, dropped entries, full-text pages)
/// filled in.
macro_rules! feed_columns {
    ($articles:literal, $dropped:literal, $pages:literal) => {
        concat!(
            "f.id AS id, f.url AS url, f.title AS title, f.tags AS tags, \
             f.interval_secs AS interval_secs, f.active AS active, f.feed_title AS feed_title, \
             f.etag AS etag, f.last_modified AS last_modified, f.final_url AS final_url, \
             f.last_status AS last_status, f.last_error AS last_error, \
             f.consecutive_failures AS consecutive_failures, \
             f.last_polled_at AS last_polled_at, f.last_success_at AS last_success_at, \
             f.next_due_at AS next_due_at, ",
            $articles,
            " AS articles, f.gone_at AS gone_at, f.moved_to AS moved_to, \
             f.redirect_to AS redirect_to, f.redirect_count AS redirect_count, \
             f.observed_gap_secs AS observed_gap_secs, f.hint_secs AS hint_secs, \
             f.skip_hours AS skip_hours, f.skip_days AS skip_days, \
             f.last_warnings AS last_warnings, ",
            $dropped,
            " AS dropped, ",
            $pages,
            " AS full_text_pages, f.feed_details AS feed_details"
        )
    };
}

/// Every column of a [`FeedRecord`], its counts included.
pub(super) const FEED_COLUMNS: &str = feed_columns!(
    "(SELECT count(*) FROM article_feeds af WHERE af.feed_id = f.id)",
    "(SELECT count(*) FROM dropped_entries d WHERE d.feed_id = f.id)",
    "(SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND a.body_source = 'page')"
);

/// [`FEED_COLUMNS`] with zeros for the counts, which read every article of
/// the feed (the full-text count reads each article row): what a poll
/// needs, at a cost that does not grow with the archive (with the counts,
/// reading the feeds' state would grow with every article stored).
pub(super) const FEED_STATE_COLUMNS: &str = feed_columns!("0", "0", "0");

pub(super) fn feed_from_row(row: &Row<'_>) -> rusqlite::Result<(FeedRecord, String)> {
    let ts = |column: &str| -> rusqlite::Result<Option<DateTime<Utc>>> {
        Ok(row
            .get::<_, Option<String>>(column)?
            .as_deref()
            .and_then(time::parse))
    };
    let record = FeedRecord {
        id: row.get("id")?,
        url: row.get("url")?,
        title: row.get("title")?,
        tags: Vec::new(),
        interval_secs: row.get("interval_secs")?,
        active: row.get("active")?,
        feed_title: row.get("feed_title")?,
        validators: Validators {
            etag: row.get("etag")?,
            last_modified: row.get("last_modified")?,
        },
        final_url: row.get("final_url")?,
        last_status: row.get("last_status")?,
        last_error: row.get("last_error")?,
        last_warnings: json_column(row, "last_warnings")?,
        consecutive_failures: row.get("consecutive_failures")?,
        last_polled_at: ts("last_polled_at")?,
        last_success_at: ts("last_success_at")?,
        next_due_at: ts("next_due_at")?,
        articles: row.get("articles")?,
        gone_at: ts("gone_at")?,
        moved_to: row.get("moved_to")?,
        redirect_to: row.get("redirect_to")?,
        redirect_count: row.get("redirect_count")?,
        rhythm: FeedRhythm {
            observed_gap_secs: row.get("observed_gap_secs")?,
            hint_secs: row.get("hint_secs")?,
            skip_hours: row.get("skip_hours")?,
            skip_days: row.get("skip_days")?,
        },
        dropped: row.get("dropped")?,
        full_text_pages: row.get("full_text_pages")?,
        details: match row.get::<_, Option<String>>("feed_details")? {
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    format!("feeds.feed_details: {e}").into(),
                )
            })?,
            None => FeedDetails::default(),
        },
    };
    Ok((record, row.get("tags")?))
}

/// A JSON array column read straight into a row's record.
fn json_column(row: &Row<'_>, column: &str) -> rusqlite::Result<Vec<String>> {
    let text: String = row.get(column)?;
    serde_json::from_str(&text).map_err(|e| {
        let index = row.as_ref().column_index(column).unwrap_or_default();
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl Store {
    /// Makes the `feeds` table match the config: new feeds are added (due
    /// now), known ones take the config's title, tags and interval, and
    /// feeds no longer configured are marked inactive (their articles stay).
    /// A feed whose interval changed and that is not failing is due at once,
    /// so the new interval takes effect now rather than after the old one.
    pub fn sync_feeds(
        &mut self,
        feeds: &[FeedConfig],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE feeds SET active = 0", [])?;
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO feeds (url, title, tags, interval_secs, active, created_at)
                 VALUES (:url, :title, :tags, :interval_secs, 1, :now)
                 ON CONFLICT(url) DO UPDATE SET
                    title = excluded.title, tags = excluded.tags,
                    next_due_at = CASE
                        WHEN feeds.interval_secs IS NOT excluded.interval_secs
                             AND feeds.consecutive_failures = 0 THEN NULL
                        ELSE feeds.next_due_at END,
                    interval_secs = excluded.interval_secs, active = 1",
            )?;
            for feed in feeds {
                upsert.execute(named_params! {
                    ":url": feed.url.as_str(),
                    ":title": feed.title,
                    ":tags": to_json(&feed.tags),
                    ":interval_secs": feed.interval.map(|d| d.as_secs().max(1)),
                    ":now": time::fmt(now),
                })?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every feed, active or not, in config order of first appearance.
    pub fn feeds(&self) -> Result<Vec<FeedRecord>, StoreError> {
        self.all_feeds(FEED_COLUMNS)
    }

    /// Every feed, as [`Store::feeds`] but without the counts (articles,
    /// dropped entries, full-text pages are 0): what polling needs.
    pub fn feed_states(&self) -> Result<Vec<FeedRecord>, StoreError> {
        self.all_feeds(FEED_STATE_COLUMNS)
    }

    fn all_feeds(&self, columns: &str) -> Result<Vec<FeedRecord>, StoreError> {
        let sql = format!("SELECT {columns} FROM feeds f ORDER BY f.id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], feed_from_row)?;
        let mut feeds = Vec::new();
        for row in rows {
            let (mut record, tags) = row?;
            record.tags = from_json("feeds.tags", &tags)?;
            feeds.push(record);
        }
        Ok(feeds)
    }

    /// One feed by its configured URL.
    pub fn feed_by_url(&self, url: &str) -> Result<Option<FeedRecord>, StoreError> {
        let sql = format!("SELECT {FEED_COLUMNS} FROM feeds f WHERE f.url = :url");
        let found = self
            .conn
            .query_row(&sql, named_params! {":url": url}, feed_from_row)
            .optional()?;
        match found {
            Some((mut record, tags)) => {
                record.tags = from_json("feeds.tags", &tags)?;
                Ok(Some(record))
            }
            None => Ok(None),
        }
    }

    /// Records the fetch state part of a poll (inside the poll's transaction).
    pub(super) fn record_fetch_state(
        tx: &rusqlite::Connection,
        poll: &FeedPoll,
    ) -> Result<(), StoreError> {
        let polled_at = time::fmt(poll.polled_at);
        let next_due = time::fmt(poll.next_due);
        match &poll.outcome {
            PollOutcome::NotModified { status, final_url } => {
                tx.prepare_cached(
                    "UPDATE feeds SET last_status = :status, final_url = :final_url,
                        last_error = NULL, consecutive_failures = 0,
                        last_polled_at = :polled_at, last_success_at = :polled_at,
                        next_due_at = :next_due, gone_at = NULL
                     WHERE id = :id",
                )?
                .execute(named_params! {
                    ":id": poll.feed_id,
                    ":status": status,
                    ":final_url": final_url,
                    ":polled_at": polled_at,
                    ":next_due": next_due,
                })?;
            }
            PollOutcome::Fetched {
                status,
                final_url,
                validators,
                meta,
                warnings,
                ..
            } => {
                tx.prepare_cached(
                    "UPDATE feeds SET last_status = :status, final_url = :final_url,
                        last_error = NULL, consecutive_failures = 0,
                        last_polled_at = :polled_at, last_success_at = :polled_at,
                        next_due_at = :next_due, etag = :etag, last_modified = :last_modified,
                        gone_at = NULL, feed_title = coalesce(:feed_title, feed_title),
                        site_link = coalesce(:site_link, site_link),
                        last_warnings = :last_warnings,
                        feed_details = coalesce(:feed_details, feed_details)
                     WHERE id = :id",
                )?
                .execute(named_params! {
                    ":id": poll.feed_id,
                    ":status": status,
                    ":final_url": final_url,
                    ":polled_at": polled_at,
                    ":next_due": next_due,
                    ":etag": validators.etag,
                    ":last_modified": validators.last_modified,
                    ":feed_title": meta.title,
                    ":site_link": meta.site_link,
                    ":last_warnings": to_json(warnings),
                    ":feed_details": (!meta.details.is_empty()).then(|| to_json(&meta.details)),
                })?;
            }
            PollOutcome::Gone { status, final_url } => {
                tx.prepare_cached(
                    "UPDATE feeds SET last_status = :status, final_url = :final_url,
                        last_error = 'HTTP status 410: the feed is gone; polling stopped',
                        last_polled_at = :polled_at, next_due_at = NULL,
                        gone_at = coalesce(gone_at, :polled_at)
                     WHERE id = :id",
                )?
                .execute(named_params! {
                    ":id": poll.feed_id,
                    ":status": status,
                    ":final_url": final_url,
                    ":polled_at": polled_at,
                })?;
            }
            PollOutcome::Failed { status, error } => {
                tx.prepare_cached(
                    "UPDATE feeds SET last_status = :status, last_error = :error,
                        consecutive_failures = consecutive_failures + 1,
                        last_polled_at = :polled_at, next_due_at = :next_due
                     WHERE id = :id",
                )?
                .execute(named_params! {
                    ":id": poll.feed_id,
                    ":status": status,
                    ":error": error,
                    ":polled_at": polled_at,
                    ":next_due": next_due,
                })?;
            }
        }
        if let Some(redirect) = &poll.redirect {
            tx.prepare_cached(
                "UPDATE feeds SET redirect_to = :redirect_to, redirect_count = :redirect_count,
                    moved_to = :moved_to
                 WHERE id = :id",
            )?
            .execute(named_params! {
                ":id": poll.feed_id,
                ":redirect_to": redirect.to,
                ":redirect_count": redirect.count,
                ":moved_to": redirect.moved_to,
            })?;
        }
        if let Some(rhythm) = &poll.rhythm {
            tx.prepare_cached(
                "UPDATE feeds SET observed_gap_secs = coalesce(:observed_gap_secs, observed_gap_secs),
                    hint_secs = :hint_secs, skip_hours = :skip_hours, skip_days = :skip_days
                 WHERE id = :id",
            )?
            .execute(named_params! {
                ":id": poll.feed_id,
                ":observed_gap_secs": rhythm.observed_gap_secs,
                ":hint_secs": rhythm.hint_secs,
                ":skip_hours": rhythm.skip_hours,
                ":skip_days": rhythm.skip_days,
            })?;
        }
        Ok(())
    }
}
