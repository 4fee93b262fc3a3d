use super::test_support::at;
use super::*;
use crate::config::FeedConfig;
use crate::dedup::Policy;
use crate::model::{Article, FeedPoll, PollOutcome};

fn feed(url: &str) -> FeedConfig {
    FeedConfig {
        title: Some("T".into()),
        tags: vec!["world".into()],
        ..super::test_support::feed(url)
    }
}

fn article(guid: &str, body: &str) -> Article {
    Article {
        authors: vec!["Jo".into()],
        ..super::test_support::article(guid, "Headline", body)
    }
}

/// A 200 poll whose server sent the ETag `"v1"`.
fn fetched(feed_id: i64, polled: i64, articles: Vec<Article>) -> FeedPoll {
    let mut poll = super::test_support::fetched(feed_id, polled, articles);
    if let PollOutcome::Fetched { validators, .. } = &mut poll.outcome {
        validators.etag = Some("\"v1\"".into());
    }
    poll
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("sub/t.db")).unwrap();
    (dir, store)
}

#[test]
fn last_seen_moves_at_most_once_an_hour() {
    let (_dir, mut store) = open();
    store
        .sync_feeds(&[feed("https://example.com/feed")], at(0))
        .unwrap();
    let id = store.feeds().unwrap()[0].id;
    let last_seen = |store: &Store| -> String {
        store
            .conn
            .query_row("SELECT last_seen_at FROM articles", [], |r| r.get(0))
            .unwrap()
    };
    store
        .apply_poll(
            &fetched(id, 0, vec![article("a", "one")]),
            &Policy::default(),
        )
        .unwrap();
    let first = last_seen(&store);
    // Seen again ten minutes later: no write.
    store
        .apply_poll(
            &fetched(id, 600, vec![article("a", "one")]),
            &Policy::default(),
        )
        .unwrap();
    assert_eq!(last_seen(&store), first);
    // Two hours later: moved.
    store
        .apply_poll(
            &fetched(id, 7200, vec![article("a", "one")]),
            &Policy::default(),
        )
        .unwrap();
    assert_ne!(last_seen(&store), first);
    assert_eq!(last_seen(&store), super::time::fmt(at(7200)));
}

#[test]
fn new_then_unchanged_then_updated_with_one_revision() {
    let (_dir, mut store) = open();
    store
        .sync_feeds(&[feed("https://example.com/feed")], at(0))
        .unwrap();
    let id = store.feeds().unwrap()[0].id;

    let counts = store
        .apply_poll(
            &fetched(id, 1, vec![article("a", "one"), article("b", "two")]),
            &Policy::default(),
        )
        .unwrap();
    assert_eq!((counts.new, counts.updated, counts.unchanged), (2, 0, 0));
    let counts = store
        .apply_poll(
            &fetched(id, 2, vec![article("a", "one")]),
            &Policy::default(),
        )
        .unwrap();
    assert_eq!((counts.new, counts.updated, counts.unchanged), (0, 0, 1));
    let counts = store
        .apply_poll(
            &fetched(id, 3, vec![article("a", "edited")]),
            &Policy::default(),
        )
        .unwrap();
    assert_eq!((counts.new, counts.updated, counts.unchanged), (0, 1, 0));

    let articles = store.articles(&ArticleQuery::default()).unwrap();
    assert_eq!(articles.len(), 2);
    let a = articles
        .iter()
        .find(|a| a.article.guid.as_deref() == Some("a"))
        .unwrap();
    assert_eq!(a.article.body_text, "edited");
    assert_eq!(a.feeds, vec!["https://example.com/feed".to_string()]);
    let revisions: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM revisions WHERE article_id = ?1",
            [a.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(revisions, 1);
    let record = store
        .feed_by_url("https://example.com/feed")
        .unwrap()
        .unwrap();
    assert_eq!(record.validators.etag.as_deref(), Some("\"v1\""));
    assert_eq!(record.articles, 2);
    store.integrity_check().unwrap();
}

#[test]
fn failures_count_up_and_success_resets_them() {
    let (_dir, mut store) = open();
    store
        .sync_feeds(&[feed("https://example.com/feed")], at(0))
        .unwrap();
    let id = store.feeds().unwrap()[0].id;
    for i in 0..2 {
        store
            .apply_poll(
                &FeedPoll {
                    feed_id: id,
                    polled_at: at(i),
                    next_due: at(i + 60),
                    duration_ms: 1,
                    outcome: PollOutcome::Failed {
                        status: Some(500),
                        error: "HTTP status 500".into(),
                    },
                    redirect: None,
                    rhythm: None,
                    postpone: None,
                },
                &Policy::default(),
            )
            .unwrap();
    }
    let record = store.feeds().unwrap().remove(0);
    assert_eq!(record.consecutive_failures, 2);
    assert_eq!(record.last_error.as_deref(), Some("HTTP status 500"));
    assert!(!record.is_due(at(30)) && record.is_due(at(61)));
    store
        .apply_poll(&fetched(id, 100, vec![]), &Policy::default())
        .unwrap();
    let record = store.feeds().unwrap().remove(0);
    assert_eq!(record.consecutive_failures, 0);
    assert_eq!(record.last_error, None);
}

#[test]
fn removed_feeds_become_inactive_and_come_back() {
    let (_dir, mut store) = open();
    store
        .sync_feeds(
            &[feed("https://a.example/f"), feed("https://b.example/f")],
            at(0),
        )
        .unwrap();
    store
        .sync_feeds(&[feed("https://b.example/f")], at(1))
        .unwrap();
    let feeds = store.feeds().unwrap();
    assert_eq!(feeds.iter().filter(|f| f.active).count(), 1);
    assert!(!feeds[0].active && feeds[1].active);
}

#[test]
fn since_and_limit_filter_newest_first() {
    let (_dir, mut store) = open();
    store
        .sync_feeds(&[feed("https://example.com/feed")], at(0))
        .unwrap();
    let id = store.feeds().unwrap()[0].id;
    let mut old = article("old", "x");
    old.published = Some(at(-86_400 * 10));
    store
        .apply_poll(
            &fetched(id, 1, vec![old, article("new", "y")]),
            &Policy::default(),
        )
        .unwrap();
    let all = store.articles(&ArticleQuery::default()).unwrap();
    assert_eq!(all[0].article.guid.as_deref(), Some("new"));
    let recent = store
        .articles(&ArticleQuery {
            since: Some(at(-86_400)),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(recent.len(), 1);
    let limited = store
        .articles(&ArticleQuery {
            limit: Some(1),
            feed: Some("https://example.com/feed".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(limited.len(), 1);
}

#[test]
fn a_batch_stores_whole_feeds_and_a_failing_poll_costs_only_itself() {
    let (_dir, mut store) = open();
    store
        .sync_feeds(
            &[
                feed("https://example.com/feed"),
                feed("https://example.org/feed"),
            ],
            at(0),
        )
        .unwrap();
    let ids: Vec<i64> = store.feeds().unwrap().iter().map(|f| f.id).collect();
    let good_a = fetched(ids[0], 1, vec![article("a", "one"), article("b", "two")]);
    // No such feed: its article breaks the foreign key, so this poll fails.
    let bad = fetched(9_999, 1, vec![article("x", "three")]);
    let good_b = fetched(ids[1], 1, vec![article("c", "four")]);

    let policy = Policy::default();
    let results = store.apply_polls(&[
        PollWrite::new(&good_a, &policy),
        PollWrite::new(&bad, &policy),
        PollWrite::new(&good_b, &policy),
    ]);
    assert_eq!(results.len(), 3);
    assert_eq!(results[0].as_ref().unwrap().new, 2);
    assert!(results[1].is_err(), "{:?}", results[1]);
    assert_eq!(results[2].as_ref().unwrap().new, 1);
    let guids: Vec<String> = store
        .articles(&ArticleQuery::default())
        .unwrap()
        .into_iter()
        .filter_map(|a| a.article.guid)
        .collect();
    assert_eq!(guids.len(), 3, "{guids:?}");
    assert!(!guids.contains(&"x".to_string()));

    // Without a failure, one transaction stores them all.
    let again = fetched(ids[0], 2, vec![article("a", "one"), article("d", "five")]);
    let more = fetched(ids[1], 2, vec![article("e", "six")]);
    let results = store.apply_polls(&[
        PollWrite::new(&again, &policy),
        PollWrite::new(&more, &policy),
    ]);
    let counts: Vec<(u64, u64)> = results
        .into_iter()
        .map(|r| r.map(|c| (c.new, c.unchanged)).unwrap())
        .collect();
    assert_eq!(counts, vec![(1, 1), (1, 0)]);
    store.integrity_check().unwrap();
}

#[test]
fn what_polling_reads_of_its_feeds_does_not_touch_the_articles() {
    let (_dir, mut store) = open();
    store
        .sync_feeds(&[feed("https://example.com/feed")], at(0))
        .unwrap();
    let id = store.feeds().unwrap()[0].id;
    store
        .apply_poll(
            &fetched(id, 10, vec![article("g1", "Body one.")]),
            &Policy::default(),
        )
        .unwrap();
    let plan = |columns: &str| -> String {
        let sql = format!("EXPLAIN QUERY PLAN SELECT {columns} FROM feeds f WHERE f.id = ?1");
        let mut stmt = store.conn.prepare(&sql).unwrap();
        let rows = stmt.query_map([id], |r| r.get::<_, String>(3)).unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
    };
    // The control: the full record counts its articles (per poll, that read
    // every article row of the feed).
    assert!(plan(feeds::FEED_COLUMNS).contains("articles"));
    let lean = plan(feeds::FEED_STATE_COLUMNS);
    assert!(
        !lean.contains("article") && !lean.contains("dropped"),
        "{lean}"
    );
    // Same records otherwise.
    let full = store.feeds().unwrap().remove(0);
    let state = store.feed_states().unwrap().remove(0);
    assert_eq!((full.articles, state.articles), (1, 0));
    assert_eq!(
        (state.id, state.url, state.validators, state.last_polled_at),
        (full.id, full.url, full.validators, full.last_polled_at)
    );
    let by_id = store.feeds_by_id(&[id]).unwrap().remove(0);
    assert_eq!((by_id.id, by_id.articles), (id, 0));
}
