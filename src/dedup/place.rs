//! Where an entry new to its feed goes: the placement decision, a pure
//! function over the few look-ups it needs ([`StoryIndex`]).
//!
//! [`place`] checks, in order:
//!
//! 1. its canonical URL is already stored (as an article, or as a dropped
//!    copy) → [`Placement::SamePage`]: no new record, the article gains a
//!    feed membership. Not when the URL is a site's front page, nor when the
//!    article is already in this feed: a feed that lists two entries under
//!    one link (a live page, a front page) means two entries, which go on
//!    to the next checks;
//! 2. its exact-duplicate key matches an article → it joins that story;
//! 3. its fingerprint (without the paragraphs its feed repeats) verifies
//!    against a candidate of the band index (`dedup.near` not `off`) → it
//!    joins that story ([`super::decide::best_near`]);
//! 4. otherwise it starts a story of its own.
//!
//! With `dedup.near = "drop"`, matches 2 and 3 become [`Placement::Copy`]:
//! no article is stored, the entry is recorded as a source of the article
//! it copies. The store implements [`StoryIndex`] on its open transaction
//! and carries out the [`Placement`]; this module does no I/O, so the order
//! above is tested against an in-memory index.

use std::collections::HashSet;

use super::canonical::{canonical_url, is_site_root};
use super::decide::{self, Candidate, Match, MatchKind};
use super::fingerprint::Fingerprint;
use super::textkeys::{compared_text, TextKeys};
use super::{NearMode, Policy};
use crate::model::Article;

/// The look-ups the placement decision needs, answered by a store (on the
/// transaction that will carry the decision out) or, in tests, by memory.
pub trait StoryIndex {
    /// Why a look-up failed.
    type Error;

    /// The article stored under canonical URL `url`, directly or as a
    /// dropped copy (then the article it copies); the earliest if several.
    fn by_canonical_url(&self, url: &str) -> Result<Option<i64>, Self::Error>;

    /// Whether article `article_id` is already listed by feed `feed_id`.
    fn is_member(&self, article_id: i64, feed_id: i64) -> Result<bool, Self::Error>;

    /// The earliest article with exact-duplicate key `key`, and its story,
    /// as `(article_id, story_id)`.
    fn by_exact_key(&self, key: &str) -> Result<Option<(i64, i64)>, Self::Error>;

    /// Which of `hashes` (paragraph hashes) feed `feed_id` has carried in
    /// at least `min_articles` articles: its boilerplate.
    fn repeated_paragraphs(
        &self,
        feed_id: i64,
        hashes: &[i64],
        min_articles: i64,
    ) -> Result<HashSet<i64>, Self::Error>;

    /// Stored articles that may be near copies of `fp` (sharing a band
    /// key), at most [`decide::MAX_CANDIDATES`], with their fingerprints.
    fn near_candidates(&self, fp: &Fingerprint) -> Result<Vec<Candidate>, Self::Error>;
}

/// An entry as the decision sees it: its feed, its link in canonical form
/// and the text it is compared by.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    /// The feed it came from.
    pub feed_id: i64,
    /// Its link in canonical form; `None` skips the same-page check.
    pub canonical_url: Option<String>,
    /// Its headline.
    pub title: &'a str,
    /// The text it is compared by ([`compared_text`]).
    pub text: &'a str,
    /// Its keys, when a parse worker computed them; used when they fit
    /// `title` and `text`, computed here otherwise.
    pub keys: Option<&'a TextKeys>,
}

impl<'a> Prepared<'a> {
    /// The entry `article` of feed `feed_id`, with the keys a parse worker
    /// computed for it, if any.
    pub fn of(feed_id: i64, article: &'a Article, keys: Option<&'a TextKeys>) -> Prepared<'a> {
        Prepared {
            feed_id,
            canonical_url: article.link.as_deref().and_then(canonical_url),
            title: &article.title,
            text: compared_text(&article.body_text, article.summary.as_deref()),
            keys,
        }
    }
}

/// What the store keeps in the dedup index for an article's text.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexKeys {
    /// The exact-duplicate key (`articles.text_hash`).
    pub text_hash: Option<String>,
    /// The fingerprint, without the feed's boilerplate (`None` with
    /// `dedup.near = "off"`, or for a text too short).
    pub fingerprint: Option<Fingerprint>,
    /// The text's paragraph hashes, counted into the feed's paragraph
    /// memory.
    pub paragraphs: Vec<i64>,
}

/// What to do with an entry new to its feed.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    /// The same page as stored article `article_id`: no new record, one
    /// more feed membership of that article.
    SamePage {
        /// The article it is.
        article_id: i64,
    },
    /// A new article record: in the story of `joins`, or (`None`) a story
    /// of its own. `keys` go into the index.
    Article {
        /// The stored article it copies, whose story it joins.
        joins: Option<Match>,
        /// Its keys.
        keys: IndexKeys,
    },
    /// `dedup.near = "drop"`: no article, a source (copy row and feed
    /// membership) of the article it copies. Its paragraphs still count
    /// toward its feed's boilerplate.
    Copy {
        /// The stored article it copies.
        of: Match,
        /// Its keys.
        keys: IndexKeys,
    },
}

/// Decides where `entry` goes under `policy`, asking `index`; see the
/// module documentation for the order.
pub fn place<I: StoryIndex>(
    entry: &Prepared<'_>,
    policy: &Policy,
    index: &I,
) -> Result<Placement, I::Error> {
    if let Some(url) = entry.canonical_url.as_deref().filter(|u| !is_site_root(u)) {
        if let Some(existing) = index.by_canonical_url(url)? {
            if !index.is_member(existing, entry.feed_id)? {
                return Ok(Placement::SamePage {
                    article_id: existing,
                });
            }
        }
    }
    let (matched, keys) = find_story(entry, policy, index)?;
    Ok(match (policy.near, matched) {
        (NearMode::Drop, Some(of)) => Placement::Copy { of, keys },
        (_, joins) => Placement::Article { joins, keys },
    })
}

/// Steps 2 to 4 alone: the stored article the entry's text copies (exact
/// first, then near), if any, and the entry's keys. The same-page check
/// and the policy's mode are [`place`]'s; this is for indexing stored
/// articles as if they arrived one by one.
pub fn find_story<I: StoryIndex>(
    entry: &Prepared<'_>,
    policy: &Policy,
    index: &I,
) -> Result<(Option<Match>, IndexKeys), I::Error> {
    let (keys, matched) = recognise(entry, policy, index, true, 1)?;
    Ok((matched, keys))
}

/// The keys of a stored article whose text changed (its story stays): the
/// paragraphs its feed repeats, its own already counted once, are those
/// counted in at least two articles.
pub fn reindex<I: StoryIndex>(
    entry: &Prepared<'_>,
    policy: &Policy,
    index: &I,
) -> Result<IndexKeys, I::Error> {
    Ok(recognise(entry, policy, index, false, 2)?.0)
}

/// Computes the exact key and fingerprint of the entry's text and, with
/// `find`, looks for the article it copies (exact first, then near).
/// `min_repeat` is how many articles of the feed must have carried a
/// paragraph before it counts as the feed's boilerplate.
fn recognise<I: StoryIndex>(
    entry: &Prepared<'_>,
    policy: &Policy,
    index: &I,
    find: bool,
    min_repeat: i64,
) -> Result<(IndexKeys, Option<Match>), I::Error> {
    let near = policy.near != NearMode::Off;
    let computed;
    let keys = match entry.keys.filter(|k| k.fits(entry.title, entry.text, near)) {
        Some(keys) => keys,
        None => {
            computed = TextKeys::of(entry.title, entry.text, near);
            &computed
        }
    };
    let mut matched = None;
    if find {
        if let Some(key) = &keys.exact {
            matched = index
                .by_exact_key(key)?
                .map(|(article_id, story_id)| Match {
                    article_id,
                    story_id,
                    similarity: 1.0,
                    kind: MatchKind::Exact,
                });
        }
    }
    if !near {
        let keys = IndexKeys {
            text_hash: keys.exact.clone(),
            fingerprint: None,
            paragraphs: Vec::new(),
        };
        return Ok((keys, matched));
    }
    let repeated = index.repeated_paragraphs(entry.feed_id, &keys.paragraphs, min_repeat)?;
    let fingerprint = keys.fingerprint(entry.text, |h| repeated.contains(&h));
    if find && matched.is_none() {
        if let Some(fp) = &fingerprint {
            let candidates = index.near_candidates(fp)?;
            matched = decide::best_near(fp, &candidates, policy.threshold);
        }
    }
    let keys = IndexKeys {
        text_hash: keys.exact.clone(),
        fingerprint,
        paragraphs: keys.paragraphs.clone(),
    };
    Ok((keys, matched))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::convert::Infallible;

    use super::*;
    use crate::dedup::boilerplate::Body;

    const SAMPLE: &str = include_str!("../../tests/fixtures/article.txt");

    fn body() -> &'static str {
        SAMPLE.split_once("\n\n").unwrap().1
    }

    /// A stored article of the in-memory index.
    struct Stored {
        id: i64,
        story: i64,
        feeds: Vec<i64>,
        canonical: Option<String>,
        keys: IndexKeys,
    }

    /// The look-ups over a list of stored articles, as the store answers
    /// them (earliest first; every fingerprint a candidate).
    #[derive(Default)]
    struct Memory {
        articles: Vec<Stored>,
        paragraphs: HashMap<(i64, i64), i64>,
    }

    impl Memory {
        /// Stores `text` as article `id` of feed `feed`, in story `story`,
        /// its paragraphs counted (the default policy's keys).
        fn with(mut self, id: i64, story: i64, feed: i64, link: &str, text: &str) -> Memory {
            let keys = reindex(
                &Prepared {
                    feed_id: feed,
                    canonical_url: None,
                    title: "Headline",
                    text,
                    keys: None,
                },
                &Policy::default(),
                &self,
            )
            .unwrap();
            for &h in &keys.paragraphs {
                *self.paragraphs.entry((feed, h)).or_default() += 1;
            }
            self.articles.push(Stored {
                id,
                story,
                feeds: vec![feed],
                canonical: canonical_url(link),
                keys,
            });
            self
        }
    }

    impl StoryIndex for Memory {
        type Error = Infallible;

        fn by_canonical_url(&self, url: &str) -> Result<Option<i64>, Infallible> {
            Ok(self
                .articles
                .iter()
                .find(|a| a.canonical.as_deref() == Some(url))
                .map(|a| a.id))
        }

        fn is_member(&self, article_id: i64, feed_id: i64) -> Result<bool, Infallible> {
            Ok(self
                .articles
                .iter()
                .any(|a| a.id == article_id && a.feeds.contains(&feed_id)))
        }

        fn by_exact_key(&self, key: &str) -> Result<Option<(i64, i64)>, Infallible> {
            Ok(self
                .articles
                .iter()
                .find(|a| a.keys.text_hash.as_deref() == Some(key))
                .map(|a| (a.id, a.story)))
        }

        fn repeated_paragraphs(
            &self,
            feed_id: i64,
            hashes: &[i64],
            min_articles: i64,
        ) -> Result<HashSet<i64>, Infallible> {
            Ok(hashes
                .iter()
                .copied()
                .filter(|h| {
                    self.paragraphs.get(&(feed_id, *h)).copied().unwrap_or(0) >= min_articles
                })
                .collect())
        }

        fn near_candidates(&self, _fp: &Fingerprint) -> Result<Vec<Candidate>, Infallible> {
            Ok(self
                .articles
                .iter()
                .filter_map(|a| {
                    Some(Candidate {
                        article_id: a.id,
                        story_id: a.story,
                        fingerprint: a.keys.fingerprint?,
                    })
                })
                .collect())
        }
    }

    fn entry<'a>(feed: i64, link: &str, title: &'a str, text: &'a str) -> Prepared<'a> {
        Prepared {
            feed_id: feed,
            canonical_url: canonical_url(link),
            title,
            text,
            keys: None,
        }
    }

    fn policy(near: NearMode) -> Policy {
        Policy {
            near,
            ..Policy::default()
        }
    }

    /// The sample body with its last paragraph cut: a near copy.
    fn trimmed() -> String {
        let paragraphs: Vec<&str> = body().split("\n\n").collect();
        paragraphs[..paragraphs.len() - 1].join("\n\n")
    }

    fn joined(placement: &Placement) -> Option<(i64, i64, MatchKind)> {
        match placement {
            Placement::Article { joins, .. } => joins.map(|m| (m.article_id, m.story_id, m.kind)),
            other => panic!("not a new article: {other:?}"),
        }
    }

    #[test]
    fn the_same_page_from_another_feed_is_one_article() {
        let index =
            Memory::default().with(1, 10, 1, "https://a.example/story?utm_source=x", body());
        let placed = place(
            &entry(2, "https://a.example/story", "Other headline", "other text"),
            &Policy::default(),
            &index,
        )
        .unwrap();
        assert_eq!(placed, Placement::SamePage { article_id: 1 });
    }

    #[test]
    fn the_canonical_url_comes_before_the_text() {
        // An exact copy of article 1 under the link of article 2: the page wins.
        let index = Memory::default()
            .with(1, 10, 1, "https://a.example/one", body())
            .with(
                2,
                20,
                1,
                "https://b.example/two",
                "Some other text entirely.",
            );
        let placed = place(
            &entry(2, "https://b.example/two", "Headline", body()),
            &Policy::default(),
            &index,
        )
        .unwrap();
        assert_eq!(placed, Placement::SamePage { article_id: 2 });
    }

    #[test]
    fn a_link_already_in_the_feed_or_a_front_page_goes_on_to_the_text() {
        let index = Memory::default()
            .with(1, 10, 1, "https://a.example/live", body())
            .with(2, 20, 1, "https://b.example/", "Front page text.");
        // Same feed, same link: a second entry, an exact copy of the first.
        let same_feed = place(
            &entry(1, "https://a.example/live", "Headline", body()),
            &Policy::default(),
            &index,
        )
        .unwrap();
        assert_eq!(joined(&same_feed), Some((1, 10, MatchKind::Exact)));
        // A site's front page is never "the same page".
        let root = place(
            &entry(3, "https://b.example/", "Headline", "Something new here."),
            &Policy::default(),
            &index,
        )
        .unwrap();
        assert_eq!(joined(&root), None);
    }

    #[test]
    fn an_exact_copy_comes_before_a_near_one() {
        // Article 1 is a near copy (trimmed), article 2 the exact text.
        let trimmed = trimmed();
        let index = Memory::default()
            .with(1, 10, 1, "https://a.example/1", &trimmed)
            .with(2, 20, 2, "https://b.example/2", body());
        let placed = place(
            &entry(3, "https://c.example/3", "Headline", body()),
            &Policy::default(),
            &index,
        )
        .unwrap();
        assert_eq!(joined(&placed), Some((2, 20, MatchKind::Exact)));
    }

    #[test]
    fn a_near_copy_joins_the_story_and_a_stranger_starts_one() {
        let index = Memory::default().with(1, 10, 1, "https://a.example/1", body());
        let trimmed = trimmed();
        let near = place(
            &entry(2, "https://b.example/2", "Other headline", &trimmed),
            &Policy::default(),
            &index,
        )
        .unwrap();
        let Placement::Article {
            joins: Some(m),
            keys,
        } = &near
        else {
            panic!("not joined: {near:?}");
        };
        assert_eq!((m.article_id, m.story_id, m.kind), (1, 10, MatchKind::Near));
        assert!(m.similarity >= Policy::default().threshold && m.similarity < 1.0);
        assert!(keys.fingerprint.is_some());
        assert_eq!(keys.paragraphs, Body::parse(&trimmed).hashes());

        let text = "A different story about a different town, told in words of its own \
                    that share nothing with the sample article at all.";
        let stranger = place(
            &entry(2, "https://b.example/3", "Headline", text),
            &Policy::default(),
            &index,
        )
        .unwrap();
        assert_eq!(joined(&stranger), None);
    }

    #[test]
    fn near_off_keeps_exact_copies_and_computes_no_fingerprint() {
        let index = Memory::default().with(1, 10, 1, "https://a.example/1", body());
        let off = policy(NearMode::Off);
        let trimmed = trimmed();
        let near = place(
            &entry(2, "https://b.example/2", "H", &trimmed),
            &off,
            &index,
        )
        .unwrap();
        let Placement::Article { joins, keys } = &near else {
            panic!("{near:?}");
        };
        assert_eq!(*joins, None);
        assert_eq!(keys.fingerprint, None);
        assert!(keys.paragraphs.is_empty());
        let exact = place(
            &entry(2, "https://b.example/3", "Headline", body()),
            &off,
            &index,
        )
        .unwrap();
        assert_eq!(joined(&exact), Some((1, 10, MatchKind::Exact)));
    }

    #[test]
    fn drop_mode_makes_copies_of_matches_only() {
        let index = Memory::default().with(1, 10, 1, "https://a.example/1", body());
        let drop = policy(NearMode::Drop);
        let trimmed = trimmed();
        for (link, text, kind) in [
            ("https://b.example/2", body(), MatchKind::Exact),
            ("https://b.example/3", trimmed.as_str(), MatchKind::Near),
        ] {
            match place(&entry(2, link, "Headline", text), &drop, &index).unwrap() {
                Placement::Copy { of, .. } => assert_eq!((of.article_id, of.kind), (1, kind)),
                other => panic!("not a copy: {other:?}"),
            }
        }
        // The same page is still a membership, a stranger still an article.
        assert_eq!(
            place(&entry(2, "https://a.example/1", "H", "x"), &drop, &index).unwrap(),
            Placement::SamePage { article_id: 1 }
        );
        let fresh = place(
            &entry(2, "https://b.example/4", "H", "Nothing like it."),
            &drop,
            &index,
        )
        .unwrap();
        assert_eq!(joined(&fresh), None);
    }

    #[test]
    fn the_feeds_boilerplate_is_left_out_of_the_fingerprint() {
        let first = body().split("\n\n").next().unwrap();
        // Feed 2 carried the sample's first paragraph once before.
        let index = Memory::default().with(1, 10, 2, "https://b.example/old", first);
        let new = entry(2, "https://b.example/new", "Headline", body());
        let Placement::Article { keys, .. } = place(&new, &Policy::default(), &index).unwrap()
        else {
            panic!("not an article");
        };
        let all = TextKeys::of("Headline", body(), true).fingerprint(body(), |_| false);
        assert_ne!(keys.fingerprint, all);
        // Re-indexing needs two articles: its own paragraph counts once.
        let again = reindex(&new, &Policy::default(), &index).unwrap();
        assert_eq!(again.fingerprint, all);
    }

    #[test]
    fn prepared_keys_are_used_only_when_they_fit() {
        let index = Memory::default();
        let stale = TextKeys::of("Headline", "An older text of this entry.", true);
        let mut new = entry(1, "https://a.example/1", "Headline", body());
        let fresh = reindex(&new, &Policy::default(), &index).unwrap();
        new.keys = Some(&stale);
        assert_eq!(reindex(&new, &Policy::default(), &index).unwrap(), fresh);
    }
}
