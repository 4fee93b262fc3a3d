//! feed-rs, configured for tidings, and retried around the elements it refuses.
//!
//! Three feed-rs defaults are changed on purpose:
//! - its id generator: feed-rs invents an id (a hash of link and title, or
//!   a random UUID) for entries that have none. A random id would make the
//!   same entry look new on every poll, so tidings asks for an empty id and
//!   derives its own stable id instead (see [`crate::dedup::entry_key`]).
//! - its timestamp parser: [`crate::dates::parse_date`] reads the date
//!   formats real feeds write, which feed-rs's own parser drops.
//! - its content sanitizing: tidings sanitizes with its own ammonia rules in
//!   [`crate::normalize`], so feed-rs does not do it a second time.
//!
//! feed-rs also fails a whole feed over one element whose data it cannot
//! map (an Atom `content` with a `src` and a body, an empty inline `content`
//! of a binary type, ...). [`parse`] then removes that one element, says so
//! in a warning, and tries again, at most [`MAX_REMOVALS`] times. When
//! feed-rs panics, it tries once more without the elements it is known to
//! crash on (see `strip.rs`).

use feed_rs::model::Feed;
use feed_rs::parser::{ParseErrorKind, ParseFeedError};
use url::Url;

use super::ParseError;

/// How many refused elements are removed before a feed is given up.
pub(super) const MAX_REMOVALS: usize = 8;

/// Parses `text` with feed-rs, removing elements it refuses.
pub(super) fn parse(
    text: &str,
    base: &Url,
    warnings: &mut Vec<String>,
) -> Result<Feed, ParseError> {
    let mut text = std::borrow::Cow::Borrowed(text);
    let mut stripped = false;
    for _ in 0..=MAX_REMOVALS + 1 {
        // A fresh parser each time: feed-rs keeps per-entry state that an
        // error leaves behind (and then asserts on).
        let parser = feed_rs::parser::Builder::new()
            .base_uri(Some(base.as_str()))
            .id_generator(|_links, _title, _uri| String::new())
            .timestamp_parser(crate::dates::parse_date)
            .sanitize_content(false)
            .build();
        let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            parser.parse(text.as_bytes())
        }));
        let error = match attempt {
            Ok(Ok(feed)) => return Ok(feed),
            Ok(Err(error)) => error,
            Err(panic) if !stripped => {
                let Some(safer) = super::strip::strip_risky(&text) else {
                    return Err(ParseError::Panicked(super::panic_message(&panic)));
                };
                warnings.push(format!(
                    "feed-rs crashed ({}): read again without its author, iTunes and MediaRSS elements",
                    super::panic_message(&panic)
                ));
                text = std::borrow::Cow::Owned(safer);
                stripped = true;
                continue;
            }
            Err(panic) => return Err(ParseError::Panicked(super::panic_message(&panic))),
        };
        let position = match &error {
            ParseFeedError::ParseError(kind) => match kind {
                ParseErrorKind::UnknownMimeType { position, .. }
                | ParseErrorKind::MissingContent { position, .. }
                | ParseErrorKind::UnknownEnumVariant { position, .. }
                | ParseErrorKind::IllegalState { position, .. } => Some(*position as usize),
                ParseErrorKind::NoFeedRoot => {
                    return Err(ParseError::Invalid(
                        "not a feed: no RSS, Atom or JSON Feed root element".into(),
                    ))
                }
            },
            _ => None,
        };
        let Some((range, name)) = position.and_then(|p| element_around(&text, p)) else {
            return Err(ParseError::Invalid(error.to_string()));
        };
        warnings.push(format!("<{name}> at byte {} removed: {error}", range.start));
        text.to_mut().replace_range(range, "");
    }
    Err(ParseError::Invalid(format!(
        "feed-rs refused more than {MAX_REMOVALS} elements"
    )))
}

/// The element whose start tag ends at `position` (feed-rs reports the
/// position right after a start tag): its byte range and name.
fn element_around(text: &str, position: usize) -> Option<(std::ops::Range<usize>, String)> {
    let head = text.get(..position)?;
    let start = head.rfind('<')?;
    let name: String = head[start + 1..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
        .collect();
    if name.is_empty() {
        return None;
    }
    if head.ends_with("/>") {
        return Some((start..position, name));
    }
    let close = format!("</{name}");
    let close_at = position + text.get(position..)?.find(&close)?;
    let end = close_at + text[close_at..].find('>')? + 1;
    Some((start..end, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://example.com/feed").unwrap()
    }

    #[test]
    fn refused_elements_are_removed_and_the_rest_kept() {
        let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>\
            <entry><id>1</id><title>One</title><content type=\"image/png\"></content></entry>\
            <entry><id>2</id><title>Two</title><content src=\"/x\" type=\"text/html\">body</content></entry></feed>";
        let mut warnings = Vec::new();
        let feed = parse(atom, &base(), &mut warnings).unwrap();
        assert_eq!(feed.entries.len(), 2);
        assert_eq!(feed.entries[1].title.as_ref().unwrap().content, "Two");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with("<content> at byte"));
    }

    #[test]
    fn a_document_that_is_no_feed_says_so() {
        let error = parse("<html><body/></html>", &base(), &mut Vec::new()).unwrap_err();
        assert!(error.to_string().contains("not a feed"), "{error}");
    }
}
