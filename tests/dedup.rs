//! End-to-end tests of dedup across feeds: the real binary polls feeds served by a wiremock
//! server on 127.0.0.1 into a SQLite file in a temp dir, and the tests read what it stored
//! through `articles`, `stories` and, for what the CLI does not show, the database.
//!
//! Fixtures (`tests/fixtures/gen_syndication.py`): the sample article published by three
//! outlets (rewritten headline, trimmed last paragraph, outlet footer); two unrelated stories
//! of one outlet sharing a long footer; one site's two feeds listing the same page, once with
//! utm_ parameters.

mod common;

use common::*;
use serde_json::Value;
use wiremock::MockServer;

const RSS: &str = "application/rss+xml";
const ATOM: &str = "application/atom+xml";

/// Serves each `(route, fixture, content type)` and writes a config with `extra` and one
/// feed per route, in order; returns the workspace, the server and the feed URLs.
async fn farm(extra: &str, feeds: &[(&str, &str, &str)]) -> (Workspace, MockServer, Vec<String>) {
    let server = MockServer::start().await;
    let mut urls = Vec::new();
    for (route, name, content_type) in feeds {
        serve(&server, route, fixture(name), content_type).await;
        urls.push(format!("{}{route}", server.uri()));
    }
    let ws = Workspace::new();
    let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
    ws.write_feeds_config(extra, &refs);
    (ws, server, urls)
}

const THREE_OUTLETS: &[(&str, &str, &str)] = &[
    ("/a/world.xml", "syndication_a.xml", RSS),
    ("/b/rss", "syndication_b.xml", RSS),
    ("/c/atom", "syndication_c.xml", ATOM),
];

/// `tidings stories --format jsonl <args>`.
fn stories(ws: &Workspace, args: &[&str]) -> Vec<Value> {
    let out = ws.run(&[&["stories", "--format", "jsonl"][..], args].concat());
    expect_success(&out, "stories --format jsonl");
    parse_jsonl(&out.stdout)
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap_or("<not a string>"))
        .collect()
}

#[tokio::test]
async fn the_sample_published_by_three_outlets_is_one_story_with_three_sources() {
    let (ws, _server, _urls) = farm("", THREE_OUTLETS).await;
    let summary = ws.once(&[]);
    assert_eq!((summary.fetched, summary.new), (3, 3), "{summary}");

    // Each outlet keeps its own record; one story links them.
    let articles = ws.articles(&[]);
    assert_eq!(articles.len(), 3, "{:?}", titles(&articles));
    let story = &articles[0]["story_id"];
    assert!(story.is_i64(), "story_id is a number: {}", articles[0]);
    assert!(
        articles.iter().all(|a| &a["story_id"] == story),
        "{:?}",
        articles
            .iter()
            .map(|a| (&a["link"], &a["story_id"]))
            .collect::<Vec<_>>()
    );

    let stories = stories(&ws, &[]);
    assert_eq!(stories.len(), 1, "{stories:?}");
    let s = &stories[0];
    assert_eq!(&s["story_id"], story);
    assert_eq!(s["source_count"], 3);
    assert_eq!(
        strings(&s["outlets"]),
        vec![
            "daily-planet.example",
            "morning-ledger.example",
            "harbor-gazette.example"
        ]
    );
    assert_eq!(
        s["title"],
        "Syria's Assad says Aleppo win would be 'huge step' as truce calls go unheeded"
    );
    // Feeds are polled concurrently: whichever copy was stored first started the story.
    let mut matched: Vec<&str> = s["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|src| src["matched"].as_str().unwrap_or(""))
        .collect();
    matched.sort_unstable();
    assert_eq!(matched, vec!["first", "near", "near"]);

    // One article per story: the fullest, the copy with the outlet footer.
    let unique = ws.articles(&["--unique"]);
    assert_eq!(unique.len(), 1);
    assert_eq!(
        unique[0]["link"],
        "https://harbor-gazette.example/world/5521"
    );

    // The people's view names the story, its sources and outlets.
    let out = ws.run(&["stories"]);
    expect_success(&out, "stories");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!(
            "story {story}  2016-12-08  3 sources  daily-planet.example, morning-ledger.example, \
             harbor-gazette.example  Syria's Assad"
        )),
        "{text}"
    );
    assert_eq!(text.lines().count(), 4, "{text}");
    assert_eq!(ws.integrity_check(), "ok");
}

#[tokio::test]
async fn drop_mode_stores_one_article_and_keeps_the_other_two_as_sources() {
    let (ws, _server, urls) = farm("[dedup]\nnear = \"drop\"\n", THREE_OUTLETS).await;
    let summary = ws.once(&[]);
    assert_eq!((summary.fetched, summary.new), (3, 1), "{summary}");
    let articles = ws.articles(&[]);
    assert_eq!(articles.len(), 1);
    let mut feeds = strings(&articles[0]["feeds"]);
    feeds.sort_unstable();
    let mut want: Vec<&str> = urls.iter().map(String::as_str).collect();
    want.sort_unstable();
    assert_eq!(
        feeds, want,
        "every feed is a membership of the kept article"
    );

    let stories = stories(&ws, &[]);
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0]["source_count"], 3);
    // Feeds are polled concurrently: whichever copy came first is the article kept.
    let mut links: Vec<&str> = stories[0]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["link"].as_str().unwrap())
        .collect();
    links.sort_unstable();
    assert_eq!(
        links,
        vec![
            "https://harbor-gazette.example/world/5521",
            "https://morning-ledger.example/news/world/assad-confident-aleppo",
            "https://www.daily-planet.example/world/2016/12/08/assad-aleppo-huge-step",
        ]
    );
    let dropped: Vec<&Value> = stories[0]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["dropped"] == true)
        .collect();
    assert_eq!(dropped.len(), 2, "{}", stories[0]);
    assert!(dropped.iter().all(|s| s["link"] != articles[0]["link"]));

    // A second run changes nothing.
    let again = ws.once(&["--force"]);
    assert_eq!((again.new, again.updated), (0, 0), "{again}");
    assert_eq!(ws.count("SELECT count(*) FROM copies"), 2);
}

#[tokio::test]
async fn two_stories_of_one_outlet_sharing_a_footer_stay_two_stories() {
    let (ws, _server, _urls) = farm("", &[("/courier.xml", "footer_two_stories.xml", RSS)]).await;
    let summary = ws.once(&[]);
    assert_eq!(summary.new, 2, "{summary}");
    let articles = ws.articles(&[]);
    assert_eq!(articles.len(), 2);
    assert_ne!(articles[0]["story_id"], articles[1]["story_id"]);
    assert_eq!(stories(&ws, &[]).len(), 2);
    assert_eq!(stories(&ws, &["--min-sources", "2"]).len(), 0);
    assert_eq!(ws.articles(&["--unique"]).len(), 2);
}

#[tokio::test]
async fn the_same_page_in_two_feeds_of_one_site_is_one_article_with_two_memberships() {
    let (ws, _server, urls) = farm(
        "",
        &[
            ("/top.xml", "site_top.xml", RSS),
            ("/world.xml", "site_world.xml", RSS),
        ],
    )
    .await;
    let summary = ws.once(&[]);
    assert_eq!((summary.fetched, summary.new), (2, 1), "{summary}");
    let articles = ws.articles(&[]);
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    let mut feeds = strings(&a["feeds"]);
    feeds.sort_unstable();
    let mut want: Vec<&str> = urls.iter().map(String::as_str).collect();
    want.sort_unstable();
    assert_eq!(feeds, want);
    assert_eq!(
        a["canonical_url"],
        "https://www.city-news.example/world/2016/12/08/assad-aleppo"
    );
    // Both feeds list it: `--feed` finds it through either.
    for url in &urls {
        assert_eq!(ws.articles(&["--feed", url]).len(), 1, "{url}");
    }
    let stories = stories(&ws, &[]);
    assert_eq!(stories[0]["source_count"], 1, "one page is one source");
    // Polled again, nothing new is stored and nothing doubles.
    let again = ws.once(&["--force"]);
    assert_eq!((again.new, again.unchanged), (0, 2), "{again}");
    assert_eq!(ws.count("SELECT count(*) FROM article_feeds"), 2);
}

#[tokio::test]
async fn off_mode_keeps_near_copies_apart() {
    let (ws, _server, _urls) = farm("[dedup]\nnear = \"off\"\n", THREE_OUTLETS).await;
    ws.once(&[]);
    assert_eq!(stories(&ws, &[]).len(), 3);
    assert_eq!(ws.count("SELECT count(*) FROM fingerprints"), 0);
}

#[test]
fn a_bad_threshold_is_a_config_error_naming_key_and_line() {
    let ws = Workspace::new();
    ws.write_feeds_config("[dedup]\nthreshold = 0.0\n", &["https://example.com/feed"]);
    let out = ws.run(&["check"]);
    expect_exit(&out, EXIT_CONFIG, "check");
    let text = all_output(&out);
    assert!(
        text.contains("dedup.threshold") && text.contains("line 4"),
        "{text}"
    );
}
