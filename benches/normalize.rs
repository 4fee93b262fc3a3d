//! Micro-benchmarks of the CPU stages: parse + normalize per article, the
//! dedup keys of one article, and storing a poll's batch of articles.
//!
//! Run with `cargo bench --bench normalize`. The input is a synthetic RSS 2.0
//! feed of 50 items, each carrying the sample article of
//! `tests/fixtures/article.txt` as HTML paragraphs, the size of a real news
//! item.

use std::time::Duration;

use chrono::Utc;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tidings::config::{FeedConfig, FeedOrigin};
use tidings::dedup::Policy;
use tidings::model::{FeedMeta, FeedPoll, PollOutcome, Validators};
use tidings::store::Store;
use url::Url;

const ITEMS: usize = 50;

fn sample_feed() -> String {
    let article = include_str!("../tests/fixtures/article.txt");
    let (head, body) = article.split_once("\n\n").expect("sample has a body");
    let title = head.splitn(4, ' ').nth(3).unwrap_or("headline");
    let html: String = body
        .split("\n\n")
        .map(|p| format!("<p>{}</p>\n", p.replace('&', "&amp;").replace('<', "&lt;")))
        .collect();
    let escaped = html
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Bench</title><link>https://news.example/</link>",
    );
    for i in 0..ITEMS {
        xml.push_str(&format!(
            "<item><title>{title} {i}</title><link>https://news.example/a/{i}</link><guid>https://news.example/a/{i}</guid>\
             <pubDate>Thu, 08 Dec 2016 10:{:02}:00 +0000</pubDate><description>{escaped}</description></item>",
            i % 60
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

fn bench_normalize(c: &mut Criterion) {
    let xml = sample_feed();
    let base = Url::parse("https://news.example/feed.xml").unwrap();
    let feed = tidings::parse::parse_blocking(&xml, &base).unwrap();
    let now = Utc::now();
    let mut group = c.benchmark_group("per_feed_of_50");
    group.throughput(Throughput::Elements(ITEMS as u64));
    group.bench_function("parse", |b| {
        b.iter(|| tidings::parse::parse_blocking(&xml, &base).unwrap())
    });
    group.bench_function("normalize", |b| {
        b.iter(|| tidings::normalize::normalize_feed(&feed, &base, now))
    });
    group.finish();

    // The dedup keys the parse workers compute per new article (exact key,
    // paragraph hashes, MinHash fingerprint): `dedup::textkeys`.
    let article = include_str!("../tests/fixtures/article.txt");
    let (title, body) = article.split_once("\n\n").expect("sample has a body");
    let mut group = c.benchmark_group("per_article");
    group.throughput(Throughput::Elements(1));
    group.bench_function("text_keys", |b| {
        b.iter(|| tidings::dedup::textkeys::TextKeys::of(title, body, true))
    });
    group.finish();
}

fn bench_store(c: &mut Criterion) {
    let xml = sample_feed();
    let base = Url::parse("https://news.example/feed.xml").unwrap();
    let feed = tidings::parse::parse_blocking(&xml, &base).unwrap();
    let (_, articles) = tidings::normalize::normalize_feed(&feed, &base, Utc::now());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db")).unwrap();
    let feeds: Vec<FeedConfig> = (0..1000)
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
    let ids: Vec<i64> = store.feeds().unwrap().iter().map(|f| f.id).collect();
    let mut next = 0usize;
    let mut group = c.benchmark_group("store_batch_of_50");
    group.throughput(Throughput::Elements(ITEMS as u64));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("new_articles", |b| {
        b.iter(|| {
            // A different feed and other links each time, so every article is new (the
            // same link in another feed would be the same page: a membership, no record).
            let feed_id = ids[next % ids.len()];
            next += 1;
            let fresh: Vec<_> = articles
                .iter()
                .map(|a| {
                    let mut a = a.clone();
                    a.link = a.link.map(|l| format!("{l}?run={next}"));
                    a
                })
                .collect();
            store
                .apply_poll(&poll(feed_id, &fresh), &Policy::default())
                .unwrap()
        })
    });
    group.finish();
}

fn poll(feed_id: i64, articles: &[tidings::model::Article]) -> FeedPoll {
    FeedPoll {
        feed_id,
        polled_at: Utc::now(),
        next_due: Utc::now(),
        duration_ms: 0,
        outcome: PollOutcome::Fetched {
            status: Some(200),
            final_url: "https://news.example/feed.xml".into(),
            validators: Validators::default(),
            bytes: 0,
            meta: FeedMeta::default(),
            articles: articles.to_vec(),
            warnings: vec![],
        },
        redirect: None,
        rhythm: None,
        postpone: None,
    }
}

criterion_group!(benches, bench_normalize, bench_store);
criterion_main!(benches);
