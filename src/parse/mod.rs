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

mod chunks;
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
/// The most entries feed-rs holds in memory at once (see `chunks.rs`).
pub const CHUNK_ENTRIES: usize = 1_000;
/// The most bytes of entries feed-rs reads at once (see `chunks.rs`).
pub const CHUNK_BYTES: usize = 2 * 1024 * 1024;

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
    /// RSS `<comments>`: the comments page, as written.
    pub comments: Option<String>,
    /// RSS `<source url>`: the feed the item was copied from.
    pub source: Option<crate::model::SourceDetail>,
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

/// Parses `text` on the calling thread: the feed-rs model only.
pub fn parse_blocking(text: &str, base: &Url) -> Result<feed_rs::model::Feed, ParseError> {
    parse_document(text, base).map(|parsed| parsed.feed)
}

/// Parses decoded feed text (XML or JSON) on the calling thread, with
/// every repair, recovery and fill-in, into one [`ParsedFeed`]; a panic
/// becomes an error. (A poll uses [`parse_in_pieces`], which holds less.)
pub fn parse_document(text: &str, base: &Url) -> Result<ParsedFeed, ParseError> {
    let mut whole = None;
    let limits = Limits {
        max_entries: MAX_ENTRIES,
        piece_entries: usize::MAX,
        piece_bytes: usize::MAX,
    };
    let warnings = guarded(text, base, limits, &mut |piece| whole = Some(piece))?;
    let mut parsed = whole.ok_or_else(|| ParseError::Invalid("nothing was parsed".into()))?;
    parsed.warnings = warnings;
    Ok(parsed)
}

/// Parses decoded feed text like [`parse_document`], but hands it to
/// `each` in pieces of at most [`CHUNK_ENTRIES`] entries (in document
/// order; each piece carries the feed's metadata too), so only one piece's
/// feed-rs model is in memory at a time. Returns every warning. A panic,
/// in here or in `each`, becomes an error.
pub fn parse_in_pieces(
    text: &str,
    base: &Url,
    each: &mut dyn FnMut(ParsedFeed),
) -> Result<Vec<String>, ParseError> {
    let limits = Limits {
        max_entries: MAX_ENTRIES,
        piece_entries: CHUNK_ENTRIES,
        piece_bytes: CHUNK_BYTES,
    };
    guarded(text, base, limits, each)
}

/// How much one parse reads, and in what pieces.
#[derive(Debug, Clone, Copy)]
struct Limits {
    max_entries: usize,
    piece_entries: usize,
    piece_bytes: usize,
}

fn guarded(
    text: &str,
    base: &Url,
    limits: Limits,
    each: &mut dyn FnMut(ParsedFeed),
) -> Result<Vec<String>, ParseError> {
    match std::panic::catch_unwind(AssertUnwindSafe(|| unguarded(text, base, limits, each))) {
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

fn unguarded(
    text: &str,
    base: &Url,
    limits: Limits,
    each: &mut dyn FnMut(ParsedFeed),
) -> Result<Vec<String>, ParseError> {
    let first = text
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .chars()
        .next();
    match first {
        None => Err(ParseError::Invalid("the document is empty".into())),
        Some('{') => parse_json(text, base, limits, each),
        _ => parse_xml(text, base, limits, each),
    }
}

fn parse_json(
    text: &str,
    base: &Url,
    limits: Limits,
    each: &mut dyn FnMut(ParsedFeed),
) -> Result<Vec<String>, ParseError> {
    let mut warnings = Vec::new();
    let normalized =
        json::normalize(text, limits.max_entries, &mut warnings).map_err(ParseError::Invalid)?;
    cap_warning(
        normalized.total_items,
        normalized.raw_dates.len(),
        &mut warnings,
    );
    let feed = feedrs::parse(&normalized.text, base, &mut warnings)?;
    drop(normalized.text);
    let extras: Vec<EntryExtras> = feed
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
    let mut tally = Tally::default();
    tally.emit(feed, extras, true, each);
    tally.report(&mut warnings);
    Ok(warnings)
}

fn parse_xml(
    text: &str,
    base: &Url,
    limits: Limits,
    each: &mut dyn FnMut(ParsedFeed),
) -> Result<Vec<String>, ParseError> {
    let repaired = crate::repair::repair(text);
    let mut warnings = repaired.warnings;
    let (doc, scanned) = match scan::scan(&repaired.text, base, limits.max_entries) {
        Ok(scanned) => (repaired.text, scanned),
        Err(error) => {
            warnings.push(format!(
                "{error}: read with the lenient parser, entries may be incomplete"
            ));
            let rebuilt = recover::rebuild(&repaired.text);
            drop(repaired.text);
            let scanned = scan::scan(&rebuilt, base, limits.max_entries)
                .map_err(|e| ParseError::Invalid(format!("{e}, even after recovery")))?;
            (Cow::Owned(rebuilt), scanned)
        }
    };
    cap_warning(scanned.total_entries, scanned.entries.len(), &mut warnings);
    let mut tally = Tally::default();
    let plan = chunks::plan(&scanned, limits.piece_entries, limits.piece_bytes);
    for (i, entries) in plan.into_iter().enumerate() {
        let piece = chunks::piece(&doc, &scanned, entries.clone());
        let mut feed = feedrs::parse(&piece, base, &mut warnings)?;
        drop(piece);
        let extras = fill::fill(&mut feed, &scanned, &scanned.entries[entries]);
        tally.emit(feed, extras, i == 0, each);
    }
    tally.report(&mut warnings);
    Ok(warnings)
}

/// Repairs counted over all pieces, reported once.
#[derive(Default)]
struct Tally {
    unreadable_dates: usize,
    example_date: Option<String>,
    double_encoded: usize,
}

impl Tally {
    /// Counts a parsed piece's repairs, mends its double-encoded text (the
    /// feed-level fields only on the `first` piece), and hands it to `each`.
    fn emit(
        &mut self,
        mut feed: feed_rs::model::Feed,
        extras: Vec<EntryExtras>,
        first: bool,
        each: &mut dyn FnMut(ParsedFeed),
    ) {
        self.count(&extras);
        self.double_encoded += mojibake::fix_feed(&mut feed, first);
        each(ParsedFeed {
            feed,
            extras,
            warnings: Vec::new(),
        });
    }

    fn count(&mut self, extras: &[EntryExtras]) {
        for raw in extras.iter().filter_map(|e| e.raw_date.as_ref()) {
            self.unreadable_dates += 1;
            self.example_date.get_or_insert_with(|| raw.clone());
        }
    }

    fn report(self, warnings: &mut Vec<String>) {
        if let Some(example) = self.example_date {
            warnings.push(format!(
                "{} entries have a date that cannot be read (such as {example:?}): filed under first seen",
                self.unreadable_dates
            ));
        }
        if self.double_encoded > 0 {
            warnings.push(format!(
                "{} text fields were UTF-8 encoded twice: decoded once more",
                self.double_encoded
            ));
        }
    }
}

fn cap_warning(total: usize, kept: usize, warnings: &mut Vec<String>) {
    if total > kept {
        warnings.push(format!(
            "the feed has {total} entries: only the first {kept} were read"
        ));
    }
}

#[cfg(test)]
mod tests;
