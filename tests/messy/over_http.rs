//! Over HTTP into the database, and `tidings parse URL`.

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

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

/// A workspace whose config lists `paths` on `server`, polled once with no
/// failure; and the feeds' URLs.
fn poll_once(server: &MockServer, paths: &[&str]) -> (Workspace, Vec<String>) {
    let urls: Vec<String> = paths
        .iter()
        .map(|p| format!("{}{p}", server.uri()))
        .collect();
    let ws = Workspace::new();
    ws.write_feeds_config("", &urls.iter().map(String::as_str).collect::<Vec<_>>());
    let summary = ws.once(&[]);
    assert_eq!(
        (summary.fetched, summary.failed),
        (paths.len() as u64, 0),
        "{summary}"
    );
    (ws, urls)
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
    let (ws, urls) = poll_once(&server, &["/dates", "/latin1", "/broken"]);

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

#[tokio::test]
async fn every_feed_and_entry_field_is_stored_and_printed() {
    let server = MockServer::start().await;
    serve(&server, "/atom", "all_fields.xml", "application/atom+xml").await;
    serve(&server, "/rss", "rss_fields.xml", "application/rss+xml").await;
    let (ws, urls) = poll_once(&server, &["/atom", "/rss"]);

    let articles = ws.articles(&[]);
    let atom = by_title(&articles, "First entry");
    assert_eq!(
        atom["author_details"],
        serde_json::json!([{"name": "Bea Writer", "email": "bea@fields.example.org",
                            "uri": "https://fields.example.org/bea"}])
    );
    assert_eq!(atom["contributors"][0]["email"], "dan@fields.example.org");
    let rels: Vec<&str> = atom["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["rel"].as_str().unwrap())
        .collect();
    assert_eq!(
        rels,
        ["alternate", "related", "replies", "via", "enclosure"]
    );
    assert_eq!(atom["links"][1]["title"], "Elsewhere");
    assert_eq!(atom["links"][4]["length"], 1234);
    assert_eq!(atom["links"][4]["type"], "audio/mpeg");
    assert_eq!(
        atom["tags"],
        serde_json::json!([{"term": "physics", "scheme": "https://fields.example.org/cats",
                            "label": "Physics"}])
    );
    assert_eq!(atom["rights"], "CC BY 4.0");
    assert_eq!(
        (
            atom["title_type"].as_str(),
            atom["summary_type"].as_str(),
            atom["content_type"].as_str()
        ),
        (
            Some("text/plain"),
            Some("text/html"),
            Some("application/xhtml")
        )
    );
    assert_eq!(atom["source"]["title"], "Origin");
    assert_eq!(atom["source"]["href"], "https://origin.example.org/");

    let rss = by_title(&articles, "Item");
    assert_eq!(rss["comments"], "https://rss.example.org/1#comments");
    assert_eq!(
        rss["source"],
        serde_json::json!({"title": "The Wire", "href": "https://wire.example.org/rss"})
    );
    assert_eq!(rss["author_details"][0]["name"], "Joe Bloggs");
    assert_eq!(rss["author_details"][0]["email"], "joe@rss.example.org");
    assert_eq!(rss["tags"][0]["scheme"], "https://rss.example.org/topics");

    let stored = ws.feed_column(&urls[0], "feed_details").unwrap();
    assert!(stored.contains("GenWriter"), "{stored}");
    let out = ws.run(&["feeds", "--format", "json"]);
    expect_success(&out, "feeds --format json");
    let feeds: Value = serde_json::from_slice(&out.stdout).unwrap();
    let feed = |url: &str| {
        feeds
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["url"] == url)
            .unwrap()["details"]
            .clone()
    };
    let atom = feed(&urls[0]);
    assert_eq!(atom["id"], "tag:fields.example.org,2024:feed");
    assert_eq!(atom["subtitle"], "All the fields");
    assert_eq!(atom["rights"], "© 2024 Fields Inc.");
    assert_eq!(atom["authors"][0]["uri"], "https://fields.example.org/ann");
    assert_eq!(atom["contributors"][0]["name"], "Carl Helper");
    assert_eq!(atom["links"][0]["hreflang"], "en");
    assert_eq!(atom["links"][1]["rel"], "self");
    assert_eq!(atom["updated"], "2024-03-01T10:00:00Z");
    assert_eq!(
        atom["generator"],
        serde_json::json!({"name": "GenWriter", "uri": "https://gen.example.org/", "version": "2.1"})
    );
    assert_eq!(atom["image"]["url"], "https://fields.example.org/logo.png");
    assert_eq!(atom["icon"], format!("{}/favicon.ico", server.uri()));
    assert_eq!(atom["categories"][0]["label"], "Science");
    let rss = feed(&urls[1]);
    assert_eq!(rss["subtitle"], "An RSS subtitle");
    assert_eq!(rss["rights"], "© RSS Co");
    assert_eq!(rss["generator"]["name"], "WordPress 6.4");
    assert_eq!(
        (
            rss["image"]["title"].as_str(),
            rss["image"]["width"].as_u64()
        ),
        (Some("RSS logo"), Some(88))
    );
    assert_eq!(rss["authors"][0]["email"], "ed@rss.example.org");
}
