//! Config secrets: a feed behind HTTP basic auth (the password in the feed URL) and one
//! behind a token header (`headers = { ... }`) are fetched, and neither secret appears in
//! any log line (at trace level), any command's output or any recorded error; a config
//! holding secrets that every user can read is warned about.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::*;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PASSWORD: &str = "Pa55-word-x9q";
const TOKEN: &str = "tok-4f1e-never-log-me";
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
    Mock::given(method("GET"))
        .and(path("/token"))
        .and(header("x-api-key", TOKEN))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(fixture("atom10.xml"), "application/atom+xml"),
        )
        .mount(&server)
        .await;
    let token_feed = format!("http://127.0.0.1:{port}/token");
    let ws = Workspace::new();
    ws.write_config(&format!(
        "database = \"tidings.db\"\n[log]\nlevel = \"trace\"\n\
         [fetch]\nallow_private_networks = true\n\
         [[feeds]]\nurl = \"{good}\"\n[[feeds]]\nurl = \"{refused}\"\n\
         [[feeds]]\nurl = \"{token_feed}\"\nheaders = {{ \"X-Api-Key\" = \"{TOKEN}\" }}\n"
    ));
    chmod(&ws.config_path(), 0o600);

    let out = ws.run(&["once"]);
    expect_success(&out, "once");
    let summary = summary_of(&out);
    assert_eq!((summary.fetched, summary.failed), (2, 1), "{summary}");
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
        &["stats"],
        &["stats", "--format", "json"],
        &["search", "Aleppo", "--format", "jsonl"],
        &["search", "Aleppo"],
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
        !everything.contains(PASSWORD) && !everything.contains(TOKEN),
        "a secret leaked:\n{everything}"
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
        stderr.contains("holds secrets (passwords or HTTP headers) and is readable by every user"),
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

#[test]
fn a_bad_header_is_a_config_error_that_names_the_line_not_the_value() {
    let ws = Workspace::new();
    ws.write_config(
        "database = \"tidings.db\"\n\n[[feeds]]\nurl = \"https://example.com/a.xml\"\n\
         headers = { \"X-Token\" = \"line\\nbreak-secret\" }\n",
    );
    let out = ws.run(&["check"]);
    expect_exit(&out, EXIT_CONFIG, "check");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("feeds.headers") && stderr.contains("line 4"),
        "{stderr}"
    );
    assert!(!stderr.contains("break-secret"), "{stderr}");
}
