//! The archive tools end to end, through the real binary: feeds served by wiremock on
//! 127.0.0.1, stored by `once`, then `search`, `export`, `feeds export-opml` /
//! `import-opml`, `prune` and `stats` on the same SQLite file in a temp dir.

mod common;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{Duration, Utc};
use common::*;
use serde_json::Value;
use wiremock::MockServer;

const RSS: &str = "application/rss+xml";
const SAMPLE_TITLE: &str = "Assad confident of Aleppo victory, ignores ceasefire appeals";
const SAMPLE_FILE: &str =
    "2016-12-08_assad-confident-of-aleppo-victory-ignores-ceasefire-appeals.txt";

/// One RSS item: guid, headline, body paragraph, publication time (RFC 2822).
struct Item<'a>(&'a str, &'a str, &'a str, String);

/// An RSS 2.0 document with `items`.
fn rss(items: &[Item<'_>]) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Archive test wire</title><link>https://archive.example.com/</link>\
         <description>d</description>\n",
    );
    for Item(guid, title, body, date) in items {
        xml.push_str(&format!(
            "<item><title>{title}</title><link>https://archive.example.com/{guid}</link>\
             <guid isPermaLink=\"false\">{guid}</guid><pubDate>{date}</pubDate>\
             <description>&lt;p&gt;{body}&lt;/p&gt;</description></item>\n"
        ));
    }
    xml.push_str("</channel></rss>\n");
    xml.into_bytes()
}

/// The publication date `days` ago, as RSS writes it.
fn days_ago(days: i64) -> String {
    (Utc::now() - Duration::days(days)).to_rfc2822()
}

/// A workspace whose one feed is `body` served at `/feed`, polled once.
async fn ingested(body: Vec<u8>, extra_config: &str) -> (Workspace, MockServer, String) {
    let server = MockServer::start().await;
    serve(&server, "/feed", body, RSS).await;
    let url = format!("{}/feed", server.uri());
    let ws = Workspace::new();
    ws.write_feeds_config(extra_config, &[&url]);
    let summary = ws.once(&[]);
    assert_eq!((summary.fetched, summary.failed), (1, 0), "{summary}");
    (ws, server, url)
}

/// `tidings search <args> --format jsonl`, required to succeed.
fn search(ws: &Workspace, args: &[&str]) -> Vec<Value> {
    let out = ws.run(&[&["search", "--format", "jsonl"][..], args].concat());
    expect_success(&out, "search");
    parse_jsonl(&out.stdout)
}

/// `tidings export --format text --out <dir>`, required to succeed; its summary line.
fn export_to(ws: &Workspace, dir: &Path) -> String {
    let out = ws.run(&["export", "--format", "text", "--out", dir.to_str().unwrap()]);
    expect_success(&out, "export");
    String::from_utf8(out.stdout).unwrap()
}

/// The `.txt` files of `dir`, sorted, with their modification times.
fn text_files(dir: &Path) -> Vec<(String, SystemTime)> {
    let mut files: Vec<(String, SystemTime)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".txt"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

// --- search --------------------------------------------------------------------------------

#[tokio::test]
async fn search_finds_the_sample_by_a_word_of_its_body() {
    let (ws, _server, _url) = ingested(fixture("rss20_sample.xml"), "").await;
    // "blistering" is only in the body.
    let hits = search(&ws, &["blistering"]);
    assert_eq!(titles(&hits), [SAMPLE_TITLE]);
    let snippet = hits[0]["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("<mark>blistering</mark>"),
        "snippet without the highlighted word: {snippet}"
    );
    assert!(hits[0]["score"].as_f64().unwrap() > 0.0);
    assert!(search(&ws, &["zeppelin"]).is_empty());

    let out = ws.run(&["search", "blistering"]);
    expect_success(&out, "search (text)");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!("2016-12-08  {SAMPLE_TITLE}\n")),
        "{text}"
    );
    assert!(text.contains("[blistering]"), "{text}");
}

#[tokio::test]
async fn search_ranks_a_title_match_above_a_body_match() {
    // The body match comes first in the feed, is newer, and says the word twice.
    let feed = rss(&[
        Item(
            "body-match",
            "Port reopens after a week",
            "The harbour strike is over and harbour cranes move again.",
            days_ago(1),
        ),
        Item(
            "title-match",
            "Harbour strike ends",
            "Dockers went back to work on Monday.",
            days_ago(2),
        ),
        Item("no-match", "Weather", "Rain all week.", days_ago(3)),
    ]);
    let (ws, _server, _url) = ingested(feed, "").await;
    let hits = search(&ws, &["harbour"]);
    assert_eq!(
        titles(&hits),
        ["Harbour strike ends", "Port reopens after a week"]
    );
}

#[tokio::test]
async fn search_sees_an_edited_article_as_edited() {
    let (ws, server, _url) = ingested(fixture("rss20_edited_v1.xml"), "").await;
    assert_eq!(search(&ws, &["friday"]).len(), 1);
    assert!(search(&ws, &["inspectors"]).is_empty());

    server.reset().await;
    serve(&server, "/feed", fixture("rss20_edited_v2.xml"), RSS).await;
    let summary = ws.once(&["--force"]);
    assert_eq!(summary.updated, 1, "{summary}");
    assert!(
        search(&ws, &["friday"]).is_empty(),
        "the old text is still found"
    );
    assert_eq!(
        titles(&search(&ws, &["inspectors"])),
        ["Stone bridge to reopen this week"]
    );
}

#[tokio::test]
async fn search_filters_and_limit() {
    let feed = rss(&[
        Item("a", "Harbour one", "x", days_ago(1)),
        Item("b", "Harbour two", "y", days_ago(10)),
        Item("c", "Harbour three", "z", days_ago(20)),
    ]);
    let (ws, _server, url) = ingested(feed, "").await;
    let since = (Utc::now() - Duration::days(15))
        .format("%Y-%m-%d")
        .to_string();
    let until = (Utc::now() - Duration::days(5))
        .format("%Y-%m-%d")
        .to_string();
    assert_eq!(
        titles(&search(
            &ws,
            &["harbour", "--since", &since, "--until", &until]
        )),
        ["Harbour two"]
    );
    assert_eq!(search(&ws, &["harbour", "--limit", "2"]).len(), 2);
    assert_eq!(search(&ws, &["harbour", "--feed", &url]).len(), 3);
    assert!(search(&ws, &["harbour", "--tag", "nosuchtag"]).is_empty());
}

#[tokio::test]
async fn a_bad_search_query_is_a_clear_error_with_exit_3() {
    let (ws, _server, _url) = ingested(fixture("rss20_sample.xml"), "").await;
    let out = ws.run(&["search", "\"unbalanced"]);
    expect_exit(&out, EXIT_CONFIG, "search with a bad query");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("search query \"\\\"unbalanced\" is not valid"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("SELECT"),
        "SQL leaked into the message: {stderr}"
    );
    assert!(out.stdout.is_empty());
}

// --- export --------------------------------------------------------------------------------

#[tokio::test]
async fn export_reproduces_the_sample_byte_for_byte_and_twice_writes_nothing() {
    let (ws, _server, _url) = ingested(fixture("rss20_sample.xml"), "").await;
    let dir = ws.path().join("corpus");
    let first = export_to(&ws, &dir);
    assert_eq!(
        first.trim_end(),
        format!(
            "export: 1 new, 0 changed, 0 unchanged; 1 files written in {}",
            dir.display()
        )
    );
    let files = text_files(&dir);
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, SAMPLE_FILE);
    let bytes = std::fs::read(dir.join(SAMPLE_FILE)).unwrap();
    assert!(
        bytes == fixture("article.txt"),
        "exported file differs from tests/fixtures/article.txt:\n{}",
        String::from_utf8_lossy(&bytes)
    );

    let second = export_to(&ws, &dir);
    assert!(
        second.starts_with("export: 0 new, 0 changed, 1 unchanged; 0 files written"),
        "{second}"
    );
    assert_eq!(text_files(&dir), files, "the second export touched a file");

    // Without the manifest, the files themselves are compared: still nothing written.
    std::fs::remove_file(dir.join(".tidings-export.json")).unwrap();
    let third = export_to(&ws, &dir);
    assert!(
        third.starts_with("export: 0 new, 0 changed, 1 unchanged"),
        "{third}"
    );
    assert_eq!(text_files(&dir), files);
}

#[tokio::test]
async fn export_rewrites_an_edited_article_and_adds_only_new_ones() {
    let (ws, server, _url) = ingested(fixture("rss20_edited_v1.xml"), "").await;
    let dir = ws.path().join("corpus");
    export_to(&ws, &dir);
    let name = "2016-12-12_stone-bridge-to-reopen-this-week.txt";
    assert!(std::fs::read_to_string(dir.join(name))
        .unwrap()
        .contains("Friday"));

    server.reset().await;
    serve(&server, "/feed", fixture("rss20_edited_v2.xml"), RSS).await;
    ws.once(&["--force"]);
    let again = export_to(&ws, &dir);
    assert!(
        again.starts_with("export: 0 new, 1 changed, 0 unchanged"),
        "{again}"
    );
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    assert!(
        text.contains("Saturday") && !text.contains("Friday"),
        "{text}"
    );
    assert_eq!(text_files(&dir).len(), 1);
}

#[tokio::test]
async fn export_names_same_day_same_headline_apart_and_stays_repeatable() {
    let date = "Mon, 12 Dec 2016 09:00:00 +0000".to_string();
    let feed = rss(&[
        Item("one", "Live: the summit", "first", date.clone()),
        Item("two", "Live: the summit", "second", date.clone()),
        Item("three", "Üeber  ../../etc", "third", date),
    ]);
    let (ws, _server, _url) = ingested(feed, "").await;
    let a = ws.path().join("a");
    let b = ws.path().join("b");
    export_to(&ws, &a);
    export_to(&ws, &b);
    let names =
        |dir: &PathBuf| -> Vec<String> { text_files(dir).into_iter().map(|f| f.0).collect() };
    let ids: Vec<i64> = ws
        .articles(&[])
        .iter()
        .filter(|a| a["title"] == "Live: the summit")
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    let later = ids.iter().max().unwrap();
    let mut want = vec![
        "2016-12-12_live-the-summit.txt".to_string(),
        format!("2016-12-12_live-the-summit_{later}.txt"),
        "2016-12-12_ueber-etc.txt".to_string(),
    ];
    want.sort();
    assert_eq!(names(&a), want);
    assert_eq!(names(&a), names(&b), "two exports of one database differ");
}

#[tokio::test]
async fn export_jsonl_to_stdout_and_to_a_file_with_filters() {
    let feed = rss(&[
        Item("new", "New one", "x", days_ago(1)),
        Item("old", "Old one", "y", days_ago(40)),
    ]);
    let (ws, _server, _url) = ingested(feed, "").await;
    let out = ws.run(&["export", "--format", "jsonl"]);
    expect_success(&out, "export --format jsonl");
    let all = parse_jsonl(&out.stdout);
    assert_eq!(titles(&all), ["New one", "Old one"]);
    for record in &all {
        let keys: Vec<&str> = record
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        for key in ARTICLE_KEYS {
            assert!(keys.contains(key), "{key} missing from {record}");
        }
    }

    let file = ws.path().join("recent.jsonl");
    let since = (Utc::now() - Duration::days(7))
        .format("%Y-%m-%d")
        .to_string();
    let out = ws.run(&[
        "export",
        "--format",
        "jsonl",
        "--out",
        file.to_str().unwrap(),
        "--since",
        &since,
    ]);
    expect_success(&out, "export --format jsonl --out");
    let recent = parse_jsonl(&std::fs::read(&file).unwrap());
    assert_eq!(titles(&recent), ["New one"]);
}

#[test]
fn export_text_without_out_is_a_usage_error() {
    let ws = Workspace::new();
    ws.write_feeds_config("", &[]);
    for args in [&["export"][..], &["export", "--format", "text"]] {
        let out = ws.run(args);
        expect_exit(&out, EXIT_USAGE, "export without --out");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--out"));
    }
}

// --- OPML ----------------------------------------------------------------------------------

#[test]
fn opml_round_trips_through_an_empty_config() {
    let ws = Workspace::new();
    ws.write_file("samples/local.xml", &fixture("rss20_sample.xml"));
    ws.write_config(
        r#"database = "tidings.db"

[[feeds]]
url = "https://world.example.com/rss.xml"
title = "World & <News>"
tags = ["world", "europe"]

[[feeds]]
url = "https://tech.example.com/atom.xml"

[[feeds]]
url = "samples/local.xml"
title = "Local"
tags = ["sample"]
"#,
    );
    let out = ws.run(&["feeds", "export-opml"]);
    expect_success(&out, "feeds export-opml");
    let opml = out.stdout;
    let check_before = ws.run(&["check"]);
    expect_success(&check_before, "check");
    ws.write_file("feeds.opml", &opml);

    let empty = Workspace::new();
    empty.write_config("# my reader\ndatabase = \"tidings.db\"  # kept here\n");
    let out = empty.run(&[
        "feeds",
        "import-opml",
        ws.path().join("feeds.opml").to_str().unwrap(),
    ]);
    expect_success(&out, "feeds import-opml");
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("import-opml: 3 feeds added"),
        "{}",
        show(&out)
    );
    let config = std::fs::read_to_string(empty.config_path()).unwrap();
    assert!(
        config.starts_with("# my reader\ndatabase = \"tidings.db\"  # kept here\n"),
        "{config}"
    );

    // Same feeds: the imported config exports the same OPML, and `check` lists the same
    // URLs, titles and tags.
    let again = empty.run(&["feeds", "export-opml"]);
    expect_success(&again, "feeds export-opml (imported)");
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        String::from_utf8_lossy(&opml)
    );
    let listing = |out: &std::process::Output| -> Vec<String> {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("  "))
            .map(|l| l.split("\t(").next().unwrap().to_string())
            .collect()
    };
    let check_after = empty.run(&["check"]);
    expect_success(&check_after, "check (imported)");
    assert_eq!(listing(&check_after), listing(&check_before));
    assert_eq!(listing(&check_after).len(), 3);

    // Importing again adds nothing and leaves the file alone.
    let out = empty.run(&[
        "feeds",
        "import-opml",
        ws.path().join("feeds.opml").to_str().unwrap(),
    ]);
    expect_success(&out, "feeds import-opml (again)");
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("import-opml: 0 feeds added"),
        "{}",
        show(&out)
    );
    assert_eq!(
        std::fs::read_to_string(empty.config_path()).unwrap(),
        config
    );
}

#[test]
fn feeds_without_a_subcommand_still_shows_the_status() {
    let ws = Workspace::new();
    ws.write_feeds_config("", &["https://a.example.com/feed"]);
    let out = ws.run(&["feeds", "--format", "json"]);
    expect_success(&out, "feeds --format json");
    let feeds: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(feeds.is_array(), "{feeds}");
    let out = ws.run(&["feeds"]);
    expect_success(&out, "feeds");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("FEED"));
}

// --- retention -----------------------------------------------------------------------------

#[tokio::test]
async fn prune_removes_the_old_keeps_the_rest_and_a_repoll_does_not_bring_it_back() {
    let feed = rss(&[
        Item("fresh", "Fresh harbour news", "today", days_ago(1)),
        Item("stale", "Stale harbour news", "long ago", days_ago(60)),
    ]);
    let (ws, _server, url) = ingested(feed, "[retention]\nmax_age = \"30days\"\n\n").await;
    assert_eq!(ws.articles(&[]).len(), 2);

    let out = ws.run(&["prune", "--dry-run"]);
    expect_success(&out, "prune --dry-run");
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("prune: would delete 1 articles"),
        "{}",
        show(&out)
    );
    assert_eq!(ws.articles(&[]).len(), 2, "a dry run deleted something");

    let out = ws.run(&["prune"]);
    expect_success(&out, "prune");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("prune: deleted 1 articles"), "{stdout}");
    assert!(stdout.contains(&url), "{stdout}");
    assert_eq!(titles(&ws.articles(&[])), ["Fresh harbour news"]);
    assert_eq!(titles(&search(&ws, &["harbour"])), ["Fresh harbour news"]);

    // The feed still lists the stale entry: polling again stores nothing new.
    let summary = ws.once(&["--force"]);
    assert_eq!((summary.fetched, summary.new), (1, 0), "{summary}");
    assert_eq!(titles(&ws.articles(&[])), ["Fresh harbour news"]);
    assert_eq!(ws.integrity_check(), "ok");

    let out = ws.run(&["prune", "--vacuum"]);
    expect_success(&out, "prune --vacuum");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("prune: deleted 0 articles"), "{stdout}");
    assert!(stdout.contains("vacuum: "), "{stdout}");
}

#[tokio::test]
async fn prune_keeps_max_per_feed_newest() {
    let feed = rss(&[
        Item("a", "A", "a", days_ago(1)),
        Item("b", "B", "b", days_ago(2)),
        Item("c", "C", "c", days_ago(3)),
    ]);
    let (ws, _server, _url) = ingested(feed, "[retention]\nmax_per_feed = 2\n\n").await;
    expect_success(&ws.run(&["prune"]), "prune");
    assert_eq!(titles(&ws.articles(&[])), ["A", "B"]);
}

#[test]
fn prune_without_limits_deletes_nothing_and_says_so() {
    let ws = Workspace::new();
    ws.write_feeds_config("", &[]);
    let out = ws.run(&["prune"]);
    expect_success(&out, "prune");
    assert!(String::from_utf8_lossy(&out.stdout).contains("no [retention] limits"));
}

#[test]
fn a_zero_max_per_feed_is_a_config_error_naming_the_key() {
    let ws = Workspace::new();
    ws.write_feeds_config("[retention]\nmax_per_feed = 0\n", &[]);
    let out = ws.run(&["prune"]);
    expect_exit(&out, EXIT_CONFIG, "prune with max_per_feed = 0");
    assert!(String::from_utf8_lossy(&out.stderr).contains("retention.max_per_feed"));
}

// --- stats ---------------------------------------------------------------------------------

#[tokio::test]
async fn stats_counts_articles_per_feed_and_names_the_ends() {
    let (ws, _server, url) = ingested(fixture("rss20_sample.xml"), "").await;
    let out = ws.run(&["stats", "--format", "json"]);
    expect_success(&out, "stats --format json");
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["articles"], 1);
    assert_eq!(stats["feeds"][0]["url"], url.as_str());
    assert_eq!(stats["feeds"][0]["articles"], 1);
    assert_eq!(stats["oldest"]["title"], SAMPLE_TITLE);
    assert_eq!(stats["newest"]["title"], SAMPLE_TITLE);
    assert!(stats["database_bytes"].as_u64().unwrap() > 0);

    let out = ws.run(&["stats"]);
    expect_success(&out, "stats");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("articles:    1"), "{text}");
    assert!(text.contains(&url), "{text}");
}
