//! `[[filters]]`: rules that keep entries out of the database, or keep only
//! the entries that match (see [`crate::filters`] for how they are applied).
//!
//! ```toml
//! [[filters]]
//! action = "drop"            # or "keep"
//! field = "title"            # title | body | author | category | link
//! pattern = "(?i)^sponsored" # a regex (the `regex` crate's syntax)
//! feed = "https://example.com/feed.xml"   # optional: only this feed
//! ```
//!
//! A pattern that is not a valid regex is a config error naming the rule
//! (its number and line); so is a `feed` that names no configured feed.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;
use url::Url;

use super::{feed_url, ConfigError};

/// What a rule does with the entries it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FilterAction {
    /// Entries that match are not stored.
    Drop,
    /// Only entries that match (some keep rule) are stored.
    Keep,
}

/// Which part of an entry a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FilterField {
    /// The headline.
    Title,
    /// The body as the feed gave it, and its summary (plain text).
    Body,
    /// Any one author.
    Author,
    /// Any one category.
    Category,
    /// The entry's link.
    Link,
}

impl FilterField {
    /// The name as written in the config.
    pub fn as_str(self) -> &'static str {
        match self {
            FilterField::Title => "title",
            FilterField::Body => "body",
            FilterField::Author => "author",
            FilterField::Category => "category",
            FilterField::Link => "link",
        }
    }
}

/// One validated `[[filters]]` rule.
#[derive(Debug, Clone)]
pub struct FilterRule {
    /// Keep or drop.
    pub action: FilterAction,
    /// What it looks at.
    pub field: FilterField,
    /// The compiled pattern.
    pub pattern: regex::Regex,
    /// Only entries of this feed (as configured); `None`: every feed.
    pub feed: Option<Url>,
    /// 1-based position among the `[[filters]]` tables.
    pub number: usize,
    /// 1-based line of its `pattern`.
    pub line: usize,
}

impl FilterRule {
    /// Names the rule for logs and the database: `rule 2 (line 31): drop title`.
    pub fn describe(&self) -> String {
        format!(
            "rule {} (line {}): {} {}",
            self.number,
            self.line,
            match self.action {
                FilterAction::Drop => "drop",
                FilterAction::Keep => "keep",
            },
            self.field.as_str()
        )
    }
}

/// One `[[filters]]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFilter {
    pub action: FilterAction,
    pub field: FilterField,
    pub pattern: Spanned<String>,
    #[serde(default)]
    pub feed: Option<Spanned<String>>,
}

/// Compiles the rules; `dir` resolves `feed` paths like feed URLs, and
/// `feeds` are the configured feed URLs a rule may name.
pub(super) fn validate(
    raw: Vec<RawFilter>,
    lines: &super::Lines,
    path: &Path,
    dir: &Path,
    feeds: &[Url],
) -> Result<Vec<FilterRule>, ConfigError> {
    let mut rules = Vec::with_capacity(raw.len());
    for (i, rule) in raw.into_iter().enumerate() {
        let number = i + 1;
        let line = lines.line(rule.pattern.span().start);
        let invalid = |key: &str, line: usize, message: String| ConfigError::Invalid {
            key: key.into(),
            location: Some(line),
            path: path.to_path_buf(),
            message: format!("filter rule {number}: {message}"),
        };
        let pattern = regex::Regex::new(rule.pattern.get_ref()).map_err(|e| {
            invalid(
                "filters.pattern",
                line,
                format!("{:?} is not a valid regex: {e}", rule.pattern.get_ref()),
            )
        })?;
        let feed = match &rule.feed {
            None => None,
            Some(feed) => {
                let feed_line = lines.line(feed.span().start);
                let url = feed_url(feed.get_ref(), dir)
                    .map_err(|m| invalid("filters.feed", feed_line, m))?;
                if !feeds.contains(&url) {
                    return Err(invalid(
                        "filters.feed",
                        feed_line,
                        format!("{:?} is not a configured feed", feed.get_ref()),
                    ));
                }
                Some(url)
            }
        };
        rules.push(FilterRule {
            action: rule.action,
            field: rule.field,
            pattern,
            feed,
            number,
            line,
        });
    }
    Ok(rules)
}
