//! `tidings stats`: numbers about the archive.

use std::io::Write;

use bytesize::ByteSize;
use chrono::Utc;

use super::{ignore_broken_pipe, CommandError};
use crate::cli::FeedsFormat;
use crate::config::Config;
use crate::store::{ArticleRef, Stats, Store};

/// `tidings stats`.
pub fn stats(
    config: &Config,
    days: u32,
    format: FeedsFormat,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let store = Store::open(&config.database)?;
    let mut stats = store.stats(days, Utc::now())?;
    for feed in &mut stats.feeds {
        // Passwords of basic-auth feed URLs are never printed.
        feed.url = crate::config::secrets::redact_url(&feed.url);
    }
    let written = match format {
        FeedsFormat::Table => write_stats(out, &stats, days),
        FeedsFormat::Json => serde_json::to_writer_pretty(&mut *out, &stats)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n")),
    };
    written.or_else(ignore_broken_pipe)
}

fn write_stats(out: &mut impl Write, s: &Stats, days: u32) -> std::io::Result<()> {
    let article = |a: &Option<ArticleRef>| match a {
        Some(a) => format!(
            "{}  {}",
            a.date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| "?".into()),
            a.title
        ),
        None => "-".into(),
    };
    writeln!(out, "articles:    {}", s.articles)?;
    writeln!(out, "oldest:      {}", article(&s.oldest))?;
    writeln!(out, "newest:      {}", article(&s.newest))?;
    writeln!(out, "revisions:   {}", s.revisions)?;
    writeln!(
        out,
        "duplicates:  {} (articles listed by more than one feed)",
        s.duplicates
    )?;
    match s.stories {
        Some(n) => writeln!(out, "stories:     {n}")?,
        None => writeln!(out, "stories:     - (this database has no stories yet)")?,
    }
    writeln!(
        out,
        "pruned keys: {} (dedup keys kept for pruned articles)",
        s.pruned_keys
    )?;
    writeln!(
        out,
        "dropped:     {} (entries kept out by [[filters]])",
        s.dropped
    )?;
    writeln!(
        out,
        "full text:   {} (articles whose body came from their page)",
        s.full_text_pages
    )?;
    writeln!(
        out,
        "database:    {} ({} free, auto_vacuum {}), WAL {}",
        ByteSize(s.database_bytes),
        ByteSize(s.free_bytes),
        s.auto_vacuum,
        ByteSize(s.wal_bytes)
    )?;

    writeln!(out, "\nper feed:")?;
    let width = s
        .feeds
        .iter()
        .map(|f| f.articles.to_string().len())
        .max()
        .unwrap_or(1);
    for f in &s.feeds {
        let span = match (f.oldest, f.newest) {
            (Some(a), Some(b)) => format!("{} .. {}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
            _ => "-".into(),
        };
        writeln!(
            out,
            "  {:>width$}  {span:<22}  {}{}{}",
            f.articles,
            f.url,
            if f.dropped > 0 {
                format!("  ({} dropped by filters)", f.dropped)
            } else {
                String::new()
            },
            if f.active {
                ""
            } else {
                "  (no longer configured)"
            }
        )?;
    }

    writeln!(out, "\nper day (last {days} days, days with articles):")?;
    for d in &s.per_day {
        writeln!(out, "  {}  {}", d.day, d.articles)?;
    }
    out.flush()
}
