//! Benchmarks of the archive tools on a database of 10,000 articles, each
//! the size of the sample article: full-text search, and export into a
//! folder (first run, and the incremental run that finds nothing to do).
//!
//! Run with `cargo bench --bench archive`.

use std::time::Duration;

use chrono::Utc;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use tidings::config::{FeedConfig, FeedOrigin};
use tidings::model::{Article, FeedMeta, FeedPoll, PollOutcome, Validators};
use tidings::store::{ArticleQuery, SearchQuery, Store};
use url::Url;

const FEEDS: usize = 200;
const PER_FEED: usize = 50;
const ARTICLES: u64 = (FEEDS * PER_FEED) as u64;

/// One feed's worth of articles: the sample's body under numbered headlines.
fn articles(feed: usize) -> Vec<Article> {
    let sample = include_str!("../tests/fixtures/article.txt");
    let (head, body) = sample.split_once("\n\n").expect("sample has a body");
    let title = head.splitn(4, ' ').nth(3).unwrap_or("headline");
    (0..PER_FEED)
        .map(|i| Article {
            guid: Some(format!("{feed}-{i}")),
            details: Default::default(),
            link: None,
            title: format!("{title} {feed} {i}"),
            authors: vec![],
            categories: vec![],
            language: None,
            enclosures: vec![],
            published: Some(Utc::now() - chrono::Duration::minutes((feed * PER_FEED + i) as i64)),
            updated: None,
            date_source: tidings::model::DateSource::Published,
            raw_date: None,
            summary: None,
            body_text: body.to_string(),
            body_html: None,
            dateline: None,
            word_count: 600,
            content_hash: format!("{feed}-{i}"),
            body_source: Default::default(),
        })
        .collect()
}

fn archive() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db")).unwrap();
    let feeds: Vec<FeedConfig> = (0..FEEDS)
        .map(|i| FeedConfig {
            url: Url::parse(&format!("https://news.example/{i}.xml")).unwrap(),
            title: None,
            tags: vec![],
            interval: None,
            full_text: None,
            http: Default::default(),
            origin: FeedOrigin::Config { line: 1 },
        })
        .collect();
    store.sync_feeds(&feeds, Utc::now()).unwrap();
    for (n, feed) in store.feeds().unwrap().iter().enumerate() {
        store
            .apply_poll(
                &FeedPoll {
                    feed_id: feed.id,
                    polled_at: Utc::now(),
                    next_due: Utc::now(),
                    duration_ms: 0,
                    outcome: PollOutcome::Fetched {
                        status: Some(200),
                        final_url: feed.url.clone(),
                        validators: Validators::default(),
                        bytes: 0,
                        meta: FeedMeta::default(),
                        articles: articles(n),
                        warnings: vec![],
                    },
                    redirect: None,
                    rhythm: None,
                    postpone: None,
                },
                &tidings::dedup::Policy::default(),
            )
            .unwrap();
    }
    (dir, store)
}

fn bench_search(c: &mut Criterion) {
    let (_dir, store) = archive();
    let mut group = c.benchmark_group("search_10k_articles");
    group.measurement_time(Duration::from_secs(5));
    for (name, text) in [
        ("word_in_every_body", "blistering"),
        ("two_words", "aleppo ceasefire"),
        ("phrase", "\"humanitarian catastrophe\""),
    ] {
        let query = SearchQuery {
            text: text.into(),
            filter: ArticleQuery {
                limit: Some(20),
                ..ArticleQuery::default()
            },
            ..SearchQuery::default()
        };
        group.bench_function(name, |b| b.iter(|| store.search(&query).unwrap()));
    }
    group.finish();
}

fn bench_export(c: &mut Criterion) {
    let (dir, store) = archive();
    let query = ArticleQuery::default();
    let mut group = c.benchmark_group("export_text_10k_articles");
    group.throughput(Throughput::Elements(ARTICLES));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("first_run", |b| {
        b.iter_batched(
            || tempfile::tempdir_in(dir.path()).unwrap(),
            |out| tidings::export::export_text(&store, &query, out.path(), &mut || {}).unwrap(),
            BatchSize::PerIteration,
        )
    });
    let out = dir.path().join("again");
    tidings::export::export_text(&store, &query, &out, &mut || {}).unwrap();
    group.bench_function("nothing_new", |b| {
        b.iter(|| {
            let summary = tidings::export::export_text(&store, &query, &out, &mut || {}).unwrap();
            assert_eq!(summary.unchanged, ARTICLES);
        })
    });
    group.finish();
}

criterion_group!(benches, bench_search, bench_export);
criterion_main!(benches);
