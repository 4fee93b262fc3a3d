//! Feed text to the feed-rs model, off the async runtime, panics contained.
//!
//! Parsing is CPU work, so [`parse_feed`] runs it on tokio's blocking pool,
//! and a panic inside feed-rs becomes that feed's [`ParseError`] instead of
//! taking the process down.
//!
//! Two feed-rs defaults are changed on purpose:
//! - its id generator: feed-rs invents an id (a hash of link and title, or
//!   a random UUID) for entries that have none. A random id would make the
//!   same entry look new on every poll, so tidings asks for an empty id and
//!   derives its own stable dedup key instead (see [`crate::dedup`]).
//! - its content sanitizing: tidings sanitizes with its own ammonia rules in
//!   [`crate::normalize`], so feed-rs does not do it a second time.

use std::panic::AssertUnwindSafe;

use url::Url;

/// A feed that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// feed-rs rejected the document.
    #[error("not a readable feed: {0}")]
    Invalid(String),
    /// The parser panicked on this input (a bug, contained).
    #[error("the feed parser crashed on this feed: {0}")]
    Panicked(String),
    /// The blocking task was cancelled (shutdown).
    #[error("parsing was cancelled")]
    Cancelled,
}

/// Parses `text` on the blocking pool; `base` resolves relative URLs.
pub async fn parse_feed(text: String, base: Url) -> Result<feed_rs::model::Feed, ParseError> {
    tokio::task::spawn_blocking(move || parse_blocking(&text, &base))
        .await
        .map_err(|_| ParseError::Cancelled)?
}

/// Parses `text` on the calling thread.
pub fn parse_blocking(text: &str, base: &Url) -> Result<feed_rs::model::Feed, ParseError> {
    let text = &*disarm_late_declarations(text);
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(base.as_str()))
        .id_generator(|_links, _title, _uri| String::new())
        .sanitize_content(false)
        .build();
    match std::panic::catch_unwind(AssertUnwindSafe(|| parser.parse(text.as_bytes()))) {
        Ok(Ok(feed)) => Ok(feed),
        Ok(Err(e)) => Err(ParseError::Invalid(e.to_string())),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(ParseError::Panicked(message))
        }
    }
}

/// Turns every XML declaration that is not at the start of the document
/// (`...<?xml version="1.0" encoding="windows-1252"?>`, invalid XML anyway)
/// into an ordinary processing instruction the parser skips.
///
/// quick-xml (under feed-rs) panics when a declaration naming another
/// encoding comes after its first buffer is consumed; found by the
/// `feed_pipeline` fuzz target (`tests/fixtures/fuzz/`). The text is UTF-8
/// already ([`crate::fetch::charset`]), so a late encoding label means
/// nothing.
fn disarm_late_declarations(text: &str) -> std::borrow::Cow<'_, str> {
    const DECL: &str = "<?xml";
    let start = text.len()
        - text
            .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
            .len();
    let is_late_decl = |at: usize| {
        at > start
            && text[at + DECL.len()..].starts_with(|c: char| c.is_ascii_whitespace() || c == '?')
    };
    if !text.match_indices(DECL).any(|(at, _)| is_late_decl(at)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut from = 0;
    for (at, _) in text.match_indices(DECL).filter(|(at, _)| is_late_decl(*at)) {
        out.push_str(&text[from..at]);
        out.push_str("<?xml-misplaced");
        from = at + DECL.len();
    }
    out.push_str(&text[from..]);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_without_ids_get_an_empty_id_not_a_random_one() {
        let rss = r#"<rss version="2.0"><channel><title>t</title>
            <item><title>No id</title><description>x</description></item></channel></rss>"#;
        let base = Url::parse("https://example.com/feed").unwrap();
        let feed = parse_blocking(rss, &base).unwrap();
        assert_eq!(feed.entries.len(), 1);
        assert_eq!(feed.entries[0].id, "");
    }

    #[test]
    fn a_late_xml_declaration_is_disarmed_not_a_panic() {
        let text = "x<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss version=\"2.0\">\
            <channel><title>t</title></channel></rss>";
        let base = Url::parse("https://example.com/feed").unwrap();
        assert!(!matches!(
            parse_blocking(text, &base),
            Err(ParseError::Panicked(_))
        ));
        assert_eq!(
            disarm_late_declarations("<?xml version=\"1.0\"?><a/><?xml ?><?xml-stylesheet x?>"),
            "<?xml version=\"1.0\"?><a/><?xml-misplaced ?><?xml-stylesheet x?>"
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let base = Url::parse("https://example.com/feed").unwrap();
        assert!(matches!(
            parse_blocking("<html><body>hi</body></html>", &base),
            Err(ParseError::Invalid(_))
        ));
    }
}
