//! Per-feed HTTP options: basic auth with the password from the environment (never in a
//! log line or `tidings check`), a user agent and extra headers (robots.txt rules follow
//! the agent), and a proxy.

mod common;

use common::articles::*;
use common::*;
use wiremock::matchers::{basic_auth, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn basic_auth_with_a_password_from_the_environment_never_logs_it() {
    const PASSWORD: &str = "s3cret-Pa55word-from-env";
    let server = MockServer::start().await;
    let uri = server.uri();
    Mock::given(method("GET"))
        .and(path("/members.xml"))
        .and(basic_auth("ann", PASSWORD))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            rss(&[item(
                "Members only",
                &format!("{uri}/m/1"),
                "world",
                "For members.",
            )]),
            RSS,
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/members.xml"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let ws = Workspace::new();
    ws.write_config(&format!(
        "database = \"tidings.db\"\n{DIRECT}\n[[feeds]]\nurl = \"{uri}/members.xml\"\n\
         basic_auth = {{ username = \"ann\", password_env = \"TIDINGS_TEST_MEMBERS_PW\" }}\n"
    ));
    let out = ws
        .cmd()
        .args(["once"])
        .env("RUST_LOG", "debug")
        .env("TIDINGS_TEST_MEMBERS_PW", PASSWORD)
        .output()
        .unwrap();
    expect_success(&out, "once");
    assert_eq!(summary_of(&out).new, 1, "{}", show(&out));
    let log = all_output(&out);
    assert!(log.lines().count() > 3, "debug logging is on\n{log}");
    assert!(!log.contains(PASSWORD), "the password is in the log\n{log}");
    assert_eq!(titles(&ws.articles(&[])), vec!["Members only"]);

    let check = ws
        .cmd()
        .arg("check")
        .env("TIDINGS_TEST_MEMBERS_PW", PASSWORD)
        .output()
        .unwrap();
    expect_success(&check, "check");
    let shown = all_output(&check);
    assert!(
        !shown.contains(PASSWORD) && shown.contains("TIDINGS_TEST_MEMBERS_PW"),
        "{shown}"
    );

    // Without the variable `check` refuses the config, naming it; a poll fails for that
    // feed alone, with the reason recorded, and sends nothing.
    let missing = ws.run(&["check"]);
    expect_exit(&missing, EXIT_CONFIG, "check");
    assert!(String::from_utf8_lossy(&missing.stderr).contains("TIDINGS_TEST_MEMBERS_PW"));
    let before = requests_to(&server, "/members.xml").await.len();
    let failed = ws.once(&["--force"]);
    assert_eq!(failed.failed, 1, "{failed}");
    assert_eq!(requests_to(&server, "/members.xml").await.len(), before);
    let error = ws
        .feed_column(&format!("{uri}/members.xml"), "last_error")
        .unwrap();
    assert!(error.contains("TIDINGS_TEST_MEMBERS_PW"), "{error}");
}

#[tokio::test]
async fn a_feeds_user_agent_and_headers_reach_its_site_and_robots_rules_follow_the_agent() {
    let server = MockServer::start().await;
    let uri = server.uri();
    Mock::given(method("GET"))
        .and(path("/feed.xml"))
        .and(header("user-agent", "probebot/2.0 (ops@example.com)"))
        .and(header("x-api-key", "k-123"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            rss(&[item(TITLE, &format!("{uri}/world/assad"), "world", TEASER)]),
            RSS,
        ))
        .mount(&server)
        .await;
    serve(&server, "/world/assad", fixture("article_page.html"), HTML).await;
    serve(
        &server,
        "/robots.txt",
        b"User-agent: *\nAllow: /\n\nUser-agent: probebot\nDisallow: /world/\n".to_vec(),
        "text/plain",
    )
    .await;
    let ws = Workspace::new();
    ws.write_config(&format!(
        "database = \"tidings.db\"\n{DIRECT}[full_text]\nmode = \"auto\"\n\n[[feeds]]\n\
         url = \"{uri}/feed.xml\"\nuser_agent = \"probebot/2.0 (ops@example.com)\"\n\
         headers = {{ \"X-Api-Key\" = \"k-123\" }}\n"
    ));
    assert_eq!(ws.once(&[]).new, 1);
    assert!(
        requests_to(&server, "/world/assad").await.is_empty(),
        "robots.txt disallows /world/ for probebot"
    );
    let robots = requests_to(&server, "/robots.txt").await;
    assert_eq!(robots.len(), 1);
    assert_eq!(
        robots[0].headers.get("user-agent").unwrap(),
        "probebot/2.0 (ops@example.com)"
    );
    assert_eq!(by_title(&ws.articles(&[]), TITLE)["body_source"], "feed");
    let check = ws.run(&["check"]);
    expect_success(&check, "check");
    let shown = all_output(&check);
    assert!(
        shown.contains("X-Api-Key") && shown.contains("probebot/2.0") && !shown.contains("k-123"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_feed_with_a_proxy_is_fetched_through_it() {
    // The proxy is the wiremock server: an HTTP proxy receives the absolute URL.
    let proxy = MockServer::start().await;
    serve(
        &proxy,
        "/feed.xml",
        rss(&[item(
            "Via the proxy",
            "https://elsewhere.example/x",
            "world",
            "Proxied.",
        )]),
        RSS,
    )
    .await;
    let ws = Workspace::new();
    ws.write_config(&format!(
        "database = \"tidings.db\"\n{DIRECT}\n[[feeds]]\n\
         url = \"http://feeds.unreachable.example/feed.xml\"\nproxy = \"{}\"\n",
        proxy.uri()
    ));
    assert_eq!(ws.once(&[]).new, 1);
    let seen = requests_to(&proxy, "/feed.xml").await;
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].headers.get("host").unwrap(),
        "feeds.unreachable.example"
    );
}
