//! Micro-benchmarks of the scheduler's per-poll work: reading a feed's
//! scheduling hints from its text (which must not grow with the feed: the
//! scan stops at the first item), and the daemon's due queue with many feeds.
//!
//! Run with `cargo bench --bench schedule`.

use std::collections::HashSet;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use tidings::schedule::hints;
use tidings::schedule::queue::DueQueue;
use tokio::time::Instant;

fn feed(items: usize) -> String {
    let mut text = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" \
         xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"><channel>\
         <title>t</title><link>https://example.com/</link><description>d</description>\
         <ttl>60</ttl><sy:updatePeriod>hourly</sy:updatePeriod>\
         <sy:updateFrequency>2</sy:updateFrequency>\
         <skipHours><hour>1</hour><hour>2</hour></skipHours>",
    );
    for i in 0..items {
        text.push_str(&format!(
            "<item><title>Item {i}</title><link>https://example.com/{i}</link>\
             <description>{}</description></item>",
            "words ".repeat(100)
        ));
    }
    text.push_str("</channel></rss>");
    text
}

fn bench_hints(c: &mut Criterion) {
    let mut group = c.benchmark_group("hints_scan");
    for items in [10, 10_000] {
        let text = feed(items);
        group.bench_with_input(BenchmarkId::from_parameter(items), &text, |b, text| {
            b.iter(|| hints::scan(text))
        });
    }
    group.finish();
}

fn bench_queue(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let _guard = rt.enter();
    let mut group = c.benchmark_group("due_queue");
    for feeds in [1_000i64, 10_000] {
        let start = Instant::now();
        let mut queue = DueQueue::new();
        for id in 0..feeds {
            queue.set(id, start + Duration::from_secs(id as u64));
        }
        let keep: HashSet<i64> = (0..feeds).collect();
        group.bench_function(BenchmarkId::new("take_due_and_reschedule", feeds), |b| {
            b.iter(|| {
                let due = queue.take_due(start + Duration::from_secs(5));
                for id in due {
                    queue.finish(id, Some(start + Duration::from_secs(id as u64)));
                }
                queue.next_wake()
            })
        });
        group.bench_function(BenchmarkId::new("resync", feeds), |b| {
            b.iter(|| {
                queue.retain(&keep);
                for id in 0..feeds {
                    queue.set(id, start + Duration::from_secs(id as u64));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_hints, bench_queue);
criterion_main!(benches);
