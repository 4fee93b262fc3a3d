//! Redirects and the network policy, against servers on 127.0.0.1: loops, long chains,
//! short chains, a redirect to a local file, and the default policy refusing loopback both
//! as an IP literal and after DNS. The hostile-feed harness and its four checks are in
//! `tests/common/hostile.rs`.

mod common;

use common::hostile::*;
use common::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// --- redirects -------------------------------------------------------------------------------

/// Mounts `GET from` → 302 `to`.
async fn redirect(server: &MockServer, from: &str, to: &str) {
    Mock::given(method("GET"))
        .and(path(from))
        .respond_with(ResponseTemplate::new(302).insert_header("location", to))
        .mount(server)
        .await;
}

#[tokio::test]
async fn redirect_loop_is_named_as_a_loop() {
    let server = MockServer::start().await;
    redirect(&server, "/a", "/b").await;
    redirect(&server, "/b", "/a").await;
    let run = Run::new("redirect loop", format!("{}/a", server.uri()), "").await;
    run.expect_failure(&["redirect", "loop"]);
    assert!(requests_to(&server, "/a").await.len() <= 2);
}

#[tokio::test]
async fn long_redirect_chain_stops_after_ten_hops() {
    let server = MockServer::start().await;
    for hop in 0..30 {
        redirect(
            &server,
            &format!("/hop/{hop}"),
            &format!("/hop/{}", hop + 1),
        )
        .await;
    }
    let run = Run::new(
        "redirect chain of 30",
        format!("{}/hop/0", server.uri()),
        "",
    )
    .await;
    run.expect_failure(&["more than 10 redirects"]);
    let received = server.received_requests().await.unwrap().len();
    assert!(received <= 11, "{received} requests");
}

#[tokio::test]
async fn short_redirect_chain_is_followed_and_the_final_url_kept() {
    let server = MockServer::start().await;
    redirect(&server, "/old", "/older").await;
    redirect(&server, "/older", "/feed").await;
    serve(&server, "/feed", rss(&item(7)).into_bytes(), RSS).await;
    let run = Run::new("redirect chain of 2", format!("{}/old", server.uri()), "").await;
    assert_eq!(run.expect_stored(), 1);
    assert_eq!(
        run.ws.feed_column(&run.bad, "final_url"),
        Some(format!("{}/feed", server.uri()))
    );
}

#[tokio::test]
async fn redirect_to_a_local_file_is_refused() {
    let secret_dir = tempfile::tempdir().unwrap();
    let secret_path = secret_dir.path().join("secret.xml");
    std::fs::write(&secret_path, rss("<item><title>SECRET-FILE</title></item>")).unwrap();
    let server = MockServer::start().await;
    redirect(
        &server,
        "/bad",
        &format!("file://{}", secret_path.display()),
    )
    .await;
    let run = Run::new("redirect to file://", format!("{}/bad", server.uri()), "").await;
    run.expect_failure(&["refused", "\"file\""]);
    assert_eq!(
        run.ws
            .count("SELECT count(*) FROM articles WHERE title = 'SECRET-FILE'"),
        0
    );
}

// --- the network policy ----------------------------------------------------------------------

/// A config with the default network policy: the server on 127.0.0.1 must see no request.
async fn strict_run(host: &str) -> (Workspace, MockServer, String) {
    let server = MockServer::start().await;
    serve(&server, "/feed", rss(&item(1)).into_bytes(), RSS).await;
    let port = server.address().port();
    let url = format!("http://{host}:{port}/feed");
    let ws = Workspace::new();
    ws.write_feeds_config_strict(FETCH, &[&url]);
    let summary = ws.once(&[]);
    assert_eq!((summary.polled, summary.failed), (1, 1), "{summary}");
    // The database keeps the URL as the URL parser writes it ([::ffff:7f00:1], 127.0.0.1).
    let url = url::Url::parse(&url).unwrap().to_string();
    (ws, server, url)
}

#[tokio::test]
async fn loopback_ip_literal_is_refused_by_default_before_connecting() {
    let (ws, server, url) = strict_run("127.0.0.1").await;
    let error = ws.feed_column(&url, "last_error").unwrap();
    assert!(
        error.contains("loopback") && error.contains("fetch.allow_private_networks"),
        "{error}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
    eprintln!("HOSTILE | default policy, http://127.0.0.1 | refused | {error} | -");
}

#[tokio::test]
async fn a_name_resolving_to_loopback_is_refused_after_dns() {
    let (ws, server, url) = strict_run("localhost").await;
    let error = ws.feed_column(&url, "last_error").unwrap();
    assert!(
        error.contains("localhost resolves only to addresses that are not public"),
        "{error}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
    eprintln!("HOSTILE | default policy, http://localhost | refused | {error} | -");
}

#[tokio::test]
async fn file_feeds_can_be_switched_off() {
    let ws = Workspace::new();
    let feed = ws.write_file("feeds/local.xml", rss(&item(1)).as_bytes());
    ws.write_feeds_config("[fetch]\nallow_files = false\n", &[feed.to_str().unwrap()]);
    let summary = ws.once(&[]);
    assert_eq!(summary.failed, 1, "{summary}");
    assert_eq!(ws.count("SELECT count(*) FROM articles"), 0);
}

#[tokio::test]
async fn loopback_in_other_spellings_is_refused_too() {
    // Every spelling still means 127.0.0.1 (or ::1): nothing else is ever a target here.
    for host in [
        "[::ffff:127.0.0.1]",
        "[::1]",
        "0x7f000001",
        "2130706433",
        "127.1",
    ] {
        let (ws, server, url) = strict_run(host).await;
        let error = ws.feed_column(&url, "last_error").unwrap_or_default();
        assert!(error.contains("loopback"), "{host}: {error}");
        assert!(
            server.received_requests().await.unwrap().is_empty(),
            "{host}"
        );
    }
}
