//! What each fuzz target does with one input, shared by the cargo-fuzz targets
//! (`fuzz/fuzz_targets/*.rs` include this file by path) and by `tests/fuzz_regressions.rs`,
//! which replays every input the fuzzers ever crashed on (`tests/fixtures/fuzz/<target>/`).
//! A panic here is a finding.

use super::html_audit;

/// `Content-Type` headers the first input byte picks from, so HTTP charset labels are
/// fuzzed too.
const CONTENT_TYPES: [Option<&str>; 6] = [
    None,
    Some("application/rss+xml"),
    Some("application/xml; charset=iso-8859-1"),
    Some("text/xml; charset=utf-16"),
    Some("application/feed+json; charset=utf-8"),
    Some("text/html; charset=shift_jis"),
];

/// Bytes → charset decoding → feed-rs parse → normalize, as the pipeline runs them on a
/// fetched body. A parser panic that tidings contains (`ParseError::Panicked`) still counts.
pub fn feed_pipeline(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let content_type = CONTENT_TYPES[usize::from(selector) % CONTENT_TYPES.len()];
    let decoded = tidings::fetch::charset::decode(body, content_type);
    let base = url::Url::parse("https://fuzz.example.com/feed/index.xml").expect("valid base");
    match tidings::parse::parse_blocking(&decoded.text, &base) {
        Ok(feed) => {
            let now = chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("valid time");
            let (_meta, mut articles) = tidings::normalize::normalize_feed(&feed, &base, now);
            tidings::pipeline::limits::apply(&mut articles);
            for article in &articles {
                if let Some(html) = &article.body_html {
                    let problems = html_audit::audit(html);
                    assert!(problems.is_empty(), "{problems:?} in {html:?}");
                }
            }
        }
        Err(tidings::parse::ParseError::Panicked(message)) => {
            panic!("the feed parser panicked (contained in production): {message}")
        }
        Err(_) => {}
    }
}

/// Config text → validated `Config`: every bad input is a `ConfigError` with a message.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    // A folder that does not exist: OPML files named by the input are not found, and
    // relative paths resolve without touching the disk.
    let path = std::path::Path::new("/nonexistent-tidings-fuzz/tidings.toml");
    if let Err(err) = tidings::config::Config::parse(&text, path) {
        assert!(!err.to_string().is_empty());
    }
}

/// Entry HTML → sanitized HTML (judged by the independent audit) and plain text.
pub fn sanitize(data: &[u8]) {
    let html = String::from_utf8_lossy(data);
    let base = url::Url::parse("https://fuzz.example.com/a/b.html").expect("valid base");
    let clean = tidings::normalize::sanitize_html(&html, Some(&base));
    let problems = html_audit::audit(&clean);
    assert!(problems.is_empty(), "{problems:?} in {clean:?}");
    let _ = tidings::normalize::html_to_text(&html);
}
