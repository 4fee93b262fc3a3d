//! An article's dedup keys, computed before it reaches the store.
//!
//! Placing a new article needs its exact key, its paragraph hashes and its
//! MinHash fingerprint: pure work on its text, tens of microseconds per
//! article, that used to run on the one writer thread while the parse
//! workers idled. The poll computes them on the parse workers instead
//! ([`TextKeys::of`]) for the entries likely to be new, and the store uses
//! them when they fit the text it stores ([`TextKeys::fits`]), computing
//! them itself otherwise (full text replaced the body, or the poll did not
//! expect the entry to be new). The result is the same either way.
//!
//! The one thing the keys cannot know is the feed's boilerplate, which is in
//! the database: [`TextKeys::fingerprint`] is the fingerprint of all the
//! body's own paragraphs, right when none of them is a paragraph the feed
//! repeats (the common case), and recomputed from the text when some are.

use xxhash_rust::xxh3::Xxh3;

use super::boilerplate::Body;
use super::fingerprint::{exact_key, Fingerprint};

/// The dedup keys of one (headline, text) pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextKeys {
    /// Hash of the headline and text the keys were computed from.
    source: u64,
    /// Whether they were computed for near matching (paragraphs and
    /// fingerprint), or the exact key only.
    near: bool,
    /// The exact-duplicate key ([`exact_key`]).
    pub exact: Option<String>,
    /// The distinct paragraph hashes, sorted ([`Body::hashes`]).
    pub paragraphs: Vec<i64>,
    /// The hashes of the paragraphs that are not footers (the ones
    /// boilerplate removal may drop).
    own: Vec<i64>,
    /// The fingerprint of the own paragraphs, all of them.
    all_own: Option<Fingerprint>,
}

impl TextKeys {
    /// Computes the keys of `text` under headline `title`; `near` says
    /// whether a fingerprint is wanted at all (`dedup.near` not `off`).
    pub fn of(title: &str, text: &str, near: bool) -> TextKeys {
        let exact = exact_key(title, text);
        if !near {
            return TextKeys {
                source: source_hash(title, text),
                near,
                exact,
                paragraphs: Vec::new(),
                own: Vec::new(),
                all_own: None,
            };
        }
        let body = Body::parse(text);
        let own: Vec<i64> = body
            .paragraphs
            .iter()
            .filter(|p| !p.footer)
            .map(|p| p.hash)
            .collect();
        TextKeys {
            source: source_hash(title, text),
            near,
            exact,
            paragraphs: body.hashes(),
            all_own: Fingerprint::of_parts(&body.content(|_| false)),
            own,
        }
    }

    /// Whether these are the keys of `text` under `title`, computed with a
    /// fingerprint (`near`) or without.
    pub fn fits(&self, title: &str, text: &str, near: bool) -> bool {
        self.source == source_hash(title, text) && (self.near || !near)
    }

    /// The fingerprint of `text` (the text these keys are of) without the
    /// paragraphs `repeated` says the feed repeats.
    pub fn fingerprint(&self, text: &str, repeated: impl Fn(i64) -> bool) -> Option<Fingerprint> {
        if self.own.iter().all(|&h| !repeated(h)) {
            return self.all_own;
        }
        Fingerprint::of_parts(&Body::parse(text).content(repeated))
    }
}

/// The text an article is compared by: its body, else its summary.
pub fn compared_text<'a>(body_text: &'a str, summary: Option<&'a str>) -> &'a str {
    if body_text.trim().is_empty() {
        summary.unwrap_or("")
    } else {
        body_text
    }
}

/// Hash of a headline and a text, telling them apart from any other pair.
fn source_hash(title: &str, text: &str) -> u64 {
    let mut hasher = Xxh3::new();
    hasher.update(&(title.len() as u64).to_le_bytes());
    hasher.update(title.as_bytes());
    hasher.update(text.as_bytes());
    hasher.digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../tests/fixtures/article.txt");

    fn body() -> &'static str {
        SAMPLE.split_once("\n\n").unwrap().1
    }

    #[test]
    fn keys_fit_only_the_text_they_were_computed_from() {
        let keys = TextKeys::of("Headline", body(), true);
        assert!(keys.fits("Headline", body(), true));
        assert!(!keys.fits("Headline!", body(), true));
        assert!(!keys.fits("Headline", &body()[1..], true));
        // Title and text are told apart: moving a word across is another pair.
        let moved = TextKeys::of("Head", &format!("line{}", body()), true);
        assert!(!moved.fits("Headline", body(), true));
        // Keys computed without a fingerprint do not serve near matching.
        let plain = TextKeys::of("Headline", body(), false);
        assert!(plain.fits("Headline", body(), false));
        assert!(!plain.fits("Headline", body(), true));
    }

    #[test]
    fn keys_match_what_the_store_would_compute_itself() {
        let keys = TextKeys::of("Headline", body(), true);
        assert_eq!(keys.exact, exact_key("Headline", body()));
        let parsed = Body::parse(body());
        assert_eq!(keys.paragraphs, parsed.hashes());
        // No repeated paragraph: the precomputed fingerprint.
        assert_eq!(
            keys.fingerprint(body(), |_| false),
            Fingerprint::of_parts(&parsed.content(|_| false))
        );
        // The feed repeats the first paragraph: computed again without it.
        let first = parsed.paragraphs[0].hash;
        let without = keys.fingerprint(body(), |h| h == first);
        assert_eq!(
            without,
            Fingerprint::of_parts(&parsed.content(|h| h == first))
        );
        assert_ne!(without, keys.fingerprint(body(), |_| false));
    }
}
