//! The messy web: every fixture of `tests/fixtures/messy/` through the real binary's
//! `tidings parse`, field by field, one test per kind of damage (decode, repair,
//! recover, fill, dates, ids, never crash, JSON Feed), plus the same feeds polled over
//! HTTP into SQLite, where the repairs and unreadable dates must be stored.
//!
//! `python3 tests/feedparser_compare.py` runs Python's feedparser on the same files and
//! lists where the two readings differ (and why, for the deliberate differences).

#[path = "../common/mod.rs"]
mod common;

mod dates_ids_json;
mod decode;
mod fill;
mod layouts;
mod over_http;
mod recover;
mod repair;
mod robustness;

use std::path::PathBuf;

use common::*;
use serde_json::Value;

fn messy(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/messy").join(name)
}

/// `tidings parse <fixture> <args>` with no config file; the JSON report.
fn parse(name: &str, args: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = bare_cmd()
        .current_dir(dir.path())
        .arg("--config")
        .arg(dir.path().join("absent.toml"))
        .arg("parse")
        .arg(messy(name))
        .args(args)
        .output()
        .unwrap();
    expect_success(&out, &format!("parse {name}"));
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{name}: {e}\n{}", show(&out)));
    assert!(report["error"].is_null(), "{name}: {}", report["error"]);
    report
}

fn articles(report: &Value) -> &Vec<Value> {
    report["articles"].as_array().expect("articles")
}

fn article<'a>(report: &'a Value, title: &str) -> &'a Value {
    articles(report)
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no article {title:?} in {:#?}", titles_of(report)))
}

fn titles_of(report: &Value) -> Vec<String> {
    articles(report)
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect()
}

fn warned(report: &Value, needle: &str) -> bool {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains(needle))
}
