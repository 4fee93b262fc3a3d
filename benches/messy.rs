//! Benchmarks of the forgiving layer around feed-rs: the repair pass, the
//! lenient recovery, parsing in pieces, and the date parser.
//!
//! Run with `cargo bench --bench messy`. Memory and time of whole large
//! feeds are measured with the binary instead (see `benches/gen_big_feeds.py`
//! and docs/performance.md, "Large feeds").

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use url::Url;

const ITEMS: usize = 2_000;

/// An RSS 2.0 feed of `ITEMS` small items; `messy` adds HTML entities, bare
/// ampersands and one unclosed `<br>` per item (which forces recovery).
fn feed(messy: bool) -> String {
    let mut xml =
        String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Bench</title>");
    for i in 0..ITEMS {
        let (title, body) = if messy {
            (
                format!("Caf&eacute; &amp; bar #{i} R&D"),
                format!("Line one<br>line two &mdash; item {i}"),
            )
        } else {
            (
                format!("Cafe &amp; bar #{i} R&amp;D"),
                format!("Line one line two, item {i}"),
            )
        };
        xml.push_str(&format!(
            "<item><title>{title}</title><link>https://b.example/{i}</link>\
             <pubDate>Thu, 08 Dec 2016 10:{:02}:00 CEST</pubDate><description>{body}</description></item>",
            i % 60
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

fn parse_all(xml: &str, base: &Url) -> usize {
    let mut n = 0;
    tidings::parse::parse_in_pieces(xml, base, &mut |piece| n += piece.feed.entries.len()).unwrap();
    n
}

fn bench_layers(c: &mut Criterion) {
    let base = Url::parse("https://b.example/feed.xml").unwrap();
    let clean = feed(false);
    let messy = feed(true);
    let mut group = c.benchmark_group("feed_of_2000");
    group.throughput(Throughput::Bytes(messy.len() as u64));
    group.bench_function("repair_clean_no_copy", |b| {
        b.iter(|| tidings::repair::repair(&clean).warnings.len())
    });
    group.bench_function("repair_messy", |b| {
        b.iter(|| tidings::repair::repair(&messy).warnings.len())
    });
    group.bench_function("parse_clean", |b| b.iter(|| parse_all(&clean, &base)));
    group.bench_function("parse_messy_recovered", |b| {
        b.iter(|| parse_all(&messy, &base))
    });
    group.finish();
}

fn bench_dates(c: &mut Criterion) {
    let dates = [
        "Thu, 08 Dec 2016 10:00:00 +0000",
        "2016-12-08T10:00:00Z",
        "Thursday, December 8, 2016, 10:00 AM PDT",
        "2016-12-08 10:00:00",
    ];
    c.bench_function("parse_date_mixed_4", |b| {
        b.iter(|| {
            dates
                .iter()
                .filter_map(|d| tidings::dates::parse_date(d))
                .count()
        })
    });
}

criterion_group!(benches, bench_layers, bench_dates);
criterion_main!(benches);
