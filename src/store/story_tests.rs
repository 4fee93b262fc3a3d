//! Stories in the store: canonical URLs, exact and near copies, boilerplate,
//! drop mode, updates, the migration's backfill, and the story queries.

use rusqlite_migration::{Migrations, M};

use super::test_support::{article, at, feed, fetched};
use super::*;
use crate::config::FeedConfig;
use crate::dedup::{NearMode, Policy, PreparedKeys};
use crate::model::PollOutcome;
use crate::normalize::content_hash;

const SAMPLE: &str = include_str!("../../tests/fixtures/article.txt");

fn sample_body() -> &'static str {
    SAMPLE.split_once("\n\n").unwrap().1
}

/// A store with `n` feeds `https://outletN.example/feed`; returns their ids.
fn open(n: usize) -> (tempfile::TempDir, Store, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let feeds: Vec<FeedConfig> = (0..n)
        .map(|i| feed(&format!("https://outlet{i}.example/feed")))
        .collect();
    store.sync_feeds(&feeds, at(0)).unwrap();
    let ids = store.feeds().unwrap().iter().map(|f| f.id).collect();
    (dir, store, ids)
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn by_link<'a>(articles: &'a [StoredArticle], link: &str) -> &'a StoredArticle {
    articles
        .iter()
        .find(|a| a.article.link.as_deref() == Some(link))
        .unwrap_or_else(|| panic!("no article {link}"))
}

/// Two short stories of one outlet, each under the outlet's long footer.
fn footer_story(n: usize) -> String {
    let own = [
        "The harbour board approved a second ferry berth on Monday, ending a dispute that \
         had delayed the project for three years.",
        "Volunteers planted four hundred oak saplings along the river path over the weekend, \
         the parks department said.",
    ][n];
    format!(
        "{own}\n\nThe Coastal Courier is an independent newspaper owned by its readers. It has \
         served the towns of the northern coast since 1901 and relies on subscriptions and \
         donations, not on advertising, to pay its reporters, editors and photographers. Our \
         newsroom answers to a board elected every year by the members of the cooperative, and \
         every story we publish can be shared freely with credit to the Courier and a link to \
         the original page on our website."
    )
}

#[test]
fn the_same_page_in_two_feeds_is_one_article_with_two_memberships() {
    let (_dir, mut store, feeds) = open(2);
    let page = "https://site.example/world/2016/12/08/aleppo";
    let tagged = format!("{page}/?utm_source=top&utm_medium=rss#comments");
    let a = store
        .apply_poll(
            &fetched(feeds[0], 1, vec![article(page, "Aleppo", sample_body())]),
            &Policy::default(),
        )
        .unwrap();
    let b = store
        .apply_poll(
            &fetched(feeds[1], 2, vec![article(&tagged, "Aleppo", sample_body())]),
            &Policy::default(),
        )
        .unwrap();
    assert_eq!((a.new, a.merged), (1, 0));
    assert_eq!((b.new, b.merged), (0, 1));
    let articles = store.articles(&ArticleQuery::default()).unwrap();
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0].feeds.len(), 2);
    assert_eq!(articles[0].canonical_url.as_deref(), Some(page));
    // Seen again in the second feed: unchanged, not a new membership.
    let again = store
        .apply_poll(
            &fetched(feeds[1], 3, vec![article(&tagged, "Aleppo", sample_body())]),
            &Policy::default(),
        )
        .unwrap();
    assert_eq!((again.unchanged, again.merged), (1, 0));
    store.integrity_check().unwrap();
}

#[test]
fn one_link_for_two_entries_of_one_feed_or_a_front_page_is_no_merge() {
    let (_dir, mut store, feeds) = open(2);
    let live = "https://site.example/live/election";
    let mut first = article(live, "10:02 Polls open", "Polls opened at seven.");
    first.guid = Some("live-1".into());
    let mut second = article(
        live,
        "10:31 Turnout high",
        "Turnout is high, officials say.",
    );
    second.guid = Some("live-2".into());
    let front = |n: &str| {
        let mut a = article(
            "https://other.example/",
            n,
            "A short item on the front page.",
        );
        a.guid = Some(n.into());
        a
    };
    let counts = store
        .apply_poll(
            &fetched(feeds[0], 1, vec![first, second, front("x")]),
            &Policy::default(),
        )
        .unwrap();
    assert_eq!((counts.new, counts.merged), (3, 0));
    let counts = store
        .apply_poll(&fetched(feeds[1], 2, vec![front("y")]), &Policy::default())
        .unwrap();
    assert_eq!(
        (counts.new, counts.merged),
        (1, 0),
        "a front page is no article's page"
    );
    assert_eq!(store.articles(&ArticleQuery::default()).unwrap().len(), 4);
}

#[test]
fn exact_and_near_copies_join_one_story_each_keeping_its_record() {
    let (_dir, mut store, feeds) = open(3);
    let (trimmed, _) = sample_body().rsplit_once("\n\n").unwrap();
    let title = "Assad confident of Aleppo victory";
    store
        .apply_poll(
            &fetched(
                feeds[0],
                1,
                vec![article("https://a.example/1", title, sample_body())],
            ),
            &Policy::default(),
        )
        .unwrap();
    store
        .apply_poll(
            &fetched(
                feeds[1],
                2,
                vec![article(
                    "https://b.example/x",
                    &title.to_uppercase(),
                    sample_body(),
                )],
            ),
            &Policy::default(),
        )
        .unwrap();
    store
        .apply_poll(
            &fetched(
                feeds[2],
                3,
                vec![article(
                    "https://c.example/y",
                    "Syria: Assad sure of victory",
                    trimmed,
                )],
            ),
            &Policy::default(),
        )
        .unwrap();
    let articles = store.articles(&ArticleQuery::default()).unwrap();
    assert_eq!(articles.len(), 3);
    let story = by_link(&articles, "https://a.example/1").story_id;
    assert!(story.is_some());
    assert!(articles.iter().all(|a| a.story_id == story));
    let how: Vec<(String, Option<f64>)> = store
        .conn
        .prepare("SELECT story_match, story_similarity FROM articles ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(how[0], ("first".to_string(), None));
    assert_eq!(how[1], ("exact".to_string(), Some(1.0)));
    assert_eq!(how[2].0, "near");
    assert!(how[2].1.unwrap() >= 0.8, "{how:?}");
    assert_eq!(count(&store, "SELECT count(*) FROM lsh_bands"), 3 * 16);
}

#[test]
fn a_shared_footer_does_not_merge_two_stories_of_one_outlet() {
    let (_dir, mut store, feeds) = open(1);
    store
        .apply_poll(
            &fetched(
                feeds[0],
                1,
                vec![
                    article(
                        "https://courier.example/ferry",
                        "Ferry berth approved",
                        &footer_story(0),
                    ),
                    article(
                        "https://courier.example/oaks",
                        "Oaks planted",
                        &footer_story(1),
                    ),
                ],
            ),
            &Policy::default(),
        )
        .unwrap();
    let articles = store.articles(&ArticleQuery::default()).unwrap();
    assert_eq!(articles.len(), 2);
    assert_ne!(articles[0].story_id, articles[1].story_id);
    // Without rule 2 the footer alone would have made them one story.
    let whole = |n| crate::dedup::fingerprint::Fingerprint::of_text(&footer_story(n)).unwrap();
    assert!(whole(0).similarity(&whole(1)) >= Policy::default().threshold);
}

#[test]
fn drop_mode_keeps_every_source_without_a_second_record() {
    let policy = Policy {
        near: NearMode::Drop,
        ..Policy::default()
    };
    let (_dir, mut store, feeds) = open(2);
    let (trimmed, _) = sample_body().rsplit_once("\n\n").unwrap();
    store
        .apply_poll(
            &fetched(
                feeds[0],
                1,
                vec![article("https://a.example/1", "Aleppo", sample_body())],
            ),
            &policy,
        )
        .unwrap();
    let copy = article("https://b.example/2", "Assad: victory near", trimmed);
    let counts = store
        .apply_poll(&fetched(feeds[1], 2, vec![copy.clone()]), &policy)
        .unwrap();
    assert_eq!((counts.new, counts.merged), (0, 1));
    let articles = store.articles(&ArticleQuery::default()).unwrap();
    assert_eq!(articles.len(), 1);
    assert_eq!(
        articles[0].feeds.len(),
        2,
        "the copy's feed is a membership"
    );
    let stories = store.stories(&StoryQuery::default()).unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].source_count, 2);
    assert_eq!(stories[0].outlets, vec!["a.example", "b.example"]);
    let dropped = stories[0].sources.iter().find(|s| s.dropped).unwrap();
    assert_eq!(dropped.link.as_deref(), Some("https://b.example/2"));

    // Seen again: unchanged. Edited in its feed: the copy changes, the article does not.
    let again = store
        .apply_poll(&fetched(feeds[1], 3, vec![copy.clone()]), &policy)
        .unwrap();
    assert_eq!(again.unchanged, 1);
    let mut edited = copy;
    edited.title = "Assad: victory near (updated)".into();
    edited.content_hash = content_hash(&edited.title, &edited.body_text);
    let counts = store
        .apply_poll(&fetched(feeds[1], 4, vec![edited]), &policy)
        .unwrap();
    assert_eq!(counts.updated, 1);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM copies WHERE title LIKE '%(updated)'"
        ),
        1
    );
    let kept = store.articles(&ArticleQuery::default()).unwrap();
    assert_eq!(kept[0].article.title, "Aleppo");
    assert_eq!(count(&store, "SELECT count(*) FROM revisions"), 0);
}

#[test]
fn off_mode_stores_no_fingerprint_but_still_links_exact_copies() {
    let policy = Policy {
        near: NearMode::Off,
        ..Policy::default()
    };
    let (_dir, mut store, feeds) = open(2);
    let (trimmed, _) = sample_body().rsplit_once("\n\n").unwrap();
    store
        .apply_poll(
            &fetched(
                feeds[0],
                1,
                vec![
                    article("https://a.example/1", "Aleppo", sample_body()),
                    article("https://a.example/2", "Aleppo, trimmed", trimmed),
                ],
            ),
            &policy,
        )
        .unwrap();
    store
        .apply_poll(
            &fetched(
                feeds[1],
                2,
                vec![article("https://b.example/1", "Aleppo", sample_body())],
            ),
            &policy,
        )
        .unwrap();
    assert_eq!(count(&store, "SELECT count(*) FROM fingerprints"), 0);
    assert_eq!(
        count(&store, "SELECT count(DISTINCT story_id) FROM articles"),
        2
    );
}

#[test]
fn an_edited_article_keeps_its_story_and_gets_a_new_fingerprint() {
    let (_dir, mut store, feeds) = open(2);
    store
        .apply_poll(
            &fetched(
                feeds[0],
                1,
                vec![article("https://a.example/1", "Aleppo", sample_body())],
            ),
            &Policy::default(),
        )
        .unwrap();
    store
        .apply_poll(
            &fetched(
                feeds[1],
                2,
                vec![article("https://b.example/1", "Aleppo!", sample_body())],
            ),
            &Policy::default(),
        )
        .unwrap();
    let before: Vec<u8> = store
        .conn
        .query_row(
            "SELECT minhash FROM fingerprints ORDER BY article_id DESC",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let edited = format!(
        "Update: the talks resumed on Friday in Hamburg.\n\n{}",
        sample_body()
    );
    let counts = store
        .apply_poll(
            &fetched(
                feeds[1],
                3,
                vec![article("https://b.example/1", "Aleppo!", &edited)],
            ),
            &Policy::default(),
        )
        .unwrap();
    assert_eq!(counts.updated, 1);
    let after: Vec<u8> = store
        .conn
        .query_row(
            "SELECT minhash FROM fingerprints ORDER BY article_id DESC",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_ne!(before, after);
    assert_eq!(
        count(&store, "SELECT count(DISTINCT story_id) FROM articles"),
        1
    );
    assert_eq!(count(&store, "SELECT count(*) FROM lsh_bands"), 2 * 16);
}

#[test]
fn stories_and_unique_articles() {
    let (_dir, mut store, feeds) = open(3);
    let (trimmed, _) = sample_body().rsplit_once("\n\n").unwrap();
    let mut late = article("https://c.example/3", "Aleppo late", sample_body());
    late.published = Some(at(3600));
    store
        .apply_poll(
            &fetched(
                feeds[0],
                1,
                vec![
                    article("https://a.example/1", "Aleppo trimmed", trimmed),
                    article("https://a.example/ferry", "Ferry", &footer_story(0)),
                ],
            ),
            &Policy::default(),
        )
        .unwrap();
    store
        .apply_poll(&fetched(feeds[1], 2, vec![late]), &Policy::default())
        .unwrap();
    let stories = store.stories(&StoryQuery::default()).unwrap();
    assert_eq!(stories.len(), 2);
    let aleppo = stories.iter().find(|s| s.source_count == 2).unwrap();
    assert_eq!(
        aleppo.title, "Aleppo trimmed",
        "the earliest source's headline"
    );
    assert_eq!(aleppo.outlets, vec!["a.example", "c.example"]);
    let busy = store
        .stories(&StoryQuery {
            min_sources: 2,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(busy.len(), 1);

    let unique = store
        .articles(&ArticleQuery {
            unique: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(unique.len(), 2);
    assert!(
        unique.iter().any(|a| a.article.title == "Aleppo late"),
        "the fullest copy"
    );
    // Filters apply first: among feed 0's articles, its own copy is the pick.
    let in_feed = store
        .articles(&ArticleQuery {
            unique: true,
            feed: Some("https://outlet0.example/feed".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(in_feed.iter().any(|a| a.article.title == "Aleppo trimmed"));
}

#[test]
fn the_migration_indexes_and_groups_articles_stored_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        Migrations::new(vec![M::up(include_str!("migrations/0001_initial.sql"))])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO feeds (url, created_at) VALUES ('https://a.example/feed', '2016-12-08T10:00:00Z');",
        )
        .unwrap();
        let (trimmed, _) = sample_body().rsplit_once("\n\n").unwrap();
        for (i, body) in [
            sample_body(),
            "A different short story about ferries and oak trees \
            planted along the river by volunteers over the weekend.",
            trimmed,
        ]
        .iter()
        .enumerate()
        {
            conn.execute(
                "INSERT INTO articles (feed_id, link, title, date_source, sort_date, first_seen_at,
                    last_seen_at, modified_at, body_text, word_count, content_hash)
                 VALUES (1, ?1, 'T', 'published', '2016-12-08T10:00:00Z', '2016-12-08T10:00:00Z',
                    '2016-12-08T10:00:00Z', '2016-12-08T10:00:00Z', ?2, 1, ?3)",
                rusqlite::params![
                    format!("https://a.example/{i}/?utm_source=x"),
                    body,
                    format!("h{i}")
                ],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    let articles = store.articles(&ArticleQuery::default()).unwrap();
    assert!(articles.iter().all(|a| a.story_id.is_some()));
    assert_eq!(
        count(&store, "SELECT count(DISTINCT story_id) FROM articles"),
        2
    );
    assert_eq!(count(&store, "SELECT count(*) FROM fingerprints"), 3);
    assert_eq!(
        by_link(&articles, "https://a.example/0/?utm_source=x")
            .canonical_url
            .as_deref(),
        Some("https://a.example/0")
    );
    store.integrity_check().unwrap();
}

#[test]
fn bulk_loaded_fingerprints_are_found_like_ingested_ones() {
    use crate::dedup::fingerprint::Fingerprint;
    let (_dir, mut store, feeds) = open(1);
    let texts: Vec<String> = (0..451)
        .map(|i| {
            (0..40)
                .map(|w| format!("t{i}w{w}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let prints: Vec<Fingerprint> = texts
        .iter()
        .map(|t| Fingerprint::of_text(t).unwrap())
        .collect();
    assert_eq!(
        store
            .bulk_load_fingerprints(feeds[0], "bulk ", at(0), &prints)
            .unwrap(),
        451
    );
    // 451 × 16 rows: 36 statements of 200 rows, and 16 rows one by one.
    assert_eq!(count(&store, "SELECT count(*) FROM lsh_bands"), 451 * 16);
    let copy = texts[321].replacen("t321w20", "changed", 1);
    let found = store
        .find_copy(&Fingerprint::of_text(&copy).unwrap(), 0.6)
        .unwrap()
        .expect("the near copy is found");
    let title: String = store
        .conn
        .query_row(
            "SELECT title FROM articles WHERE id = ?1",
            [found.article_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(title, "bulk 321");
    let fresh = Fingerprint::of_text(&texts[0].replace('t', "x")).unwrap();
    assert_eq!(store.find_copy(&fresh, 0.6).unwrap(), None);
    let mode: String = store
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    store.integrity_check().unwrap();
}

#[test]
fn pruning_an_article_takes_its_band_rows_with_it() {
    // The band rows have no foreign key (migration 0008): prune removes them
    // itself, and the surviving article is still found by its copies.
    let (_dir, mut store, feeds) = open(2);
    let (first, _) = sample_body().rsplit_once("\n\n").unwrap();
    store
        .apply_poll(
            &fetched(
                feeds[0],
                1,
                vec![
                    article("https://a.example/old", "Old", &footer_story(0)),
                    article("https://a.example/new", "New", first),
                ],
            ),
            &Policy::default(),
        )
        .unwrap();
    assert_eq!(count(&store, "SELECT count(*) FROM lsh_bands"), 2 * 16);
    let policy = crate::config::RetentionConfig {
        max_age: None,
        max_per_feed: Some(1),
    };
    let report = store.prune(&policy, at(0), false, &mut |_, _| {}).unwrap();
    assert_eq!(report.articles, 1);
    assert_eq!(count(&store, "SELECT count(*) FROM fingerprints"), 1);
    assert_eq!(count(&store, "SELECT count(*) FROM lsh_bands"), 16);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM lsh_bands WHERE article_id NOT IN (SELECT id FROM articles)"
        ),
        0
    );
    store
        .apply_poll(
            &fetched(
                feeds[1],
                2,
                vec![article("https://b.example/copy", "Copy", sample_body())],
            ),
            &Policy::default(),
        )
        .unwrap();
    let articles = store.articles(&ArticleQuery::default()).unwrap();
    let copy = by_link(&articles, "https://b.example/copy");
    assert_eq!(
        copy.story_id,
        by_link(&articles, "https://a.example/new").story_id
    );
    store.integrity_check().unwrap();
}

#[test]
fn each_poll_of_a_batch_is_stored_under_its_own_policy() {
    let (_dir, mut store, feeds) = open(3);
    let link = Policy::default();
    let drop = Policy {
        near: NearMode::Drop,
        ..Policy::default()
    };
    let title = "Assad confident of Aleppo victory";
    let poll =
        |feed: usize, url: &str| fetched(feeds[feed], 1, vec![article(url, title, sample_body())]);
    let (first, dropped, linked) = (
        poll(0, "https://a.example/1"),
        poll(1, "https://b.example/1"),
        poll(2, "https://c.example/1"),
    );
    let results = store.apply_polls(&[
        PollWrite::new(&first, &link),
        PollWrite::new(&dropped, &drop),
        PollWrite::new(&linked, &link),
    ]);
    let counts: Vec<(u64, u64)> = results
        .into_iter()
        .map(|r| r.map(|c| (c.new, c.merged)).unwrap())
        .collect();
    // The second copy is dropped into the first; the third is an article.
    assert_eq!(counts, [(1, 0), (0, 1), (1, 0)]);
    assert_eq!(count(&store, "SELECT count(*) FROM copies"), 1);
    assert_eq!(count(&store, "SELECT count(*) FROM articles"), 2);
    assert_eq!(
        count(&store, "SELECT count(DISTINCT story_id) FROM articles"),
        1
    );
}

#[test]
fn keys_prepared_beside_the_articles_change_nothing_stored() {
    let (trimmed, _) = sample_body().rsplit_once("\n\n").unwrap();
    let entries = |feed: i64| {
        fetched(
            feed,
            1,
            vec![
                article(
                    &format!("https://f{feed}.example/1"),
                    "Aleppo",
                    sample_body(),
                ),
                article(
                    &format!("https://f{feed}.example/2"),
                    "Aleppo, again",
                    trimmed,
                ),
                article(
                    &format!("https://f{feed}.example/3"),
                    "Other",
                    "A short text of its own.",
                ),
            ],
        )
    };
    // What each way stores: every article's story, match and fingerprint.
    let stored = |keys: &dyn Fn(&[crate::model::Article]) -> PreparedKeys| {
        let (_dir, mut store, feeds) = open(2);
        let policy = Policy::default();
        for feed in &feeds {
            let poll = entries(*feed);
            let PollOutcome::Fetched { articles, .. } = &poll.outcome else {
                unreachable!()
            };
            let keys = keys(articles);
            let write = PollWrite {
                keys: &keys,
                ..PollWrite::new(&poll, &policy)
            };
            store.apply_poll_with(&write).unwrap();
        }
        let rows = store
            .conn
            .prepare(
                "SELECT a.story_id, a.story_match, a.text_hash, f.minhash FROM articles a
                 LEFT JOIN fingerprints f ON f.article_id = a.id ORDER BY a.id",
            )
            .unwrap()
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<Vec<u8>>>(3)?,
                ))
            })
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        rows
    };
    let computed = stored(&|_| PreparedKeys::NONE);
    assert_eq!(computed.len(), 6);
    let prepared = stored(&|articles| crate::pipeline::prepare_text_keys(articles, None, true));
    assert_eq!(prepared, computed);
    // Keys out of step with the articles are not used.
    let shifted = stored(&|articles| {
        let mut keys = vec![None];
        keys.extend(
            articles
                .iter()
                .map(|a| Some(crate::dedup::TextKeys::of(&a.title, &a.body_text, true))),
        );
        PreparedKeys::from(keys)
    });
    assert_eq!(shifted, computed);
}
