//! Cost per new article of the cross-feed dedup, with 10,000, 100,000 and
//! 1,000,000 fingerprints stored: it must not grow with the database.
//!
//! Run with `cargo bench --bench dedup` (about 3-5 minutes on 2 cores, most
//! of it building the 1M index; the database, ~1 GB, lives in a temp folder
//! and is removed). For each size:
//!
//! - `lookup_copy`: [`Store::find_copy`] for the fingerprint of a near copy
//!   of a stored article (a few words changed): band-index seeks, candidate
//!   signatures read, verification. One candidate is found and verified.
//! - `lookup_fresh`: the same for an unrelated text: the seeks find nothing.
//! - `ingest_50_copies`: [`Store::apply_poll`] of a poll of 50 new entries,
//!   each a near copy of a different stored article: the whole path a new
//!   article takes (entry key, canonical URL and exact-key lookups, feed
//!   paragraph memory, fingerprint, band lookup and verification, insert of
//!   the article, its fingerprint and 16 band rows), and the poll's commit.
//!   Divide by 50 for the cost per article.
//!
//! The stored articles are synthetic texts of 80 words drawn from a
//! vocabulary of 20,000, fingerprinted with the real [`Fingerprint`] and
//! loaded with [`Store::bulk_load_fingerprints`] in one transaction.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use tidings::config::{FeedConfig, FeedOrigin};
use tidings::dedup::fingerprint::Fingerprint;
use tidings::dedup::Policy;
use tidings::model::{Article, DateSource, FeedMeta, FeedPoll, PollOutcome, Validators};
use tidings::store::Store;
use url::Url;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
const WORDS: usize = 80;
const VOCABULARY: u32 = 20_000;
const THRESHOLD: f64 = 0.6;

/// Stored text number `n`: the same words every time for the same `n`.
fn text(n: u64) -> String {
    let mut rng = fastrand::Rng::with_seed(n);
    let words: Vec<String> = (0..WORDS)
        .map(|_| format!("w{}", rng.u32(..VOCABULARY)))
        .collect();
    words.join(" ")
}

/// Text `n` with two words changed: 10 of its 76 shingles differ, Jaccard
/// similarity 66/86 ≈ 0.77 (found by the bands with probability 0.997).
fn near_copy(n: u64) -> String {
    let mut words: Vec<String> = text(n).split(' ').map(String::from).collect();
    for (k, i) in [25, 55].into_iter().enumerate() {
        words[i] = format!("changed{k}");
    }
    words.join(" ")
}

fn fingerprints(count: usize) -> Vec<Fingerprint> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = count.div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    (t * chunk..((t + 1) * chunk).min(count))
                        .map(|n| Fingerprint::of_text(&text(n as u64)).expect("80 words"))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("fingerprint threads do not panic"))
            .collect()
    })
}

fn at() -> DateTime<Utc> {
    DateTime::from_timestamp(1_717_416_000, 0).expect("a valid time")
}

fn build(size: usize, dir: &std::path::Path) -> (Store, i64) {
    let mut store = Store::open(&dir.join(format!("dedup-{size}.db"))).expect("open");
    let feeds: Vec<FeedConfig> = ["https://wire.example/feed", "https://outlet.example/feed"]
        .iter()
        .map(|u| FeedConfig {
            url: Url::parse(u).expect("url"),
            title: None,
            tags: vec![],
            interval: None,
            full_text: None,
            http: Default::default(),
            origin: FeedOrigin::Config { line: 1 },
        })
        .collect();
    store.sync_feeds(&feeds, at()).expect("feeds");
    let ids: Vec<i64> = store.feeds().expect("feeds").iter().map(|f| f.id).collect();
    let started = Instant::now();
    let prints = fingerprints(size);
    let computed = started.elapsed();
    store
        .bulk_load_fingerprints(ids[0], "stored ", at(), &prints)
        .expect("bulk load");
    let bytes: u64 = std::fs::read_dir(dir)
        .expect("temp dir")
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    eprintln!(
        "dedup bench: {size} fingerprints computed in {:.1?}, stored and indexed in {:.1?} \
         ({:.0} MB on disk)",
        computed,
        started.elapsed() - computed,
        bytes as f64 / 1e6
    );
    (store, ids[1])
}

fn poll(feed_id: i64, articles: Vec<Article>) -> FeedPoll {
    FeedPoll {
        feed_id,
        polled_at: at(),
        next_due: at(),
        duration_ms: 0,
        outcome: PollOutcome::Fetched {
            status: Some(200),
            final_url: "https://outlet.example/feed".into(),
            validators: Validators::default(),
            bytes: 0,
            meta: FeedMeta::default(),
            articles,
            warnings: vec![],
        },
        redirect: None,
        rhythm: None,
        postpone: None,
    }
}

fn entry(n: u64, stored: u64) -> Article {
    let body = near_copy(stored);
    Article {
        guid: Some(format!("outlet-{n}")),
        details: Default::default(),
        link: Some(format!("https://outlet.example/story/{n}")),
        title: format!("Outlet story {n}"),
        authors: vec![],
        categories: vec![],
        language: None,
        enclosures: vec![],
        published: Some(at()),
        updated: None,
        date_source: DateSource::Published,
        summary: None,
        word_count: WORDS as u32,
        content_hash: tidings::normalize::content_hash("", &body),
        body_source: Default::default(),
        raw_date: None,
        body_text: body,
        body_html: None,
        dateline: None,
    }
}

fn bench_dedup(c: &mut Criterion) {
    let dir = tempfile::Builder::new()
        .prefix("tidings-dedup-bench-")
        .tempdir()
        .expect("temp dir");
    let mut group = c.benchmark_group("dedup_per_new_article");
    group.sample_size(30);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    for size in SIZES {
        let (mut store, outlet) = build(size, dir.path());
        // Probes spread over the whole stored range.
        let stride = (size / 1000).max(1) as u64;
        let copies: Vec<Fingerprint> = (0..1000)
            .map(|i| Fingerprint::of_text(&near_copy(i * stride)).expect("80 words"))
            .collect();
        let fresh: Vec<Fingerprint> = (0..1000)
            .map(|i| Fingerprint::of_text(&text(u64::MAX - i)).expect("80 words"))
            .collect();
        let found = copies
            .iter()
            .filter(|fp| store.find_copy(fp, THRESHOLD).expect("lookup").is_some())
            .count();
        eprintln!("dedup bench: {found} of 1000 near copies found at {size}");

        let mut i = 0usize;
        group.bench_with_input(BenchmarkId::new("lookup_copy", size), &size, |b, _| {
            b.iter(|| {
                i = (i + 1) % copies.len();
                store.find_copy(&copies[i], THRESHOLD).expect("lookup")
            })
        });
        group.bench_with_input(BenchmarkId::new("lookup_fresh", size), &size, |b, _| {
            b.iter(|| {
                i = (i + 1) % fresh.len();
                store.find_copy(&fresh[i], THRESHOLD).expect("lookup")
            })
        });
        let mut n = 0u64;
        group.bench_with_input(BenchmarkId::new("ingest_50_copies", size), &size, |b, _| {
            b.iter_batched(
                || {
                    let entries = (0..50)
                        .map(|_| {
                            n += 1;
                            entry(n, (n * stride) % size as u64)
                        })
                        .collect();
                    poll(outlet, entries)
                },
                |p| store.apply_poll(&p, &Policy::default()).expect("apply"),
                criterion::BatchSize::SmallInput,
            )
        });
        drop(store);
        for e in std::fs::read_dir(dir.path()).expect("temp dir").flatten() {
            let _ = std::fs::remove_file(e.path());
        }
    }
    group.finish();
}

criterion_group!(benches, bench_dedup);
criterion_main!(benches);
