//! `tidings articles`: stored records, newest first.

use std::io::Write;

use chrono::{DateTime, NaiveDate, Utc};

use super::{feed_arg, ignore_broken_pipe, CommandError};
use crate::cli::ArticleFormat;
use crate::config::Config;
use crate::output;
use crate::store::{ArticleQuery, Store};

/// Parses `--since`: a day (midnight UTC) or an RFC 3339 time.
pub(super) fn parse_since(text: &str) -> Result<DateTime<Utc>, CommandError> {
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc());
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            CommandError::Config(format!(
                "--since {text:?}: expected YYYY-MM-DD or an RFC 3339 time"
            ))
        })
}

/// `tidings articles`.
pub fn articles(
    config: &Config,
    feed: Option<&str>,
    since: Option<&str>,
    limit: Option<u64>,
    unique: bool,
    format: ArticleFormat,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let query = ArticleQuery {
        feed: feed
            .map(|f| feed_arg(config, f))
            .transpose()?
            .map(String::from),
        since: since.map(parse_since).transpose()?,
        limit,
        unique,
        ..ArticleQuery::default()
    };
    let store = Store::open(&config.database)?;
    let mut articles = store.articles(&query)?;
    for article in &mut articles {
        // Passwords of basic-auth feed URLs are never printed.
        article.feed_url = crate::config::secrets::redact_url(&article.feed_url);
        for feed in &mut article.feeds {
            *feed = crate::config::secrets::redact_url(feed);
        }
    }
    let written = match format {
        ArticleFormat::Text => output::write_text(out, &articles),
        ArticleFormat::Jsonl => output::write_jsonl(out, &articles),
    };
    written.or_else(ignore_broken_pipe)
}
