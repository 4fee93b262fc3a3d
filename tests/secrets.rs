//! Config secrets: a feed behind HTTP basic auth (the password in the feed URL) is fetched,
//! and the password appears in no log line (at trace level), in no command's output, and
//! in no recorded error; a config holding it that every user can read is warned about.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::*;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PASSWORD: &str = "Pa55-word-x9q";
/// `ann:Pa55-word-x9q` in base64.
const BASIC: &str = "Basic YW5uOlBhNTUtd29yZC14OXE=";

fn chmod(path: &std::path::Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[tokio::test]
async fn basic_auth_feed_is_fetched_and_its_password_never_shown() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/private"))
        .and(header("authorization", BASIC))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(fixture("rss20_sample.xml"), "application/rss+xml"),
        )
        .mount(&server)
        .await;
    let port = server.address().port();
    let good = format!("http://ann:{PASSWORD}@127.0.0.1:{port}/private");
    // Nothing listens on port 9 of 127.0.0.1 (discard): the error names the URL.
    let refused = format!("http://bob:{PASSWORD}@127.0.0.1:9/feed");
    let ws = Workspace::new();
    ws.write_feeds_config("[log]\nlevel = \"trace\"\n", &[&good, &refused]);
    chmod(&ws.config_path(), 0o600);

    let out = ws.run(&["once"]);
    expect_success(&out, "once");
    let summary = summary_of(&out);
    assert_eq!((summary.fetched, summary.failed), (1, 1), "{summary}");
    let mut everything = all_output(&out);
    assert!(
        !everything.contains("readable by every user"),
        "no warning at 600"
    );
    for args in [
        &["check"][..],
        &["feeds"],
        &["feeds", "--format", "json"],
        &["articles", "--format", "jsonl"],
        &["articles"],
    ] {
        let out = ws.run(args);
        expect_success(&out, &args.join(" "));
        everything.push_str(&all_output(&out));
    }
    let error = ws.feed_column(&refused, "last_error").unwrap();
    assert!(error.contains("connection failed"), "{error}");
    everything.push_str(&error);
    assert!(
        everything.contains("ann:***@"),
        "the user name is still shown"
    );
    assert!(
        !everything.contains(PASSWORD),
        "the password leaked:\n{everything}"
    );
}

#[test]
fn a_config_with_passwords_readable_by_everyone_is_warned_about() {
    let ws = Workspace::new();
    ws.write_feeds_config_strict("", &["https://ann:secret@feeds.example.com/private.xml"]);
    chmod(&ws.config_path(), 0o644);
    let out = ws.run(&["check"]);
    expect_success(&out, "check");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("holds passwords and is readable by every user"),
        "{stderr}"
    );
    assert!(
        !all_output(&out).contains("secret@"),
        "{}",
        all_output(&out)
    );

    chmod(&ws.config_path(), 0o640);
    let out = ws.run(&["check"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("readable by every user"));
}
