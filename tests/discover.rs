//! `tidings discover` and `tidings add` as the real binary against pages
//! and feeds served on 127.0.0.1: alternate links (relative and absolute,
//! several types), a page with none (the usual paths), a feed URL given
//! directly, a page linking to a feed that fails to parse; `add` on a
//! config with no feeds, keeping its comments, refusing a feed twice.

mod common;

use common::daemon::{rss, RSS};
use common::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PREAMBLE: &str = "# my tidings config\ndatabase = \"tidings.db\"\n\n\
                        [fetch]\n# test servers are on loopback\nallow_private_networks = true\n\
                        per_host_delay = \"0s\"\n";

const ATOM: &str = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom side</title><id>urn:x</id><updated>2026-01-01T00:00:00Z</updated>
<entry><title>a1</title><id>urn:a1</id><updated>2026-01-01T00:00:00Z</updated><link href="https://example.com/a1"/></entry>
</feed>"#;

const JSON_FEED: &str = r#"{"version":"https://jsonfeed.org/version/1.1","title":"Json side",
"items":[{"id":"1","url":"https://example.com/j1","content_text":"one"},
{"id":"2","url":"https://example.com/j2","content_text":"two"},
{"id":"3","url":"https://example.com/j3","content_text":"three"}]}"#;

async fn serve(server: &MockServer, route: &str, status: u16, body: &str, content_type: &str) {
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(
            ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), content_type),
        )
        .mount(server)
        .await;
}

fn html_page(head: &str) -> String {
    format!(
        "<!doctype html><html><head><title>Site</title>{head}</head><body><p>hi</p></body></html>"
    )
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn alternate_links_relative_and_absolute_of_several_types() {
    let server = MockServer::start().await;
    let head = format!(
        r#"<link rel="alternate" type="application/rss+xml" href="/rss">
           <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
           <link rel="alternate" type="application/atom+xml" href="{}/atom">
           <link rel="alternate" type="application/feed+json" href="feed.json">"#,
        server.uri()
    );
    serve(
        &server,
        "/blog/",
        200,
        &html_page(&head),
        "text/html; charset=utf-8",
    )
    .await;
    let rss_body = String::from_utf8(rss(&["one", "two"])).unwrap();
    serve(&server, "/rss", 200, &rss_body, RSS).await;
    serve(&server, "/atom", 200, ATOM, "application/atom+xml").await;
    serve(
        &server,
        "/blog/feed.json",
        200,
        JSON_FEED,
        "application/feed+json",
    )
    .await;

    let ws = Workspace::new();
    ws.write_config(PREAMBLE);
    let out = ws.run(&["discover", &format!("{}/blog/", server.uri())]);
    expect_success(&out, "discover");
    let lines: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(
        lines,
        [
            format!("{}/rss\tt\t2 entries", server.uri()),
            format!("{}/atom\tAtom side\t1 entry", server.uri()),
            format!("{}/blog/feed.json\tJson side\t3 entries", server.uri()),
        ],
        "{}",
        show(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_without_links_gets_the_usual_paths() {
    let server = MockServer::start().await;
    serve(&server, "/", 200, &html_page(""), "text/html").await;
    // /feed is the site's HTML (a common misconfiguration), /rss.xml the feed.
    serve(&server, "/feed", 200, &html_page(""), "text/html").await;
    let rss_body = String::from_utf8(rss(&["only"])).unwrap();
    serve(&server, "/rss.xml", 200, &rss_body, RSS).await;
    let ws = Workspace::new();
    ws.write_config(PREAMBLE);
    let out = ws.run(&["discover", &format!("{}/", server.uri())]);
    expect_success(&out, "discover");
    let text = stdout(&out);
    assert!(
        text.contains(&format!("{}/rss.xml\tt\t1 entry", server.uri())),
        "{}",
        show(&out)
    );
    assert!(
        text.contains(&format!("not a feed: {}/feed (", server.uri())),
        "{text}"
    );
    // Found at /rss.xml: the paths after it are not asked.
    let asked: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_string())
        .collect();
    assert!(
        !asked.iter().any(|p| p == "/atom.xml" || p == "/feed.json"),
        "{asked:?}"
    );

    // No feed anywhere: a clear failure.
    let empty = MockServer::start().await;
    serve(&empty, "/", 200, &html_page(""), "text/html").await;
    let out = ws.run(&["discover", &format!("{}/", empty.uri())]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("links no feed") && err.contains("/rss.xml"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_feed_url_given_directly_and_a_link_to_a_broken_feed() {
    let server = MockServer::start().await;
    serve(&server, "/atom", 200, ATOM, "application/atom+xml").await;
    let head = r#"<link rel="alternate" type="application/rss+xml" href="/broken">"#;
    serve(&server, "/page", 200, &html_page(head), "text/html").await;
    serve(
        &server,
        "/broken",
        200,
        "Just some words, no markup at all.",
        RSS,
    )
    .await;
    let ws = Workspace::new();
    ws.write_config(PREAMBLE);

    let direct = ws.run(&["discover", &format!("{}/atom", server.uri())]);
    expect_success(&direct, "discover a feed");
    assert_eq!(
        stdout(&direct),
        format!("{}/atom\tAtom side\t1 entry\n", server.uri())
    );

    let broken = ws.run(&["discover", &format!("{}/page", server.uri())]);
    assert!(!broken.status.success(), "{}", show(&broken));
    assert!(
        stdout(&broken).starts_with(&format!("not a feed: {}/broken (", server.uri())),
        "{}",
        show(&broken)
    );
    assert!(String::from_utf8_lossy(&broken.stderr).contains("none of them could be read"));
}

#[tokio::test(flavor = "multi_thread")]
async fn add_writes_the_best_feed_into_a_config_with_none_and_refuses_it_twice() {
    let server = MockServer::start().await;
    let head = r#"<link rel="alternate" type="application/atom+xml" href="/atom">"#;
    serve(&server, "/", 200, &html_page(head), "text/html").await;
    serve(&server, "/atom", 200, ATOM, "application/atom+xml").await;
    let ws = Workspace::new();
    ws.write_config(PREAMBLE);

    // A config with no feeds is valid, with a note.
    let check = ws.run(&["check"]);
    expect_success(&check, "check with no feeds");
    assert!(
        stdout(&check).contains("no feeds are configured yet"),
        "{}",
        show(&check)
    );
    let once = ws.run(&["once"]);
    expect_success(&once, "once with no feeds");
    assert!(String::from_utf8_lossy(&once.stderr).contains("no feeds are configured yet"));

    let site = format!("{}/", server.uri());
    let out = ws.run(&["add", &site, "--tag", "news", "--tag", "tech"]);
    expect_success(&out, "add");
    assert!(stdout(&out).starts_with(&format!("added {}/atom (Atom side", server.uri())));
    let text = std::fs::read_to_string(ws.config_path()).unwrap();
    assert!(
        text.starts_with(PREAMBLE),
        "comments and layout kept:\n{text}"
    );
    assert!(
        text.contains(&format!("url = \"{}/atom\"", server.uri())),
        "{text}"
    );
    assert!(
        text.contains("title = \"Atom side\"") && text.contains("tags = [\"news\", \"tech\"]"),
        "{text}"
    );
    let check = ws.run(&["check"]);
    expect_success(&check, "check after add");
    assert!(stdout(&check).contains("1 feeds:"), "{}", show(&check));

    // The page again, or the feed itself: already configured, file unchanged.
    for again in [site.clone(), format!("{}/atom", server.uri())] {
        let out = ws.run(&["add", &again]);
        expect_exit(&out, 3, "add twice");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("already configured"),
            "{}",
            show(&out)
        );
    }
    assert_eq!(std::fs::read_to_string(ws.config_path()).unwrap(), text);

    // With --title, into a config file that does not exist yet.
    let fresh = Workspace::new();
    let out = fresh
        .cmd()
        .args(["add", &format!("{}/atom", server.uri()), "--title", "Mine"])
        .output()
        .unwrap();
    // The default config refuses loopback: the network guard is in the way.
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("127.0.0.1"),
        "{}",
        show(&out)
    );
    assert!(!fresh.config_path().exists());
}
