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
