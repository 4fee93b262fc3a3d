//! Extraction quality on the page set in `benches/pages/` (realistic article
//! pages, each with its true text; see `benches/pages/make.py`): precision,
//! recall and F1 over word 4-gram shingles per page, averaged over the pages,
//! the pages that came back empty, and the mean time per page. Pages named
//! `held-*` are reported apart: they were written after the cleanup rules.
//!
//! `cargo bench --bench extract_quality` scores tidings' extraction;
//! `cargo bench --bench extract_quality -- --outputs DIR` scores texts some
//! other extractor wrote to `DIR/<name>.txt`; add `--pages` for each page's
//! figures, `--show NAME` to print what came out of one page.

#[path = "quality/score.rs"]
mod score;

use std::path::Path;
use std::time::{Duration, Instant};

use score::{load, mean, score, Score};
use url::Url;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let outputs = value("--outputs");
    let show = value("--show");
    let per_page = args.iter().any(|a| a == "--pages");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/pages");
    let pages = load(&dir);
    let url = Url::parse("https://news.example.com/2024/story").unwrap();
    let mut rows: Vec<(String, bool, Score)> = Vec::new();
    let mut spent = Duration::ZERO;
    const RUNS: u32 = 5;
    for page in &pages {
        let text = match &outputs {
            Some(out) => std::fs::read_to_string(Path::new(out).join(format!("{}.txt", page.name)))
                .unwrap_or_default(),
            None => {
                let start = Instant::now();
                let mut text = String::new();
                for _ in 0..RUNS {
                    text = tidings::fulltext::extract_page(&page.html, &url)
                        .map(|b| b.text)
                        .unwrap_or_default();
                }
                spent += start.elapsed() / RUNS;
                text
            }
        };
        if show.as_deref() == Some(page.name.as_str()) {
            println!("----- {} -----\n{text}\n-----", page.name);
        }
        rows.push((
            page.name.clone(),
            page.held_out(),
            score(&text, &page.truth),
        ));
    }
    if per_page {
        for (name, _, s) in &rows {
            println!(
                "{name:<32} P {:.3}  R {:.3}  F1 {:.3}{}",
                s.precision,
                s.recall,
                s.f1,
                if s.empty { "  EMPTY" } else { "" }
            );
        }
    }
    for (label, held) in [("development", false), ("held-out", true)] {
        let group: Vec<Score> = rows.iter().filter(|r| r.1 == held).map(|r| r.2).collect();
        if group.is_empty() {
            continue;
        }
        let (p, r, f, empty) = mean(&group);
        println!(
            "{label:<12} pages {:>3}  precision {p:.3}  recall {r:.3}  F1 {f:.3}  empty {empty}",
            group.len()
        );
    }
    let all: Vec<Score> = rows.iter().map(|r| r.2).collect();
    let (p, r, f, empty) = mean(&all);
    println!(
        "{:<12} pages {:>3}  precision {p:.3}  recall {r:.3}  F1 {f:.3}  empty {empty}",
        "all",
        all.len()
    );
    if outputs.is_none() {
        println!(
            "mean time per page {:.3} ms",
            spent.as_secs_f64() * 1000.0 / pages.len().max(1) as f64
        );
    }
}
