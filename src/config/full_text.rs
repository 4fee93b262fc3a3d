//! `[full_text]` and a feed's `full_text`: when tidings fetches an entry's
//! page for its whole text (see [`crate::fulltext`]).

use std::time::Duration;

use serde::Deserialize;

/// When to fetch an entry's page for its full text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FullTextMode {
    /// When the feed's body looks like a teaser (see
    /// [`crate::fulltext::looks_like_teaser`]); the page's text is kept only
    /// when it is clearly longer than the feed's.
    Auto,
    /// For every entry; the page's text is kept whenever extraction finds any.
    Always,
    /// Never: the feed's body is the record's body (the default).
    #[default]
    Never,
}

impl FullTextMode {
    /// The name as written in the config.
    pub fn as_str(self) -> &'static str {
        match self {
            FullTextMode::Auto => "auto",
            FullTextMode::Always => "always",
            FullTextMode::Never => "never",
        }
    }
}

/// The `[full_text]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullTextConfig {
    /// The mode of feeds that set none of their own.
    pub mode: FullTextMode,
    /// `auto`: a feed body of fewer words than this is a teaser.
    pub teaser_words: u32,
    /// Page fetches tried per article before giving up (failures only:
    /// a page fetched once is never fetched again for the same link).
    pub max_attempts: u32,
    /// Pages fetched at most per feed poll; the rest wait for the next poll.
    pub max_pages_per_poll: u32,
    /// How long a site's robots.txt is trusted before it is fetched again.
    pub robots_ttl: Duration,
}

impl Default for FullTextConfig {
    fn default() -> Self {
        FullTextConfig {
            mode: FullTextMode::Never,
            teaser_words: 100,
            max_attempts: 3,
            max_pages_per_poll: 20,
            robots_ttl: Duration::from_secs(24 * 60 * 60),
        }
    }
}

/// `[full_text]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct RawFullText {
    pub mode: FullTextMode,
    pub teaser_words: u32,
    pub max_attempts: u32,
    pub max_pages_per_poll: u32,
    #[serde(with = "humantime_serde")]
    pub robots_ttl: Duration,
}

impl Default for RawFullText {
    fn default() -> Self {
        let d = FullTextConfig::default();
        RawFullText {
            mode: d.mode,
            teaser_words: d.teaser_words,
            max_attempts: d.max_attempts,
            max_pages_per_poll: d.max_pages_per_poll,
            robots_ttl: d.robots_ttl,
        }
    }
}

impl RawFullText {
    /// Validates the table: attempts, pages per poll and the robots.txt
    /// expiry above zero. The error is `(key, message)`.
    pub(super) fn validate(self) -> Result<FullTextConfig, (&'static str, String)> {
        if self.max_attempts == 0 {
            return Err(("full_text.max_attempts", "must be 1 or more".into()));
        }
        if self.max_pages_per_poll == 0 {
            return Err(("full_text.max_pages_per_poll", "must be 1 or more".into()));
        }
        if self.robots_ttl.is_zero() {
            return Err(("full_text.robots_ttl", "must be longer than 0s".into()));
        }
        Ok(FullTextConfig {
            mode: self.mode,
            teaser_words: self.teaser_words,
            max_attempts: self.max_attempts,
            max_pages_per_poll: self.max_pages_per_poll,
            robots_ttl: self.robots_ttl,
        })
    }
}
