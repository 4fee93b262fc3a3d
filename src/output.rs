//! Article records as people and programs read them.
//!
//! - [`write_text`]: the corpus layout of `tests/fixtures/article.txt`: a
//!   first line ` date YYYY-MM-DD <headline>`, a blank line, the body's
//!   paragraphs separated by blank lines; articles separated by one blank
//!   line; no newline after the last one.
//! - [`write_jsonl`]: one JSON object per article with every field of the
//!   record, one per line.
//! - [`write_feeds_table`] and [`write_feeds_json`]: feed status for operators
//!   (the table lists the last error and the repairs made on the last fetch).

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use crate::store::{FeedRecord, StoredArticle};

/// One article in the corpus layout, without a trailing newline.
pub fn article_text(article: &StoredArticle) -> String {
    let mut out = format!(
        " date {} {}",
        article.date.format("%Y-%m-%d"),
        article.article.title
    );
    if !article.article.body_text.is_empty() {
        out.push_str("\n\n");
        out.push_str(&article.article.body_text);
    }
    out
}

/// Writes articles in the corpus layout.
pub fn write_text(out: &mut impl Write, articles: &[StoredArticle]) -> io::Result<()> {
    for (i, article) in articles.iter().enumerate() {
        if i > 0 {
            out.write_all(b"\n\n")?;
        }
        out.write_all(article_text(article).as_bytes())?;
    }
    out.flush()
}

/// Writes articles as JSON lines.
pub fn write_jsonl(out: &mut impl Write, articles: &[StoredArticle]) -> io::Result<()> {
    for article in articles {
        serde_json::to_writer(&mut *out, article)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// Writes feed status as a JSON array.
pub fn write_feeds_json(out: &mut impl Write, feeds: &[FeedRecord]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, feeds)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Writes feed status as an aligned table for operators.
pub fn write_feeds_table(
    out: &mut impl Write,
    feeds: &[FeedRecord],
    now: DateTime<Utc>,
) -> io::Result<()> {
    let rows: Vec<[String; 7]> = feeds
        .iter()
        .map(|f| {
            let state = match (&f.last_error, f.last_polled_at) {
                (_, None) => "new",
                (Some(_), _) => "failing",
                (None, _) => "ok",
            };
            [
                f.url.clone(),
                state.to_string(),
                f.last_polled_at
                    .map(ago(now))
                    .unwrap_or_else(|| "never".into()),
                f.last_status
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| "-".into()),
                f.consecutive_failures.to_string(),
                f.next_due_at
                    .map(|d| {
                        if d <= now {
                            "now".into()
                        } else {
                            format!("in {}", span(d - now))
                        }
                    })
                    .unwrap_or_else(|| "now".into()),
                f.articles.to_string(),
            ]
        })
        .collect();
    let header = [
        "FEED",
        "STATE",
        "LAST POLL",
        "STATUS",
        "FAILURES",
        "NEXT",
        "ARTICLES",
    ];
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[&str]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(cell);
            } else {
                s.push_str(&format!("{cell:<w$}  "));
            }
        }
        s
    };
    writeln!(out, "{}", line(&header))?;
    for (row, feed) in rows.iter().zip(feeds) {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        writeln!(out, "{}", line(&cells))?;
        if let Some(error) = &feed.last_error {
            writeln!(out, "    error: {error}")?;
        }
        for warning in &feed.last_warnings {
            writeln!(out, "    repaired: {warning}")?;
        }
    }
    out.flush()
}

fn ago(now: DateTime<Utc>) -> impl Fn(DateTime<Utc>) -> String {
    move |t| format!("{} ago", span(now - t))
}

/// A short human span: `42s`, `5m`, `3h`, `2d`.
fn span(d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86400),
    }
}
