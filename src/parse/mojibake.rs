//! Text that was UTF-8 encoded twice (`CafÃ©` for `Café`), decoded once more.
//!
//! A feed assembled from a database that stored UTF-8 bytes as latin-1 or
//! windows-1252 text carries every non-ASCII character as two or three
//! characters. feedparser repairs this field by field: when all of a
//! field's characters fit in one byte each and those bytes are valid UTF-8,
//! it reads them as UTF-8. tidings does the same for every text field of
//! every entry (title, summary, content, authors, categories) and the
//! feed's title, reading the characters as latin-1 or, for the common
//! `â€™` family, as windows-1252. A field is only changed when the result
//! is valid UTF-8 with at least one multi-byte character, which ordinary
//! text never is.

use encoding_rs::WINDOWS_1252;
use feed_rs::model::{Entry, Feed};

/// Repairs every double-encoded text field of `feed` (its own title too
/// when `with_title`); returns how many were.
pub(super) fn fix_feed(feed: &mut Feed, with_title: bool) -> usize {
    let mut fixed = 0;
    if let Some(title) = feed.title.as_mut().filter(|_| with_title) {
        fixed += usize::from(fix(&mut title.content));
    }
    for entry in &mut feed.entries {
        fixed += fix_entry(entry);
    }
    fixed
}

fn fix_entry(entry: &mut Entry) -> usize {
    let mut fixed = 0;
    let mut field = |s: &mut String| fixed += usize::from(fix(s));
    if let Some(t) = entry.title.as_mut() {
        field(&mut t.content);
    }
    if let Some(t) = entry.summary.as_mut() {
        field(&mut t.content);
    }
    if let Some(body) = entry.content.as_mut().and_then(|c| c.body.as_mut()) {
        field(body);
    }
    for person in &mut entry.authors {
        if let Some(name) = person.name.as_mut() {
            field(name);
        }
    }
    for category in &mut entry.categories {
        field(&mut category.term);
    }
    fixed
}

/// Decodes `text` once more if it is double-encoded UTF-8; returns whether
/// it was.
pub(super) fn fix(text: &mut String) -> bool {
    // A UTF-8 lead byte read as latin-1 is one of U+00C2..U+00F4.
    if !text.chars().any(|c| ('\u{C2}'..='\u{F4}').contains(&c)) {
        return false;
    }
    let repaired = as_latin1(text)
        .or_else(|| as_windows_1252(text))
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .filter(|s| !s.is_ascii());
    match repaired {
        Some(repaired) => {
            *text = repaired;
            true
        }
        None => false,
    }
}

fn as_latin1(text: &str) -> Option<Vec<u8>> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect()
}

fn as_windows_1252(text: &str) -> Option<Vec<u8>> {
    let (bytes, _, unmappable) = WINDOWS_1252.encode(text);
    (!unmappable).then(|| bytes.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> Option<String> {
        let mut s = text.to_string();
        fix(&mut s).then_some(s)
    }

    #[test]
    fn double_encoded_text_is_decoded_once_more() {
        assert_eq!(fixed("CafÃ© crÃ¨me").as_deref(), Some("Café crème"));
        assert_eq!(
            fixed("It\u{e2}\u{20ac}\u{2122}s").as_deref(),
            Some("It\u{2019}s")
        );
        assert_eq!(fixed("<p>MÃ¼ller</p>").as_deref(), Some("<p>Müller</p>"));
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for text in [
            "Café crème",
            "Ã la carte",
            "plain ascii",
            "Â",
            "naïve — “quotes”",
        ] {
            assert_eq!(fixed(text), None, "{text}");
        }
    }
}
