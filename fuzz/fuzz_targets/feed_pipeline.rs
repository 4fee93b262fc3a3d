//! Bytes → charset decoding → feed-rs parse → normalize, as the pipeline runs
//! them on a fetched body. The first byte picks the `Content-Type` a server
//! might have sent, so charset labels from HTTP are fuzzed too.
//!
//! Every panic is a finding, including one inside feed-rs that tidings would
//! contain (libfuzzer-sys aborts on any panic): those are reported upstream
//! or worked around before parsing.

#![no_main]

use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: [Option<&str>; 6] = [
    None,
    Some("application/rss+xml"),
    Some("application/xml; charset=iso-8859-1"),
    Some("text/xml; charset=utf-16"),
    Some("application/feed+json; charset=utf-8"),
    Some("text/html; charset=shift_jis"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let content_type = CONTENT_TYPES[usize::from(selector) % CONTENT_TYPES.len()];
    let decoded = tidings::fetch::charset::decode(body, content_type);
    let base = url::Url::parse("https://fuzz.example.com/feed/index.xml").expect("valid base");
    if let Ok(feed) = tidings::parse::parse_blocking(&decoded.text, &base) {
        let now = chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("valid time");
        let (_meta, articles) = tidings::normalize::normalize_feed(&feed, &base, now);
        for article in &articles {
            // The plain-text body never carries a tag the sanitizer would keep.
            assert!(
                !article.body_text.contains("<script"),
                "markup in body_text: {:?}",
                article.body_text
            );
        }
    }
});
