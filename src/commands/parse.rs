//! `tidings parse <FILE|URL>`: one feed, parsed and normalized, printed as
//! JSON with every repair made on the way. Nothing is stored.
//!
//! The tool an operator reaches for when a feed looks wrong: it runs the
//! same decode → repair → parse → fill → normalize stages as a poll (a URL
//! is fetched with the shared [`Fetcher`], a file is read as is), and shows
//! what came out. `--content-type` says what a server would have said (its
//! `charset` then decides the decoding, as in a poll); `--base-url` is the
//! URL relative links resolve against (default: the URL after redirects,
//! or the file's `file://` URL).

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use url::Url;

use super::{runtime, CommandError};
use crate::config::Config;
use crate::fetch::{charset, Fetcher, RawBody};
use crate::model::{Article, FeedMeta};

/// What `tidings parse` prints.
#[derive(Debug, Serialize)]
pub struct ParseReport {
    /// The argument as given.
    pub source: String,
    /// Where the body came from, after redirects (a `file://` URL for files).
    pub url: String,
    /// The URL relative links were resolved against.
    pub base_url: String,
    /// HTTP status (`null` for files).
    pub status: Option<u16>,
    /// The `Content-Type` used to decode (given, or the server's).
    pub content_type: Option<String>,
    /// Bytes read.
    pub bytes: u64,
    /// The character set used, and where it came from.
    pub encoding: String,
    /// `bom`, `http`, `xml_prolog` or `guess`.
    pub charset_source: &'static str,
    /// `rss2`, `rss1`, `rss0`, `atom` or `json` (`null` when unreadable).
    pub format: Option<String>,
    /// Every repair made (feedparser's "bozo" messages), decoding first.
    pub warnings: Vec<String>,
    /// Why the feed could not be read, if it could not.
    pub error: Option<String>,
    /// The feed's own metadata.
    pub feed: Option<FeedMeta>,
    /// Its entries, normalized, in document order.
    pub articles: Vec<ParsedArticle>,
}

/// One article as `tidings parse` prints it: the record plus its ids.
#[derive(Debug, Serialize)]
pub struct ParsedArticle {
    /// The entry's id: the feed's own, else one derived from its content
    /// ([`crate::dedup::entry_id`]), the same on every parse.
    pub id: String,
    /// The dedup key tidings stores it under.
    pub entry_key: String,
    /// The date it would be filed under (`null` for `first_seen`: that is
    /// the time it is first stored).
    pub date: Option<DateTime<Utc>>,
    /// The record itself.
    #[serde(flatten)]
    pub article: Article,
}

/// What a server would have said about the body, given on the command line.
#[derive(Debug, Default, Clone)]
pub struct ServerHeaders {
    /// `Content-Type`: its `charset` decides the decoding (else the server's).
    pub content_type: Option<String>,
    /// `Content-Language`: the language of a feed that names none.
    pub content_language: Option<String>,
    /// `Content-Location`: the base of relative links, resolved against
    /// the body's URL.
    pub content_location: Option<String>,
}

/// `tidings parse`.
pub fn parse(
    config: &Config,
    source: &str,
    base_url: Option<&Url>,
    headers: &ServerHeaders,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let raw = read_source(config, source)?;
    let content_type = headers.content_type.clone().or(raw.content_type.clone());
    let decoded = charset::decode(&raw.bytes, content_type.as_deref());
    let location = headers
        .content_location
        .as_deref()
        .and_then(|l| raw.final_url.join(l.trim()).ok());
    let base = base_url
        .cloned()
        .or(location)
        .unwrap_or_else(|| raw.final_url.clone());
    let mut report = ParseReport {
        source: source.to_string(),
        url: raw.final_url.to_string(),
        base_url: base.to_string(),
        status: raw.status,
        content_type,
        bytes: raw.bytes.len() as u64,
        encoding: decoded.encoding.to_string(),
        charset_source: decoded.source.as_str(),
        format: None,
        warnings: decoded.warnings,
        error: None,
        feed: None,
        articles: Vec::new(),
    };
    drop(raw);
    let result = crate::pipeline::parse_and_normalize_blocking(&decoded.text, &base);
    drop(decoded.text);
    let error = match result {
        Ok((collected, warnings)) => {
            report.format = collected
                .format
                .as_ref()
                .map(|f| format_name(f).to_string());
            report.warnings.extend(warnings);
            let mut collected = collected;
            if let Some(language) = headers.content_language.as_deref() {
                collected.default_language(language);
            }
            report.feed = Some(collected.meta);
            report.articles = collected.articles.into_iter().map(view).collect();
            None
        }
        Err(error) => {
            report.error = Some(error.to_string());
            Some(error)
        }
    };
    serde_json::to_writer_pretty(&mut *out, &report)
        .map_err(|e| CommandError::Other(format!("cannot write output: {e}")))?;
    writeln!(out).map_err(|e| CommandError::Other(format!("cannot write output: {e}")))?;
    match error {
        Some(error) => Err(CommandError::Other(format!("{source}: {error}"))),
        None => Ok(()),
    }
}

/// The body behind a URL or a file path.
fn read_source(config: &Config, source: &str) -> Result<RawBody, CommandError> {
    let url = match Url::parse(source) {
        Ok(url) if matches!(url.scheme(), "http" | "https" | "file") => url,
        _ => {
            let path = Path::new(source);
            let absolute = std::fs::canonicalize(path)
                .map_err(|e| CommandError::Other(format!("cannot read {source}: {e}")))?;
            Url::from_file_path(&absolute).map_err(|()| {
                CommandError::Other(format!("cannot read {source}: not a file path"))
            })?
        }
    };
    let fetcher = Fetcher::new(&config.fetch).map_err(|e| CommandError::Other(e.to_string()))?;
    runtime()?
        .block_on(fetcher.fetch_raw(&url))
        .map_err(|e| CommandError::Other(format!("{source}: {e}")))
}

fn view(article: Article) -> ParsedArticle {
    ParsedArticle {
        id: crate::dedup::entry_id(&article),
        entry_key: crate::dedup::entry_key(&article),
        date: match article.date_source {
            crate::model::DateSource::Published => article.published,
            crate::model::DateSource::Updated => article.updated,
            crate::model::DateSource::FirstSeen => None,
        },
        article,
    }
}

fn format_name(feed_type: &feed_rs::model::FeedType) -> &'static str {
    use feed_rs::model::FeedType;
    match feed_type {
        FeedType::Atom => "atom",
        FeedType::JSON => "json",
        FeedType::RSS0 => "rss0",
        FeedType::RSS1 => "rss1",
        FeedType::RSS2 => "rss2",
    }
}
