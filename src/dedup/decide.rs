//! The decision: which stored article, if any, a new entry is a copy of.
//!
//! An exact duplicate (same [`super::fingerprint::exact_key`]) wins
//! outright. Otherwise the candidates the band index found are verified: the
//! new fingerprint is compared with each candidate's, and the most similar
//! one at or above the threshold is the match (ties go to the earliest
//! stored, the lowest id). A candidate below the threshold is a band
//! collision, not a copy, and is ignored. The new entry then joins the
//! matched article's story; with no match it starts a story of its own.

use super::fingerprint::Fingerprint;

/// The most candidates the store hands over for verification: those sharing
/// the most band keys first. Bounds the work per article however crowded a
/// band gets (a template repeated thousands of times).
pub const MAX_CANDIDATES: usize = 64;

/// A stored article the band index returned.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Its database id.
    pub article_id: i64,
    /// The story it belongs to.
    pub story_id: i64,
    /// Its stored fingerprint.
    pub fingerprint: Fingerprint,
}

/// How a copy was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The same normalized title and body.
    Exact,
    /// A fingerprint at or above the threshold.
    Near,
}

impl MatchKind {
    /// The name stored in `articles.story_match` and `copies.match`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Near => "near",
        }
    }
}

/// The stored article a new entry copies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// The article copied.
    pub article_id: i64,
    /// Its story, which the entry joins.
    pub story_id: i64,
    /// Estimated Jaccard similarity (1 for an exact duplicate).
    pub similarity: f64,
    /// How it was recognised.
    pub kind: MatchKind,
}

/// The best verified candidate: the most similar at or above `threshold`,
/// the lowest id among equals.
pub fn best_near(fp: &Fingerprint, candidates: &[Candidate], threshold: f64) -> Option<Match> {
    candidates
        .iter()
        .map(|c| (c, fp.similarity(&c.fingerprint)))
        .filter(|(_, s)| *s >= threshold)
        .max_by(|(a, sa), (b, sb)| {
            sa.total_cmp(sb)
                .then_with(|| b.article_id.cmp(&a.article_id))
        })
        .map(|(c, similarity)| Match {
            article_id: c.article_id,
            story_id: c.story_id,
            similarity,
            kind: MatchKind::Near,
        })
}

#[cfg(test)]
mod tests {
    use super::super::fingerprint::SIGNATURE_LEN;
    use super::*;

    /// A fingerprint sharing its first `equal` slots with `base(0)`.
    fn fp(equal: usize, salt: u32) -> Fingerprint {
        let mut slots = [0u32; SIGNATURE_LEN];
        for (i, s) in slots.iter_mut().enumerate() {
            *s = if i < equal {
                i as u32
            } else {
                1000 + salt * 100 + i as u32
            };
        }
        Fingerprint { slots }
    }

    fn candidate(id: i64, story: i64, equal: usize) -> Candidate {
        Candidate {
            article_id: id,
            story_id: story,
            fingerprint: fp(equal, id as u32),
        }
    }

    #[test]
    fn the_most_similar_candidate_above_the_threshold_wins() {
        let new = fp(SIGNATURE_LEN, 0);
        let found = best_near(
            &new,
            &[
                candidate(1, 10, 40),
                candidate(2, 20, 60),
                candidate(3, 30, 20),
            ],
            0.6,
        )
        .unwrap();
        assert_eq!((found.article_id, found.story_id), (2, 20));
        assert_eq!(found.kind, MatchKind::Near);
        assert!((found.similarity - 60.0 / 64.0).abs() < 1e-9);
    }

    #[test]
    fn ties_go_to_the_earliest_and_collisions_are_ignored() {
        let new = fp(SIGNATURE_LEN, 0);
        let found = best_near(&new, &[candidate(7, 1, 50), candidate(5, 2, 50)], 0.6).unwrap();
        assert_eq!(found.article_id, 5);
        assert_eq!(best_near(&new, &[candidate(1, 1, 30)], 0.6), None);
        assert_eq!(best_near(&new, &[], 0.6), None);
    }
}
