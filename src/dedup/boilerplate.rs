//! Boilerplate: the paragraphs that must not make two unrelated articles
//! look alike ("Follow us on ...", "© 2024 ...", an outlet's standard
//! footer), removed from a body before it is fingerprinted.
//!
//! The choice, in two rules:
//!
//! 1. **Known footer phrases.** A short paragraph (at most
//!    [`MAX_FOOTER_WORDS`] words) that starts with one of
//!    [`FOOTER_PREFIXES`] or contains one of [`FOOTER_PHRASES`] is dropped,
//!    wherever it is. This catches the common footers from the first article
//!    on.
//! 2. **Paragraphs the feed repeats.** The store remembers a hash of every
//!    paragraph of every article of a feed (`feed_paragraphs`). A paragraph
//!    already seen in another article of the same feed is that feed's
//!    boilerplate (an outlet footer, a standard disclaimer, a "read more"
//!    line) and is dropped, unless what is left is too short to fingerprint
//!    (fewer than [`MIN_WORDS`] words): then the article *is* text the feed
//!    carried before (the same story under a second URL, perhaps with a
//!    line added), and it is kept whole.
//!
//! Rule 2 learns a footer from its second appearance on: the first article
//! of a feed to carry it keeps it in its stored fingerprint, but every later
//! one is fingerprinted without it, so the two never share it. Two articles
//! can still be merged through a footer only if both are the first of their
//! feed to carry it (an outlet with several feeds), or if one has fewer
//! than [`MIN_WORDS`] words of its own, and the footer outweighs their own
//! text.
//! Paragraphs are compared by [`paragraph_hash`], so case, punctuation and
//! spacing do not matter. Nothing here changes the stored `body_text`.

use super::fingerprint::{word_count, words_hash, MIN_WORDS};

/// Longest paragraph (in words) that rule 1 can take for a footer.
pub const MAX_FOOTER_WORDS: usize = 60;

/// Paragraph openings that mark a footer (compared in lowercase).
pub const FOOTER_PREFIXES: &[&str] = &[
    "follow us",
    "follow @",
    "follow the ",
    "©",
    "(c) ",
    "copyright",
    "sign up for",
    "sign up to",
    "subscribe to",
    "subscribe for",
    "click here",
    "read more",
    "read the full",
    "related:",
    "related articles",
    "more:",
    "download our app",
    "download the app",
    "share this",
    "like us on",
    "join us on",
    "get our newsletter",
    "to get the latest",
];

/// Phrases that mark a footer wherever they are in a short paragraph
/// (compared in lowercase).
pub const FOOTER_PHRASES: &[&str] = &[
    "all rights reserved",
    "originally published",
    "originally appeared",
    "republished with permission",
    "republished here",
    "may not be published, broadcast, rewritten",
];

/// Seed of [`paragraph_hash`].
pub(super) const PARAGRAPH_SEED: u64 = 0x70_6172_6167_7261; // "paragra"

/// A paragraph of a body, with what the rules need to know about it.
#[derive(Debug, Clone)]
pub struct Paragraph<'a> {
    /// The paragraph as in the body.
    pub text: &'a str,
    /// [`paragraph_hash`] of the text.
    pub hash: i64,
    /// Its number of words.
    pub words: usize,
    /// Whether rule 1 marks it as a footer.
    pub footer: bool,
}

/// The paragraphs of a body, ready for the boilerplate rules.
#[derive(Debug, Clone)]
pub struct Body<'a> {
    /// In body order, empty paragraphs left out.
    pub paragraphs: Vec<Paragraph<'a>>,
}

impl<'a> Body<'a> {
    /// Splits `text` into paragraphs at blank lines (the layout of
    /// `body_text`).
    pub fn parse(text: &'a str) -> Body<'a> {
        let paragraphs = text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|text| {
                let words = word_count(text);
                Paragraph {
                    text,
                    hash: paragraph_hash(text),
                    words,
                    footer: words > 0 && is_footer(text, words),
                }
            })
            .filter(|p| p.words > 0)
            .collect();
        Body { paragraphs }
    }

    /// The distinct hashes of the paragraphs, for the feed's memory (rule 2).
    pub fn hashes(&self) -> Vec<i64> {
        let mut hashes: Vec<i64> = self.paragraphs.iter().map(|p| p.hash).collect();
        hashes.sort_unstable();
        hashes.dedup();
        hashes
    }

    /// The paragraphs left to fingerprint, given which hashes the feed has
    /// already seen in other articles (`repeated`).
    pub fn content(&self, repeated: impl Fn(i64) -> bool) -> Vec<&'a str> {
        let own: Vec<&Paragraph<'a>> = self.paragraphs.iter().filter(|p| !p.footer).collect();
        let fresh: Vec<&Paragraph<'a>> =
            own.iter().copied().filter(|p| !repeated(p.hash)).collect();
        let kept = if fresh.iter().map(|p| p.words).sum::<usize>() >= MIN_WORDS {
            fresh
        } else {
            own
        };
        kept.into_iter().map(|p| p.text).collect()
    }
}

/// Rule 1: whether a paragraph of `words` words is a known footer.
pub fn is_footer(text: &str, words: usize) -> bool {
    if words > MAX_FOOTER_WORDS {
        return false;
    }
    let lower = text.trim_start().to_lowercase();
    FOOTER_PREFIXES.iter().any(|p| lower.starts_with(p))
        || FOOTER_PHRASES.iter().any(|p| lower.contains(p))
}

/// A paragraph's identity for rule 2: a hash of its lowercase words.
pub fn paragraph_hash(text: &str) -> i64 {
    words_hash(text, PARAGRAPH_SEED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_footers_are_dropped_wherever_they_are() {
        let body = Body::parse(
            "Sign up for our morning newsletter.\n\nThe council met on Tuesday.\n\n\
             Follow us on Twitter and Facebook.\n\n© 2024 Daily Planet. All rights reserved.\n\n\
             This story was originally published by Global Wire Service.",
        );
        assert_eq!(body.content(|_| false), vec!["The council met on Tuesday."]);
    }

    #[test]
    fn a_long_paragraph_is_never_a_footer_by_its_words() {
        let long = format!(
            "Copyright {}",
            "law reform was debated at length. ".repeat(20)
        );
        assert!(!is_footer(&long, word_count(&long)));
    }

    #[test]
    fn paragraphs_the_feed_repeats_are_dropped() {
        let footer = "The Harbor Gazette is an independent newspaper serving the coast since 1901.";
        let text = format!(
            "The port authority approved a new terminal on Monday after two years of \
             planning and consultation with residents.\n\n{footer}"
        );
        let body = Body::parse(&text);
        let footer_hash = paragraph_hash(footer);
        assert_eq!(body.content(|_| false).len(), 2);
        assert_eq!(body.content(|h| h == footer_hash).len(), 1);
    }

    #[test]
    fn a_body_the_feed_carried_before_is_kept_whole() {
        let text = "A long first paragraph that the feed already carried under another URL.\n\n\
                    And a second paragraph that it carried too, word for word.\n\nUpdated at 5pm.";
        let body = Body::parse(text);
        let repeated: Vec<i64> = body.paragraphs[..2].iter().map(|p| p.hash).collect();
        assert_eq!(body.content(|h| repeated.contains(&h)).len(), 3);
    }

    #[test]
    fn paragraph_hash_ignores_case_and_punctuation() {
        assert_eq!(
            paragraph_hash("Follow us on X!"),
            paragraph_hash("follow  us on x")
        );
        assert_ne!(paragraph_hash("one"), paragraph_hash("two"));
    }
}
