//! Helpers shared by the integration tests: a throw-away workspace holding a config file and
//! its SQLite database, the real `tidings` binary run against it, and readers for what the
//! binary leaves behind (the `once` summary line, `articles --format jsonl`, the database).
//!
//! Tests talk only to servers they start themselves on 127.0.0.1 (wiremock) or to files in
//! their workspace. Nothing here sleeps for a fixed time or measures how long anything took:
//! the only waits are bounded polls for a condition.

// Each test crate uses its own subset of these helpers.
#![allow(dead_code)]

pub mod articles;
pub mod daemon;
pub mod fuzz_bodies;
pub mod hostile;
pub mod html_audit;
pub mod measure;
pub mod raw_server;

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Child, Output};
use std::str::FromStr;
use std::thread;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use tempfile::TempDir;
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

/// Exit code of a run that found another `once`/`run` holding the lock (EX_TEMPFAIL).
pub const EXIT_LOCKED: i32 = 75;
/// Exit code of a configuration error.
pub const EXIT_CONFIG: i32 = 3;
/// Exit code of a command-line usage error.
pub const EXIT_USAGE: i32 = 2;
/// Exit code of a `once` that polled feeds and saw every one of them fail.
pub const EXIT_ALL_FAILED: i32 = 5;

/// Every key of an `articles --format jsonl` record, as the contract lists them.
pub const ARTICLE_KEYS: &[&str] = &[
    "id",
    "feed_url",
    "feeds",
    "guid",
    "link",
    "title",
    "authors",
    "categories",
    "language",
    "enclosures",
    "published",
    "updated",
    "date_source",
    "raw_date",
    "date",
    "first_seen",
    "last_seen",
    "modified",
    "summary",
    "body_text",
    "body_html",
    "dateline",
    "word_count",
    "content_hash",
    "canonical_url",
    "story_id",
    "body_source",
];

/// The repository root (where Cargo.toml is).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The exact bytes of `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = repo_root().join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading fixture {}: {e}", path.display()))
}

/// A temporary folder with `tidings.toml` (config) and, once tidings ran, `tidings.db`.
///
/// The binary is run from an empty sibling folder `cwd/`, so that anything that wrongly
/// resolves a relative path against the working directory instead of the config's folder
/// fails to find it.
pub struct Workspace {
    dir: TempDir,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

impl Workspace {
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("tidings-test-")
            .tempdir()
            .expect("creating a temp dir");
        std::fs::create_dir(dir.path().join("cwd")).expect("creating cwd/");
        Workspace { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn config_path(&self) -> PathBuf {
        self.path().join("tidings.toml")
    }

    /// The database file: `database = "tidings.db"` resolves against the config's folder.
    pub fn db_path(&self) -> PathBuf {
        self.path().join("tidings.db")
    }

    /// `<database>.lock`, held by a running `once` or `run`.
    pub fn lock_path(&self) -> PathBuf {
        self.path().join("tidings.db.lock")
    }

    /// Writes `tidings.toml` verbatim.
    pub fn write_config(&self, toml: &str) {
        std::fs::write(self.config_path(), toml).expect("writing tidings.toml");
    }

    /// Writes a config with `database = "tidings.db"`, then `extra` (tables such as
    /// `[fetch]`), then one `[[feeds]]` table per URL.
    ///
    /// The test servers listen on 127.0.0.1, which tidings refuses by default, so this
    /// also sets `fetch.allow_private_networks = true` (inside `extra`'s own `[fetch]`
    /// table when it has one). [`Workspace::write_feeds_config_strict`] leaves it out.
    pub fn write_feeds_config(&self, extra: &str, urls: &[&str]) {
        self.write_feeds_config_strict(&allow_loopback(extra), urls);
    }

    /// [`Workspace::write_feeds_config`] without allowing private networks: tidings'
    /// default network policy applies (loopback is refused).
    pub fn write_feeds_config_strict(&self, extra: &str, urls: &[&str]) {
        let mut toml = String::from("database = \"tidings.db\"\n\n");
        toml.push_str(extra);
        for url in urls {
            toml.push_str(&format!("\n[[feeds]]\nurl = \"{url}\"\n"));
        }
        self.write_config(&toml);
    }

    /// Writes `bytes` at `rel` inside the workspace (folders created) and returns the path.
    pub fn write_file(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("creating folders");
        }
        std::fs::write(&path, bytes).expect("writing a workspace file");
        path
    }

    /// `tidings --config <workspace>/tidings.toml`, run from `cwd/`, with the environment
    /// variables that would change its behaviour removed.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = bare_cmd();
        cmd.current_dir(self.path().join("cwd"))
            .arg("--config")
            .arg(self.config_path());
        cmd
    }

    /// The same command as [`Workspace::cmd`], as a `std::process::Command` to spawn.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("tidings"));
        cmd.env_remove("RUST_LOG")
            .env_remove("TIDINGS_CONFIG")
            .current_dir(self.path().join("cwd"))
            .arg("--config")
            .arg(self.config_path());
        cmd
    }

    /// Runs `tidings --config ... <args>` to completion.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("running tidings")
    }

    /// Runs `tidings once <args>`, requires exactly one line on stdout, and returns that
    /// line parsed. The exit status must be 0, or 5 exactly when the summary says feeds
    /// were polled and every one failed.
    pub fn once(&self, args: &[&str]) -> Summary {
        let out = self.run(&[&["once"][..], args].concat());
        let summary = summary_of(&out);
        let all_failed = summary.polled > 0 && summary.failed == summary.polled;
        expect_exit(&out, if all_failed { EXIT_ALL_FAILED } else { 0 }, "once");
        summary
    }

    /// `tidings articles --format jsonl <args>`, one JSON object per line.
    pub fn articles(&self, args: &[&str]) -> Vec<Value> {
        let out = self.run(&[&["articles", "--format", "jsonl"][..], args].concat());
        expect_success(&out, "articles --format jsonl");
        parse_jsonl(&out.stdout)
    }

    /// `tidings articles --format text <args>`, raw bytes.
    pub fn articles_text(&self, args: &[&str]) -> Vec<u8> {
        let out = self.run(&[&["articles", "--format", "text"][..], args].concat());
        expect_success(&out, "articles --format text");
        out.stdout
    }

    /// The database, opened read-only.
    pub fn db(&self) -> Connection {
        Connection::open_with_flags(self.db_path(), OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap_or_else(|e| panic!("opening {} read-only: {e}", self.db_path().display()))
    }

    /// One integer from the database, e.g. `SELECT count(*) FROM revisions`.
    pub fn count(&self, sql: &str) -> i64 {
        self.db()
            .query_row(sql, [], |row| row.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// One column of the `feeds` row whose `url` is `url`.
    pub fn feed_column(&self, url: &str, column: &str) -> Option<String> {
        let sql = format!("SELECT {column} FROM feeds WHERE url = ?1");
        self.db()
            .query_row(&sql, [url], |row| row.get(0))
            .unwrap_or_else(|e| panic!("{sql} [{url}]: {e}"))
    }

    /// `PRAGMA integrity_check` of the database: "ok" when sound.
    pub fn integrity_check(&self) -> String {
        self.db()
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .expect("PRAGMA integrity_check")
    }
}

/// Config tables `extra` plus `fetch.allow_private_networks = true` (inside `extra`'s own
/// `[fetch]` table when it has one): the test servers listen on 127.0.0.1, which tidings
/// refuses by default.
pub fn allow_loopback(extra: &str) -> String {
    const ALLOW: &str = "allow_private_networks = true\n";
    if extra.contains("[fetch]\n") {
        extra.replacen("[fetch]\n", &format!("[fetch]\n{ALLOW}"), 1)
    } else {
        format!("{extra}\n[fetch]\n{ALLOW}")
    }
}

/// `tidings` with no arguments and a clean environment.
pub fn bare_cmd() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("tidings").expect("the tidings binary");
    cmd.env_remove("RUST_LOG").env_remove("TIDINGS_CONFIG");
    cmd
}

/// Panics, showing both streams, unless the process exited 0.
pub fn expect_success(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "`tidings {what}` failed with {}\n{}",
        out.status,
        show(out)
    );
}

/// Panics, showing both streams, unless the process exited with `code`.
pub fn expect_exit(out: &Output, code: i32, what: &str) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "`tidings {what}`: wrong exit code\n{}",
        show(out)
    );
}

/// Both output streams of a finished process, for failure messages.
pub fn show(out: &Output) -> String {
    format!(
        "--- stdout ---\n{}\n--- stderr ---\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// stdout and stderr of a finished process, together, as text.
pub fn all_output(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The one summary line `once` prints on stdout, parsed; panics if stdout holds anything else.
pub fn summary_of(out: &Output) -> Summary {
    let stdout = String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "`once` must print exactly one line on stdout\n{}",
        show(out)
    );
    lines[0]
        .parse()
        .unwrap_or_else(|e| panic!("{e}\n{}", show(out)))
}

/// Parses JSON lines output, skipping a final empty line.
pub fn parse_jsonl(stdout: &[u8]) -> Vec<Value> {
    let text = std::str::from_utf8(stdout).expect("jsonl output is UTF-8");
    text.lines()
        .filter(|line| !line.is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// The one record whose title is `title`.
pub fn by_title<'a>(articles: &'a [Value], title: &str) -> &'a Value {
    let found: Vec<&Value> = articles.iter().filter(|a| a["title"] == title).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one article titled {title:?}, got titles {:?}",
        titles(articles)
    );
    found[0]
}

/// The titles of the records, in order.
pub fn titles(articles: &[Value]) -> Vec<&str> {
    articles
        .iter()
        .map(|a| a["title"].as_str().unwrap_or("<no title>"))
        .collect()
}

/// The counts of the line `once` prints:
/// `feeds: 5 polled, 3 fetched, 1 not modified, 1 failed; articles: 12 new, 2 updated, 30 unchanged`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub polled: u64,
    pub fetched: u64,
    pub not_modified: u64,
    pub failed: u64,
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "feeds: {} polled, {} fetched, {} not modified, {} failed; \
             articles: {} new, {} updated, {} unchanged",
            self.polled,
            self.fetched,
            self.not_modified,
            self.failed,
            self.new,
            self.updated,
            self.unchanged
        )
    }
}

impl FromStr for Summary {
    type Err = String;

    /// Takes the seven numbers in order, then requires the line to be exactly the
    /// canonical line with those numbers: any other wording is an error.
    fn from_str(line: &str) -> Result<Self, Self::Err> {
        let numbers: Vec<u64> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().expect("digits"))
            .collect();
        let [polled, fetched, not_modified, failed, new, updated, unchanged] = numbers[..] else {
            return Err(format!("not a summary line (want 7 numbers): {line:?}"));
        };
        let summary = Summary {
            polled,
            fetched,
            not_modified,
            failed,
            new,
            updated,
            unchanged,
        };
        if summary.to_string() == line.trim_end() {
            Ok(summary)
        } else {
            Err(format!(
                "summary line {line:?} is not worded as the contract says: {summary}"
            ))
        }
    }
}

/// Mounts `GET <route>` answering 200 with `body` and the given Content-Type.
pub async fn serve(server: &MockServer, route: &str, body: Vec<u8>, content_type: &str) {
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, content_type))
        .mount(server)
        .await;
}

/// The requests the server received for `route`, in order.
pub async fn requests_to(server: &MockServer, route: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
        .into_iter()
        .filter(|r| r.url.path() == route)
        .collect()
}

/// Matches a request whose header `name` is exactly `value`, compared as one string.
///
/// wiremock's own `header()` matcher splits values on commas, so it can never match an
/// HTTP date such as `Wed, 07 Dec 2016 10:00:00 GMT`.
pub struct HeaderIs(pub &'static str, pub String);

impl Match for HeaderIs {
    fn matches(&self, request: &Request) -> bool {
        request
            .headers
            .get(self.0)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == self.1)
    }
}

/// Polls `condition` every 20 ms, at most `tries` times; true as soon as it holds.
pub fn poll_until(tries: u32, mut condition: impl FnMut() -> bool) -> bool {
    for _ in 0..tries {
        if condition() {
            return true;
        }
        thread::sleep(Duration::from_millis(20));
    }
    condition()
}

/// Waits for a spawned child (stdout/stderr piped) for at most `tries` × 20 ms, then
/// collects its output; kills it and panics if it is still running by then.
pub fn finish(mut child: Child, tries: u32, what: &str) -> Output {
    let exited = poll_until(tries, || {
        child
            .try_wait()
            .expect("polling the child process")
            .is_some()
    });
    if !exited {
        let _ = child.kill();
        let out = child
            .wait_with_output()
            .expect("collecting the killed child");
        panic!("`tidings {what}` did not finish; killed it\n{}", show(&out));
    }
    child
        .wait_with_output()
        .expect("collecting the child's output")
}

/// A `YYYY-MM-DDTHH:MM:SSZ` timestamp, as the contract prints every time.
pub fn is_utc_timestamp(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        s.len() == 20 && s.ends_with('Z') && chrono::DateTime::parse_from_rfc3339(s).is_ok()
    })
}
