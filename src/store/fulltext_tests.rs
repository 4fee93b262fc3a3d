//! The store side of full text and filters: pending pages, a page's text as
//! the body, edits and link changes afterwards, bounded retries, remembered
//! drops, robots.txt kept between runs.

use url::Url;

use super::test_support::at;
use super::*;
use crate::config::{FeedConfig, FeedOrigin};
use crate::dedup::Policy;
use crate::model::{
    Article, CachedRobots, DateSource, DroppedEntry, EntryPlan, FeedPoll, PageBody, PageOutcome,
    PollOutcome, RobotsFile,
};

const FEED: &str = "https://example.com/feed";

fn open() -> (tempfile::TempDir, Store, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let feed = FeedConfig {
        url: Url::parse(FEED).unwrap(),
        title: None,
        tags: vec![],
        interval: None,
        full_text: None,
        http: Default::default(),
        origin: FeedOrigin::Config { line: 1 },
    };
    store.sync_feeds(&[feed], at(0)).unwrap();
    let id = store.feed_by_url(FEED).unwrap().unwrap().id;
    (dir, store, id)
}

fn teaser(guid: &str, link: &str, text: &str) -> Article {
    Article {
        guid: Some(guid.into()),
        details: Default::default(),
        link: Some(link.into()),
        title: "Headline".into(),
        authors: vec![],
        categories: vec![],
        language: None,
        enclosures: vec![],
        published: Some(at(0)),
        updated: None,
        date_source: DateSource::Published,
        raw_date: None,
        summary: None,
        body_text: text.into(),
        body_html: None,
        dateline: None,
        word_count: 2,
        content_hash: crate::normalize::content_hash("Headline", text),
        body_source: Default::default(),
    }
}

fn poll(feed_id: i64, polled: i64, articles: Vec<Article>) -> FeedPoll {
    let mut poll = super::test_support::fetched(feed_id, polled, articles);
    if let PollOutcome::Fetched { final_url, .. } = &mut poll.outcome {
        *final_url = FEED.into();
    }
    poll
}

fn full_text() -> EntryPlan {
    EntryPlan {
        full_text: true,
        ..Default::default()
    }
}

fn page() -> PageOutcome {
    PageOutcome::Used(PageBody {
        text: "DAMASCUS -- The whole story.\n\nIts second paragraph.".into(),
        html: Some("<p>DAMASCUS -- The whole story.</p><p>Its second paragraph.</p>".into()),
        dateline: Some("DAMASCUS".into()),
        word_count: 8,
    })
}

fn record(store: &Store) -> StoredArticle {
    let mut all = store.articles(&ArticleQuery::default()).unwrap();
    assert_eq!(all.len(), 1);
    all.remove(0)
}

fn page_state(store: &Store) -> (Option<String>, Option<String>, u32) {
    store
        .conn
        .query_row(
            "SELECT page_state, page_url, page_attempts FROM articles",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

#[test]
fn a_used_page_becomes_the_body_and_survives_feed_edits_until_the_link_changes() {
    let (_dir, mut store, feed) = open();
    let link = "https://example.com/a";
    store
        .apply_poll_with(&PollWrite {
            plan: &full_text(),
            ..PollWrite::new(
                &poll(feed, 0, vec![teaser("a", link, "Short teaser.")]),
                &Policy::default(),
            )
        })
        .unwrap();
    let pending = store.pending_pages(feed, 3, 10).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(
        (pending[0].link.as_str(), pending[0].body_text.as_str()),
        (link, "Short teaser.")
    );

    assert!(store
        .apply_page(pending[0].article_id, link, &page(), at(5))
        .unwrap());
    let a = record(&store).article;
    assert_eq!(a.body_source, crate::model::BodySource::Page);
    assert_eq!(a.summary.as_deref(), Some("Short teaser."));
    assert_eq!(a.dateline.as_deref(), Some("DAMASCUS"));
    assert_eq!(
        a.content_hash,
        crate::normalize::content_hash("Headline", &a.body_text)
    );
    assert!(store.pending_pages(feed, 3, 10).unwrap().is_empty());
    assert_eq!(store.stats(14, at(0)).unwrap().revisions, 1);

    // The feed edits its teaser, same link: the page's body stays, the summary follows.
    let counts = store
        .apply_poll_with(&PollWrite {
            plan: &full_text(),
            ..PollWrite::new(
                &poll(feed, 60, vec![teaser("a", link, "Edited teaser.")]),
                &Policy::default(),
            )
        })
        .unwrap();
    assert_eq!(counts.updated, 1);
    let a = record(&store).article;
    assert!(a.body_text.starts_with("DAMASCUS -- The whole story."));
    assert_eq!(a.summary.as_deref(), Some("Edited teaser."));
    assert!(
        store.pending_pages(feed, 3, 10).unwrap().is_empty(),
        "no refetch"
    );

    // Seen again unchanged: nothing at all.
    let counts = store
        .apply_poll_with(&PollWrite {
            plan: &full_text(),
            ..PollWrite::new(
                &poll(feed, 120, vec![teaser("a", link, "Edited teaser.")]),
                &Policy::default(),
            )
        })
        .unwrap();
    assert_eq!((counts.unchanged, counts.updated), (1, 0));

    // A new link: the feed's body is back until the new page is fetched.
    let moved = "https://example.com/a-moved";
    let counts = store
        .apply_poll_with(&PollWrite {
            plan: &full_text(),
            ..PollWrite::new(
                &poll(feed, 180, vec![teaser("a", moved, "Edited teaser.")]),
                &Policy::default(),
            )
        })
        .unwrap();
    assert_eq!(counts.updated, 1);
    let a = record(&store).article;
    assert_eq!(
        (a.body_source, a.body_text.as_str()),
        (crate::model::BodySource::Feed, "Edited teaser.")
    );
    assert_eq!(
        page_state(&store),
        (Some("pending".into()), Some(moved.into()), 0)
    );
    let pending = store.pending_pages(feed, 3, 10).unwrap();
    assert_eq!(pending[0].link, moved);
    // An answer for the old link is stale and changes nothing.
    assert!(!store
        .apply_page(pending[0].article_id, link, &page(), at(200))
        .unwrap());
    assert_eq!(
        record(&store).article.body_source,
        crate::model::BodySource::Feed
    );
}

#[test]
fn failures_are_retried_until_the_attempts_run_out() {
    let (_dir, mut store, feed) = open();
    let link = "https://example.com/b";
    store
        .apply_poll_with(&PollWrite {
            plan: &full_text(),
            ..PollWrite::new(
                &poll(feed, 0, vec![teaser("b", link, "Teaser.")]),
                &Policy::default(),
            )
        })
        .unwrap();
    let failed = PageOutcome::Failed {
        error: "HTTP status 500".into(),
    };
    for attempt in 1..=2 {
        let pending = store.pending_pages(feed, 2, 10).unwrap();
        assert_eq!(pending.len(), 1, "attempt {attempt}");
        store
            .apply_page(pending[0].article_id, link, &failed, at(attempt))
            .unwrap();
    }
    assert!(store.pending_pages(feed, 2, 10).unwrap().is_empty());
    assert_eq!(
        page_state(&store),
        (Some("failed".into()), Some(link.into()), 2)
    );
    assert_eq!(
        store.pending_pages(feed, 3, 10).unwrap().len(),
        1,
        "a higher bound retries"
    );
}

#[test]
fn without_full_text_nothing_waits_and_switching_it_on_takes_listed_entries() {
    let (_dir, mut store, feed) = open();
    let entry = teaser("c", "https://example.com/c", "Teaser.");
    store
        .apply_poll(&poll(feed, 0, vec![entry.clone()]), &Policy::default())
        .unwrap();
    assert!(store.pending_pages(feed, 3, 10).unwrap().is_empty());
    assert_eq!(page_state(&store).0, None);
    store
        .apply_poll_with(&PollWrite {
            plan: &full_text(),
            ..PollWrite::new(&poll(feed, 60, vec![entry]), &Policy::default())
        })
        .unwrap();
    assert_eq!(store.pending_pages(feed, 3, 10).unwrap().len(), 1);
}

#[test]
fn dropped_entries_are_not_stored_and_forgotten_when_the_rules_change() {
    let (_dir, mut store, feed) = open();
    let kept = teaser("k", "https://example.com/k", "Kept.");
    let ad = teaser("ad", "https://example.com/ad", "Buy.");
    let plan = |hash: &str| EntryPlan {
        full_text: false,
        rules_hash: hash.into(),
        dropped: vec![DroppedEntry {
            key: crate::dedup::entry_key(&ad),
            title: "Headline".into(),
            rule: "rule 1 (line 9): drop body".into(),
        }],
    };
    let counts = store
        .apply_poll_with(&PollWrite {
            plan: &plan("h1"),
            ..PollWrite::new(
                &poll(feed, 0, vec![kept.clone(), ad.clone()]),
                &Policy::default(),
            )
        })
        .unwrap();
    assert_eq!((counts.new, counts.dropped), (1, 1));
    let again = store
        .apply_poll_with(&PollWrite {
            plan: &plan("h1"),
            ..PollWrite::new(
                &poll(feed, 60, vec![kept.clone(), ad.clone()]),
                &Policy::default(),
            )
        })
        .unwrap();
    assert_eq!(
        (again.unchanged, again.dropped),
        (1, 0),
        "remembered, not counted twice"
    );
    assert_eq!(store.dropped_keys(feed, "h1").unwrap().len(), 1);
    assert!(store.dropped_keys(feed, "h2").unwrap().is_empty());
    assert_eq!(store.dropped_counts().unwrap()[&feed], 1);
    assert_eq!(store.feed_by_url(FEED).unwrap().unwrap().dropped, 1);

    // New rules that keep it: it is stored, its old drop forgotten.
    store
        .apply_poll_with(&PollWrite {
            plan: &EntryPlan {
                rules_hash: "h2".into(),
                ..Default::default()
            },
            ..PollWrite::new(&poll(feed, 120, vec![kept, ad]), &Policy::default())
        })
        .unwrap();
    assert_eq!(store.articles(&ArticleQuery::default()).unwrap().len(), 2);
    assert!(store.dropped_counts().unwrap().is_empty());
}

#[test]
fn robots_files_round_trip() {
    let (_dir, mut store, _) = open();
    assert_eq!(store.robots("https://example.com").unwrap(), None);
    for file in [
        RobotsFile::Rules("User-agent: *\nDisallow: /x\n".into()),
        RobotsFile::AllowAll,
        RobotsFile::Unreachable,
    ] {
        let robots = CachedRobots {
            file,
            fetched_at: at(0),
            expires_at: at(3600),
        };
        store.save_robots("https://example.com", &robots).unwrap();
        assert_eq!(store.robots("https://example.com").unwrap(), Some(robots));
    }
}
