//! End-to-end tests of `tidings once` against feeds served over HTTP by a wiremock server on
//! 127.0.0.1: the sample article reproduced byte for byte, every feed format, charsets,
//! conditional GET, unchanged and edited entries, the size cap and the run lock.
//!
//! Each test runs the real binary on a config and SQLite file in its own temp dir, and
//! checks what it stored through the CLI (`articles`), reading the database directly only
//! for what the CLI does not show (revisions, validators, last errors, integrity).

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::*;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const RSS: &str = "application/rss+xml";

/// Serves `tests/fixtures/<name>` at `/feed`, runs `once` on a config naming only that
/// URL, requires one feed fetched, and returns everything the test may look at.
async fn ingest(name: &str, content_type: &str) -> (Workspace, MockServer, String, Vec<Value>) {
    let server = MockServer::start().await;
    serve(&server, "/feed", fixture(name), content_type).await;
    let url = format!("{}/feed", server.uri());
    let ws = Workspace::new();
    ws.write_feeds_config("", &[&url]);

    let summary = ws.once(&[]);
    assert_eq!(
        (summary.polled, summary.fetched, summary.failed),
        (1, 1, 0),
        "{name}: {summary}"
    );
    let articles = ws.articles(&[]);
    assert_eq!(summary.new as usize, articles.len(), "{name}: {summary}");
    (ws, server, url, articles)
}

// --- the sample article -------------------------------------------------------------------

#[tokio::test]
async fn sample_article_is_reproduced_byte_for_byte_by_articles_text() {
    let (ws, _server, _url, articles) = ingest("rss20_sample.xml", RSS).await;
    assert_eq!(articles.len(), 1);

    let text = ws.articles_text(&[]);
    let expected = fixture("article.txt");
    assert!(
        text == expected,
        "articles --format text differs from tests/fixtures/article.txt\n\
         --- got ({} bytes) ---\n{}\n--- want ({} bytes) ---\n{}",
        text.len(),
        String::from_utf8_lossy(&text),
        expected.len(),
        String::from_utf8_lossy(&expected)
    );
}

#[tokio::test]
async fn rss20_item_keeps_guid_link_utc_pubdate_and_dateline() {
    let (_ws, _server, url, articles) = ingest("rss20_sample.xml", RSS).await;
    let a = by_title(
        &articles,
        "Assad confident of Aleppo victory, ignores ceasefire appeals",
    );
    assert_eq!(a["guid"], "tidings-sample-2016-12-08-assad-aleppo");
    assert_eq!(
        a["link"],
        "https://news.example.com/world/2016/12/08/assad-aleppo-victory"
    );
    assert_eq!(a["published"], "2016-12-08T10:00:00Z");
    assert_eq!(a["date_source"], "published");
    assert!(
        a["date"].as_str().unwrap_or("").starts_with("2016-12-08"),
        "{a}"
    );
    assert_eq!(a["dateline"], "DAMASCUS");
    assert_eq!(a["language"], "en");
    assert_eq!(a["feed_url"], url.as_str());
    assert_eq!(a["feeds"], json!([url]));

    // &quot; and &#39; in the HTML come out as plain characters.
    let body = a["body_text"].as_str().expect("body_text is a string");
    assert!(body.starts_with("DAMASCUS -- Syrian President"), "{body}");
    assert!(
        body.contains("a \"huge step\" towards ending the country's"),
        "{body}"
    );
    assert!(!body.contains("&quot;") && !body.contains("&#39;") && !body.contains("<p>"));

    let hash = a["content_hash"].as_str().unwrap_or("");
    assert!(
        hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "content_hash is hex SHA-256: {hash:?}"
    );
    let words = body.split_whitespace().count() as f64;
    let counted = a["word_count"].as_f64().expect("word_count is a number");
    assert!(
        (counted - words).abs() <= words * 0.1,
        "word_count {counted} is far from the {words} whitespace-separated words"
    );
}

// --- the other formats --------------------------------------------------------------------

#[tokio::test]
async fn rss091_items_keep_titles_and_links_and_get_no_invented_date() {
    let (_ws, _server, _url, articles) = ingest("rss091.xml", RSS).await;
    assert_eq!(articles.len(), 2, "{:?}", titles(&articles));

    let ferry = by_title(&articles, "Harbour ferry service resumes after storm");
    assert_eq!(
        ferry["link"],
        "https://legacy.example.net/news/ferry-resumes.html"
    );
    let library = by_title(&articles, "Library extends weekend opening hours");
    assert_eq!(
        library["link"],
        "https://legacy.example.net/news/library-hours.html"
    );
    // RSS 0.91 items carry no date: the record must say so, not pretend "now" was published.
    for a in [ferry, library] {
        assert_eq!(a["published"], Value::Null, "{a}");
        assert_eq!(a["date_source"], "first_seen", "{a}");
        assert!(is_utc_timestamp(&a["first_seen"]), "{a}");
    }
}

#[tokio::test]
async fn rss10_dc_dates_in_local_offsets_are_stored_in_utc() {
    let (_ws, _server, _url, articles) = ingest("rss10.xml", "application/rdf+xml").await;
    assert_eq!(articles.len(), 2, "{:?}", titles(&articles));

    let meteor = by_title(
        &articles,
        "Observatory records brightest meteor of the year",
    );
    assert_eq!(meteor["link"], "https://rdf.example.org/2016/12/meteor");
    // dc:date 2016-12-08T10:00:00+01:00
    assert_eq!(meteor["published"], "2016-12-08T09:00:00Z");
    assert_eq!(meteor["date_source"], "published");
    assert_eq!(meteor["authors"], json!(["Mara Lindqvist"]));

    let glacier = by_title(&articles, "Glacier retreat measured at record pace");
    assert_eq!(glacier["link"], "https://rdf.example.org/2016/12/glacier");
    // dc:date 2016-12-09T23:30:00-05:00: the UTC day is the next one.
    assert_eq!(glacier["published"], "2016-12-10T04:30:00Z");
}

#[tokio::test]
async fn atom_relative_links_resolve_against_xml_base_and_dates_are_utc() {
    let (_ws, _server, _url, articles) = ingest("atom10.xml", "application/atom+xml").await;
    assert_eq!(articles.len(), 2, "{:?}", titles(&articles));

    let tram = by_title(&articles, "City council approves riverside tram line");
    assert_eq!(
        tram["link"],
        "https://atom.example.org/blog/posts/2016/riverside-tram.html"
    );
    assert_eq!(tram["guid"], "tag:atom.example.org,2016-12-08:/tram");
    assert_eq!(tram["published"], "2016-12-08T07:15:00Z");
    assert_eq!(tram["updated"], "2016-12-08T09:00:00Z");
    assert_eq!(tram["date_source"], "published");
    assert_eq!(tram["authors"], json!(["Ines Duarte"]));
    assert_eq!(tram["categories"], json!(["transport"]));
    assert_eq!(
        tram["summary"],
        "The line will link the old port with the university campus."
    );
    assert_eq!(
        tram["body_text"],
        "The council voted 31 to 12 on Thursday to build a tram line along the river.\n\n\
         Construction is due to start in 2018."
    );

    let snow = by_title(&articles, "Snow clearing crews work through the night");
    // An absolute-path reference keeps xml:base's scheme and host only.
    assert_eq!(
        snow["link"],
        "https://atom.example.org/archive/2016/12/snow-crews.html"
    );
    // Only <updated>, at 2016-12-07T23:00:00-03:00.
    assert_eq!(snow["published"], Value::Null);
    assert_eq!(snow["updated"], "2016-12-08T02:00:00Z");
    assert_eq!(snow["date_source"], "updated");
    assert_eq!(
        snow["body_text"],
        "Forty ploughs kept the main roads open overnight."
    );
}

#[tokio::test]
async fn articles_text_is_newest_first_with_utc_date_lines() {
    let (ws, _server, _url, _articles) = ingest("atom10.xml", "application/atom+xml").await;
    let text = String::from_utf8(ws.articles_text(&[])).expect("UTF-8");
    // The snow entry is dated 2016-12-07 in its own offset but 2016-12-08 in UTC.
    let expected = " date 2016-12-08 City council approves riverside tram line\n\n\
                    The council voted 31 to 12 on Thursday to build a tram line along the river.\n\n\
                    Construction is due to start in 2018.\n\n \
                    date 2016-12-08 Snow clearing crews work through the night\n\n\
                    Forty ploughs kept the main roads open overnight.";
    assert_eq!(text, expected);
}

#[tokio::test]
async fn json_feed_items_keep_titles_links_utc_dates_authors_and_tags() {
    let (_ws, _server, _url, articles) = ingest("jsonfeed11.json", "application/feed+json").await;
    assert_eq!(articles.len(), 2, "{:?}", titles(&articles));

    let orchard = by_title(&articles, "Late frost threatens orchard harvest");
    assert_eq!(orchard["guid"], "json-orchard");
    assert_eq!(
        orchard["link"],
        "https://json.example.com/2016/12/09/orchard-frost"
    );
    // date_published 2016-12-09T08:00:00-05:00
    assert_eq!(orchard["published"], "2016-12-09T13:00:00Z");
    assert_eq!(orchard["authors"], json!(["Priya Raman"]));
    assert_eq!(orchard["categories"], json!(["farming", "weather"]));
    assert_eq!(orchard["language"], "en-GB");
    assert_eq!(
        orchard["body_text"],
        "Growers lit smudge pots overnight as temperatures fell to minus six.\n\n\
         Most blossom survived, they said."
    );

    let museum = by_title(&articles, "Maritime museum reopens after renovation");
    assert_eq!(
        museum["link"],
        "https://json.example.com/2016/12/08/museum-reopens"
    );
    assert_eq!(museum["published"], "2016-12-08T10:00:00Z");
    assert_eq!(museum["updated"], "2016-12-08T16:20:00Z");
    assert_eq!(
        museum["body_text"],
        "The museum reopened on Thursday with a restored lifeboat as its centrepiece."
    );
}

#[tokio::test]
async fn json_feed_attachments_become_enclosures() {
    let (_ws, _server, _url, articles) = ingest("jsonfeed11.json", "application/feed+json").await;
    let orchard = by_title(&articles, "Late frost threatens orchard harvest");
    assert_eq!(
        orchard["enclosures"],
        json!([{
            "url": "https://json.example.com/audio/orchard-frost.mp3",
            "mime_type": "audio/mpeg",
            "length": 123456,
            "kind": "media"
        }])
    );
    // The attachment is not mistaken for the item's link.
    assert_eq!(
        orchard["link"],
        "https://json.example.com/2016/12/09/orchard-frost"
    );
}

// --- charsets -----------------------------------------------------------------------------

#[tokio::test]
async fn windows1252_named_only_in_the_prolog_comes_out_as_utf8() {
    // No charset in the Content-Type: only `<?xml ... encoding="windows-1252"?>` says it.
    let (_ws, _server, _url, articles) = ingest("rss20_windows1252.xml", RSS).await;
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    assert_eq!(
        a["title"],
        "Caf\u{e9} owners \u{201c}cautiously optimistic\u{201d} as espresso hits \u{20ac}2"
    );
    assert_eq!(
        a["body_text"],
        "At the Caf\u{e9} R\u{e9}nard an espresso now costs \u{20ac}2.10 \u{2014} owners say \
         \u{201c}demand is holding\u{201d}, and they\u{2019}re right."
    );
}

#[tokio::test]
async fn latin1_named_only_in_content_type_comes_out_as_utf8() {
    // The prolog names no encoding (XML would default to UTF-8): only the header says it.
    let (_ws, _server, _url, articles) = ingest(
        "rss_latin1_header.xml",
        "application/rss+xml; charset=iso-8859-1",
    )
    .await;
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    assert_eq!(a["title"], "Z\u{fc}rich caf\u{e9} wins design prize");
    assert_eq!(
        a["body_text"],
        "Jurors called the caf\u{e9} a quiet masterpiece. Photo \u{a9} 2016 \u{c9}tudes M\u{fc}ller."
    );
}

// --- polling again: conditional GET, unchanged and edited entries ---------------------------

#[tokio::test]
async fn conditional_get_sends_stored_validators_and_counts_not_modified() {
    const ETAG: &str = "\"sample-v1\"";
    const LAST_MODIFIED: &str = "Wed, 07 Dec 2016 10:00:00 GMT";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/feed"))
        .and(HeaderIs("if-none-match", ETAG.to_string()))
        .and(HeaderIs("if-modified-since", LAST_MODIFIED.to_string()))
        .respond_with(ResponseTemplate::new(304))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/feed"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(fixture("rss20_sample.xml"), RSS)
                .insert_header("ETag", ETAG)
                .insert_header("Last-Modified", LAST_MODIFIED),
        )
        .with_priority(5)
        .mount(&server)
        .await;
    let url = format!("{}/feed", server.uri());
    let ws = Workspace::new();
    ws.write_feeds_config("", &[&url]);

    let first = ws.once(&[]);
    assert_eq!((first.fetched, first.new), (1, 1), "{first}");
    assert_eq!(ws.feed_column(&url, "etag").as_deref(), Some(ETAG));
    assert_eq!(
        ws.feed_column(&url, "last_modified").as_deref(),
        Some(LAST_MODIFIED)
    );

    let second = ws.once(&["--force"]);
    assert_eq!(
        second,
        Summary {
            polled: 1,
            not_modified: 1,
            ..Summary::default()
        }
    );

    let requests = requests_to(&server, "/feed").await;
    assert_eq!(requests.len(), 2);
    let header = |name: &str| {
        requests[1]
            .headers
            .get(name)
            .map(|v| v.to_str().expect("ASCII header").to_string())
    };
    assert_eq!(header("if-none-match").as_deref(), Some(ETAG));
    assert_eq!(header("if-modified-since").as_deref(), Some(LAST_MODIFIED));
    assert_eq!(ws.articles(&[]).len(), 1);
}

#[tokio::test]
async fn refetched_unchanged_feed_adds_nothing() {
    let (ws, server, _url, articles) = ingest("rss20_sample.xml", RSS).await;
    assert_eq!(articles.len(), 1);

    let second = ws.once(&["--force"]);
    assert_eq!(
        second,
        Summary {
            polled: 1,
            fetched: 1,
            unchanged: 1,
            ..Summary::default()
        }
    );
    assert_eq!(requests_to(&server, "/feed").await.len(), 2);
    let again = ws.articles(&[]);
    assert_eq!(again.len(), 1);
    assert_eq!(again[0]["content_hash"], articles[0]["content_hash"]);
    assert_eq!(ws.count("SELECT count(*) FROM articles"), 1);
    assert_eq!(ws.count("SELECT count(*) FROM revisions"), 0);
}

#[tokio::test]
async fn edited_entry_is_updated_in_place_with_one_revision() {
    let server = MockServer::start().await;
    serve(&server, "/feed", fixture("rss20_edited_v1.xml"), RSS).await;
    let url = format!("{}/feed", server.uri());
    let ws = Workspace::new();
    ws.write_feeds_config("", &[&url]);

    let first = ws.once(&[]);
    assert_eq!(first.new, 1, "{first}");
    let v1 = ws.articles(&[]);
    assert_eq!(v1.len(), 1);

    server.reset().await;
    serve(&server, "/feed", fixture("rss20_edited_v2.xml"), RSS).await;
    let second = ws.once(&["--force"]);
    assert_eq!(
        (second.new, second.updated, second.unchanged),
        (0, 1, 0),
        "{second}"
    );

    let v2 = ws.articles(&[]);
    assert_eq!(v2.len(), 1, "the edit must not create a second article");
    assert_eq!(v2[0]["id"], v1[0]["id"]);
    assert_eq!(v2[0]["guid"], "edits-bridge-2016-12-12");
    assert_eq!(
        v2[0]["body_text"],
        "The old stone bridge will reopen to traffic on Saturday, a day later than planned, \
         after inspectors asked for more tests."
    );
    assert_ne!(v2[0]["content_hash"], v1[0]["content_hash"]);
    assert!(is_utc_timestamp(&v2[0]["modified"]), "{}", v2[0]);
    assert_eq!(ws.count("SELECT count(*) FROM articles"), 1);
    assert_eq!(ws.count("SELECT count(*) FROM revisions"), 1);
}

// --- scheduling ----------------------------------------------------------------------------

#[tokio::test]
async fn polled_feed_is_not_due_again_before_its_interval() {
    let (ws, server, _url, _articles) = ingest("rss20_sample.xml", RSS).await;
    let second = ws.once(&[]);
    assert_eq!(second, Summary::default(), "nothing is due yet");
    assert_eq!(requests_to(&server, "/feed").await.len(), 1);
}

#[tokio::test]
async fn once_with_feed_polls_only_that_feed() {
    let server = MockServer::start().await;
    serve(&server, "/a", fixture("rss20_sample.xml"), RSS).await;
    serve(&server, "/b", fixture("rss091.xml"), RSS).await;
    let a = format!("{}/a", server.uri());
    let b = format!("{}/b", server.uri());
    let ws = Workspace::new();
    ws.write_feeds_config("", &[&a, &b]);

    let summary = ws.once(&["--feed", &b]);
    assert_eq!((summary.polled, summary.fetched, summary.new), (1, 1, 2));
    assert_eq!(requests_to(&server, "/a").await.len(), 0);
    assert_eq!(ws.articles(&["--feed", &b]).len(), 2);
    assert_eq!(ws.articles(&["--feed", &a]).len(), 0);
}

// --- failures -------------------------------------------------------------------------------

/// An RSS 2.0 feed of at least `min_bytes`, made of many short, valid items.
fn big_feed(min_bytes: usize) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Too big</title><link>https://big.example.com/</link><description>x</description>\n",
    );
    let mut n = 0;
    while xml.len() < min_bytes {
        n += 1;
        xml.push_str(&format!(
            "<item><title>Filler item {n}</title><link>https://big.example.com/{n}</link>\
             <guid>https://big.example.com/{n}</guid>\
             <description>{}</description></item>\n",
            "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(6)
        ));
    }
    xml.push_str("</channel></rss>\n");
    xml.into_bytes()
}

#[tokio::test]
async fn oversized_feed_fails_alone_and_the_run_still_succeeds() {
    let server = MockServer::start().await;
    serve(&server, "/big", big_feed(50 * 1024), RSS).await;
    serve(&server, "/small", fixture("rss20_edited_v1.xml"), RSS).await;
    let big = format!("{}/big", server.uri());
    let small = format!("{}/small", server.uri());
    let ws = Workspace::new();
    ws.write_feeds_config("[fetch]\nmax_feed_size = \"1 KiB\"\n", &[&big, &small]);
    assert!(
        fixture("rss20_edited_v1.xml").len() < 1024,
        "the small feed fits"
    );

    let out = ws.run(&["once"]);
    expect_success(&out, "once");
    let summary = summary_of(&out);
    assert_eq!(
        summary,
        Summary {
            polled: 2,
            fetched: 1,
            failed: 1,
            new: 1,
            ..Summary::default()
        }
    );
    assert!(
        all_output(&out).contains(&big),
        "the failing feed's URL is reported\n{}",
        show(&out)
    );

    let error = ws
        .feed_column(&big, "last_error")
        .expect("last_error is set for the oversized feed");
    let lower = error.to_lowercase();
    assert!(
        ["size", "1024", "1 kib", "too large"]
            .iter()
            .any(|w| lower.contains(w)),
        "last_error should mention the size cap: {error:?}"
    );
    assert_eq!(ws.feed_column(&small, "last_error"), None);
    assert_eq!(ws.articles(&["--feed", &small]).len(), 1);
    assert_eq!(ws.articles(&["--feed", &big]).len(), 0);
}

#[tokio::test]
async fn second_once_exits_75_while_the_first_holds_the_lock() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/slow"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(fixture("rss20_sample.xml"), RSS)
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let url = format!("{}/slow", server.uri());
    let ws = Workspace::new();
    ws.write_feeds_config("[fetch]\ntimeout = \"20s\"\n", &[&url]);

    let mut first = ws
        .std_cmd()
        .arg("once")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting the first once");
    let lock = ws.lock_path();
    // At most 500 × 20 ms for the first run to take the lock.
    let locked = poll_until(500, || lock.exists());

    let second = ws.run(&["once"]);
    let first_still_running = first.try_wait().expect("polling the first run").is_none();
    let first_out = finish(first, 1500, "once (first)");

    assert!(
        locked,
        "{} never appeared\n{}",
        lock.display(),
        show(&first_out)
    );
    expect_exit(&second, EXIT_LOCKED, "once (second)");
    let message = String::from_utf8_lossy(&second.stderr).to_lowercase();
    assert!(
        message.contains("lock") || message.contains("another"),
        "the second run says why it stopped\n{}",
        show(&second)
    );
    assert!(
        first_still_running,
        "the second run should give up while the first is still waiting on the server"
    );

    expect_success(&first_out, "once (first)");
    let summary = summary_of(&first_out);
    assert_eq!((summary.fetched, summary.new), (1, 1), "{summary}");
    assert_eq!(ws.integrity_check(), "ok");
}
