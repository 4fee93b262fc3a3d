//! Whole articles: full text from an entry's page when the feed gives a teaser, robots.txt,
//! `[[filters]]`, and per-feed HTTP options (basic auth from the environment, user agent,
//! headers, proxy). Every test runs the real binary against a wiremock server on 127.0.0.1
//! that serves a feed of one-sentence teasers and article pages built around the sample
//! story (`tests/fixtures/article_page.html`: the story inside a header, navigation, ads, a
//! share bar, related links, comments and a footer).

mod common;

use common::*;
use wiremock::matchers::{basic_auth, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const RSS: &str = "application/rss+xml";
const HTML: &str = "text/html; charset=utf-8";
const TITLE: &str = "Assad confident of Aleppo victory, ignores ceasefire appeals";
const TEASER: &str = "Syrian President Bashar al-Assad said victory in Aleppo would be a \
                      \"huge step\" towards ending the war. Read more »";

/// The sample's paragraphs, as `body_text` must hold them.
fn sample_paragraphs() -> String {
    let sample = String::from_utf8(fixture("article.txt")).unwrap();
    sample.split_once("\n\n").unwrap().1.to_string()
}

/// One RSS item.
fn item(title: &str, link: &str, category: &str, description: &str) -> String {
    format!(
        "<item><title>{title}</title><link>{link}</link><guid>{link}</guid>\
         <category>{category}</category>\
         <pubDate>Thu, 08 Dec 2016 10:00:00 +0000</pubDate>\
         <description>{}</description></item>",
        description.replace('&', "&amp;").replace('<', "&lt;")
    )
}

fn rss(items: &[String]) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
         <title>Teasers</title><link>https://news.example.com/</link>{}</channel></rss>",
        items.concat()
    )
    .into_bytes()
}

/// The teaser feed: the sample story (its page allowed) and a second story whose page
/// robots.txt disallows.
async fn teaser_site(server: &MockServer) {
    let uri = server.uri();
    let feed = rss(&[
        item(TITLE, &format!("{uri}/world/assad"), "world", TEASER),
        item(
            "Inside the ministry",
            &format!("{uri}/private/ministry"),
            "world",
            "What the documents show. Read more »",
        ),
    ]);
    serve(server, "/feed.xml", feed, RSS).await;
    serve(server, "/world/assad", fixture("article_page.html"), HTML).await;
    serve(
        server,
        "/private/ministry",
        b"<html><body><article><p>Never to be fetched.</p></article></body></html>".to_vec(),
        HTML,
    )
    .await;
    serve(
        server,
        "/robots.txt",
        b"User-agent: *\nDisallow: /private/\n".to_vec(),
        "text/plain",
    )
    .await;
}

/// `[fetch]` for tests: no per-host delay (`write_feeds_config` adds loopback access).
const FAST: &str = "[fetch]\nper_host_delay = \"0s\"\n";
/// [`FAST`] with loopback access, for configs written whole with `write_config`.
const DIRECT: &str = "[fetch]\nper_host_delay = \"0s\"\nallow_private_networks = true\n";

#[tokio::test]
async fn teaser_feed_gets_the_whole_story_from_its_page_once() {
    let server = MockServer::start().await;
    teaser_site(&server).await;
    let ws = Workspace::new();
    ws.write_feeds_config(
        &format!("{FAST}[full_text]\nmode = \"auto\"\n"),
        &[&format!("{}/feed.xml", server.uri())],
    );
    let summary = ws.once(&[]);
    assert_eq!((summary.fetched, summary.new), (1, 2), "{summary}");

    let articles = ws.articles(&[]);
    let story = by_title(&articles, TITLE);
    assert_eq!(story["body_text"], sample_paragraphs());
    assert_eq!(story["body_source"], "page");
    assert_eq!(story["dateline"], "DAMASCUS");
    assert_eq!(
        story["summary"], TEASER,
        "the feed's teaser is kept beside the page's text"
    );
    let html = story["body_html"].as_str().unwrap();
    assert!(
        html.contains("Sonia Khush") && !html.contains("ads.example"),
        "{html}"
    );

    let private = by_title(&articles, "Inside the ministry");
    assert_eq!(private["body_source"], "feed");
    assert_eq!(private["body_text"], "What the documents show. Read more »");
    assert!(
        requests_to(&server, "/private/ministry").await.is_empty(),
        "a page robots.txt disallows is never requested"
    );
    let state = |title: &str| -> (String, i64) {
        ws.db()
            .query_row(
                "SELECT page_state, page_attempts FROM articles WHERE title = ?1",
                [title],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    assert_eq!(state(TITLE), ("used".into(), 0));
    assert_eq!(state("Inside the ministry"), ("disallowed".into(), 0));

    // A second poll (the feed unchanged) fetches no page and no robots.txt again.
    let again = ws.once(&["--force"]);
    assert_eq!(again.new, 0, "{again}");
    assert_eq!(requests_to(&server, "/world/assad").await.len(), 1);
    assert_eq!(requests_to(&server, "/robots.txt").await.len(), 1);
    assert!(requests_to(&server, "/private/ministry").await.is_empty());
    let articles = ws.articles(&[]);
    assert_eq!(by_title(&articles, TITLE)["body_text"], sample_paragraphs());

    // The corpus layout shows the whole story.
    let text = String::from_utf8(ws.articles_text(&["--limit", "5"])).unwrap();
    assert!(text.contains(&sample_paragraphs()), "{text}");
}

#[tokio::test]
async fn full_text_never_fetches_no_page_and_always_replaces_long_bodies() {
    let server = MockServer::start().await;
    teaser_site(&server).await;
    let ws = Workspace::new();
    let feed = format!("{}/feed.xml", server.uri());
    // The default mode is never: no page, no robots.txt.
    ws.write_feeds_config(FAST, &[&feed]);
    ws.once(&[]);
    assert!(requests_to(&server, "/world/assad").await.is_empty());
    assert!(requests_to(&server, "/robots.txt").await.is_empty());
    assert_eq!(by_title(&ws.articles(&[]), TITLE)["body_source"], "feed");

    // Switched on for the feed: the entries still listed are considered at the next poll.
    ws.write_config(&format!(
        "database = \"tidings.db\"\n{DIRECT}\n[[feeds]]\nurl = \"{feed}\"\nfull_text = \"always\"\n"
    ));
    ws.once(&["--force"]);
    let articles = ws.articles(&[]);
    assert_eq!(by_title(&articles, TITLE)["body_source"], "page");
    assert_eq!(by_title(&articles, TITLE)["body_text"], sample_paragraphs());
    assert_eq!(
        ws.count("SELECT count(*) FROM revisions"),
        1,
        "the feed's version is kept as a revision"
    );
}

#[tokio::test]
async fn failed_page_fetches_are_recorded_and_retried_a_bounded_number_of_times() {
    let server = MockServer::start().await;
    let uri = server.uri();
    serve(
        &server,
        "/feed.xml",
        rss(&[item(
            "Broken page",
            &format!("{uri}/broken"),
            "world",
            "Short.",
        )]),
        RSS,
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/broken"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let ws = Workspace::new();
    ws.write_feeds_config(
        &format!("{FAST}[full_text]\nmode = \"auto\"\nmax_attempts = 2\n"),
        &[&format!("{uri}/feed.xml")],
    );
    for _ in 0..4 {
        ws.once(&["--force"]);
    }
    assert_eq!(requests_to(&server, "/broken").await.len(), 2);
    let (state, attempts, error): (String, i64, String) = ws
        .db()
        .query_row(
            "SELECT page_state, page_attempts, page_error FROM articles",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((state.as_str(), attempts), ("failed", 2));
    assert!(error.contains("500"), "{error}");
    let article = &ws.articles(&[])[0];
    assert_eq!(
        (
            article["body_source"].as_str(),
            article["body_text"].as_str()
        ),
        (Some("feed"), Some("Short."))
    );
}

/// A feed of three entries for the filter tests.
async fn mixed_feed(server: &MockServer) -> String {
    let uri = server.uri();
    let feed = rss(&[
        item(
            "Aleppo talks resume",
            &format!("{uri}/a"),
            "world",
            "Talks.",
        ),
        item(
            "SPONSORED: Buy gold now",
            &format!("{uri}/b"),
            "world",
            "Ad.",
        ),
        item("Cup final tonight", &format!("{uri}/c"), "sport", "Match."),
    ]);
    serve(server, "/feed.xml", feed, RSS).await;
    format!("{uri}/feed.xml")
}

#[tokio::test]
async fn a_drop_rule_keeps_an_entry_out_and_remembers_it() {
    let server = MockServer::start().await;
    let feed = mixed_feed(&server).await;
    let ws = Workspace::new();
    ws.write_feeds_config(
        "[[filters]]\naction = \"drop\"\nfield = \"title\"\npattern = \"(?i)^sponsored\"\n",
        &[&feed],
    );
    let first = ws.once(&[]);
    assert_eq!(first.new, 2, "{first}");
    let titles_now: Vec<String> = ws
        .articles(&[])
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !titles_now.iter().any(|t| t.contains("SPONSORED")),
        "{titles_now:?}"
    );
    let (rule, count): (String, i64) = ws
        .db()
        .query_row("SELECT rule, count(*) FROM dropped_entries", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(count, 1);
    assert!(
        rule.contains("rule 1") && rule.contains("drop title"),
        "{rule}"
    );

    // Polled again: still out, remembered once, shown by feeds and stats.
    let again = ws.once(&["--force"]);
    assert_eq!((again.new, again.unchanged), (0, 2), "{again}");
    assert_eq!(ws.count("SELECT count(*) FROM dropped_entries"), 1);
    let out = ws.run(&["feeds", "--format", "json"]);
    expect_success(&out, "feeds --format json");
    let feeds: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(feeds[0]["dropped"], 1);
    let table = ws.run(&["feeds"]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("DROPPED"));
    let stats = ws.run(&["stats"]);
    let stats = String::from_utf8_lossy(&stats.stdout).to_string();
    assert!(stats.contains("dropped:     1"), "{stats}");

    // The rule removed: the entry is judged again and stored.
    ws.write_feeds_config("", &[&feed]);
    let after = ws.once(&["--force"]);
    assert_eq!(after.new, 1, "{after}");
    assert_eq!(ws.count("SELECT count(*) FROM dropped_entries"), 0);
}

#[tokio::test]
async fn a_keep_rule_keeps_only_matching_entries() {
    let server = MockServer::start().await;
    let feed = mixed_feed(&server).await;
    let ws = Workspace::new();
    ws.write_feeds_config(
        &format!(
            "[[filters]]\naction = \"keep\"\nfield = \"category\"\npattern = \"^world$\"\n\
             feed = \"{feed}\"\n\
             [[filters]]\naction = \"drop\"\nfield = \"body\"\npattern = \"^Ad\\\\.$\"\n"
        ),
        &[&feed],
    );
    ws.once(&[]);
    assert_eq!(titles(&ws.articles(&[])), vec!["Aleppo talks resume"]);
    assert_eq!(ws.count("SELECT count(*) FROM dropped_entries"), 2);
}

#[test]
fn a_bad_regex_is_a_config_error_naming_the_rule_and_its_line() {
    let ws = Workspace::new();
    ws.write_config(
        "database = \"tidings.db\"\n[[feeds]]\nurl = \"https://a.example/feed\"\n\n\
         [[filters]]\naction = \"drop\"\nfield = \"title\"\npattern = \"ok\"\n\n\
         [[filters]]\naction = \"keep\"\nfield = \"link\"\npattern = \"(unclosed\"\n",
    );
    let out = ws.run(&["check"]);
    expect_exit(&out, EXIT_CONFIG, "check");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("filter rule 2") && err.contains("line 13") && err.contains("(unclosed"),
        "{err}"
    );
}

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

#[tokio::test(flavor = "multi_thread")]
async fn the_daemon_fetches_each_page_once_with_the_feeds_credentials_and_never_logs_them() {
    const PASSWORD: &str = "daemon-Pa55-word";
    let server = MockServer::start().await;
    let uri = server.uri();
    // Feed and page both sit behind basic auth on the feed's origin.
    Mock::given(method("GET"))
        .and(path("/members.xml"))
        .and(basic_auth("ann", PASSWORD))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            rss(&[item(TITLE, &format!("{uri}/world/assad"), "world", TEASER)]),
            RSS,
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/world/assad"))
        .and(basic_auth("ann", PASSWORD))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture("article_page.html"), HTML))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let ws = Workspace::new();
    ws.write_config(&format!(
        "database = \"tidings.db\"\n{}[full_text]\nmode = \"auto\"\n\n[[feeds]]\n\
         url = \"{uri}/members.xml\"\ninterval = \"1s\"\n\
         basic_auth = {{ username = \"ann\", password_env = \"TIDINGS_TEST_DAEMON_PW\" }}\n",
        allow_loopback(common::daemon::FAST)
    ));
    let daemon = common::daemon::Daemon::start_with(&ws, &[("TIDINGS_TEST_DAEMON_PW", PASSWORD)]);
    let db_ready = poll_until(500, || {
        ws.db_path().exists()
            && ws
                .db()
                .query_row(
                    "SELECT count(*) FROM articles WHERE body_source = 'page'",
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .unwrap_or(0)
                == 1
    });
    let mut polls = 0;
    for _ in 0..500 {
        polls = requests_to(&server, "/members.xml").await.len();
        if polls >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let (status, log) = daemon.stop();
    assert!(db_ready, "no full text stored\n{log}");
    assert!(polls >= 3, "the feed was polled {polls} times\n{log}");
    assert!(status.success(), "{status}\n{log}");
    assert_eq!(requests_to(&server, "/world/assad").await.len(), 1, "{log}");
    assert_eq!(requests_to(&server, "/robots.txt").await.len(), 1, "{log}");
    assert!(!log.contains(PASSWORD), "the password is in the log\n{log}");
    assert_eq!(
        by_title(&ws.articles(&[]), TITLE)["body_text"],
        sample_paragraphs()
    );
}

#[tokio::test]
async fn article_pages_obey_the_network_policy() {
    // A local feed whose entry links to a page on 127.0.0.1: with the default policy
    // (no private networks) neither the page nor its robots.txt is ever requested.
    let server = MockServer::start().await;
    teaser_site(&server).await;
    let ws = Workspace::new();
    let feed = rss(&[item(
        TITLE,
        &format!("{}/world/assad", server.uri()),
        "world",
        TEASER,
    )]);
    ws.write_file("local.xml", &feed);
    ws.write_config(
        "database = \"tidings.db\"\n[full_text]\nmode = \"always\"\n\n[[feeds]]\nurl = \"local.xml\"\n",
    );
    assert_eq!(ws.once(&[]).new, 1);
    assert!(requests_to(&server, "/world/assad").await.is_empty());
    assert!(requests_to(&server, "/robots.txt").await.is_empty());
    let (state, error): (String, String) = ws
        .db()
        .query_row("SELECT page_state, page_error FROM articles", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(state, "failed");
    assert!(error.contains("network policy"), "{error}");
    assert_eq!(by_title(&ws.articles(&[]), TITLE)["body_source"], "feed");
}
