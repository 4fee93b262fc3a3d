//! Similarity fingerprints: a MinHash signature of a text's word shingles,
//! and the exact-duplicate key.
//!
//! A text is read as lowercase words (runs of Unicode letters and digits);
//! its *shingles* are the runs of [`SHINGLE_WORDS`] consecutive words. Two
//! texts are as similar as the Jaccard index of their shingle sets, and the
//! fraction of equal slots of their MinHash signatures estimates exactly that
//! index (standard error √(J(1−J)/64), about 0.06 near J = 0.6).
//!
//! Why not a crate: the signatures are stored in the database and compared
//! with signatures computed by later versions of tidings, on other machines,
//! so every bit must stay the same forever. The MinHash crates seed their
//! hash functions from a random number generator or do not promise a stable
//! output, so the 30 lines below fix their own: each shingle is hashed once
//! with XXH3-64 (a specified, portable hash, from the `xxhash-rust` crate),
//! and slot `i` keeps the minimum of `(a_i·h + b_i) >> 32` over the
//! shingles, with odd multipliers `a_i` and offsets `b_i` drawn from a fixed
//! SplitMix64 sequence. [`FORMAT_VERSION`] is stored with every signature.

use sha2::{Digest, Sha256};
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;

/// Slots of a MinHash signature.
pub const SIGNATURE_LEN: usize = 64;

/// Texts with fewer words than this get no fingerprint (and no exact key):
/// a line or two says too little to tell a copy from a coincidence.
pub const MIN_WORDS: usize = 12;

/// First byte of a stored signature; bump it when the computation changes.
pub const FORMAT_VERSION: u8 = 1;

/// Seed of the SplitMix64 sequence the slot hash functions are drawn from.
const SEED: u64 = 0x7469_6469_6e67_7331; // "tidings1"

const fn splitmix64(state: u64) -> (u64, u64) {
    let state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (state, z ^ (z >> 31))
}

/// `(a_i, b_i)` of each slot's hash function `(a_i·h + b_i) >> 32`.
const SLOT_HASHES: [(u64, u64); SIGNATURE_LEN] = {
    let mut out = [(0u64, 0u64); SIGNATURE_LEN];
    let mut state = SEED;
    let mut i = 0;
    while i < SIGNATURE_LEN {
        let (s, a) = splitmix64(state);
        let (s, b) = splitmix64(s);
        state = s;
        out[i] = (a | 1, b);
        i += 1;
    }
    out
};

/// A MinHash signature of a text's shingle set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    /// Slot `i`: the least value of hash function `i` over the shingles.
    pub slots: [u32; SIGNATURE_LEN],
}

impl Fingerprint {
    /// The fingerprint of the words of `parts` (paragraphs, read as one run
    /// of words); `None` when they hold fewer than [`MIN_WORDS`] words.
    pub fn of_parts(parts: &[&str]) -> Option<Fingerprint> {
        let mut words = Vec::new();
        for part in parts {
            push_word_hashes(part, &mut words);
        }
        Fingerprint::of_word_hashes(&words)
    }

    /// The fingerprint of a run of words given by their hashes (xxh3 of
    /// each lowercase word, as [`Fingerprint::of_parts`] computes them).
    pub(super) fn of_word_hashes(words: &[u64]) -> Option<Fingerprint> {
        if words.len() < MIN_WORDS {
            return None;
        }
        // Two passes: the shingle hashes, then each slot's minimum over them
        // (a slot at a time keeps `a` and `b` in registers and the inner
        // loop free of dependencies between iterations).
        let mut buf = [0u8; 8 * SHINGLE_WORDS];
        let shingles: Vec<u64> = words
            .windows(SHINGLE_WORDS)
            .map(|window| {
                for (chunk, word) in buf.chunks_exact_mut(8).zip(window) {
                    chunk.copy_from_slice(&word.to_le_bytes());
                }
                xxh3_64(&buf)
            })
            .collect();
        Some(Fingerprint {
            slots: slot_minima(&shingles),
        })
    }

    /// The fingerprint of one text.
    pub fn of_text(text: &str) -> Option<Fingerprint> {
        Fingerprint::of_parts(&[text])
    }

    /// Estimated Jaccard similarity of the two shingle sets: the fraction of
    /// equal slots, from 0 to 1.
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        let equal = self
            .slots
            .iter()
            .zip(&other.slots)
            .filter(|(a, b)| a == b)
            .count();
        equal as f64 / SIGNATURE_LEN as f64
    }

    /// The stored form: [`FORMAT_VERSION`], then the slots as little-endian
    /// `u32`s.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 + 4 * SIGNATURE_LEN);
        out.push(FORMAT_VERSION);
        for slot in self.slots {
            out.extend_from_slice(&slot.to_le_bytes());
        }
        out
    }

    /// Reads the stored form back; `None` for another version or length.
    pub fn from_bytes(bytes: &[u8]) -> Option<Fingerprint> {
        let (&version, rest) = bytes.split_first()?;
        if version != FORMAT_VERSION || rest.len() != 4 * SIGNATURE_LEN {
            return None;
        }
        let mut slots = [0u32; SIGNATURE_LEN];
        for (slot, chunk) in slots.iter_mut().zip(rest.chunks_exact(4)) {
            *slot = u32::from_le_bytes(chunk.try_into().expect("chunks of 4"));
        }
        Some(Fingerprint { slots })
    }
}

/// The lowercase words of `text`: runs of letters and digits. The
/// definition; the dedup keys use `each_word` and `push_words`, which give
/// the same words without a `String` each (tested against this).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Each slot's least hash value over `shingles`: the MinHash proper, most
/// of a fingerprint's cost. Written so the compiler vectorizes it, and run
/// with AVX-512 or AVX2 where the CPU has them (detected at run time; the portable build
/// targets SSE2, which lacks an unsigned 32-bit minimum and a wide
/// multiply). The result is the same either way.
fn slot_minima(shingles: &[u64]) -> [u32; SIGNATURE_LEN] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512dq")
    {
        // SAFETY: the CPU supports AVX-512 F and DQ, checked just above.
        return unsafe { slot_minima_avx512(shingles) };
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, checked just above.
        return unsafe { slot_minima_avx2(shingles) };
    }
    slot_minima_portable(shingles)
}

/// [`slot_minima`] compiled for AVX-512 (a native 64-bit multiply).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
unsafe fn slot_minima_avx512(shingles: &[u64]) -> [u32; SIGNATURE_LEN] {
    slot_minima_portable(shingles)
}

/// [`slot_minima`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn slot_minima_avx2(shingles: &[u64]) -> [u32; SIGNATURE_LEN] {
    slot_minima_portable(shingles)
}

/// [`slot_minima`] for any CPU.
#[inline(always)]
fn slot_minima_portable(shingles: &[u64]) -> [u32; SIGNATURE_LEN] {
    let mut slots = [u32::MAX; SIGNATURE_LEN];
    for (slot, (a, b)) in slots.iter_mut().zip(SLOT_HASHES) {
        *slot = shingles
            .iter()
            .map(|&h| (a.wrapping_mul(h).wrapping_add(b) >> 32) as u32)
            .fold(u32::MAX, u32::min);
    }
    slots
}

/// Appends the hash (xxh3) of each of [`words`] of `text` to `out`, without
/// allocating a string per word as [`words`] does (the same hashes).
fn push_word_hashes(text: &str, out: &mut Vec<u64>) {
    let mut lower = String::new();
    each_word(text, |word| {
        let hash = if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) {
            xxh3_64(word.as_bytes())
        } else {
            lower.clear();
            if word.is_ascii() {
                lower.push_str(word);
                lower.make_ascii_lowercase();
            } else {
                lower.push_str(&word.to_lowercase());
            }
            xxh3_64(lower.as_bytes())
        };
        out.push(hash);
    });
}

/// Hash of the normalized words of `text` (seeded XXH3-64), as SQLite's
/// signed integer: equal for texts that differ only in case, punctuation and
/// spacing.
pub fn words_hash(text: &str, seed: u64) -> i64 {
    let mut joined = String::with_capacity(text.len());
    push_words(text, &mut joined);
    xxh3_64_with_seed(joined.as_bytes(), seed) as i64
}

/// How many words [`words`] yields for `text`, without building them.
pub fn word_count(text: &str) -> usize {
    let mut n = 0;
    each_word(text, |_| n += 1);
    n
}

/// Calls `f` with each word of `text` (as [`words`] splits them, before
/// lowercasing), in order. The hot loop of every dedup key: ASCII bytes are
/// classified without decoding a `char`.
fn each_word(text: &str, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        let (alphanumeric, len) = if bytes[i].is_ascii() {
            (bytes[i].is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..].chars().next().expect("i is a char boundary");
            (c.is_alphanumeric(), c.len_utf8())
        };
        if alphanumeric {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            f(&text[s..i]);
        }
        i += len;
    }
    if let Some(s) = start {
        f(&text[s..]);
    }
}

/// Appends `words(text)` joined by single spaces to `out` (the bytes
/// `words(text).collect::<Vec<_>>().join(" ")` would make, without a string
/// per word: this runs over every new article's text); returns how many
/// words it appended.
pub(super) fn push_words(text: &str, out: &mut String) -> usize {
    let mut n = 0;
    each_word(text, |word| {
        if n > 0 {
            out.push(' ');
        }
        if word.is_ascii() {
            let at = out.len();
            out.push_str(word);
            out[at..].make_ascii_lowercase();
        } else {
            out.push_str(&word.to_lowercase());
        }
        n += 1;
    });
    n
}

/// The exact-duplicate key of an article: hex SHA-256 (first 16 bytes) of
/// its title and body reduced to lowercase words, so that copies differing
/// only in case, punctuation, spacing or markup share it. `None` when the
/// body has fewer than [`MIN_WORDS`] words: a bare headline ("Live
/// updates", "Morning briefing") repeats without being the same story.
pub fn exact_key(title: &str, body: &str) -> Option<String> {
    let mut joined = String::with_capacity(body.len());
    let words = push_words(body, &mut joined);
    exact_key_of_words(title, &joined, words)
}

/// [`exact_key`] from the body's words already joined ([`push_words`]),
/// `words` of them.
pub(super) fn exact_key_of_words(title: &str, joined_body: &str, words: usize) -> Option<String> {
    if words < MIN_WORDS {
        return None;
    }
    let mut head = String::with_capacity(title.len() + 1);
    push_words(title, &mut head);
    head.push('\n');
    let mut hasher = Sha256::new_with_prefix(head.as_bytes());
    hasher.update(joined_body.as_bytes());
    Some(hex::encode(&hasher.finalize()[..16]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_words_are_the_words_joined_by_spaces() {
        for text in [
            "",
            "  Hello,   WORLD!  ",
            "ΟΔΟΣ Straße -- İstanbul's naïve café",
            "a\n\nb",
        ] {
            let mut joined = String::new();
            let n = push_words(text, &mut joined);
            assert_eq!(joined, words(text).collect::<Vec<_>>().join(" "));
            assert_eq!(n, words(text).count());
            assert_eq!(word_count(text), n);
        }
    }

    const SAMPLE: &str = include_str!("../../tests/fixtures/article.txt");

    fn body() -> &'static str {
        SAMPLE.split_once("\n\n").unwrap().1
    }

    #[test]
    fn every_minhash_path_gives_the_portable_result() {
        let mut state = 7u64;
        for len in [1usize, 3, 4, 5, 17, 366, 1001] {
            let shingles: Vec<u64> = (0..len)
                .map(|_| {
                    let (s, v) = splitmix64(state);
                    state = s;
                    v
                })
                .collect();
            assert_eq!(slot_minima(&shingles), slot_minima_portable(&shingles));
        }
    }

    #[test]
    fn word_hashes_are_the_hashes_of_the_words() {
        let text = "  Hello,   WORLD!  ΟΔΟΣ Straße -- İstanbul's naïve café x9";
        let mut hashes = Vec::new();
        push_word_hashes(text, &mut hashes);
        let expected: Vec<u64> = words(text).map(|w| xxh3_64(w.as_bytes())).collect();
        assert_eq!(hashes, expected);
    }

    #[test]
    fn identical_texts_have_identical_fingerprints() {
        let a = Fingerprint::of_text(body()).unwrap();
        let b = Fingerprint::of_text(&body().to_uppercase().replace("--", " ")).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.similarity(&b), 1.0);
    }

    #[test]
    fn a_trimmed_or_extended_copy_stays_similar() {
        let full = Fingerprint::of_text(body()).unwrap();
        let (trimmed, _) = body().rsplit_once("\n\n").unwrap();
        let trimmed = Fingerprint::of_text(trimmed).unwrap();
        let footer = format!("{}\n\nFollow the Daily Planet for more on Syria.", body());
        let footer = Fingerprint::of_text(&footer).unwrap();
        assert!(
            full.similarity(&trimmed) > 0.8,
            "{}",
            full.similarity(&trimmed)
        );
        assert!(
            full.similarity(&footer) > 0.8,
            "{}",
            full.similarity(&footer)
        );
    }

    #[test]
    fn unrelated_texts_are_not_similar() {
        let a = Fingerprint::of_text(body()).unwrap();
        let b = Fingerprint::of_text(
            "The city council approved the riverside tram line on Tuesday after a decade of \
             debate, with construction set to begin next spring and the first trams running \
             in three years, officials said.",
        )
        .unwrap();
        assert!(a.similarity(&b) < 0.1, "{}", a.similarity(&b));
    }

    #[test]
    fn short_texts_have_no_fingerprint_and_no_exact_key() {
        assert_eq!(Fingerprint::of_text("Live updates: the storm"), None);
        assert_eq!(exact_key("Live updates", "The storm hits."), None);
        assert!(exact_key("Headline", body()).is_some());
    }

    #[test]
    fn stored_form_round_trips_and_rejects_other_versions() {
        let fp = Fingerprint::of_text(body()).unwrap();
        let bytes = fp.to_bytes();
        assert_eq!(bytes.len(), 1 + 4 * SIGNATURE_LEN);
        assert_eq!(Fingerprint::from_bytes(&bytes), Some(fp));
        let mut other = bytes.clone();
        other[0] = FORMAT_VERSION + 1;
        assert_eq!(Fingerprint::from_bytes(&other), None);
        assert_eq!(Fingerprint::from_bytes(&bytes[..10]), None);
    }

    #[test]
    fn the_signature_is_stable_across_builds() {
        // Stored signatures are compared with new ones: this value must never change
        // (bump FORMAT_VERSION instead).
        let fp =
            Fingerprint::of_text("one two three four five six seven eight nine ten eleven twelve")
                .unwrap();
        assert_eq!(&fp.slots[..2], &PINNED);
    }

    const PINNED: [u32; 2] = [122_940_514, 59_196];

    #[test]
    fn exact_key_ignores_case_punctuation_and_spacing() {
        let a = exact_key("Assad confident!", body()).unwrap();
        let b = exact_key("assad  confident", &body().replace(',', "")).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, exact_key("Another headline", body()).unwrap());
    }
}
