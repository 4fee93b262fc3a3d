//! `tidings run` as a real process against real HTTP servers on 127.0.0.1:
//! the schedule (re-polls after the interval, backoff and recovery, 410,
//! restart), and the signals (SIGHUP reload, SIGTERM shutdown).
//!
//! Feeds use 1-second intervals; every wait is bounded; every daemon is
//! stopped with SIGTERM and a bounded wait (killed if it does not stop).

mod common;

use std::time::Duration;

use common::daemon::{config, ok_feed, Daemon, Hits, Recorded, FAST};
use common::*;
use nix::sys::signal::Signal;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Mounts `route`, answering `respond(n)` to the n-th request; returns its hits.
async fn mount<F>(server: &MockServer, route: &str, respond: F) -> Hits
where
    F: Fn(usize) -> ResponseTemplate + Send + Sync + 'static,
{
    let hits = Hits::default();
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(Recorded {
            hits: hits.clone(),
            respond,
        })
        .mount(server)
        .await;
    hits
}

fn assert_clean_exit(status: std::process::ExitStatus, log: &str, ws: &Workspace) {
    assert!(status.success(), "tidings run exited with {status}\n{log}");
    assert_eq!(ws.integrity_check(), "ok");
}

#[tokio::test(flavor = "multi_thread")]
async fn feed_is_polled_again_after_its_interval_and_not_before() {
    let server = MockServer::start().await;
    let hits = mount(&server, "/feed", |_| ok_feed()).await;
    let url = format!("{}/feed", server.uri());
    let ws = Workspace::new();
    ws.write_config(&config(FAST, &[(&url, Some("1s"))]));

    let daemon = Daemon::start(&ws);
    let polled = hits.wait_for(4, 500);
    let (status, log) = daemon.stop();
    assert!(polled, "the feed was not polled 4 times\n{log}");
    assert_clean_exit(status, &log, &ws);
    for gap in hits.gaps() {
        // 1 s with ±10% jitter: never sooner than 0.9 s, and no pile-up later.
        assert!(
            gap >= Duration::from_millis(880) && gap < Duration::from_secs(3),
            "gaps between polls: {:?}\n{log}",
            hits.gaps()
        );
    }
    assert_eq!(ws.count("SELECT count(*) FROM articles"), 2);
    assert!(ws.count("SELECT count(*) FROM fetch_history") >= 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn failing_feed_is_retried_with_growing_gaps_and_recovers() {
    let server = MockServer::start().await;
    // Two 500s, then the feed.
    let hits = mount(&server, "/flaky", |n| {
        if n < 2 {
            ResponseTemplate::new(500)
        } else {
            ok_feed()
        }
    })
    .await;
    let url = format!("{}/flaky", server.uri());
    let ws = Workspace::new();
    ws.write_config(&config(FAST, &[(&url, Some("1s"))]));

    let daemon = Daemon::start(&ws);
    let polled = hits.wait_for(4, 750);
    let (status, log) = daemon.stop();
    assert!(polled, "expected 4 polls\n{log}");
    assert_clean_exit(status, &log, &ws);
    let gaps = hits.gaps();
    // After 1 failure: 2 s (±10%); after 2: 4 s; recovered: 1 s.
    assert!(gaps[0] >= Duration::from_millis(1750), "{gaps:?}");
    assert!(gaps[1] >= Duration::from_millis(3500), "{gaps:?}");
    assert!(gaps[1] > gaps[0], "backoff must grow: {gaps:?}");
    assert!(
        gaps[2] < gaps[1],
        "after recovery the interval is back: {gaps:?}"
    );
    assert_eq!(
        ws.count(&format!(
            "SELECT consecutive_failures FROM feeds WHERE url = '{url}'"
        )),
        0
    );
    assert_eq!(ws.feed_column(&url, "last_error"), None);
    assert_eq!(
        ws.count("SELECT count(*) FROM fetch_history WHERE outcome = 'failed' AND status = 500"),
        2
    );
    assert_eq!(ws.count("SELECT count(*) FROM articles"), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn gone_feed_is_never_polled_again_and_shows_as_gone() {
    let server = MockServer::start().await;
    let gone = mount(&server, "/gone", |_| ResponseTemplate::new(410)).await;
    let ok = mount(&server, "/ok", |_| ok_feed()).await;
    let gone_url = format!("{}/gone", server.uri());
    let ok_url = format!("{}/ok", server.uri());
    let ws = Workspace::new();
    ws.write_config(&config(
        FAST,
        &[(&gone_url, Some("1s")), (&ok_url, Some("1s"))],
    ));

    let daemon = Daemon::start(&ws);
    let polled = ok.wait_for(4, 500);
    let (status, log) = daemon.stop();
    assert!(polled, "{log}");
    assert_clean_exit(status, &log, &ws);
    assert_eq!(gone.count(), 1, "a 410 feed was polled again\n{log}");
    assert!(ws.feed_column(&gone_url, "gone_at").is_some());

    // `once --force` leaves it alone too, and `tidings feeds` says it is gone.
    let summary = ws.once(&["--force"]);
    assert_eq!(summary.polled, 1, "{summary}");
    assert_eq!(gone.count(), 1);
    let out = ws.run(&["feeds"]);
    expect_success(&out, "feeds");
    let table = String::from_utf8_lossy(&out.stdout);
    let row = table
        .lines()
        .find(|l| l.starts_with(&gone_url))
        .unwrap_or_else(|| panic!("no row for the gone feed\n{table}"));
    assert!(row.contains("gone"), "{table}");
    assert!(row.contains("never"), "a gone feed is never due: {table}");
    let json = ws.run(&["feeds", "--format", "json"]);
    let feeds: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let states: Vec<&str> = feeds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["gone", "ok"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn sighup_adds_a_new_feed_and_an_invalid_config_keeps_the_running_one() {
    let server = MockServer::start().await;
    let first = mount(&server, "/first", |_| ok_feed()).await;
    let second = mount(&server, "/second", |_| ok_feed()).await;
    let first_url = format!("{}/first", server.uri());
    let second_url = format!("{}/second", server.uri());
    let ws = Workspace::new();
    ws.write_config(&config(FAST, &[(&first_url, Some("1s"))]));

    let daemon = Daemon::start(&ws);
    assert!(first.wait_for(1, 500), "{}", daemon.log());

    // A broken config: logged, the running one kept.
    ws.write_config("database = \"tidings.db\"\n[schedule]\nbogus = 1\n");
    daemon.signal(Signal::SIGHUP);
    assert!(
        daemon.wait_for_log("config reload failed", 500),
        "{}",
        daemon.log()
    );
    let before = first.count();
    assert!(
        first.wait_for(before + 1, 500),
        "the old config stopped working\n{}",
        daemon.log()
    );
    assert_eq!(second.count(), 0);

    // A valid one with a second feed.
    ws.write_config(&config(
        FAST,
        &[(&first_url, Some("1s")), (&second_url, Some("1s"))],
    ));
    daemon.signal(Signal::SIGHUP);
    let added = second.wait_for(1, 500);
    let (status, log) = daemon.stop();
    assert!(added, "SIGHUP did not add the new feed\n{log}");
    assert!(
        log.contains("bogus"),
        "the reload error names the key\n{log}"
    );
    assert_clean_exit(status, &log, &ws);
    assert!(ws.count("SELECT count(*) FROM feeds WHERE active = 1") == 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_lets_a_poll_in_flight_finish_within_the_grace() {
    let server = MockServer::start().await;
    let hits = mount(&server, "/slow", |_| {
        ok_feed().set_delay(Duration::from_millis(1500))
    })
    .await;
    let url = format!("{}/slow", server.uri());
    let ws = Workspace::new();
    ws.write_config(&config(FAST, &[(&url, Some("1h"))]));

    let daemon = Daemon::start(&ws);
    let started = hits.wait_for(1, 500);
    let (status, log) = daemon.stop();
    assert!(started, "{log}");
    assert_clean_exit(status, &log, &ws);
    // The poll finished during the grace period and was stored.
    assert_eq!(ws.count("SELECT count(*) FROM articles"), 2, "{log}");
    assert!(ws.feed_column(&url, "last_polled_at").is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_cancels_a_poll_that_outlasts_the_grace_and_exits_0() {
    let server = MockServer::start().await;
    let hits = mount(&server, "/stuck", |_| {
        ok_feed().set_delay(Duration::from_secs(15))
    })
    .await;
    let url = format!("{}/stuck", server.uri());
    let ws = Workspace::new();
    let fast = FAST.replace("shutdown_grace = \"5s\"", "shutdown_grace = \"300ms\"");
    ws.write_config(&config(&fast, &[(&url, Some("1h"))]));

    let daemon = Daemon::start(&ws);
    let started = hits.wait_for(1, 500);
    let (status, log) = daemon.stop();
    assert!(started, "{log}");
    assert_clean_exit(status, &log, &ws);
    // Cancelled: nothing half-stored, the feed is still due at the next start.
    assert_eq!(ws.count("SELECT count(*) FROM articles"), 0);
    assert_eq!(ws.feed_column(&url, "last_polled_at"), None);
    assert!(log.contains("cancelling"), "{log}");
}

#[tokio::test(flavor = "multi_thread")]
async fn after_a_restart_feeds_not_yet_due_are_not_fetched() {
    let server = MockServer::start().await;
    let hourly = mount(&server, "/hourly", |_| ok_feed()).await;
    let fresh = mount(&server, "/fresh", |_| ok_feed()).await;
    let hourly_url = format!("{}/hourly", server.uri());
    let fresh_url = format!("{}/fresh", server.uri());
    let ws = Workspace::new();
    ws.write_config(&config(FAST, &[(&hourly_url, Some("1h"))]));

    let daemon = Daemon::start(&ws);
    assert!(hourly.wait_for(1, 500), "{}", daemon.log());
    let (status, log) = daemon.stop();
    assert_clean_exit(status, &log, &ws);
    let next_due = ws
        .feed_column(&hourly_url, "next_due_at")
        .expect("next_due_at");

    // Restart with a second, new feed: the new one is due at once, the
    // hourly one is not due for about an hour.
    ws.write_config(&config(
        FAST,
        &[(&hourly_url, Some("1h")), (&fresh_url, Some("1h"))],
    ));
    let daemon = Daemon::start(&ws);
    let fresh_polled = fresh.wait_for(1, 500);
    // Give the loop time to (wrongly) start the hourly feed too.
    let repolled = poll_until(50, || hourly.count() > 1);
    let (status, log) = daemon.stop();
    assert!(fresh_polled, "{log}");
    assert!(
        !repolled,
        "the hourly feed was fetched again after a restart\n{log}"
    );
    assert_clean_exit(status, &log, &ws);
    assert_eq!(hourly.count(), 1);
    assert_eq!(
        ws.feed_column(&hourly_url, "next_due_at").as_deref(),
        Some(next_due.as_str())
    );
}

/// Seconds from the feed's last poll to its next due time, as stored.
fn stored_gap(ws: &Workspace, url: &str) -> i64 {
    ws.count(&format!(
        "SELECT strftime('%s', next_due_at) - strftime('%s', last_polled_at) \
         FROM feeds WHERE url = '{url}'"
    ))
}

/// An RSS document with `head` in its channel and items dated `ages` minutes ago.
fn dated_rss(head: &str, ages: &[i64]) -> Vec<u8> {
    let now = chrono::Utc::now();
    let items: String = ages
        .iter()
        .map(|age| {
            let date = (now - chrono::Duration::minutes(*age)).to_rfc2822();
            format!(
                "<item><title>i{age}</title><guid>https://example.com/{age}</guid>\
                 <pubDate>{date}</pubDate></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" \
         xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"><channel><title>t</title>\
         <link>https://example.com/</link><description>d</description>{head}{items}\
         </channel></rss>"
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread")]
async fn what_a_feed_or_its_server_asks_for_is_a_floor_and_quiet_feeds_adapt() {
    let server = MockServer::start().await;
    let routes: [(&str, ResponseTemplate); 5] = [
        ("/plain", ok_feed()),
        (
            "/max-age",
            ok_feed().insert_header("Cache-Control", "public, max-age=600"),
        ),
        (
            "/ttl",
            ResponseTemplate::new(200).set_body_raw(dated_rss("<ttl>20</ttl>", &[]), "text/xml"),
        ),
        (
            "/sy",
            ResponseTemplate::new(200).set_body_raw(
                dated_rss(
                    "<sy:updatePeriod>daily</sy:updatePeriod>\
                     <sy:updateFrequency>4</sy:updateFrequency>",
                    &[],
                ),
                "text/xml",
            ),
        ),
        (
            "/hourly",
            ResponseTemplate::new(200).set_body_raw(dated_rss("", &[10, 70, 130, 190]), "text/xml"),
        ),
    ];
    for (route, answer) in routes {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(answer)
            .mount(&server)
            .await;
    }
    let url = |route: &str| format!("{}{route}", server.uri());
    let (plain, max_age, ttl, sy, hourly) = (
        url("/plain"),
        url("/max-age"),
        url("/ttl"),
        url("/sy"),
        url("/hourly"),
    );
    let ws = Workspace::new();
    ws.write_config(&config(
        FAST,
        &[
            (&plain, Some("1s")),
            (&max_age, Some("1s")),
            (&ttl, Some("1s")),
            (&sy, Some("1s")),
            // No interval of its own: adaptive.
            (&hourly, None),
        ],
    ));
    let summary = ws.once(&[]);
    assert_eq!(summary.fetched, 5, "{summary}");

    // Gaps are stored to the second; jitter is ±10%, and only adds when a floor binds.
    assert!((0..=2).contains(&stored_gap(&ws, &plain)));
    assert!((600..=661).contains(&stored_gap(&ws, &max_age)));
    assert!((1200..=1321).contains(&stored_gap(&ws, &ttl)));
    assert!((21_600..=23_761).contains(&stored_gap(&ws, &sy)));
    let gap = stored_gap(&ws, &hourly);
    assert!(
        (3240..=3961).contains(&gap),
        "adaptive: one entry an hour, gap {gap}"
    );
    assert_eq!(
        ws.count(&format!(
            "SELECT observed_gap_secs FROM feeds WHERE url = '{hourly}'"
        )),
        3600
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn run_applies_retention_at_start() {
    let server = MockServer::start().await;
    let hits = mount(&server, "/feed", |_| ok_feed()).await;
    let url = format!("{}/feed", server.uri());
    let ws = Workspace::new();
    ws.write_config(&config(FAST, &[(&url, Some("1h"))]));
    assert_eq!(ws.once(&[]).new, 2);

    let retention = format!("{FAST}[retention]\nmax_per_feed = 1\n");
    ws.write_config(&config(&retention, &[(&url, Some("1h"))]));
    let daemon = Daemon::start(&ws);
    let pruned = poll_until(500, || ws.count("SELECT count(*) FROM articles") == 1);
    let (status, log) = daemon.stop();
    assert!(pruned, "retention was not applied\n{log}");
    assert_clean_exit(status, &log, &ws);
    assert_eq!(hits.count(), 1, "the feed is not due again for an hour");
}
