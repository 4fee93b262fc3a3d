//! The score of an extraction against a page's true text: precision, recall
//! and F1 over word 4-gram shingles (the measure of the trafilatura and
//! ScrapingHub article-extraction benchmarks), and the page set on disk.
//!
//! Words are runs of letters and digits, lowercased; punctuation, markup
//! and line breaks do not count, so two texts that read the same score 1.0.
//! Shingles are counted as a set: a paragraph kept twice costs nothing here
//! (the cleanup's tests check that instead).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Shingle width, in words.
pub const SHINGLE: usize = 4;

/// One page's score.
#[derive(Debug, Clone, Copy, Default)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// The extraction came back empty.
    pub empty: bool,
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn shingles(text: &str) -> HashSet<Vec<String>> {
    let w = words(text);
    if w.len() < SHINGLE {
        return std::iter::once(w).filter(|w| !w.is_empty()).collect();
    }
    w.windows(SHINGLE).map(<[String]>::to_vec).collect()
}

/// Scores `extracted` against `truth`.
pub fn score(extracted: &str, truth: &str) -> Score {
    let got = shingles(extracted);
    let want = shingles(truth);
    if got.is_empty() {
        return Score {
            empty: true,
            ..Score::default()
        };
    }
    let common = got.intersection(&want).count() as f64;
    let precision = common / got.len() as f64;
    let recall = if want.is_empty() {
        1.0
    } else {
        common / want.len() as f64
    };
    let f1 = if common == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Score {
        precision,
        recall,
        f1,
        empty: false,
    }
}

/// A page of the set: its name, its HTML and its true text.
pub struct Page {
    pub name: String,
    pub html: String,
    pub truth: String,
}

impl Page {
    /// Held-out pages were written after the cleanup rules.
    pub fn held_out(&self) -> bool {
        self.name.starts_with("held-")
    }
}

/// Every `<name>.html` with its `<name>.txt` in `dir`, by name.
pub fn load(dir: &Path) -> Vec<Page> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read the page set {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let read = |p: &Path| {
                std::fs::read_to_string(p)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
            };
            Page {
                name: p.file_stem().unwrap().to_string_lossy().into_owned(),
                html: read(&p),
                truth: read(&p.with_extension("txt")),
            }
        })
        .collect()
}

/// Means over a group of pages: precision, recall, F1, and how many came back empty.
pub fn mean(scores: &[Score]) -> (f64, f64, f64, usize) {
    let n = scores.len().max(1) as f64;
    let sum = |f: fn(&Score) -> f64| scores.iter().map(f).sum::<f64>() / n;
    (
        sum(|s| s.precision),
        sum(|s| s.recall),
        sum(|s| s.f1),
        scores.iter().filter(|s| s.empty).count(),
    )
}
