//! Article records as people and programs read them.
//!
//! - [`write_text`]: the corpus layout of `tests/fixtures/article.txt`: a
//!   first line ` date YYYY-MM-DD <headline>`, a blank line, the body's
//!   paragraphs separated by blank lines; articles separated by one blank
//!   line; no newline after the last one.
//! - [`write_jsonl`]: one JSON object per article with every field of the
//!   record, one per line.
//! - [`write_stories_text`]: one line per story (id, date, source count,
//!   outlets, headline), then one indented line per source.
//! - [`write_feeds_table`] and [`write_feeds_json`]: feed status for operators
//!   (the table lists the last error and the repairs made on the last fetch).

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use crate::store::{FeedStatus, StoredArticle, StoryRecord};

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

/// Writes records (articles, stories) as JSON lines.
pub fn write_jsonl<T: serde::Serialize>(out: &mut impl Write, records: &[T]) -> io::Result<()> {
    for record in records {
        serde_json::to_writer(&mut *out, record)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// Writes stories for people: `story ID  DATE  N sources  OUTLETS  HEADLINE`,
/// then per source `  DATE  OUTLET  LINK  (HOW)`, where HOW is `first`,
/// `exact`, `near 0.92`, with `, dropped` for a copy stored only as a source.
pub fn write_stories_text(out: &mut impl Write, stories: &[StoryRecord]) -> io::Result<()> {
    for story in stories {
        writeln!(
            out,
            "story {}  {}  {} source{}  {}  {}",
            story.story_id,
            story.date.format("%Y-%m-%d"),
            story.source_count,
            if story.source_count == 1 { "" } else { "s" },
            if story.outlets.is_empty() {
                "-".to_string()
            } else {
                story.outlets.join(", ")
            },
            story.title
        )?;
        for source in &story.sources {
            let how = match (source.matched.as_deref(), source.similarity) {
                (Some("near"), Some(s)) => format!("near {s:.2}"),
                (Some(how), _) => how.to_string(),
                (None, _) => "-".to_string(),
            };
            writeln!(
                out,
                "  {}  {}  {}  ({how}{})",
                source
                    .date
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_else(|| "----------".into()),
                source.outlet.as_deref().unwrap_or("-"),
                source.link.as_deref().unwrap_or("-"),
                if source.dropped { ", dropped" } else { "" }
            )?;
        }
    }
    out.flush()
}

/// Writes feed status as a JSON array: every field of the feed's record,
/// its `state`, `last_poll`, `polls_recorded` and `not_modified_share`.
pub fn write_feeds_json(out: &mut impl Write, feeds: &[FeedStatus]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, feeds)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// One row of the feeds table.
fn feed_row(status: &FeedStatus, now: DateTime<Utc>) -> [String; 9] {
    let f = &status.feed;
    let last_poll = match (&status.last_poll, f.last_polled_at) {
        (Some(poll), _) => {
            let mut result = poll.outcome.replace('_', " ");
            if let Some(code) = poll.status {
                result = format!("{code} {result}");
            }
            if poll.new_articles > 0 {
                result.push_str(&format!(" +{}", poll.new_articles));
            }
            format!("{} ({result})", ago(now)(poll.polled_at))
        }
        (None, Some(at)) => ago(now)(at),
        (None, None) => "never".into(),
    };
    let next = if f.gone_at.is_some() {
        "never".into()
    } else {
        match f.next_due_at {
            Some(d) if d > now => format!("in {}", span(d - now)),
            _ => "now".into(),
        }
    };
    let share = status
        .not_modified_share
        .map(|s| format!("{:.0}%", s * 100.0))
        .unwrap_or_else(|| "-".into());
    [
        f.url.clone(),
        status.state.to_string(),
        last_poll,
        f.consecutive_failures.to_string(),
        next,
        f.articles.to_string(),
        f.dropped.to_string(),
        share,
        f.last_status
            .map(|s| s.to_string())
            .unwrap_or_else(|| "-".into()),
    ]
}

/// Writes feed status as an aligned table for operators: state, last poll
/// and its result, failures in a row, next due time, articles, entries
/// dropped by filters, share of 304s over the recorded polls; the last error, a move or a pending
/// redirect on the lines below a feed.
pub fn write_feeds_table(
    out: &mut impl Write,
    feeds: &[FeedStatus],
    now: DateTime<Utc>,
) -> io::Result<()> {
    let rows: Vec<[String; 9]> = feeds.iter().map(|f| feed_row(f, now)).collect();
    let header = [
        "FEED",
        "STATE",
        "LAST POLL",
        "FAILURES",
        "NEXT",
        "ARTICLES",
        "DROPPED",
        "304s",
        "STATUS",
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
    for (row, status) in rows.iter().zip(feeds) {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        writeln!(out, "{}", line(&cells))?;
        let feed = &status.feed;
        if let Some(error) = &feed.last_error {
            writeln!(out, "    error: {error}")?;
        }
        if let Some(moved) = &feed.moved_to {
            writeln!(
                out,
                "    moved to: {moved} (permanent redirect; update the config)"
            )?;
        }
        if let Some(to) = &feed.redirect_to {
            writeln!(
                out,
                "    redirects permanently to: {to} (seen on {} polls in a row)",
                feed.redirect_count
            )?;
        }
        for warning in &feed.last_warnings {
            writeln!(out, "    repaired: {warning}")?;
        }
        if let Some(sub) = &status.websub {
            writeln!(out, "    {}", websub_line(sub, now))?;
        }
    }
    out.flush()
}

/// The `websub:` line of a feed in the table: state, hub, lease, last push.
fn websub_line(sub: &crate::store::Subscription, now: DateTime<Utc>) -> String {
    let mut line = format!("websub: {} via {}", sub.state.as_str(), sub.hub);
    if let Some(until) = sub.lease_until {
        line.push_str(&format!(
            ", lease until {}",
            until.format("%Y-%m-%d %H:%M UTC")
        ));
    }
    match sub.last_push_at {
        Some(at) => line.push_str(&format!(
            ", last push {} ({} so far)",
            ago(now)(at),
            sub.pushes
        )),
        None => line.push_str(", no push yet"),
    }
    if let Some(error) = &sub.last_error {
        line.push_str(&format!("; {error}"));
    }
    line
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
