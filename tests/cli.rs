//! The command line as a user meets it, all offline: `check` on good and bad configs (exit 3
//! naming the key and the line), feeds given as file:// URLs or relative paths, the keys of
//! `articles --format jsonl`, its ordering and filters, and the configs shipped in `config/`.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

/// A `file://` URL for an absolute path.
fn file_url(path: &Path) -> String {
    assert!(path.is_absolute());
    format!("file://{}", path.display())
}

/// Copies `config/<name>` and the bundled `config/samples/` into the workspace as
/// `tidings.toml` + `samples/`, so the shipped config runs without touching the repository.
fn install_shipped_config(ws: &Workspace, name: &str) {
    let config = repo_root().join("config");
    let text = std::fs::read_to_string(config.join(name)).expect("reading the shipped config");
    ws.write_config(&text);
    for entry in std::fs::read_dir(config.join("samples")).expect("config/samples/") {
        let entry = entry.expect("a samples/ entry");
        let bytes = std::fs::read(entry.path()).expect("reading a sample feed");
        ws.write_file(
            &format!("samples/{}", entry.file_name().to_string_lossy()),
            &bytes,
        );
    }
}

/// The line of `stdout` that mentions `needle`.
fn line_with<'a>(stdout: &'a str, needle: &str) -> &'a str {
    stdout
        .lines()
        .find(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("no line mentions {needle:?} in:\n{stdout}"))
}

/// Whether a `check` line shows an interval of `secs` seconds, in humantime ("1h") or in
/// seconds ("3600s").
fn shows_interval(line: &str, humantime: &str, secs: u64) -> bool {
    line.split(|c: char| c.is_whitespace() || c == ',' || c == '=' || c == '|')
        .any(|word| word == humantime || word == format!("{secs}s") || word == secs.to_string())
}

// --- check ---------------------------------------------------------------------------------

#[test]
fn check_lists_every_feed_with_title_tags_and_interval() {
    let ws = Workspace::new();
    ws.write_config(
        r#"database = "tidings.db"

[[feeds]]
url = "https://world.example.com/rss.xml"
title = "Example World"
tags = ["world", "europe"]
interval = "1h"

[[feeds]]
url = "https://tech.example.com/atom.xml"
"#,
    );
    let out = ws.run(&["check"]);
    expect_success(&out, "check");
    let stdout = String::from_utf8_lossy(&out.stdout);

    let world = line_with(&stdout, "https://world.example.com/rss.xml");
    for shown in ["Example World", "world", "europe"] {
        assert!(world.contains(shown), "{shown:?} missing from {world:?}");
    }
    assert!(
        shows_interval(world, "1h", 3600),
        "no 1h interval in {world:?}"
    );
    let tech = line_with(&stdout, "https://tech.example.com/atom.xml");
    assert!(
        shows_interval(tech, "30m", 1800),
        "the default interval is 30m: {tech:?}"
    );
}

#[test]
fn check_rejects_an_unknown_key_naming_it_and_its_line() {
    let ws = Workspace::new();
    ws.write_config(
        r#"database = "tidings.db"

[fetch]
concurrency = 4
colour = "blue"

[[feeds]]
url = "https://world.example.com/rss.xml"
"#,
    );
    let out = ws.run(&["check"]);
    expect_exit(&out, EXIT_CONFIG, "check");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("colour"), "names the key\n{}", show(&out));
    assert!(stderr.contains("line 5"), "names the line\n{}", show(&out));
}

#[test]
fn check_rejects_a_bad_duration_naming_the_key_and_its_line() {
    let ws = Workspace::new();
    ws.write_config(
        r#"database = "tidings.db"

[schedule]
interval = "whenever"

[[feeds]]
url = "https://world.example.com/rss.xml"
"#,
    );
    let out = ws.run(&["check"]);
    expect_exit(&out, EXIT_CONFIG, "check");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("interval"), "names the key\n{}", show(&out));
    assert!(stderr.contains("line 4"), "names the line\n{}", show(&out));
}

#[test]
fn check_rejects_a_duplicate_feed_url_naming_its_line() {
    let ws = Workspace::new();
    ws.write_config(
        r#"database = "tidings.db"

[[feeds]]
url = "https://world.example.com/rss.xml"

[[feeds]]
url = "https://tech.example.com/atom.xml"

[[feeds]]
url = "https://world.example.com/rss.xml"
title = "Again"
"#,
    );
    let out = ws.run(&["check"]);
    expect_exit(&out, EXIT_CONFIG, "check");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("https://world.example.com/rss.xml"),
        "names the URL\n{}",
        show(&out)
    );
    assert!(
        stderr.contains("line 10"),
        "names the duplicate's line\n{}",
        show(&out)
    );
}

#[test]
fn config_comes_from_tidings_config_env_when_no_flag_is_given() {
    let ws = Workspace::new();
    ws.write_feeds_config("", &["https://world.example.com/rss.xml"]);
    let out = bare_cmd()
        .current_dir(ws.path().join("cwd"))
        .env("TIDINGS_CONFIG", ws.config_path())
        .arg("check")
        .output()
        .expect("running tidings");
    expect_success(&out, "check");
    assert!(String::from_utf8_lossy(&out.stdout).contains("https://world.example.com/rss.xml"));
}

#[test]
fn an_unknown_command_is_a_usage_error() {
    let out = bare_cmd()
        .arg("frobnicate")
        .output()
        .expect("running tidings");
    expect_exit(&out, EXIT_USAGE, "frobnicate");
}

// --- feeds on disk ---------------------------------------------------------------------------

#[test]
fn file_url_and_relative_path_feeds_are_read_offline() {
    let ws = Workspace::new();
    let sample = ws.write_file("elsewhere/sample.xml", &fixture("rss20_sample.xml"));
    ws.write_file("feeds/atom10.xml", &fixture("atom10.xml"));
    // The binary runs from cwd/, so "feeds/atom10.xml" only resolves against the config's folder.
    ws.write_feeds_config("", &[&file_url(&sample), "feeds/atom10.xml"]);

    let summary = ws.once(&[]);
    assert_eq!(
        summary,
        Summary {
            polled: 2,
            fetched: 2,
            new: 3,
            ..Summary::default()
        }
    );
    let articles = ws.articles(&[]);
    by_title(
        &articles,
        "Assad confident of Aleppo victory, ignores ceasefire appeals",
    );
    by_title(&articles, "City council approves riverside tram line");
    by_title(&articles, "Snow clearing crews work through the night");
}

// --- articles ---------------------------------------------------------------------------------

#[test]
fn articles_jsonl_records_have_every_contract_key() {
    let ws = Workspace::new();
    let sample = ws.write_file("sample.xml", &fixture("rss20_sample.xml"));
    let url = file_url(&sample);
    ws.write_feeds_config("", &[&url]);
    ws.once(&[]);

    let articles = ws.articles(&[]);
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    let object = a.as_object().expect("each line is a JSON object");
    let missing: Vec<&&str> = ARTICLE_KEYS
        .iter()
        .filter(|k| !object.contains_key(**k))
        .collect();
    assert!(missing.is_empty(), "missing keys {missing:?} in {a}");

    for key in ["feeds", "authors", "categories", "enclosures"] {
        assert!(a[key].is_array(), "{key} is an array: {a}");
    }
    assert!(a["feeds"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == &a["feed_url"]));
    for key in ["published", "first_seen", "last_seen"] {
        assert!(
            is_utc_timestamp(&a[key]),
            "{key} is YYYY-MM-DDTHH:MM:SSZ: {a}"
        );
    }
    assert!(
        ["published", "updated", "first_seen"].contains(&a["date_source"].as_str().unwrap_or("")),
        "{a}"
    );
    assert!(a["word_count"].is_u64(), "{a}");
}

#[test]
fn articles_are_newest_first_and_honour_limit_and_since() {
    let ws = Workspace::new();
    install_shipped_config(&ws, "minimal.toml");
    ws.once(&[]);

    let all = ws.articles(&[]);
    let newest_first = [
        "Researchers map deep-sea coral reef off the continental shelf", // 2016-12-11T23:45Z
        "Central bank holds rates steady, signals patience",             // 2016-12-10T11:00Z
        "Heavy snow closes mountain passes ahead of holiday travel",     // 2016-12-09T07:30Z
        "Assad confident of Aleppo victory, ignores ceasefire appeals",  // 2016-12-08T10:00Z
    ];
    assert_eq!(titles(&all), newest_first);
    assert_eq!(titles(&ws.articles(&["--limit", "2"])), newest_first[..2]);
    assert_eq!(
        titles(&ws.articles(&["--since", "2016-12-10"])),
        newest_first[..2]
    );
    assert_eq!(
        titles(&ws.articles(&["--since", "2016-12-09T08:00:00Z"])),
        newest_first[..2]
    );
    assert_eq!(
        titles(&ws.articles(&["--since", "2016-12-09T07:00:00Z"])),
        newest_first[..3]
    );
}

#[test]
fn feeds_json_reports_each_configured_feed() {
    let ws = Workspace::new();
    let sample = ws.write_file("sample.xml", &fixture("rss20_sample.xml"));
    let url = file_url(&sample);
    ws.write_feeds_config("", &[&url]);
    ws.once(&[]);

    let out = ws.run(&["feeds", "--format", "json"]);
    expect_success(&out, "feeds --format json");
    let value: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("feeds --format json is not JSON: {e}\n{}", show(&out)));
    assert!(value.to_string().contains(&url), "{value}");
}

// --- the shipped configs ---------------------------------------------------------------------

#[test]
fn default_config_passes_check_and_lists_its_five_feeds() {
    let ws = Workspace::new();
    install_shipped_config(&ws, "tidings.toml");
    let out = ws.run(&["check"]);
    expect_success(&out, "check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    for feed in [
        "world.xml",
        "tech.atom",
        "https://feeds.bbci.co.uk/news/world/rss.xml",
        "https://feeds.npr.org/1001/rss.xml",
        "https://www.theguardian.com/world/rss",
    ] {
        line_with(&stdout, feed);
    }
}

#[test]
fn minimal_config_ingests_the_bundled_sample_offline() {
    let ws = Workspace::new();
    install_shipped_config(&ws, "minimal.toml");
    let summary = ws.once(&[]);
    assert_eq!((summary.fetched, summary.failed, summary.new), (1, 0, 4));

    // The bundled world.xml carries the sample article, entity-escaped rather than in CDATA.
    let sample = String::from_utf8(fixture("article.txt")).expect("UTF-8");
    let (_, body) = sample
        .split_once("\n\n")
        .expect("a blank line after the date line");
    let articles = ws.articles(&[]);
    let a = by_title(
        &articles,
        "Assad confident of Aleppo victory, ignores ceasefire appeals",
    );
    assert_eq!(a["body_text"], body);
    assert_eq!(a["dateline"], "DAMASCUS");
}

// --- exit status of once ---------------------------------------------------------------------

#[test]
fn once_exits_5_when_every_polled_feed_failed_and_0_when_only_some_did() {
    let ws = Workspace::new();
    let missing = ws.path().join("missing.xml");
    let sample = ws.write_file("sample.xml", &fixture("rss20_sample.xml"));
    ws.write_feeds_config("", &[&file_url(&missing)]);

    let out = ws.run(&["once"]);
    expect_exit(&out, EXIT_ALL_FAILED, "once with its only feed failing");
    let summary = summary_of(&out);
    assert_eq!((summary.polled, summary.failed), (1, 1), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("every feed polled failed"),
        "{}",
        show(&out)
    );

    // Nothing due (the failed feed waits out its backoff): nothing failed, exit 0.
    let out = ws.run(&["once"]);
    expect_success(&out, "once with nothing due");
    assert_eq!(summary_of(&out), Summary::default());

    // One of two failing is not every one.
    ws.write_feeds_config("", &[&file_url(&missing), &file_url(&sample)]);
    let out = ws.run(&["once", "--force"]);
    expect_success(&out, "once with one of two feeds failing");
    let summary = summary_of(&out);
    assert_eq!((summary.polled, summary.failed), (2, 1), "{}", show(&out));
}

// --- completions and man page ----------------------------------------------------------------

#[test]
fn completions_are_generated_for_every_shell_without_a_config() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        // No config file anywhere: these never read it.
        let out = bare_cmd()
            .args([
                "--config",
                "/nonexistent/tidings.toml",
                "completions",
                shell,
            ])
            .output()
            .expect("running tidings");
        expect_success(&out, &format!("completions {shell}"));
        let script = String::from_utf8(out.stdout.clone()).expect("UTF-8 script");
        for word in [
            "tidings",
            "once",
            "completions",
            "export-opml",
            "min-sources",
        ] {
            assert!(script.contains(word), "{shell}: no {word:?} in\n{script}");
        }
    }
    let out = bare_cmd()
        .args(["completions", "tcsh"])
        .output()
        .expect("running tidings");
    expect_exit(&out, EXIT_USAGE, "completions tcsh");
}

#[test]
fn the_bash_completion_script_is_valid_bash() {
    let out = bare_cmd()
        .args(["completions", "bash"])
        .output()
        .expect("running tidings");
    expect_success(&out, "completions bash");
    let ws = Workspace::new();
    let script = ws.write_file("tidings.bash", &out.stdout);
    let checked = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("bash is installed");
    assert!(checked.status.success(), "{}", show(&checked));
}

#[test]
fn man_prints_a_roff_page_with_every_subcommand_and_the_exit_codes() {
    let out = bare_cmd()
        .args(["--config", "/nonexistent/tidings.toml", "man"])
        .output()
        .expect("running tidings");
    expect_success(&out, "man");
    let page = String::from_utf8(out.stdout.clone()).expect("UTF-8 roff");
    assert!(
        page.lines().any(|l| l.starts_with(".TH tidings 1")),
        "no title line:\n{page}"
    );
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH \"TIDINGS ONCE\"",
        ".SH \"TIDINGS RUN\"",
        ".SH \"TIDINGS FEEDS EXPORT-OPML\"",
        ".SH \"TIDINGS COMPLETIONS\"",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(section), "no {section} in\n{page}");
    }
    // The documented codes, each as its own tagged paragraph.
    for code in ["0", "3", "4", "5", "75"] {
        assert!(
            page.contains(&format!(".TP\n{code}\n")),
            "exit code {code} missing"
        );
    }
    assert!(page.contains("\\-\\-force"), "once's options are listed");
}
