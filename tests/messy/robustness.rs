//! Never crash, bounded: mutated fixtures, deep nesting, feed-rs crashers, not a feed.

use super::*;

// --- 8. never crash, bounded -------------------------------------------------------------

/// Every fixture, cut and corrupted in bounded, deterministic ways, parses or fails
/// with an error: never a panic (a contained panic is a failure too).
#[test]
fn mutated_fixtures_never_panic() {
    let base = url::Url::parse("http://mutant.example.com/feed").unwrap();
    let mut seed: u64 = 0x5eed;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n.max(1)
    };
    let inserts: [&[u8]; 8] = [
        b"<",
        b"&",
        b"]]>",
        b"<![CDATA[",
        b"</item>",
        b"<item>",
        b"\xff\xfe",
        b"&#0;",
    ];
    let dir = repo_root().join("tests/fixtures/messy");
    let mut parsed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e == "py") {
            continue;
        }
        let original = std::fs::read(&path).unwrap();
        for round in 0..24 {
            let mut bytes = original.clone();
            match round % 3 {
                0 => bytes.truncate(next(bytes.len())),
                1 => {
                    let at = next(bytes.len());
                    let insert = inserts[next(inserts.len())];
                    bytes.splice(at..at, insert.iter().copied());
                }
                _ => {
                    for _ in 0..4 {
                        let at = next(bytes.len());
                        if let Some(b) = bytes.get_mut(at) {
                            *b = next(256) as u8;
                        }
                    }
                }
            }
            let decoded = tidings::fetch::charset::decode(&bytes, None);
            let result = tidings::parse::parse_document(&decoded.text, &base);
            assert!(
                !matches!(result, Err(tidings::parse::ParseError::Panicked(_))),
                "{} round {round}: {result:?}",
                path.display()
            );
            parsed += 1;
        }
    }
    assert!(parsed >= 24 * 30, "{parsed} mutants");
}

#[test]
fn input_feed_rs_crashes_on_is_read_without_the_crashing_elements() {
    let report = parse("feedrs_crashers.xml", &[]);
    assert!(warned(&report, "feed-rs crashed"), "{}", report["warnings"]);
    let a = article(&report, "Author with a no-break space");
    assert_eq!(a["authors"], serde_json::json!(["Jane Roe"]));
    assert_eq!(a["body_text"], "Episode notes.");

    let base = url::Url::parse("http://crash.example.com/feed.json").unwrap();
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"j",
        "items":[{"id":"1","title":"t","content_text":"x","authors":[{"name":"jane@x.com\u00a0(Jane)"}]}]}"#;
    let parsed = tidings::parse::parse_document(json, &base).expect("no crash");
    let (_, articles) = tidings::normalize::normalize_parsed(&parsed, &base, chrono::Utc::now());
    assert_eq!(articles[0].authors, ["Jane"]);
}

#[test]
fn deep_nesting_is_capped_and_deep_html_stays_fast_text() {
    let base = url::Url::parse("http://deep.example.com/feed").unwrap();
    let n = 50_000;
    let deep_xml = format!(
        "<rss version=\"2.0\"><channel><title>t</title><item><title>deep</title><description>{}x{}</description></item></channel></rss>",
        "<b>".repeat(n),
        "</b>".repeat(n)
    );
    let parsed = tidings::parse::parse_document(&deep_xml, &base).expect("deep XML is recovered");
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w.contains("nested deeper than")),
        "{:?}",
        parsed.warnings
    );
    assert_eq!(parsed.feed.entries.len(), 1);

    let deep_html = format!(
        "<rss version=\"2.0\"><channel><title>t</title><item><title>deep</title><description><![CDATA[{}x{}]]></description></item></channel></rss>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let parsed = tidings::parse::parse_document(&deep_html, &base).unwrap();
    let (_, articles) = tidings::normalize::normalize_parsed(&parsed, &base, chrono::Utc::now());
    assert_eq!(
        (
            articles[0].body_text.as_str(),
            articles[0].body_html.as_deref()
        ),
        ("x", None)
    );
}

#[test]
fn not_a_feed_is_an_error_with_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><p>Not a feed</p></body></html>",
    )
    .unwrap();
    let out = bare_cmd()
        .current_dir(dir.path())
        .args(["--config", "absent.toml", "parse"])
        .arg(&page)
        .output()
        .unwrap();
    expect_exit(&out, 1, "parse page.html");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["error"].as_str().unwrap().contains("not a feed"),
        "{report}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("page.html"));
}
