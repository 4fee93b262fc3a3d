//! When a feed's body is a teaser, and when a page's text is worth more.
//!
//! A body is a teaser when it is short (fewer than `full_text.teaser_words`
//! words, 100 by default: a headline and a sentence or two) or ends the
//! way excerpts end: "Read more", "Continue reading", an ellipsis ("…",
//! "...") or a bracketed one ("[...]", "[…]"), possibly followed by an
//! arrow or a guillemet. In `auto` mode only such entries have their page
//! fetched, and the page's text replaces the feed's only when the feed's
//! is much shorter: the page has at least 1.5 times the feed's words and
//! 20 words more. In `always` mode any text found on the page is used.

use crate::config::FullTextMode;

/// How teasers end, compared lower-case after trailing arrows and spaces.
const TEASER_ENDINGS: [&str; 9] = [
    "read more",
    "read more.",
    "continue reading",
    "keep reading",
    "…",
    "...",
    "[...]",
    "[…]",
    "(more…)",
];

/// Whether a feed body of `words` words reading `text` looks like a teaser.
pub fn looks_like_teaser(text: &str, words: u32, teaser_words: u32) -> bool {
    if words < teaser_words {
        return true;
    }
    let tail = text
        .trim_end()
        .trim_end_matches(['»', '›', '→', '>', ' ', '\u{a0}'])
        .to_lowercase();
    TEASER_ENDINGS.iter().any(|ending| tail.ends_with(ending))
}

/// Whether a page's text of `page_words` words should replace a feed body
/// of `feed_words` words, in `mode`.
pub fn page_is_better(mode: FullTextMode, feed_words: u32, page_words: u32) -> bool {
    match mode {
        FullTextMode::Never => false,
        FullTextMode::Always => page_words > 0,
        FullTextMode::Auto => {
            u64::from(page_words) * 2 >= u64::from(feed_words) * 3
                && page_words >= feed_words.saturating_add(20)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_bodies_and_excerpt_endings_are_teasers() {
        assert!(looks_like_teaser("One sentence.", 2, 100));
        let long = "word ".repeat(150);
        assert!(!looks_like_teaser(&long, 150, 100));
        for ending in [
            "Read more »",
            "read more",
            "Continue reading →",
            "and so…",
            "and so...",
            "[…]",
            "[...]",
        ] {
            assert!(
                looks_like_teaser(&format!("{long}{ending}"), 152, 100),
                "{ending}"
            );
        }
        assert!(!looks_like_teaser(&format!("{long}the end."), 152, 100));
    }

    #[test]
    fn auto_wants_clearly_more_always_wants_anything() {
        assert!(page_is_better(FullTextMode::Auto, 20, 400));
        assert!(!page_is_better(FullTextMode::Auto, 300, 310));
        assert!(!page_is_better(FullTextMode::Auto, 10, 25));
        assert!(page_is_better(FullTextMode::Always, 300, 5));
        assert!(!page_is_better(FullTextMode::Always, 300, 0));
        assert!(!page_is_better(FullTextMode::Never, 1, 1000));
    }
}
