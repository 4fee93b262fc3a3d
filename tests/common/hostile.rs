//! The harness of the fault-injection tests (`tests/hostile.rs`, `tests/redirects.rs`): one
//! run of the real binary on a hostile feed beside a good one, and the four checks every
//! case makes ([`Run::check`]): exit 0 and no panic; the good feed of the same run stored;
//! the bad feed's outcome recorded in the database (`feeds.last_error`) with a message that
//! says what went wrong; peak memory under [`RSS_BOUND_KIB`] (a bound, not a timing).
//!
//! Every case prints one `HOSTILE |` line (case, outcome, recorded error, peak RSS): run
//! with `--nocapture` to see the table.

use wiremock::MockServer;

use super::measure::{run_measured, Measured};
use super::*;

/// Peak resident memory any single run may reach: generous, but far below what an
/// unbounded read of a hostile body (hundreds of MiB to GiB) would take.
pub const RSS_BOUND_KIB: u64 = 300 * 1024;

/// The `[fetch]` table of every hostile run: short timeouts, a 2 MiB cap, and no per-host
/// pause between the bad and the good feed (both are on 127.0.0.1, one "host").
pub const FETCH: &str = "[fetch]\nconnect_timeout = \"1s\"\ntimeout = \"2s\"\n\
                         max_feed_size = \"2 MiB\"\nper_host_concurrency = 4\n\
                         per_host_delay = \"0s\"\n";

/// [`FETCH`] with another size cap.
pub fn fetch_with_cap(cap: &str) -> String {
    FETCH.replace("\"2 MiB\"", &format!("{cap:?}"))
}

pub const RSS: &str = "application/rss+xml";

/// A one-item RSS feed.
pub fn rss(items: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Hostile</title><link>https://hostile.example/</link>{items}</channel></rss>"
    )
}

pub fn item(n: usize) -> String {
    format!(
        "<item><title>Item {n}</title><link>https://hostile.example/{n}</link>\
         <guid>hostile-{n}</guid><description>Body of item {n}.</description></item>"
    )
}

/// What a hostile run left behind.
pub struct Run {
    pub case: &'static str,
    pub ws: Workspace,
    pub bad: String,
    pub good: String,
    pub measured: Measured,
    /// Keeps the good feed's server alive as long as the run is looked at.
    _good_server: MockServer,
}

impl Run {
    /// Runs `tidings once` on `bad` and a good feed (the sample article, served by its own
    /// wiremock server), with `fetch` as the `[fetch]` table ([`FETCH`] when empty).
    pub async fn new(case: &'static str, bad: String, fetch: &str) -> Run {
        let fetch = if fetch.is_empty() { FETCH } else { fetch };
        let good_server = MockServer::start().await;
        serve(&good_server, "/good", fixture("rss20_sample.xml"), RSS).await;
        let good = format!("{}/good", good_server.uri());
        let ws = Workspace::new();
        ws.write_feeds_config(fetch, &[&bad, &good]);
        let config = ws.config_path();
        let measured = run_measured(
            &assert_cmd::cargo::cargo_bin("tidings"),
            &["--config".as_ref(), config.as_os_str(), "once".as_ref()],
            &ws.path().join("cwd"),
            3000,
        );
        Run {
            case,
            ws,
            bad,
            good,
            measured,
            _good_server: good_server,
        }
    }

    /// The four checks every case makes; returns the bad feed's `last_error`.
    pub fn check(&self) -> Option<String> {
        let out = &self.measured.output;
        expect_success(out, "once");
        let all = all_output(out);
        assert!(!all.contains("panicked"), "{}: a panic\n{}", self.case, all);
        assert_eq!(self.ws.integrity_check(), "ok", "{}", self.case);
        let good_articles = self.articles_of(&self.good);
        assert_eq!(
            good_articles, 1,
            "{}: the good feed of the same run is stored\n{}",
            self.case, all
        );
        assert_eq!(self.ws.feed_column(&self.good, "last_error"), None);
        assert!(
            self.measured.peak_rss_kib < RSS_BOUND_KIB,
            "{}: peak RSS {} KiB passes the bound of {} KiB",
            self.case,
            self.measured.peak_rss_kib,
            RSS_BOUND_KIB
        );
        let error = self.ws.feed_column(&self.bad, "last_error");
        let outcome = match &error {
            Some(_) => "failed".to_string(),
            None => format!("stored {} articles", self.articles_of(&self.bad)),
        };
        eprintln!(
            "HOSTILE | {} | {} | {} | {} KiB",
            self.case,
            outcome,
            error.as_deref().unwrap_or("-").replace('|', "/"),
            self.measured.peak_rss_kib
        );
        error
    }

    /// Requires the bad feed to have failed with an error containing every one of `words`,
    /// and its failure counted.
    pub fn expect_failure(&self, words: &[&str]) -> String {
        let error = self
            .check()
            .unwrap_or_else(|| panic!("{}: the bad feed did not fail", self.case));
        for word in words {
            assert!(
                error.contains(word),
                "{}: last_error {error:?} does not say {word:?}",
                self.case
            );
        }
        assert_eq!(
            self.ws.count(&format!(
                "SELECT consecutive_failures FROM feeds WHERE url = '{}'",
                self.bad
            )),
            1,
            "{}",
            self.case
        );
        assert_eq!(self.articles_of(&self.bad), 0, "{}", self.case);
        error
    }

    /// Requires the bad feed to have been stored without error; returns its article count.
    pub fn expect_stored(&self) -> i64 {
        let error = self.check();
        assert_eq!(error, None, "{}: the feed should be stored", self.case);
        self.articles_of(&self.bad)
    }

    /// Articles seen in feed `url`.
    pub fn articles_of(&self, url: &str) -> i64 {
        self.ws
            .db()
            .query_row(
                "SELECT count(*) FROM article_feeds af JOIN feeds f ON f.id = af.feed_id \
                 WHERE f.url = ?1",
                [url],
                |row| row.get(0),
            )
            .expect("counting articles")
    }

    /// The longest text stored in any article column of the bad feed.
    pub fn longest_field(&self) -> i64 {
        self.ws
            .db()
            .query_row(
                "SELECT coalesce(max(max(length(title)), max(length(body_text)), \
                 max(length(coalesce(body_html, '')))), 0) FROM articles",
                [],
                |row| row.get(0),
            )
            .expect("measuring fields")
    }
}

/// Serves `body` with `content_type` at `/bad` on a new wiremock server.
pub async fn bad_feed(body: impl Into<Vec<u8>>, content_type: &str) -> (MockServer, String) {
    let server = MockServer::start().await;
    serve(&server, "/bad", body.into(), content_type).await;
    let url = format!("{}/bad", server.uri());
    (server, url)
}
