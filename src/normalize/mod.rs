//! Feed-rs entries → clean [`Article`]s: text, dates, URLs, dateline.
//!
//! Pure functions, no I/O: the pipeline parses the document with feed-rs and
//! hands the result here with the feed's final URL (for relative links) and
//! the current time (to distrust dates in the future; never used as a date).
//!
//! | file            | its one job                                            |
//! |-----------------|--------------------------------------------------------|
//! | `mod.rs`        | entry → [`Article`], feed → [`FeedMeta`], hash, counts |
//! | `text.rs`       | HTML → paragraphs of text ([`html_to_text`], titles)   |
//! | `paragraphs.rs` | the whitespace and paragraph rules behind `text.rs`    |
//! | `tags.rs`       | HTML tags told apart from angle brackets in text       |
//! | `sanitize.rs`   | HTML made safe with ammonia ([`sanitize_html`])        |
//! | `body.rs`       | which field is the body / summary, and its kind        |
//! | `dates.rs`      | which dates to trust, the article's `DateSource`       |
//! | `details.rs`    | people, links, rights, ... as feedparser names them    |
//! | `depth.rs`      | HTML too deep to sanitize in reasonable time           |
//! | `dateline.rs`   | the location lead of a story ([`extract_dateline`])    |
//! | `guid.rs`       | the feed's own id versus the one feed-rs invents       |
//! | `links.rs`      | absolute page, site and enclosure URLs                 |
//! | `labels.rs`     | author and category labels                             |
//! | `lang.rs`       | language tags in canonical case                        |

mod body;
mod dateline;
mod dates;
mod depth;
mod details;
mod guid;
mod labels;
mod lang;
mod links;
mod paragraphs;
mod sanitize;
mod tags;
mod text;

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Feed, FeedType};
use sha2::{Digest, Sha256};
use url::Url;

use crate::model::{Article, FeedMeta};
use crate::parse::{EntryExtras, ParsedFeed};

pub use dateline::extract_dateline;
pub use sanitize::sanitize_html;
pub use text::{html_to_text, plain_title};

/// Normalizes a parsed feed: its metadata and every entry, in document order.
///
/// `base` is the feed's final URL (after redirects): relative links resolve
/// against it. `now` only serves to distrust dates more than a day ahead.
pub fn normalize_parsed(
    parsed: &ParsedFeed,
    base: &Url,
    now: DateTime<Utc>,
) -> (FeedMeta, Vec<Article>) {
    let feed = &parsed.feed;
    let default = EntryExtras::default();
    let articles = feed
        .entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let extras = parsed.extras.get(i).unwrap_or(&default);
            normalize_entry(entry, extras, feed, base, now)
        })
        .collect();
    (feed_meta(feed, base), articles)
}

/// A feed normalized piece by piece (see [`crate::parse::parse_in_pieces`]).
#[derive(Debug, Default)]
pub struct Collected {
    /// The feed's metadata: the first piece's, completed by later ones.
    pub meta: FeedMeta,
    /// The format feed-rs read (`None` until a piece arrived).
    pub format: Option<FeedType>,
    /// Every entry, normalized, in document order.
    pub articles: Vec<Article>,
}

impl Collected {
    /// Normalizes one piece and adds it.
    pub fn add(&mut self, piece: &ParsedFeed, base: &Url, now: DateTime<Utc>) {
        let (meta, articles) = normalize_parsed(piece, base, now);
        if self.format.is_none() {
            self.format = Some(piece.feed.feed_type.clone());
            self.meta = meta;
        } else {
            let m = &mut self.meta;
            m.title = m.title.take().or(meta.title);
            m.site_link = m.site_link.take().or(meta.site_link);
            m.language = m.language.take().or(meta.language);
            m.ttl_minutes = m.ttl_minutes.or(meta.ttl_minutes);
            if m.details.is_empty() {
                m.details = meta.details;
            }
        }
        self.articles.extend(articles);
    }
}

impl Collected {
    /// Gives the feed and its articles that name no language `language`
    /// (an HTTP `Content-Language`; its first tag when it lists several).
    pub fn default_language(&mut self, language: &str) {
        let Some(tag) = language.split(',').next().and_then(lang::language_tag) else {
            return;
        };
        self.meta.language.get_or_insert_with(|| tag.clone());
        for article in &mut self.articles {
            article.language.get_or_insert_with(|| tag.clone());
        }
    }
}

/// [`normalize_parsed`] for a bare feed-rs model (no extras from the
/// second look).
pub fn normalize_feed(feed: &Feed, base: &Url, now: DateTime<Utc>) -> (FeedMeta, Vec<Article>) {
    let extras = EntryExtras::default();
    let articles = feed
        .entries
        .iter()
        .map(|entry| normalize_entry(entry, &extras, feed, base, now))
        .collect();
    (feed_meta(feed, base), articles)
}

/// One entry → [`Article`] (feed-level language and authors, from `feed`,
/// are the fallbacks).
///
/// * `guid`: the entry's id as the feed gave it, trimmed; `None` when it
///   gave none. This relies on the parser built by [`crate::parse`], which
///   leaves missing ids empty instead of inventing them (see `guid.rs`).
/// * `link`: the first alternate or rel-less HTML link, absolute; else the
///   id when it is an absolute `http(s)` URL and not marked
///   `isPermaLink="false"` (RSS permalink guids; Atom ids, as feedparser).
/// * `title`: [`plain_title`] of the title (an Atom `type="text"` title is
///   text already: only its whitespace is collapsed); empty when missing.
/// * `published` / `updated` / `date_source`: dates more than a day after
///   `now` are dropped; filed under published, else updated, else first
///   seen. feed-rs copies an RSS item's `pubDate` into `updated`; that copy
///   is not reported as an update date. `raw_date`: the date string as
///   written when none could be read (from `extras`).
/// * `body_text` / `body_html` / `summary`: see `body.rs`.
/// * `dateline`: [`extract_dateline`] of the body text, which keeps it.
/// * `word_count`: words of the body text with a letter or digit in them.
/// * `content_hash`: [`content_hash`] of the title and body text.
pub fn normalize_entry(
    entry: &Entry,
    extras: &EntryExtras,
    feed: &Feed,
    base: &Url,
    now: DateTime<Utc>,
) -> Article {
    let guid = guid::feed_guid(entry);
    let guid_link = guid.as_deref().filter(|_| extras.permalink != Some(false));
    let link = links::entry_link(entry, guid_link, base);
    let title = entry
        .title
        .as_ref()
        .map(|t| title_text(t, &feed.feed_type))
        .unwrap_or_default();
    let updated_is_copy = matches!(feed.feed_type, FeedType::RSS0 | FeedType::RSS2)
        && entry.updated.is_some()
        && entry.updated == entry.published;
    let dates = dates::choose_dates(entry.published, entry.updated, updated_is_copy, now);
    let body = body::extract_body(entry, extras.summary_base.as_ref(), base);
    let dateline = extract_dateline(&body.text);
    let word_count = word_count(&body.text);
    let content_hash = content_hash(&title, &body.text);
    Article {
        guid,
        details: details::entry_details(entry, extras, base),
        link,
        title,
        authors: labels::authors(entry, feed),
        categories: labels::categories(&entry.categories),
        language: entry
            .language
            .as_deref()
            .and_then(lang::language_tag)
            .or_else(|| feed.language.as_deref().and_then(lang::language_tag)),
        enclosures: links::enclosures(entry, &feed.feed_type, base),
        published: dates.published,
        updated: dates.updated,
        date_source: dates.source,
        raw_date: extras.raw_date.clone(),
        summary: body.summary,
        body_text: body.text,
        body_html: body.html,
        dateline,
        word_count,
        content_hash,
        body_source: crate::model::BodySource::Feed,
    }
}

/// Hex SHA-256 of `title`, a newline and `body_text`: changes exactly when
/// the normalized title or body does.
pub fn content_hash(title: &str, body_text: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(title.as_bytes());
    hasher.update(b"\n");
    hasher.update(body_text.as_bytes());
    hex::encode(hasher.finalize())
}

/// Number of whitespace-separated words of `text` that contain at least one
/// alphanumeric character (a lone `--` or `—` is not a word).
pub(crate) fn word_count(text: &str) -> u32 {
    let words = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    u32::try_from(words).unwrap_or(u32::MAX)
}

/// The feed's own metadata: title, site link, language, TTL.
fn feed_meta(feed: &Feed, base: &Url) -> FeedMeta {
    FeedMeta {
        title: feed
            .title
            .as_ref()
            .map(|t| title_text(t, &feed.feed_type))
            .filter(|t| !t.is_empty()),
        site_link: links::site_link(feed, base),
        language: feed.language.as_deref().and_then(lang::language_tag),
        ttl_minutes: feed.ttl,
        details: Box::new(details::feed_details(feed, base)),
    }
}

/// A title construct as one line of plain text.
///
/// Atom `type="text"` is text by definition (its `<` is a character, not a
/// tag), so only its whitespace is collapsed. Everything else (RSS titles,
/// which often carry escaped HTML; Atom `html` / `xhtml`; JSON Feed) goes
/// through [`plain_title`].
fn title_text(title: &feed_rs::model::Text, feed_type: &FeedType) -> String {
    let declared_text = *feed_type == FeedType::Atom
        && title
            .content_type
            .subty()
            .as_str()
            .eq_ignore_ascii_case("plain");
    if declared_text {
        title
            .content
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        plain_title(&title.content)
    }
}

#[cfg(test)]
mod feed_tests;
