//! An article's dedup keys, computed before it reaches the store.
//!
//! Placing a new article needs its exact key, its paragraph hashes and its
//! MinHash fingerprint: pure work on its text, which would otherwise run on
//! the one writer thread while the parse workers idle. The poll computes
//! them on the parse workers instead ([`TextKeys::of`]) for the entries
//! likely to be new and hands them over beside the entries
//! ([`PreparedKeys`]); the placement decision ([`super::place()`]) uses them
//! when they fit the text it is given ([`TextKeys::fits`]), computing them
//! itself otherwise (full text replaced the body, or the poll did not
//! expect the entry to be new). The result is the same either way.
//!
//! The one thing the keys cannot know is the feed's boilerplate, which is in
//! the database: [`TextKeys::fingerprint`] is the fingerprint of all the
//! body's own paragraphs, right when none of them is a paragraph the feed
//! repeats (the common case), and recomputed from the text when some are.

use std::ops::Range;

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed, Xxh3};

use super::boilerplate::{is_footer, Body, PARAGRAPH_SEED};
use super::fingerprint::{exact_key, exact_key_of_words, push_words, Fingerprint};

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
        if !near {
            return TextKeys {
                source: source_hash(title, text),
                near,
                exact: exact_key(title, text),
                paragraphs: Vec::new(),
                own: Vec::new(),
                all_own: None,
            };
        }
        let scan = Scan::of(text);
        let mut own = Vec::new();
        let mut own_words = Vec::with_capacity(scan.word_hashes.len());
        for p in scan.paragraphs.iter().filter(|p| !p.footer) {
            own.push(p.hash);
            own_words.extend_from_slice(&scan.word_hashes[p.words.clone()]);
        }
        let mut paragraphs: Vec<i64> = scan.paragraphs.iter().map(|p| p.hash).collect();
        paragraphs.sort_unstable();
        paragraphs.dedup();
        TextKeys {
            source: source_hash(title, text),
            near,
            exact: exact_key_of_words(title, &scan.joined, scan.word_hashes.len()),
            paragraphs,
            all_own: Fingerprint::of_word_hashes(&own_words),
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

/// The keys a parse worker computed for a poll's entries, beside the
/// entries themselves: entry `i` of the poll's article list has
/// [`PreparedKeys::get`]`(i)`, or nothing when none was computed. A key
/// that does not fit its entry's text (see [`TextKeys::fits`]) is not used,
/// so a list out of step with the articles costs time, never a wrong key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreparedKeys(Vec<Option<TextKeys>>);

impl PreparedKeys {
    /// No keys: the store computes each entry's own.
    pub const NONE: PreparedKeys = PreparedKeys(Vec::new());

    /// The keys of entry `index`, if computed.
    pub fn get(&self, index: usize) -> Option<&TextKeys> {
        self.0.get(index).and_then(Option::as_ref)
    }
}

impl From<Vec<Option<TextKeys>>> for PreparedKeys {
    /// Keys by position in the poll's article list.
    fn from(keys: Vec<Option<TextKeys>>) -> PreparedKeys {
        PreparedKeys(keys)
    }
}

/// One pass over a text's words, giving what the three keys are made of:
/// the same paragraphs as [`Body::parse`], the same joined words as the
/// exact key, the same word hashes as [`Fingerprint::of_parts`] (each word
/// is split out and lowercased once, not three times).
struct Scan {
    /// Every word of the text, lowercase, joined by single spaces.
    joined: String,
    /// The hash of each word of `joined`, in order.
    word_hashes: Vec<u64>,
    /// The paragraphs that have words.
    paragraphs: Vec<ScannedParagraph>,
}

/// A paragraph of a [`Scan`].
struct ScannedParagraph {
    /// [`super::boilerplate::paragraph_hash`] of its text.
    hash: i64,
    /// A known footer ([`is_footer`]).
    footer: bool,
    /// Its words, as a range of `word_hashes`.
    words: Range<usize>,
}

impl Scan {
    fn of(text: &str) -> Scan {
        let mut scan = Scan {
            joined: String::with_capacity(text.len()),
            word_hashes: Vec::new(),
            paragraphs: Vec::new(),
        };
        for piece in text.split("\n\n").map(str::trim) {
            let before = scan.joined.len();
            if before > 0 {
                scan.joined.push(' ');
            }
            let start = scan.joined.len();
            let n = push_words(piece, &mut scan.joined);
            if n == 0 {
                scan.joined.truncate(before);
                continue;
            }
            let words = &scan.joined[start..];
            let first = scan.word_hashes.len();
            scan.word_hashes
                .extend(words.split(' ').map(|w| xxh3_64(w.as_bytes())));
            scan.paragraphs.push(ScannedParagraph {
                hash: xxh3_64_with_seed(words.as_bytes(), PARAGRAPH_SEED) as i64,
                footer: is_footer(piece, n),
                words: first..scan.word_hashes.len(),
            });
        }
        scan
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
    fn one_scan_gives_the_keys_of_the_separate_computations() {
        let footer = "Follow the Daily Planet on Twitter for more news.";
        let texts = [
            body().to_string(),
            String::new(),
            "Too short.".to_string(),
            format!("  \n\n{}\n\n\n\n -- \n\n{footer}\n\n", body()),
            "ΟΔΟΣ Straße İstanbul's naïve café, Ünïcödé WORDS everywhere in this \
             paragraph of more than twelve words.\n\nA second one, with MIXED case."
                .to_string(),
        ];
        for text in &texts {
            let keys = TextKeys::of("A Headline!", text, true);
            let body = Body::parse(text);
            assert_eq!(keys.exact, exact_key("A Headline!", text), "{text:?}");
            assert_eq!(keys.paragraphs, body.hashes(), "{text:?}");
            let own: Vec<i64> = body
                .paragraphs
                .iter()
                .filter(|p| !p.footer)
                .map(|p| p.hash)
                .collect();
            assert_eq!(keys.own, own, "{text:?}");
            assert_eq!(
                keys.all_own,
                Fingerprint::of_parts(&body.content(|_| false)),
                "{text:?}"
            );
        }
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
