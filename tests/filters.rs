//! `[[filters]]`: drop and keep rules judged before storing, remembered drops, counts in
//! `tidings feeds` and `tidings stats`, and a bad regex as a config error naming the rule.

mod common;

use common::articles::*;
use common::*;
use wiremock::MockServer;

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

#[tokio::test(flavor = "multi_thread")]
async fn a_reload_takes_new_rules_and_judges_remembered_drops_again() {
    let server = MockServer::start().await;
    let feed = mixed_feed(&server).await;
    let ws = Workspace::new();
    let config = |rules: &str| {
        format!(
            "database = \"tidings.db\"\n{}{rules}\n[[feeds]]\nurl = \"{feed}\"\ninterval = \"1s\"\n",
            allow_loopback(common::daemon::FAST)
        )
    };
    ws.write_config(&config(
        "[[filters]]\naction = \"drop\"\nfield = \"category\"\npattern = \"sport\"\n",
    ));
    let daemon = common::daemon::Daemon::start(&ws);
    let count = |sql: &str| {
        if ws.db_path().exists() {
            ws.db()
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .unwrap_or(0)
        } else {
            0
        }
    };
    let dropped = poll_until(500, || {
        count("SELECT count(*) FROM dropped_entries") == 1
            && count("SELECT count(*) FROM articles") == 2
    });
    ws.write_config(&config(""));
    daemon.signal(nix::sys::signal::Signal::SIGHUP);
    let stored = poll_until(500, || count("SELECT count(*) FROM articles") == 3);
    let (status, log) = daemon.stop();
    assert!(dropped, "the sport entry was not dropped\n{log}");
    assert!(stored, "after the reload the entry was not stored\n{log}");
    assert!(status.success(), "{status}\n{log}");
    assert_eq!(ws.count("SELECT count(*) FROM dropped_entries"), 0);
}
