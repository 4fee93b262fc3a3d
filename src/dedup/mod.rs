//! Deduplication: within a feed (entry keys) and across feeds (stories).
//!
//! Everything here is pure computation on text and numbers. The decision
//! where an entry new to its feed goes is [`place()`], over the few
//! look-ups it needs ([`StoryIndex`]); the store ([`crate::store`])
//! answers the look-ups, keeps the index and carries out the
//! [`Placement`]. The layers, in the order they apply:
//!
//! 1. `keys`: is the entry already known *in this feed*? (guid, link, ...)
//!    → New / Updated / Unchanged.
//! 2. [`canonical`]: is it a page already stored, reached through another
//!    feed or a tracking-tagged link? → the same article, one more feed
//!    membership.
//! 3. [`fingerprint::exact_key`]: the same normalized title and body under
//!    another URL → the same **story** (a separate article record).
//! 4. [`fingerprint`] + [`lsh`] + [`decide`]: a near copy (other headline,
//!    trimmed paragraph, outlet footer) → the same story. The body is first
//!    stripped of boilerplate ([`boilerplate`]), then summarised as a MinHash
//!    signature over word shingles; the signature's LSH band keys find
//!    candidates through an index (never a scan), and [`decide`] keeps the
//!    most similar candidate whose estimated Jaccard similarity reaches the
//!    configured threshold.
//!
//! What a match does is the [`Policy`]: with [`NearMode::Link`] every copy is
//! its own article sharing a `story_id`; with [`NearMode::Drop`] a copy is
//! not stored as an article but recorded as a source (feed membership and
//! copy row) of the article it copies; [`NearMode::Off`] skips step 4.

pub mod boilerplate;
pub mod canonical;
pub mod decide;
pub mod fingerprint;
mod keys;
pub mod lsh;
pub mod place;
pub mod textkeys;

pub use keys::{classify, entry_id, entry_key, Change};
pub use place::{find_story, place, reindex, IndexKeys, Placement, Prepared, StoryIndex};
pub use textkeys::{PreparedKeys, TextKeys};

/// The similarity threshold used when the config sets none: an estimated
/// Jaccard similarity of the two bodies' 5-word shingle sets of at least
/// 0.6: a syndicated copy with a different headline, a trimmed last
/// paragraph or an outlet footer scores well above it, two unrelated
/// articles written from the same templates far below (docs/dedup.md has
/// the measurements).
pub const DEFAULT_THRESHOLD: f64 = 0.6;

/// What to do with a near (or exact) copy of a stored article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NearMode {
    /// Store the copy as its own article, in the same story (the default).
    Link,
    /// Do not store the copy as an article: record it as a source of the
    /// article it copies (a feed membership of that article and a row in
    /// `copies` with the copy's link, title and date), so no source is lost.
    Drop,
    /// No near-duplicate detection (no fingerprints are computed or stored).
    /// Canonical URLs and exact duplicates still apply.
    Off,
}

impl NearMode {
    /// The name used in the config file.
    pub fn as_str(self) -> &'static str {
        match self {
            NearMode::Link => "link",
            NearMode::Drop => "drop",
            NearMode::Off => "off",
        }
    }
}

/// How cross-feed duplicates are handled: the `[dedup]` config table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    /// What a near or exact copy becomes.
    pub near: NearMode,
    /// Least estimated Jaccard similarity (0 < t ≤ 1) for two bodies to be
    /// one story.
    pub threshold: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            near: NearMode::Link,
            threshold: DEFAULT_THRESHOLD,
        }
    }
}
