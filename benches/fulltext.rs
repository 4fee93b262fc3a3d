//! Full-text extraction: the sample story's cluttered page
//! (`tests/fixtures/article_page.html`, 7.6 KB) and the same page with 300
//! reader comments appended (a heavy page, ~100 KB), through readability,
//! HTML→text, sanitizing and the dateline; and the robots.txt match.
//!
//! Run with `cargo bench --bench fulltext`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tidings::fulltext::{extract_page, robots};
use tidings::model::RobotsFile;
use url::Url;

fn heavy_page(page: &str) -> String {
    let comment = "<div class=\"comment\"><p class=\"comment-author\">reader</p>\
                   <p>A long reader comment that goes on about the war, the truce, \
                   the talks in Hamburg and what the powers should do next.</p></div>\n";
    page.replace(
        "<a class=\"comments-more\"",
        &format!("{}<a class=\"comments-more\"", comment.repeat(300)),
    )
}

fn bench(c: &mut Criterion) {
    let page = include_str!("../tests/fixtures/article_page.html");
    let heavy = heavy_page(page);
    let url = Url::parse("https://news.example.com/world/2016/12/08/assad").unwrap();
    let mut group = c.benchmark_group("extract_page");
    for (name, html) in [("sample_page", page.to_string()), ("heavy_page", heavy)] {
        group.throughput(Throughput::Bytes(html.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| extract_page(&html, &url).expect("the story is found"))
        });
    }
    group.finish();

    let rules = RobotsFile::Rules(
        "User-agent: *\nDisallow: /private/\nDisallow: /*?share=\nAllow: /private/open\n\n\
         User-agent: tidings\nDisallow: /no-bots/\nCrawl-delay: 5\n"
            .repeat(20),
    );
    c.bench_function("robots_allows", |b| {
        b.iter(|| robots::allows(&rules, "tidings", &url))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
