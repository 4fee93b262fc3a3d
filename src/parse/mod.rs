//! Feed text → feed-rs model, forgiving like feedparser, panics contained.
//!
//! [`parse_document`] wraps feed-rs in the layers that make it read what
//! the web serves:
//!
//! 1. JSON Feed is rewritten into the schema feed-rs expects (`json.rs`).
//! 2. XML is repaired first ([`crate::repair`]: entities, versions, ...).
//! 3. The second look (`scan.rs`) reads the repaired text with quick-xml.
//!    If it is still not well-formed, the lenient parser (`recover.rs`)
//!    rebuilds it from xml5ever's error-tolerant tokens, with a warning.
//! 4. feed-rs parses it (`feedrs.rs`: tidings' date parser, no invented
//!    ids, elements it refuses removed one by one).
//! 5. What feed-rs left out is filled in from the second look (`fill.rs`),
//!    and text encoded as UTF-8 twice is decoded once more (`mojibake.rs`).
//!
//! Bounds: at most [`MAX_ENTRIES`] entries are read (the rest is cut off
//! with a warning), elements nest at most [`scan::MAX_DEPTH`] deep, and
//! input size is capped upstream by `fetch.max_feed_size`. A panic anywhere
//! in here becomes [`ParseError::Panicked`] for that feed. Parsing is CPU
//! work: callers on the async runtime run it on the blocking pool, at most
//! one per core (see [`crate::pipeline`]).

mod feedrs;
mod fill;
mod json;
mod mojibake;
mod recover;
mod scan;
mod strip;

use std::borrow::Cow;
use std::panic::AssertUnwindSafe;

use url::Url;

pub use scan::MAX_DEPTH;

/// The most entries read from one document; the rest is cut off.
pub const MAX_ENTRIES: usize = 100_000;

/// A feed that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// Not a feed, even after repair and recovery.
    #[error("not a readable feed: {0}")]
    Invalid(String),
    /// The parser panicked on this input (a bug, contained).
    #[error("the feed parser crashed on this feed: {0}")]
    Panicked(String),
    /// The blocking task was cancelled (shutdown).
    #[error("parsing was cancelled")]
    Cancelled,
}

/// What tidings knows about one entry beyond the feed-rs model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntryExtras {
    /// The entry's date as written, when none of its dates could be read.
    pub raw_date: Option<String>,
    /// RSS `guid isPermaLink`: `Some(false)` says the guid is not a link.
    pub permalink: Option<bool>,
    /// The absolute `xml:base` in effect at the summary, if one was declared
    /// (the content's is in `Entry::base`).
    pub summary_base: Option<Url>,
}

/// A parsed feed: the feed-rs model, filled in, and what it took.
#[derive(Debug)]
pub struct ParsedFeed {
    /// The feed and its entries, in document order.
    pub feed: feed_rs::model::Feed,
    /// One per entry of `feed.entries`, same order.
    pub extras: Vec<EntryExtras>,
    /// Every repair made on the way (feedparser's "bozo" messages).
    pub warnings: Vec<String>,
}

/// Parses `text` on the blocking pool; `base` resolves relative URLs.
pub async fn parse_feed(text: String, base: Url) -> Result<ParsedFeed, ParseError> {
    tokio::task::spawn_blocking(move || parse_document(&text, &base))
        .await
        .map_err(|_| ParseError::Cancelled)?
}

/// Parses `text` on the calling thread: the feed-rs model only.
pub fn parse_blocking(text: &str, base: &Url) -> Result<feed_rs::model::Feed, ParseError> {
    parse_document(text, base).map(|parsed| parsed.feed)
}

/// Parses decoded feed text (XML or JSON) on the calling thread, with
/// every repair, recovery and fill-in; a panic becomes an error.
pub fn parse_document(text: &str, base: &Url) -> Result<ParsedFeed, ParseError> {
    match std::panic::catch_unwind(AssertUnwindSafe(|| parse_unguarded(text, base))) {
        Ok(result) => result,
        Err(panic) => Err(ParseError::Panicked(panic_message(&panic))),
    }
}

/// The message a panic carried.
fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

fn parse_unguarded(text: &str, base: &Url) -> Result<ParsedFeed, ParseError> {
    let first = text
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .chars()
        .next();
    match first {
        None => Err(ParseError::Invalid("the document is empty".into())),
        Some('{') => parse_json(text, base),
        _ => parse_xml(text, base),
    }
}

fn parse_json(text: &str, base: &Url) -> Result<ParsedFeed, ParseError> {
    let mut warnings = Vec::new();
    let normalized =
        json::normalize(text, MAX_ENTRIES, &mut warnings).map_err(ParseError::Invalid)?;
    cap_warning(
        normalized.total_items,
        normalized.raw_dates.len(),
        &mut warnings,
    );
    let feed = feedrs::parse(&normalized.text, base, &mut warnings)?;
    let extras = feed
        .entries
        .iter()
        .zip(
            normalized
                .raw_dates
                .iter()
                .chain(std::iter::repeat(&Vec::new())),
        )
        .map(|(entry, raw)| EntryExtras {
            raw_date: (entry.published.is_none() && entry.updated.is_none())
                .then(|| raw.first().cloned())
                .flatten(),
            ..EntryExtras::default()
        })
        .collect();
    let mut feed = feed;
    mojibake::fix_feed(&mut feed, &mut warnings);
    Ok(ParsedFeed {
        feed,
        extras,
        warnings,
    })
}

fn parse_xml(text: &str, base: &Url) -> Result<ParsedFeed, ParseError> {
    let repaired = crate::repair::repair(text);
    let mut warnings = repaired.warnings;
    let (doc, scanned) = match scan::scan(&repaired.text, base, MAX_ENTRIES) {
        Ok(scanned) => (repaired.text, scanned),
        Err(error) => {
            warnings.push(format!(
                "{error}: read with the lenient parser, entries may be incomplete"
            ));
            let rebuilt = recover::rebuild(&repaired.text);
            drop(repaired.text);
            let scanned = scan::scan(&rebuilt, base, MAX_ENTRIES)
                .map_err(|e| ParseError::Invalid(format!("{e}, even after recovery")))?;
            (Cow::Owned(rebuilt), scanned)
        }
    };
    cap_warning(scanned.total_entries, scanned.entries.len(), &mut warnings);
    let doc = apply_edits(doc, &scanned);
    let mut feed = feedrs::parse(&doc, base, &mut warnings)?;
    drop(doc);
    let extras = fill::fill(&mut feed, &scanned, &mut warnings);
    mojibake::fix_feed(&mut feed, &mut warnings);
    Ok(ParsedFeed {
        feed,
        extras,
        warnings,
    })
}

fn cap_warning(total: usize, kept: usize, warnings: &mut Vec<String>) {
    if total > kept {
        warnings.push(format!(
            "the feed has {total} entries: only the first {kept} were read"
        ));
    }
}

/// Cuts the document after the last entry kept, and gives RSS 1.0 items
/// without a link a placeholder one (so feed-rs keeps them).
fn apply_edits<'a>(doc: Cow<'a, str>, scanned: &scan::Scan) -> Cow<'a, str> {
    let placeholders: Vec<usize> = if scanned.root == scan::Root::Rdf {
        scanned
            .entries
            .iter()
            .filter(|e| !e.has_link)
            .map(|e| e.start_tag_end)
            .collect()
    } else {
        Vec::new()
    };
    if placeholders.is_empty() && scanned.cut.is_none() {
        return doc;
    }
    let end = scanned.cut.as_ref().map_or(doc.len(), |(at, _)| *at);
    let link = format!("<link>{}</link>", fill::NO_LINK);
    let mut out = String::with_capacity(end + placeholders.len() * link.len() + 64);
    let mut copied = 0;
    for at in placeholders.into_iter().filter(|at| *at <= end) {
        out.push_str(&doc[copied..at]);
        out.push_str(&link);
        copied = at;
    }
    out.push_str(&doc[copied..end]);
    if let Some((_, closing)) = &scanned.cut {
        out.push_str(closing);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests;
