//! The entry's own id.
//!
//! feed-rs fills a missing id with one it invents (a hash of link and
//! title, or a random UUID). tidings builds its parser with an id generator
//! that returns an empty string instead (see [`crate::parse`]), so an empty
//! id here always means "the feed gave none", and the record's `guid` says
//! so with `None`. Dedup then uses the link, title and date
//! ([`crate::dedup::entry_key`]), which are stable across polls.

use feed_rs::model::Entry;

/// The id the feed itself gave the entry, trimmed; `None` when it gave none.
pub(crate) fn feed_guid(entry: &Entry) -> Option<String> {
    let id = entry.id.trim();
    (!id.is_empty()).then(|| id.to_string())
}
