//! The messy web: every fixture of `tests/fixtures/messy/` through the real binary's
//! `tidings parse`, field by field, one test per kind of damage (decode, repair,
//! recover, fill, dates, ids, never crash, JSON Feed), plus the same feeds polled over
//! HTTP into SQLite, where the repairs and unreadable dates must be stored.
//!
//! `python3 tests/feedparser_compare.py` runs Python's feedparser on the same files and
//! lists where the two readings differ (and why, for the deliberate differences).

mod common;

use std::path::PathBuf;

use common::*;
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn messy(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/messy").join(name)
}

/// `tidings parse <fixture> <args>` with no config file; the JSON report.
fn parse(name: &str, args: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = bare_cmd()
        .current_dir(dir.path())
        .arg("--config")
        .arg(dir.path().join("absent.toml"))
        .arg("parse")
        .arg(messy(name))
        .args(args)
        .output()
        .unwrap();
    expect_success(&out, &format!("parse {name}"));
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{name}: {e}\n{}", show(&out)));
    assert!(report["error"].is_null(), "{name}: {}", report["error"]);
    report
}

fn articles(report: &Value) -> &Vec<Value> {
    report["articles"].as_array().expect("articles")
}

fn article<'a>(report: &'a Value, title: &str) -> &'a Value {
    articles(report)
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no article {title:?} in {:#?}", titles_of(report)))
}

fn titles_of(report: &Value) -> Vec<String> {
    articles(report)
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect()
}

fn warned(report: &Value, needle: &str) -> bool {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains(needle))
}

// --- 1. decode ---------------------------------------------------------------------------

#[test]
fn utf16_and_utf32_in_either_byte_order_are_decoded() {
    for (name, encoding) in [
        ("utf16be_bom.xml", "UTF-16BE"),
        ("utf16le_nobom.xml", "UTF-16LE"),
        ("utf32le_bom.xml", "UTF-32LE"),
        ("utf32be_nobom.xml", "UTF-32BE"),
    ] {
        let report = parse(name, &[]);
        assert_eq!(report["encoding"], encoding, "{name}");
        assert_eq!(
            report["feed"]["title"], "Zürich: 20 € — “quoted” 😀",
            "{name}"
        );
        let a = article(&report, "Ünïcödé item");
        assert_eq!(a["body_text"], "Crème brûlée, naïve café.", "{name}");
        assert_eq!(a["published"], "2016-12-08T10:00:00Z", "{name}");
    }
}

#[test]
fn charset_from_the_http_header_or_guessed_windows_1252() {
    let report = parse(
        "latin1_http_only.xml",
        &["--content-type", "application/rss+xml; charset=iso-8859-1"],
    );
    assert_eq!(
        (
            report["charset_source"].as_str(),
            report["encoding"].as_str()
        ),
        (Some("http"), Some("windows-1252"))
    );
    assert!(
        report["warnings"].as_array().unwrap().is_empty(),
        "{}",
        report["warnings"]
    );
    assert_eq!(
        article(&report, "Zürich café")["body_text"],
        "Müller © 2016"
    );

    let report = parse("cp1252_undeclared.xml", &[]);
    assert_eq!(report["charset_source"], "guess");
    assert!(warned(&report, "not valid UTF-8: read as windows-1252"));
    assert_eq!(
        article(&report, "“Curly” — dash")["body_text"],
        "Price: 5 €"
    );
}

#[test]
fn invalid_bytes_and_c1_controls_are_repaired_with_a_warning() {
    let report = parse("invalid_utf8.xml", &[]);
    assert!(warned(
        &report,
        "1 bytes invalid in UTF-8 were read as windows-1252"
    ));
    assert_eq!(
        article(&report, "Bad ÿ byte")["body_text"],
        "The rest is fine."
    );

    let report = parse("c1_controls.xml", &[]);
    assert!(warned(
        &report,
        "C1 control characters were read as windows-1252"
    ));
    assert_eq!(
        article(&report, "“Smart” – quotes")["body_text"],
        "It’s windows-1252 in disguise."
    );

    let report = parse("double_encoded.xml", &[]);
    assert!(warned(&report, "UTF-8 encoded twice"));
    assert_eq!(
        article(&report, "Café crème in Zürich")["body_text"],
        "Müller says hello."
    );
}

// --- 2. repair ---------------------------------------------------------------------------

#[test]
fn html_entities_bare_ampersands_and_bad_references_are_mended() {
    let report = parse("html_entities.xml", &[]);
    assert_eq!(report["feed"]["title"], "Café Society & Friends");
    let a = article(&report, "Crème brûlée — a how-to …");
    assert_eq!(
        a["link"],
        "http://entities.example.com/recipes?id=7&lang=fr"
    );
    assert_eq!(
        a["body_text"],
        "Heat the cream & sugar. Salt & pepper not required — trust us."
    );
    let b = article(&report, "AT&T and R&D budgets © 2016");
    assert_eq!(
        b["body_text"],
        "Smart quotes as C1 references: “quoted” – done."
    );
    for needle in [
        "HTML named entities",
        "bare '&'",
        "character references repaired",
    ] {
        assert!(warned(&report, needle), "{needle}: {}", report["warnings"]);
    }
}

#[test]
fn doctype_entities_expand_within_budget_and_external_ones_are_never_fetched() {
    let report = parse("doctype_entities.xml", &[]);
    assert_eq!(report["feed"]["title"], "Doctype Daily");
    let a = article(&report, "News from Doctype Daily");
    assert_eq!(
        a["body_text"],
        "Signed: Doctype Daily — the desk. Secrets: [&secret;] [&remote;]"
    );
    assert!(warned(
        &report,
        "2 external entities declared in the DOCTYPE ignored (never fetched)"
    ));

    let report = parse("billion_laughs.xml", &[]);
    let a = &articles(&report)[0];
    assert_eq!(a["title"], format!("Still here {}", "lol".repeat(100)));
    assert_eq!(a["body_text"], "");
    assert!(warned(&report, "DOCTYPE entity expansion over its limits"));
}

#[test]
fn unknown_rss_versions_namespaces_missing_channels_and_leading_junk_are_accepted() {
    let report = parse("rss_versions.xml", &[]);
    assert_eq!(report["format"], "rss2");
    let a = article(&report, "Read anyway");
    assert_eq!(
        (a["authors"][0].as_str(), a["published"].as_str()),
        (Some("Dee Sea"), Some("2016-12-06T12:00:00Z"))
    );
    assert!(warned(&report, "RSS version \"0.94\" read as 2.0"));
    assert!(warned(
        &report,
        "\"http://backend.userland.com/rss2\" read as"
    ));

    let report = parse("rss_no_channel.xml", &[]);
    assert_eq!(titles_of(&report), ["Orphan item one", "Orphan item two"]);
    assert_eq!(report["feed"]["title"], "No version, no channel");
    assert!(warned(&report, "without <channel>"));

    let report = parse("php_warning.xml", &[]);
    assert_eq!(
        article(&report, "Still readable")["published"],
        "2016-12-07T08:00:00Z"
    );
    assert!(warned(&report, "bytes before the feed's start dropped"));
}

// --- 3. recover --------------------------------------------------------------------------

#[test]
fn unclosed_tags_unescaped_less_than_and_truncation_are_recovered() {
    let report = parse("unclosed_tags.xml", &[]);
    assert!(warned(&report, "read with the lenient parser"));
    assert_eq!(
        article(&report, "First story")["body_text"],
        "Line one Line two\n\nNext paragraph"
    );
    assert_eq!(
        article(&report, "First story")["published"],
        "2016-12-08T07:00:00Z"
    );
    assert_eq!(
        article(&report, "Second story")["body_text"],
        "Plain text survives."
    );

    let report = parse("unescaped_lt.xml", &[]);
    assert!(warned(&report, "stray '<' in text escaped"));
    assert_eq!(
        article(&report, "When x < 3 and y <= 4")["body_text"],
        "Prices <$10 all week"
    );

    let report = parse("truncated.xml", &[]);
    assert!(warned(&report, "the document ends inside"));
    assert_eq!(titles_of(&report), ["Complete item", "Half an item"]);
    assert_eq!(
        article(&report, "Half an item")["body_text"],
        "This sentence never"
    );
}

// --- 4. fill what feed-rs leaves out -----------------------------------------------------

#[test]
fn atom_03_dates_tagline_and_content_modes_are_read() {
    let report = parse(
        "atom03.xml",
        &["--base-url", "http://atom03.example.org/feed.atom"],
    );
    assert_eq!(report["feed"]["title"], "Atom 0.3 feed");
    let escaped = article(&report, "Escaped HTML content");
    assert_eq!(escaped["published"], "2003-12-13T12:29:29Z");
    assert_eq!(escaped["updated"], "2003-12-13T18:30:02Z");
    assert_eq!(escaped["body_text"], "Escaped markup.");
    assert_eq!(escaped["authors"][0], "Mark Writer");
    let base64 = article(&report, "Base64 content");
    assert_eq!(base64["body_text"], "Base64 decoded.");
    assert_eq!(base64["body_html"], "<p>Base64 <i>decoded</i>.</p>");
    assert_eq!(
        base64["link"],
        "http://atom03.example.org/2003/12/14/base64"
    );
    assert_eq!(base64["published"], "2003-12-14T00:00:00Z");
    let xhtml = article(&report, "Inline XHTML content");
    assert_eq!(xhtml["body_text"], "Inline XHTML.");
    assert_eq!(xhtml["summary"], "A plain summary");
    assert_eq!(xhtml["published"], "2003-12-15T08:00:00Z", "from <created>");

    let report = parse("atom_types.xml", &[]);
    assert_eq!(
        article(&report, "Title typed as text/html")["body_text"],
        "XHTML summary"
    );
    let src = article(&report, "Content with both src and a body");
    assert_eq!(
        (src["body_text"].as_str(), src["summary"].as_str()),
        (
            Some("This body is not allowed with src."),
            Some("Kept summary")
        )
    );
}

#[test]
fn dublin_core_and_dcterms_fields_are_read() {
    let report = parse("dublin_core.xml", &[]);
    let a = article(&report, "Title only in dc:title");
    assert_eq!(a["published"], "2016-12-01T09:00:00Z");
    assert_eq!(a["categories"], serde_json::json!(["Politik"]));
    assert_eq!(a["body_text"], "Only a DC description.");
    assert_eq!(a["authors"], serde_json::json!(["Channel Creator"]));
    assert_eq!(a["language"], "de");
    let b = article(&report, "dcterms dates");
    assert_eq!(
        (b["published"].as_str(), b["updated"].as_str()),
        (Some("2016-12-02T00:00:00Z"), Some("2016-12-03T08:00:00Z"))
    );
    assert_eq!(
        article(&report, "Created only")["published"],
        "2016-12-02T06:00:00Z"
    );
}

#[test]
fn permalink_guids_are_links_unless_they_say_otherwise() {
    let report = parse("permalink_guids.xml", &[]);
    let link = |title| article(&report, title)["link"].clone();
    assert_eq!(
        link("Permalink guid, no link"),
        "http://guid.example.com/p/1"
    );
    assert_eq!(link("Explicit permalink"), "http://guid.example.com/p/2");
    assert_eq!(link("Not a permalink"), Value::Null);
    assert_eq!(
        link("Link wins over guid"),
        "http://guid.example.com/real/4"
    );
    assert_eq!(
        article(&report, "Not a permalink")["id"],
        "http://guid.example.com/p/3"
    );
}

#[test]
fn authors_in_every_shape_and_the_channels_author() {
    let report = parse("authors.xml", &[]);
    for (title, author) in [
        ("No author: the channel's", "Edith Editor"),
        ("email (name)", "Joe Bloggs"),
        ("name <email>", "Jane Doe"),
        ("bare email", "sam@authors.example.com"),
        ("email in angle brackets", "bob@authors.example.com"),
        ("mailto", "al@authors.example.com"),
        ("name (email)", "Pat Smith"),
        ("dc:creator", "Kim Lee"),
    ] {
        assert_eq!(
            article(&report, title)["authors"],
            serde_json::json!([author]),
            "{title}"
        );
    }
}

#[test]
fn rss_1_0_items_without_links_and_rss_0_90_are_kept() {
    let report = parse("rss10_no_links.xml", &[]);
    let a = article(&report, "Item without a link");
    assert_eq!(
        (a["link"].clone(), a["guid"].as_str()),
        (Value::Null, Some("urn:x-rdf:1"))
    );
    assert_eq!(a["published"], "2016-12-04T10:00:00Z");
    assert_eq!(a["body_text"], "Still kept.");
    assert_eq!(
        article(&report, "Item with a link")["link"],
        "http://rdf.example.org/2"
    );

    let report = parse("rss090.xml", &[]);
    assert_eq!(report["format"], "rss1");
    assert_eq!(report["feed"]["title"], "Mozilla Dot Org");
    assert_eq!(
        article(&report, "Bugzilla Reorganized")["link"],
        "http://www.mozilla.org/bugs/"
    );
}

#[test]
fn relative_urls_resolve_against_xml_base_the_entry_and_the_feed_url() {
    let report = parse("xml_base.xml", &[]);
    let a = article(&report, "Entry base");
    assert_eq!(a["link"], "http://base.example.org/blog/2016/post-1.html");
    let html = a["body_html"].as_str().unwrap();
    assert!(
        html.contains("href=\"http://base.example.org/blog/2016/images/\""),
        "{html}"
    );
    assert!(
        html.contains("src=\"http://base.example.org/blog/2016/a.png\""),
        "{html}"
    );
    let b = article(&report, "Content base");
    assert_eq!(b["link"], "http://base.example.org/post-2");
    assert!(b["body_html"]
        .as_str()
        .unwrap()
        .contains("src=\"http://cdn.example.net/x/b.png\""));
    let c = article(&report, "Summary base");
    assert!(c["body_html"]
        .as_str()
        .unwrap()
        .contains("href=\"http://base.example.org/about\""));

    let report = parse(
        "html_in_description.xml",
        &["--base-url", "http://raw.example.com/feed.xml"],
    );
    let a = article(&report, "Markup in the title");
    assert_eq!(a["link"], "http://raw.example.com/stories/1");
    assert_eq!(a["body_text"], "Lead text bold and more.");
    let html = a["body_html"].as_str().unwrap();
    assert!(
        html.contains("href=\"http://raw.example.com/more\""),
        "{html}"
    );
    assert!(
        html.contains("src=\"http://raw.example.com/img/x.png\""),
        "{html}"
    );
}

#[test]
fn scripts_never_pass_through() {
    let report = parse("script.xml", &[]);
    let a = article(&report, "Headline");
    assert_eq!(a["body_text"], "Hi\n\nthere link");
    let html = a["body_html"].as_str().unwrap();
    for bad in ["script", "onclick", "javascript:", "alert"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
}

#[test]
fn youtube_and_podcast_text_and_authors_come_from_media_and_itunes() {
    let report = parse("youtube.xml", &[]);
    let a = article(&report, "Video title & more");
    assert_eq!(
        a["body_text"],
        "In this video we talk. Links: https://example.com"
    );
    assert_eq!(a["link"], "https://www.youtube.com/watch?v=abc123");
    assert_eq!(a["authors"], serde_json::json!(["Some Channel"]));

    let report = parse("podcast.xml", &[]);
    let one = article(&report, "Episode 1: Pilot");
    assert_eq!(
        (one["guid"].as_str(), one["link"].clone()),
        (Some("ep-1-uuid-123"), Value::Null)
    );
    assert_eq!(one["authors"], serde_json::json!(["Host Person"]));
    assert_eq!(
        one["enclosures"][0]["url"],
        "https://cdn.example.com/ep1.mp3"
    );
    let two = article(&report, "Episode 2");
    assert_eq!(two["authors"], serde_json::json!(["Guest Host"]));
    assert_eq!(two["body_text"], "Only an iTunes summary.");
}

// --- 5. dates ----------------------------------------------------------------------------

#[test]
fn dates_in_every_format_and_unreadable_ones_kept_raw() {
    let report = parse("dates.xml", &[]);
    for (title, date) in [
        ("rfc822 EST", "2016-12-08T15:00:00Z"),
        ("rfc822 CEST", "2016-12-08T08:00:00Z"),
        ("space for T, no zone", "2016-12-08T10:00:00Z"),
        ("date only", "2016-12-08T00:00:00Z"),
        ("asctime", "2016-12-08T10:00:00Z"),
        ("extra commas, long names, PM", "2016-12-08T17:00:00Z"),
        ("no weekday, no seconds", "2016-12-08T09:00:00Z"),
        ("ISO fractions and odd zone", "2016-12-08T04:30:00.123Z"),
        ("partial W3CDTF", "2016-12-01T00:00:00Z"),
        ("two-digit year", "2016-12-08T10:00:00Z"),
        ("wrong weekday, GMT offset", "2016-12-08T08:00:00Z"),
    ] {
        let a = article(&report, title);
        assert_eq!(
            (a["published"].as_str(), a["date_source"].as_str()),
            (Some(date), Some("published")),
            "{title}"
        );
        assert!(a["raw_date"].is_null(), "{title}");
    }
    let unreadable = article(&report, "unreadable");
    assert_eq!(unreadable["date_source"], "first_seen");
    assert_eq!(unreadable["raw_date"], "someday soon");
    assert!(unreadable["date"].is_null() && unreadable["published"].is_null());
    assert!(warned(
        &report,
        "1 entries have a date that cannot be read (such as \"someday soon\")"
    ));
}

// --- 6. stable ids -----------------------------------------------------------------------

#[test]
fn entries_without_ids_get_the_same_derived_id_on_every_parse() {
    let first = parse("no_ids.xml", &[]);
    let second = parse("no_ids.xml", &[]);
    let ids = |report: &Value| -> Vec<String> {
        articles(report)
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&first), ids(&second));
    let ids = ids(&first);
    assert_eq!(ids[0], "link:http://noids.example.com/1");
    assert!(
        ids[1].starts_with("title:") && ids[2].starts_with("content:"),
        "{ids:?}"
    );
    assert!(
        articles(&first).iter().all(|a| a["guid"].is_null()),
        "the feed gave no guid: none is invented"
    );
    for a in articles(&first) {
        assert_eq!(a["id"], a["entry_key"]);
    }
}

// --- 7. JSON Feed ------------------------------------------------------------------------

#[test]
fn json_feed_with_bom_numeric_id_and_nulls_is_read() {
    let report = parse("json_bom_nulls.json", &[]);
    assert_eq!(report["format"], "json");
    assert!(warned(&report, "JSON Feed values of the wrong type"));
    let a = article(&report, "Numeric id");
    assert_eq!(
        (a["id"].as_str(), a["published"].as_str()),
        (Some("1"), Some("2016-12-08T10:00:00Z"))
    );
    assert_eq!(a["body_text"], "One");
    let b = article(&report, "");
    assert_eq!(b["body_text"], "No title, null id");
    assert_eq!(
        (b["raw_date"].as_str(), b["date_source"].as_str()),
        (Some("not a date"), Some("first_seen"))
    );
    assert_eq!(b["id"], "link:https://json.example.com/2");
}

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

// --- over HTTP, into the database --------------------------------------------------------

async fn serve(server: &MockServer, at: &str, name: &str, content_type: &str) {
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", content_type)
                .set_body_bytes(std::fs::read(messy(name)).unwrap()),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn repairs_and_unreadable_dates_are_stored_with_the_poll() {
    let server = MockServer::start().await;
    serve(&server, "/dates", "dates.xml", "application/rss+xml").await;
    serve(
        &server,
        "/latin1",
        "latin1_http_only.xml",
        "text/xml; charset=iso-8859-1",
    )
    .await;
    serve(
        &server,
        "/broken",
        "unclosed_tags.xml",
        "application/rss+xml",
    )
    .await;
    let urls: Vec<String> = ["/dates", "/latin1", "/broken"]
        .iter()
        .map(|p| format!("{}{p}", server.uri()))
        .collect();
    let ws = Workspace::new();
    ws.write_feeds_config("", &urls.iter().map(String::as_str).collect::<Vec<_>>());
    let summary = ws.once(&[]);
    assert_eq!((summary.fetched, summary.failed), (3, 0), "{summary}");

    let articles = ws.articles(&[]);
    let unreadable = by_title(&articles, "unreadable");
    assert_eq!(
        (
            unreadable["raw_date"].as_str(),
            unreadable["date_source"].as_str()
        ),
        (Some("someday soon"), Some("first_seen"))
    );
    assert!(by_title(&articles, "rfc822 CEST")["raw_date"].is_null());
    assert_eq!(
        by_title(&articles, "Zürich café")["body_text"],
        "Müller © 2016"
    );
    assert_eq!(
        by_title(&articles, "First story")["body_text"],
        "Line one Line two\n\nNext paragraph"
    );

    let dates_warnings = ws.feed_column(&urls[0], "last_warnings").unwrap();
    assert!(
        dates_warnings.contains("cannot be read"),
        "{dates_warnings}"
    );
    assert_eq!(
        ws.feed_column(&urls[1], "last_warnings").as_deref(),
        Some("[]")
    );
    let broken = ws.feed_column(&urls[2], "last_warnings").unwrap();
    assert!(broken.contains("lenient parser"), "{broken}");

    let out = ws.run(&["feeds", "--format", "json"]);
    expect_success(&out, "feeds --format json");
    let feeds: Value = serde_json::from_slice(&out.stdout).unwrap();
    let broken = feeds
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["url"] == urls[2].as_str())
        .unwrap();
    assert!(broken["last_warnings"][0]
        .as_str()
        .unwrap()
        .contains("lenient parser"));
    let out = ws.run(&["feeds"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("repaired: not well-formed XML"),
        "{}",
        show(&out)
    );
}

#[tokio::test]
async fn parse_fetches_a_url_with_the_servers_charset() {
    let server = MockServer::start().await;
    serve(
        &server,
        "/latin1",
        "latin1_http_only.xml",
        "application/rss+xml; charset=ISO-8859-1",
    )
    .await;
    let url = format!("{}/latin1", server.uri());
    let dir = tempfile::tempdir().unwrap();
    let out = bare_cmd()
        .current_dir(dir.path())
        .args(["--config", "absent.toml", "parse", &url])
        .output()
        .unwrap();
    expect_success(&out, "parse URL");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (report["status"].as_u64(), report["charset_source"].as_str()),
        (Some(200), Some("http"))
    );
    assert_eq!(report["url"], url);
    assert_eq!(
        article(&report, "Zürich café")["body_text"],
        "Müller © 2016"
    );
}
