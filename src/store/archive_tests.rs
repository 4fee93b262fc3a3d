//! Tests of the archive tools' SQL on real SQLite files: full-text search
//! kept in step with inserts, updates and deletes, the 0004 backfill,
//! retention with dedup keys that outlive pruned articles, vacuum, stats.

use std::time::Duration;

use super::test_support::{at, fetched};
use super::*;
use crate::config::{FeedConfig, RetentionConfig};
use crate::dedup::Policy;
use crate::model::Article;

const DAY: i64 = 86_400;

fn feed(url: &str, tags: &[&str]) -> FeedConfig {
    FeedConfig {
        tags: tags.iter().map(|t| t.to_string()).collect(),
        interval: None,
        ..super::test_support::feed(url)
    }
}

/// An entry with its own guid, headline, body and publication time.
fn entry(guid: &str, title: &str, body: &str, published: i64) -> Article {
    Article {
        published: Some(at(published)),
        content_hash: format!("{title}|{body}"),
        ..super::test_support::article(guid, title, body)
    }
}

/// A store with feeds `a` (tag world) and `b` (tag tech); returns their ids.
fn open() -> (tempfile::TempDir, Store, i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    store
        .sync_feeds(
            &[
                feed("https://a.example/feed", &["world"]),
                feed("https://b.example/feed", &["tech"]),
            ],
            at(0),
        )
        .unwrap();
    let feeds = store.feeds().unwrap();
    (dir, store, feeds[0].id, feeds[1].id)
}

fn search(store: &Store, text: &str) -> Vec<SearchHit> {
    store
        .search(&SearchQuery {
            text: text.into(),
            ..SearchQuery::default()
        })
        .unwrap()
}

fn guids(hits: &[SearchHit]) -> Vec<&str> {
    hits.iter()
        .map(|h| h.article.article.guid.as_deref().unwrap())
        .collect()
}

#[test]
fn a_title_match_ranks_above_body_matches() {
    let (_dir, mut store, a, _) = open();
    store
        .apply_poll(
            &fetched(
                a,
                1,
                vec![
                    // Newer, and the word twice in a short body: still below.
                    entry(
                        "body",
                        "Port reopens",
                        "The harbour strike is over; harbour cranes move again.",
                        60,
                    ),
                    entry(
                        "title",
                        "Harbour strike ends",
                        "Dockers went back to work.",
                        0,
                    ),
                    entry("none", "Weather", "Rain all week.", 30),
                ],
            ),
            &Policy::default(),
        )
        .unwrap();
    let hits = search(&store, "harbour");
    assert_eq!(guids(&hits), ["title", "body"]);
    assert!(
        hits[0].score > hits[1].score,
        "{} {}",
        hits[0].score,
        hits[1].score
    );
    assert_eq!(hits[0].title_highlighted, "[Harbour] strike ends");
    assert!(
        hits[1].snippet.contains("[harbour] strike"),
        "{}",
        hits[1].snippet
    );
}

#[test]
fn search_follows_inserts_updates_and_deletes() {
    let (_dir, mut store, a, _) = open();
    store
        .apply_poll(
            &fetched(a, 1, vec![entry("g", "Bridge", "Reopens on Friday.", 0)]),
            &Policy::default(),
        )
        .unwrap();
    assert_eq!(guids(&search(&store, "friday")), ["g"]);

    store
        .apply_poll(
            &fetched(a, 2, vec![entry("g", "Bridge", "Reopens on Saturday.", 0)]),
            &Policy::default(),
        )
        .unwrap();
    assert!(search(&store, "friday").is_empty());
    assert_eq!(guids(&search(&store, "saturday")), ["g"]);

    store.conn.execute("DELETE FROM articles", []).unwrap();
    assert!(search(&store, "saturday").is_empty());
    assert!(search(&store, "bridge").is_empty());
    // The index's own consistency check passes after all of it.
    store
        .conn
        .execute(
            "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
}

#[test]
fn a_poll_adds_one_index_segment_not_one_per_article() {
    let (_dir, mut store, a, _) = open();
    let entries = (0..40)
        .map(|n| {
            entry(
                &format!("g{n}"),
                &format!("Story {n}"),
                "Words about the bridge.",
                n,
            )
        })
        .collect();
    store
        .apply_poll(&fetched(a, 1, entries), &Policy::default())
        .unwrap();
    assert_eq!(search(&store, "bridge").len(), 40);
    // FTS5 writes a segment at each savepoint: with the articles' INSERT
    // firing the index (a trigger), that was one segment per article, 40
    // here (before merges). Now the poll's transaction writes one.
    let segments: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM articles_fts_data WHERE id > 10",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(segments <= 2, "{segments} index pages for one poll");
}

#[test]
fn search_filters_by_feed_tag_and_dates() {
    let (_dir, mut store, a, b) = open();
    store
        .apply_poll(
            &fetched(
                a,
                1,
                vec![entry("old", "Talks", "ceasefire talks", -10 * DAY)],
            ),
            &Policy::default(),
        )
        .unwrap();
    store
        .apply_poll(
            &fetched(
                b,
                1,
                vec![entry("new", "Chips", "ceasefire in the chip war", 0)],
            ),
            &Policy::default(),
        )
        .unwrap();
    let with = |filter: ArticleQuery| {
        let hits = store
            .search(&SearchQuery {
                text: "ceasefire".into(),
                filter,
                ..SearchQuery::default()
            })
            .unwrap();
        guids(&hits)
            .iter()
            .map(|g| g.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(with(ArticleQuery::default()).len(), 2);
    let tech = ArticleQuery {
        tag: Some("tech".into()),
        ..ArticleQuery::default()
    };
    assert_eq!(with(tech), ["new"]);
    let feed_a = ArticleQuery {
        feed: Some("https://a.example/feed".into()),
        ..ArticleQuery::default()
    };
    assert_eq!(with(feed_a), ["old"]);
    let until = ArticleQuery {
        until: Some(at(-DAY)),
        ..ArticleQuery::default()
    };
    assert_eq!(with(until), ["old"]);
    let since = ArticleQuery {
        since: Some(at(-DAY)),
        limit: Some(5),
        ..ArticleQuery::default()
    };
    assert_eq!(with(since), ["new"]);
}

#[test]
fn bad_query_syntax_is_a_query_error_not_a_database_error() {
    let (_dir, store, _, _) = open();
    for bad in ["\"unbalanced", "a AND", "(x", "nosuchcolumn:word", "   "] {
        let err = store
            .search(&SearchQuery {
                text: bad.into(),
                ..SearchQuery::default()
            })
            .unwrap_err();
        match &err {
            SearchError::Query { query, .. } => assert_eq!(query, bad),
            other => panic!("{bad:?} gave {other:?}"),
        }
        assert!(err.to_string().contains("is not valid"), "{err}");
    }
}

#[test]
fn migration_0004_backfills_articles_stored_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A database as version 1 left it, with one article.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        Migrations::new(vec![M::up(include_str!("migrations/0001_initial.sql"))])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO feeds (id, url, created_at) VALUES (1, 'https://a.example/feed', 'x');
             INSERT INTO articles (feed_id, title, date_source, sort_date, first_seen_at,
                last_seen_at, modified_at, body_text, word_count, content_hash)
             VALUES (1, 'Old news', 'first_seen', '2016-12-08T10:00:00Z', '2016-12-08T10:00:00Z',
                '2016-12-08T10:00:00Z', '2016-12-08T10:00:00Z', 'stored before search existed',
                4, 'h');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let hits = search(&store, "existed");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].article.article.title, "Old news");
    // An old file keeps its auto_vacuum mode until a VACUUM.
    assert_eq!(store.auto_vacuum_mode().unwrap(), "none");
}

#[test]
fn prune_drops_old_articles_and_their_index_but_keeps_their_keys() {
    let (_dir, mut store, a, _) = open();
    let now = at(100 * DAY);
    store
        .apply_poll(
            &fetched(
                a,
                1,
                vec![
                    entry("old", "Old", "ancient harbour", 0),
                    entry("new", "New", "recent harbour", 99 * DAY),
                ],
            ),
            &Policy::default(),
        )
        .unwrap();
    // A revision of the old one, to see it go with it.
    store
        .apply_poll(
            &fetched(
                a,
                2,
                vec![
                    entry("old", "Old", "ancient harbour, edited", 0),
                    entry("new", "New", "recent harbour", 99 * DAY),
                ],
            ),
            &Policy::default(),
        )
        .unwrap();
    let policy = RetentionConfig {
        max_age: Some(Duration::from_secs(30 * DAY as u64)),
        max_per_feed: None,
    };

    let dry = store.prune(&policy, now, true, &mut |_, _| {}).unwrap();
    assert_eq!((dry.articles, dry.dry_run), (1, true));
    assert_eq!(store.articles(&ArticleQuery::default()).unwrap().len(), 2);

    let mut calls = Vec::new();
    let report = store
        .prune(&policy, now, false, &mut |done, total| {
            calls.push((done, total))
        })
        .unwrap();
    assert_eq!(report.articles, 1);
    assert_eq!(report.by_feed["https://a.example/feed"], 1);
    assert_eq!(calls, [(1, 1)]);
    let left = store.articles(&ArticleQuery::default()).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].article.guid.as_deref(), Some("new"));
    assert_eq!(guids(&search(&store, "harbour")), ["new"]);
    let count = |sql: &str| -> i64 { store.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM revisions"), 0);
    assert_eq!(count("SELECT count(*) FROM entry_keys"), 2);
    assert_eq!(
        count("SELECT count(*) FROM entry_keys WHERE article_id IS NULL"),
        1
    );

    // The feed still lists the pruned entry: it is not stored again.
    let counts = store
        .apply_poll(
            &fetched(
                a,
                3,
                vec![
                    entry("old", "Old", "ancient harbour, edited", 0),
                    entry("new", "New", "recent harbour", 99 * DAY),
                ],
            ),
            &Policy::default(),
        )
        .unwrap();
    assert_eq!(counts.new, 0);
    assert_eq!(store.articles(&ArticleQuery::default()).unwrap().len(), 1);
    store.integrity_check().unwrap();
}

#[test]
fn max_per_feed_keeps_the_newest_of_each_feed() {
    let (_dir, mut store, a, b) = open();
    let many = |prefix: &str| -> Vec<Article> {
        (0..5)
            .map(|i| {
                entry(
                    &format!("{prefix}{i}"),
                    "T",
                    &format!("body {prefix}{i}"),
                    i * DAY,
                )
            })
            .collect()
    };
    store
        .apply_poll(&fetched(a, 1, many("a")), &Policy::default())
        .unwrap();
    store
        .apply_poll(&fetched(b, 1, many("b")[..2].to_vec()), &Policy::default())
        .unwrap();
    let policy = RetentionConfig {
        max_age: None,
        max_per_feed: Some(3),
    };
    let report = store.prune(&policy, at(0), false, &mut |_, _| {}).unwrap();
    assert_eq!(report.articles, 2);
    let mut left: Vec<String> = store
        .articles(&ArticleQuery::default())
        .unwrap()
        .into_iter()
        .map(|a| a.article.guid.unwrap())
        .collect();
    left.sort();
    assert_eq!(left, ["a2", "a3", "a4", "b0", "b1"]);
    // No policy, no deletion.
    let none = store
        .prune(&RetentionConfig::default(), at(0), false, &mut |_, _| {})
        .unwrap();
    assert_eq!(none.articles, 0);
}

#[test]
fn new_databases_vacuum_incrementally_and_vacuum_switches_old_ones() {
    let (_dir, store, _, _) = open();
    assert_eq!(store.auto_vacuum_mode().unwrap(), "incremental");
    let pragma = |store: &Store, name: &str| -> i64 {
        store
            .conn
            .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .unwrap()
    };
    // New databases get 16 KiB pages; the checkpoint threshold is in bytes.
    assert_eq!(pragma(&store, "page_size"), 16384);
    assert_eq!(
        pragma(&store, "wal_autocheckpoint"),
        160 * 1024 * 1024 / 16384
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // A database of an older tidings: schema version 1, made before auto_vacuum was set
    // (a file with someone else's tables would be refused as foreign, see store::identity).
    let old = rusqlite::Connection::open(&path).unwrap();
    old.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
    old.execute_batch(include_str!("migrations/0001_initial.sql"))
        .unwrap();
    old.execute_batch("PRAGMA user_version = 1;").unwrap();
    drop(old);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.auto_vacuum_mode().unwrap(), "none");
    assert_eq!(pragma(&store, "page_size"), 4096);
    assert_eq!(
        pragma(&store, "wal_autocheckpoint"),
        160 * 1024 * 1024 / 4096
    );
    let report = store.vacuum().unwrap();
    assert!(report.after_bytes > 0);
    assert_eq!(store.auto_vacuum_mode().unwrap(), "incremental");
}

#[test]
fn prune_gives_pages_back() {
    let (_dir, mut store, a, _) = open();
    let big = "word ".repeat(20_000);
    let entries = (0..20)
        .map(|i| entry(&format!("g{i}"), "T", &format!("{big} {i}"), 0))
        .collect();
    store
        .apply_poll(&fetched(a, 1, entries), &Policy::default())
        .unwrap();
    let before = store.size_bytes().unwrap();
    let policy = RetentionConfig {
        max_age: Some(Duration::from_secs(DAY as u64)),
        max_per_feed: None,
    };
    let report = store
        .prune(&policy, at(10 * DAY), false, &mut |_, _| {})
        .unwrap();
    assert_eq!(report.articles, 20);
    assert!(report.freed_bytes > 0, "{report:?}");
    assert!(store.size_bytes().unwrap() < before);
}

#[test]
fn stats_count_feeds_days_and_ends() {
    let (_dir, mut store, a, b) = open();
    store
        .apply_poll(
            &fetched(
                a,
                1,
                vec![
                    entry("a1", "First", "x", 0),
                    entry("a2", "Second", "y", DAY),
                ],
            ),
            &Policy::default(),
        )
        .unwrap();
    store
        .apply_poll(
            &fetched(b, 1, vec![entry("b1", "Third", "z", DAY + 60)]),
            &Policy::default(),
        )
        .unwrap();
    let stats = store.stats(7, at(DAY)).unwrap();
    assert_eq!(stats.articles, 3);
    assert_eq!(stats.feeds.len(), 2);
    assert_eq!(stats.feeds[0].articles, 2);
    assert_eq!(stats.feeds[1].articles, 1);
    let days: Vec<(&str, u64)> = stats
        .per_day
        .iter()
        .map(|d| (d.day.as_str(), d.articles))
        .collect();
    assert_eq!(days, [("2016-12-09", 2), ("2016-12-08", 1)]);
    assert_eq!(stats.oldest.unwrap().title, "First");
    assert_eq!(stats.newest.unwrap().title, "Third");
    assert_eq!(
        stats.stories,
        Some(3),
        "three unrelated articles, three stories"
    );
    assert_eq!(stats.duplicates, 0);
    assert!(stats.database_bytes > 0);
}
