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

/// Where an article's body came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodySource {
    /// The feed's own entry (its content, else its summary).
    #[default]
    Feed,
    /// The entry's web page, fetched and extracted (full text): the feed's
    /// own text is then kept as the record's `summary`.
    Page,
}

impl BodySource {
    /// The name stored in the database and printed in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            BodySource::Feed => "feed",
            BodySource::Page => "page",
        }
    }

    /// Parses the stored name back; unknown names read as `Feed`.
    pub fn from_name(name: &str) -> BodySource {
        match name {
            "page" => BodySource::Page,
            _ => BodySource::Feed,
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
    /// What the file is to the entry: its media, or a preview image.
    #[serde(default)]
    pub kind: EnclosureKind,
}

/// What an [`Enclosure`] is to its entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnclosureKind {
    /// The entry's media: RSS `<enclosure>`, `media:content`, Atom
    /// `rel="enclosure"`, JSON Feed attachments.
    #[default]
    Media,
    /// A preview image: MediaRSS `media:thumbnail` (listed after the media).
    Thumbnail,
}

/// One feed entry, normalized into clean text and UTC timestamps.
///
/// This is what `normalize` produces and what `store` keeps; the stored
/// record adds ids and bookkeeping times (see `store::StoredArticle`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The entry's id as the feed gave it (RSS `guid`, Atom `id`, JSON Feed `id`).
    pub guid: Option<String>,
    /// Every other field the entry gave (people, links, rights, ...).
    #[serde(flatten)]
    pub details: EntryDetails,
    /// Absolute link to the entry's page.
    pub link: Option<String>,
    /// Headline as plain text: entities decoded, tags stripped, whitespace collapsed.
    pub title: String,
    /// Author names (the e-mail address when the feed gave no name).
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
    /// The entry's date exactly as the feed wrote it, kept when tidings
    /// could not read it (the record is then filed under `first_seen`).
    pub raw_date: Option<String>,
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
    /// Where the body came from: the feed, or the entry's page (full text).
    #[serde(default)]
    pub body_source: BodySource,
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
    /// Every other field the feed gave (subtitle, people, links, ...);
    /// boxed, as it is large and often empty.
    #[serde(flatten)]
    pub details: Box<FeedDetails>,
}

/// The validators a server gave for a feed, stored exactly as received and
/// sent back on the next poll (`If-None-Match`, `If-Modified-Since`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The `Last-Modified` header (for local files: the file's modification time).
    pub last_modified: Option<String>,
}

/// What one poll of one feed came to: the value `store` records.
#[derive(Debug, Clone)]
pub struct FeedPoll {
    /// The feed's database id.
    pub feed_id: i64,
    /// When the poll started.
    pub polled_at: DateTime<Utc>,
    /// When the feed should be polled next.
    pub next_due: DateTime<Utc>,
    /// How long fetch, parse and normalize took, in milliseconds.
    pub duration_ms: u64,
    /// What happened.
    pub outcome: PollOutcome,
    /// The feed's redirect bookkeeping after this poll; `None` leaves it as it was.
    pub redirect: Option<RedirectState>,
    /// What the fetched document said about the feed's rhythm (fetched polls only).
    pub rhythm: Option<FeedRhythm>,
    /// Other feeds of the same host to keep away from until a time (a 429/503's
    /// `Retry-After`).
    pub postpone: Option<Postponement>,
}

/// A feed's permanent-redirect bookkeeping (see `schedule.redirect_threshold`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedirectState {
    /// The permanent redirect target seen on the last polls.
    pub to: Option<String>,
    /// On how many polls in a row.
    pub count: u32,
    /// Where the feed is fetched from once it moved.
    pub moved_to: Option<String>,
}

/// What a fetched document says about how often to poll it, kept for the
/// polls that answer 304.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FeedRhythm {
    /// Observed gap between its entries, in seconds.
    pub observed_gap_secs: Option<u64>,
    /// The least interval it asks for (`<ttl>`, `sy:updatePeriod`), in seconds.
    pub hint_secs: Option<u64>,
    /// `<skipHours>` as a bit mask (bit h: hour h UTC).
    pub skip_hours: u32,
    /// `<skipDays>` as a bit mask (bit 0: Monday).
    pub skip_days: u8,
}

/// Feeds whose next poll must wait until `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Postponement {
    /// Their database ids.
    pub feed_ids: Vec<i64>,
    /// Until when.
    pub until: DateTime<Utc>,
}

/// The result of a poll, errors included: every outcome ends in the database.
#[derive(Debug, Clone)]
pub enum PollOutcome {
    /// The server said 304, or the file is unchanged.
    NotModified {
        /// HTTP status, `None` for files.
        status: Option<u16>,
        /// Where the answer came from, after redirects.
        final_url: String,
    },
    /// A new body, parsed and normalized.
    Fetched {
        /// HTTP status, `None` for files.
        status: Option<u16>,
        /// Where the body came from, after redirects.
        final_url: String,
        /// Validators for the next conditional GET.
        validators: Validators,
        /// Bytes received, after decompression.
        bytes: u64,
        /// The feed's own metadata.
        meta: FeedMeta,
        /// Its entries, in document order.
        articles: Vec<Article>,
        /// Repairs made on the way (feedparser's "bozo" messages): charset
        /// guesses, replaced bytes, entities, recovered markup, unread dates.
        warnings: Vec<String>,
    },
    /// The server answered 410 Gone: the feed is not polled again.
    Gone {
        /// The status (410).
        status: Option<u16>,
        /// Where the answer came from.
        final_url: String,
    },
    /// The poll failed; `error` says why, naming the cause.
    Failed {
        /// HTTP status, when the server answered with one.
        status: Option<u16>,
        /// The error message.
        error: String,
    },
}

impl PollOutcome {
    /// The name kept in the fetch history: `fetched`, `not_modified`, `failed`, `gone`.
    pub fn name(&self) -> &'static str {
        match self {
            PollOutcome::NotModified { .. } => "not_modified",
            PollOutcome::Fetched { .. } => "fetched",
            PollOutcome::Gone { .. } => "gone",
            PollOutcome::Failed { .. } => "failed",
        }
    }

    /// The HTTP status of the answer, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            PollOutcome::NotModified { status, .. }
            | PollOutcome::Fetched { status, .. }
            | PollOutcome::Gone { status, .. }
            | PollOutcome::Failed { status, .. } => *status,
        }
    }
}

/// What storing one poll changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PollCounts {
    /// Entries stored for the first time.
    pub new: u64,
    /// Entries whose content changed (previous version kept as a revision).
    pub updated: u64,
    /// Entries seen before, unchanged (or pruned and remembered).
    pub unchanged: u64,
    /// Entries new to their feed that made no new record: the same page as
    /// a stored article (now also a member of this feed), or a copy dropped
    /// under `dedup.near = "drop"` (recorded as a source of the article it
    /// copies).
    pub merged: u64,
    /// Entries a `[[filters]]` rule kept out on this poll (remembered ones
    /// not counted again).
    pub dropped: u64,
}

impl std::ops::AddAssign for PollCounts {
    fn add_assign(&mut self, other: PollCounts) {
        self.new += other.new;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.merged += other.merged;
        self.dropped += other.dropped;
    }
}

/// How a feed's entries are to be stored beyond what the poll says:
/// whether its pages are wanted (full text) and which entries the filters
/// kept out. The default (no full text, nothing dropped) stores every entry.
#[derive(Debug, Clone, Default)]
pub struct EntryPlan {
    /// Full text is on for this feed (`auto` or `always`): new entries, and
    /// entries whose link changed, are marked for a page fetch.
    pub full_text: bool,
    /// Fingerprint of the filter rules that apply to the feed; remembered
    /// drops made under other rules are forgotten.
    pub rules_hash: String,
    /// Entries kept out by the filters on this poll.
    pub dropped: Vec<DroppedEntry>,
}

/// An entry a `[[filters]]` rule kept out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedEntry {
    /// Its dedup key (see [`crate::dedup::entry_key`]).
    pub key: String,
    /// Its headline, for people reading the table.
    pub title: String,
    /// Which rule dropped it (`rule 2 at line 31: drop title`).
    pub rule: String,
}

/// The main content of an entry's page, as text and sanitized HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageBody {
    /// Paragraphs of plain text separated by one blank line.
    pub text: String,
    /// The content as sanitized HTML; `None` when empty.
    pub html: Option<String>,
    /// The location lead of the text (`DAMASCUS`), if it opens with one.
    pub dateline: Option<String>,
    /// Words in `text`.
    pub word_count: u32,
}

/// What came of one entry's page (full text), as the store records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageOutcome {
    /// Extracted, and better than the feed's body: it becomes the body.
    Used(PageBody),
    /// Fetched, but the feed's body stays (the page said no more, or
    /// nothing readable was found); `note` says why.
    KeptFeed {
        /// Why the feed's body was kept.
        note: String,
    },
    /// `auto`: the feed's body is not a teaser; no page fetched.
    NotNeeded,
    /// robots.txt does not allow the page for tidings' user agent.
    Disallowed,
    /// The fetch failed; retried on later polls while attempts remain.
    Failed {
        /// The error, naming its cause.
        error: String,
    },
}

impl PageOutcome {
    /// The name kept in `articles.page_state`.
    pub fn state(&self) -> &'static str {
        match self {
            PageOutcome::Used(_) => "used",
            PageOutcome::KeptFeed { .. } => "kept_feed",
            PageOutcome::NotNeeded => "not_needed",
            PageOutcome::Disallowed => "disallowed",
            PageOutcome::Failed { .. } => "failed",
        }
    }
}

/// An article waiting for its page (full text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingPage {
    /// The article's database id.
    pub article_id: i64,
    /// The page to fetch: the article's link.
    pub link: String,
    /// Its body as the feed gave it.
    pub body_text: String,
    /// Words in that body.
    pub word_count: u32,
    /// Page fetches tried and failed so far.
    pub attempts: u32,
}

/// A site's robots.txt as tidings last fetched it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RobotsFile {
    /// A 2xx answer: the file's text, rules to follow.
    Rules(String),
    /// A 4xx answer (most often 404): no rules, everything allowed.
    AllowAll,
    /// A 5xx answer or no answer: nothing may be fetched for now.
    Unreachable,
}

/// A robots.txt and how long it is trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedRobots {
    /// What the file said.
    pub file: RobotsFile,
    /// When it was fetched.
    pub fetched_at: DateTime<Utc>,
    /// When it must be fetched again.
    pub expires_at: DateTime<Utc>,
}

/// A person named by a feed or an entry (Atom `author` / `contributor`,
/// RSS `author` / `managingEditor`, `dc:creator`, JSON Feed `authors`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDetail {
    /// The name as written (for RSS strings: the whole string).
    pub name: Option<String>,
    /// The e-mail address.
    pub email: Option<String>,
    /// The home page (Atom `uri`, feedparser's `href`).
    pub uri: Option<String>,
}

/// One link of a feed or an entry, with every attribute the feed gave.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkDetail {
    /// The URL, absolute when a base was known.
    pub href: String,
    /// `alternate`, `self`, `related`, `replies`, `via`, `enclosure`, ...
    /// (`None`: the feed gave none, which Atom reads as `alternate`).
    pub rel: Option<String>,
    /// The MIME type the feed declared.
    #[serde(rename = "type")]
    pub mime_type: Option<String>,
    /// The link's title.
    pub title: Option<String>,
    /// The language of what it points at.
    pub hreflang: Option<String>,
    /// The size in bytes the feed declared.
    pub length: Option<u64>,
}

/// A category with its scheme and label (feedparser's `tags`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryDetail {
    /// The category itself (Atom `term`, RSS text, iTunes `text`).
    pub term: String,
    /// The vocabulary it belongs to (Atom `scheme`, RSS `domain`).
    pub scheme: Option<String>,
    /// A human-readable label (Atom `label`).
    pub label: Option<String>,
}

/// The program that wrote the feed (`<generator>`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratorDetail {
    /// Its name.
    pub name: String,
    /// Its home page.
    pub uri: Option<String>,
    /// Its version.
    pub version: Option<String>,
}

/// An image of the feed (RSS `<image>`, Atom `logo` / `icon`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageDetail {
    /// The image's URL.
    pub url: String,
    /// Its title (the `alt` text).
    pub title: Option<String>,
    /// The page it links to.
    pub link: Option<String>,
    /// Width in pixels, as declared.
    pub width: Option<u32>,
    /// Height in pixels, as declared.
    pub height: Option<u32>,
}

/// The feed an entry was copied from (RSS `<source>`, Atom `<source>`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceDetail {
    /// The source feed's title.
    pub title: Option<String>,
    /// The source feed's URL (RSS `url`, Atom `link`/`id`).
    pub href: Option<String>,
}

/// Feed-level fields beyond [`FeedMeta`]'s, named as feedparser names them;
/// stored as one JSON document per feed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeedDetails {
    /// The feed's own id (Atom `id`; `None` for RSS, which has none).
    pub id: Option<String>,
    /// Subtitle / description, as plain text.
    pub subtitle: Option<String>,
    /// Copyright / rights, as plain text.
    pub rights: Option<String>,
    /// The feed's authors.
    pub authors: Vec<PersonDetail>,
    /// The feed's contributors.
    pub contributors: Vec<PersonDetail>,
    /// Every link of the feed, in document order.
    pub links: Vec<LinkDetail>,
    /// When the feed says it last changed.
    pub updated: Option<DateTime<Utc>>,
    /// When the feed says it was first published.
    pub published: Option<DateTime<Utc>>,
    /// The program that wrote it.
    pub generator: Option<GeneratorDetail>,
    /// Its logo (RSS `<image>`, Atom `logo`).
    pub image: Option<ImageDetail>,
    /// Its icon (Atom `icon`).
    pub icon: Option<String>,
    /// Its categories (RSS `category`, Atom `category`, `itunes:category`).
    pub categories: Vec<CategoryDetail>,
}

impl FeedDetails {
    /// Whether the feed gave none of these fields.
    pub fn is_empty(&self) -> bool {
        *self == FeedDetails::default()
    }
}

/// Entry-level fields beyond [`Article`]'s own, named as feedparser names
/// them; stored as one JSON document per article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EntryDetails {
    /// The authors with e-mail and home page (`authors` holds the labels).
    pub author_details: Vec<PersonDetail>,
    /// The entry's contributors.
    pub contributors: Vec<PersonDetail>,
    /// Every link of the entry (alternate, related, replies, via,
    /// enclosure, ...), with its attributes, in document order.
    pub links: Vec<LinkDetail>,
    /// Categories with scheme and label (`categories` holds the terms).
    pub tags: Vec<CategoryDetail>,
    /// Copyright / rights, as plain text.
    pub rights: Option<String>,
    /// The comments page (RSS `<comments>`).
    pub comments: Option<String>,
    /// The feed the entry was copied from.
    pub source: Option<SourceDetail>,
    /// MIME type of the title as given (`text/plain`, `text/html`, ...).
    pub title_type: Option<String>,
    /// MIME type of the summary as given.
    pub summary_type: Option<String>,
    /// MIME type of the content as given.
    pub content_type: Option<String>,
}

impl EntryDetails {
    /// Whether the entry gave none of these fields.
    pub fn is_empty(&self) -> bool {
        *self == EntryDetails::default()
    }
}
