//! `tidings search`: full-text search, best match first.

use std::io::{IsTerminal, Write};

use super::filter::article_query;
use super::{ignore_broken_pipe, CommandError};
use crate::cli::{ArchiveFilter, ArticleFormat};
use crate::config::Config;
use crate::store::{Highlight, SearchError, SearchHit, SearchQuery, Store};

/// `tidings search QUERY`.
pub fn search(
    config: &Config,
    text: &str,
    filter: &ArchiveFilter,
    limit: u64,
    format: ArticleFormat,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let highlight = match format {
        // Bold on a terminal, brackets in a file or pipe.
        ArticleFormat::Text if std::io::stdout().is_terminal() => Highlight {
            open: "\x1b[1m".into(),
            close: "\x1b[0m".into(),
        },
        ArticleFormat::Text => Highlight::default(),
        ArticleFormat::Jsonl => Highlight {
            open: "<mark>".into(),
            close: "</mark>".into(),
        },
    };
    let query = SearchQuery {
        text: text.to_string(),
        filter: article_query(config, filter, Some(limit).filter(|n| *n > 0))?,
        highlight,
    };
    let store = Store::open(&config.database)?;
    let mut hits = store.search(&query).map_err(|e| match e {
        SearchError::Query { .. } => CommandError::Config(e.to_string()),
        SearchError::Store(e) => CommandError::Store(e),
    })?;
    for hit in &mut hits {
        // Passwords of basic-auth feed URLs are never printed.
        let a = &mut hit.article;
        a.feed_url = crate::config::secrets::redact_url(&a.feed_url);
        for feed in &mut a.feeds {
            *feed = crate::config::secrets::redact_url(feed);
        }
    }
    let written = match format {
        ArticleFormat::Text => write_hits(out, &hits),
        ArticleFormat::Jsonl => write_hits_jsonl(out, &hits),
    };
    written.or_else(ignore_broken_pipe)
}

/// Each hit as three lines (date and headline, link, snippet), a blank line between.
fn write_hits(out: &mut impl Write, hits: &[SearchHit]) -> std::io::Result<()> {
    for (i, hit) in hits.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let a = &hit.article;
        writeln!(
            out,
            "{}  {}",
            a.date.format("%Y-%m-%d"),
            hit.title_highlighted
        )?;
        writeln!(
            out,
            "    {}",
            a.article.link.as_deref().unwrap_or(&a.feed_url)
        )?;
        if !hit.snippet.is_empty() {
            writeln!(out, "    {}", hit.snippet.replace("\n\n", " "))?;
        }
    }
    out.flush()
}

/// One JSON object per hit: the record plus `score`, `title_highlighted`, `snippet`.
fn write_hits_jsonl(out: &mut impl Write, hits: &[SearchHit]) -> std::io::Result<()> {
    for hit in hits {
        serde_json::to_writer(&mut *out, hit)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
