//! Whole articles: full text from an entry's page when the feed gives a teaser, and
//! robots.txt. Every test runs the real binary against a wiremock server on 127.0.0.1 that
//! serves a feed of one-sentence teasers and article pages built around the sample story
//! (see `common::articles`).

mod common;

use common::articles::*;
use common::*;
use wiremock::matchers::{basic_auth, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

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

#[tokio::test]
async fn pages_per_poll_are_bounded_and_the_rest_wait_for_the_next_poll() {
    let server = MockServer::start().await;
    let uri = server.uri();
    let items: Vec<String> = (1..=3)
        .map(|i| {
            item(
                &format!("Story {i}"),
                &format!("{uri}/p/{i}"),
                "world",
                TEASER,
            )
        })
        .collect();
    serve(&server, "/feed.xml", rss(&items), RSS).await;
    for i in 1..=3 {
        serve(
            &server,
            &format!("/p/{i}"),
            fixture("article_page.html"),
            HTML,
        )
        .await;
    }
    let ws = Workspace::new();
    ws.write_feeds_config(
        &format!("{FAST}[full_text]\nmode = \"auto\"\nmax_pages_per_poll = 2\n"),
        &[&format!("{uri}/feed.xml")],
    );
    let pages = || async {
        let mut n = 0;
        for i in 1..=3 {
            n += requests_to(&server, &format!("/p/{i}")).await.len();
        }
        n
    };
    ws.once(&[]);
    assert_eq!(pages().await, 2);
    assert_eq!(
        ws.count("SELECT count(*) FROM articles WHERE page_state = 'pending'"),
        1
    );
    ws.once(&["--force"]);
    assert_eq!(pages().await, 3);
    assert_eq!(
        ws.count("SELECT count(*) FROM articles WHERE body_source = 'page'"),
        3
    );
    ws.once(&["--force"]);
    assert_eq!(pages().await, 3, "each page once");
}
