//! Entry HTML → sanitized HTML and plain text. Besides "no panic", checks the
//! sanitizer's promise on every input with an independent html5ever-based
//! audit (`tests/common/html_audit.rs`): no script, event handler, style,
//! `javascript:`/`data:` URL or form survives.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/html_audit.rs"]
mod html_audit;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let base = url::Url::parse("https://fuzz.example.com/a/b.html").expect("valid base");
    let clean = tidings::normalize::sanitize_html(&html, Some(&base));
    let problems = html_audit::audit(&clean);
    assert!(problems.is_empty(), "{problems:?} in {clean:?}");
    let _ = tidings::normalize::html_to_text(&html);
});
