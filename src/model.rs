//! Plain domain types that flow from stage to stage.
//!
//! Nothing here does I/O: these are the values that `fetch`, `normalize`,
//! `dedup` and `store` hand to one another.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where an article's [`Article::sort_date`] came from.
///
/// tidings never silently uses "now" as a publication date: when the feed
/// gives no usable date the record says so with [`DateSource::FirstSeen`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// The entry's own publication date.
    Published,
    /// The entry's last-updated date (the feed gave no publication date).
    Updated,
    /// The feed gave no usable date: the time tidings first saw the entry.
    FirstSeen,
}

impl DateSource {
    /// The name stored in the database and printed in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Published => "published",
            DateSource::Updated => "updated",
            DateSource::FirstSeen => "first_seen",
        }
    }

    /// Parses the stored name back; unknown names read as `FirstSeen`.
    pub fn from_name(name: &str) -> DateSource {
        match name {
            "published" => DateSource::Published,
            "updated" => DateSource::Updated,
            _ => DateSource::FirstSeen,
        }
    }
}

/// A media file attached to an entry (podcast audio, an image, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enclosure {
    /// Absolute URL of the file.
    pub url: String,
    /// MIME type as the feed declared it, if it did.
    pub mime_type: Option<String>,
    /// Size in bytes as the feed declared it, if it did.
    pub length: Option<u64>,
}

/// One feed entry, normalized into clean text and UTC timestamps.
///
/// This is what `normalize` produces and what `store` keeps; the stored
/// record adds ids and bookkeeping times (see `store::StoredArticle`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The entry's id as the feed gave it (RSS `guid`, Atom `id`, JSON Feed `id`).
    pub guid: Option<String>,
    /// Absolute link to the entry's page.
    pub link: Option<String>,
    /// Headline as plain text: entities decoded, tags stripped, whitespace collapsed.
    pub title: String,
    /// Author names (with their e-mail in angle brackets when the feed gave one).
    pub authors: Vec<String>,
    /// Category / tag terms.
    pub categories: Vec<String>,
    /// Language tag of the entry, else of the feed (`en`, `fr-CA`, ...).
    pub language: Option<String>,
    /// Attached media.
    pub enclosures: Vec<Enclosure>,
    /// Publication time in UTC, when the feed gave a trustworthy one.
    pub published: Option<DateTime<Utc>>,
    /// Last-update time in UTC, when the feed gave a trustworthy one.
    pub updated: Option<DateTime<Utc>>,
    /// Which date the record is sorted and printed by.
    pub date_source: DateSource,
    /// The feed's summary / description as plain text, when it differs from the body.
    pub summary: Option<String>,
    /// The body as plain text: paragraphs separated by one blank line.
    pub body_text: String,
    /// The body as sanitized HTML (ammonia), absent when the feed gave none.
    pub body_html: Option<String>,
    /// The location lead of the body ("DAMASCUS"), when the body opens with one.
    pub dateline: Option<String>,
    /// Number of words in `body_text`.
    pub word_count: u32,
    /// Hex SHA-256 of the normalized title and body: changes when the content does.
    pub content_hash: String,
}

impl Article {
    /// The date the article is filed under: published, else updated, else `first_seen`.
    pub fn sort_date(&self, first_seen: DateTime<Utc>) -> DateTime<Utc> {
        match self.date_source {
            DateSource::Published => self.published.unwrap_or(first_seen),
            DateSource::Updated => self.updated.unwrap_or(first_seen),
            DateSource::FirstSeen => first_seen,
        }
    }
}

/// Feed-level metadata read from the document itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedMeta {
    /// The feed's own title, as plain text.
    pub title: Option<String>,
    /// The site the feed belongs to.
    pub site_link: Option<String>,
    /// The feed's language.
    pub language: Option<String>,
    /// The feed's own TTL hint in minutes (RSS `<ttl>`), if any.
    pub ttl_minutes: Option<u32>,
}
