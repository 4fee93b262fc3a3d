//! What each subcommand does, given a loaded config. The binary maps the
//! [`CommandError`]s returned here to exit codes.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::cli::{ArticleFormat, FeedsFormat};
use crate::config::Config;
use crate::lock::{LockError, RunLock};
use crate::output;
use crate::pipeline::{self, PipelineError, PollOptions, RunSummary};
use crate::store::{ArticleQuery, FeedRecord, Store, StoreError};

/// Why a command failed; each kind has its own exit code.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// Bad config or arguments that depend on it.
    #[error("{0}")]
    Config(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Another run holds the lock.
    #[error(transparent)]
    Locked(LockError),
    /// Anything else (I/O on stdout, the HTTP client).
    #[error("{0}")]
    Other(String),
}

impl From<PipelineError> for CommandError {
    fn from(err: PipelineError) -> Self {
        match err {
            PipelineError::Store(e) => CommandError::Store(e),
            PipelineError::UnknownFeed(_) => CommandError::Config(err.to_string()),
            PipelineError::Fetch(e) => CommandError::Other(e.to_string()),
        }
    }
}

impl From<LockError> for CommandError {
    fn from(err: LockError) -> Self {
        match err {
            LockError::Busy { .. } => CommandError::Locked(err),
            LockError::Io { .. } => CommandError::Other(err.to_string()),
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, CommandError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CommandError::Other(format!("cannot start the async runtime: {e}")))
}

/// Resolves a `--feed` argument to a configured feed's URL. Paths may be
/// given relative to the config file's folder (as in the config) or to the
/// working directory.
fn feed_arg(config: &Config, text: &str) -> Result<Url, CommandError> {
    let config_dir = config.path.parent().unwrap_or(Path::new("."));
    [config_dir, Path::new(".")]
        .iter()
        .filter_map(|dir| crate::config::feed_url(text, dir).ok())
        .find(|url| config.feeds.iter().any(|f| &f.url == url))
        .ok_or_else(|| {
            CommandError::Config(format!(
                "no feed {text} in the config (see `tidings check`)"
            ))
        })
}

/// `tidings once`.
pub fn once(config: &Config, force: bool, feed: Option<&str>) -> Result<RunSummary, CommandError> {
    let feed = feed.map(|f| feed_arg(config, f)).transpose()?;
    let _lock = RunLock::acquire(&config.database)?;
    let store = Store::open(&config.database)?;
    let options = PollOptions { force, feed };
    let (summary, _store) = runtime()?.block_on(pipeline::poll_once(config, store, &options))?;
    Ok(summary)
}

/// `tidings run`, until SIGTERM or SIGINT.
pub fn run(config: &Config) -> Result<(), CommandError> {
    let _lock = RunLock::acquire(&config.database)?;
    let store = Store::open(&config.database)?;
    let runtime = runtime()?;
    runtime.block_on(async {
        let token = CancellationToken::new();
        tokio::spawn(cancel_on_signal(token.clone()));
        pipeline::run_daemon(config, store, token).await
    })?;
    Ok(())
}

async fn cancel_on_signal(token: CancellationToken) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            tracing::error!("cannot install signal handlers");
            return;
        };
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM received"),
            _ = int.recv() => tracing::info!("SIGINT received"),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    token.cancel();
}

/// `tidings check`: the feed list, one per line.
pub fn check(config: &Config, out: &mut impl Write) -> Result<(), CommandError> {
    let io = |e: std::io::Error| CommandError::Other(e.to_string());
    writeln!(out, "config {} is valid", config.path.display()).map_err(io)?;
    writeln!(out, "database: {}", config.database.display()).map_err(io)?;
    writeln!(out, "{} feeds:", config.feeds.len()).map_err(io)?;
    for feed in &config.feeds {
        let interval = feed.interval.unwrap_or(config.schedule.interval);
        writeln!(
            out,
            "  {}\ttitle: {}\ttags: {}\tinterval: {}\t({})",
            feed.url,
            feed.title.as_deref().unwrap_or("-"),
            if feed.tags.is_empty() {
                "-".to_string()
            } else {
                feed.tags.join(",")
            },
            humantime::format_duration(interval),
            feed.origin,
        )
        .map_err(io)?;
    }
    Ok(())
}

/// Parses `--since`: a day (midnight UTC) or an RFC 3339 time.
fn parse_since(text: &str) -> Result<DateTime<Utc>, CommandError> {
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
    };
    let store = Store::open(&config.database)?;
    let articles = store.articles(&query)?;
    let written = match format {
        ArticleFormat::Text => output::write_text(out, &articles),
        ArticleFormat::Jsonl => output::write_jsonl(out, &articles),
    };
    written.or_else(ignore_broken_pipe)
}

/// `tidings feeds`.
pub fn feeds(
    config: &Config,
    format: FeedsFormat,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let store = Store::open(&config.database)?;
    let feeds: Vec<FeedRecord> = store.feeds()?.into_iter().filter(|f| f.active).collect();
    let written = match format {
        FeedsFormat::Json => output::write_feeds_json(out, &feeds),
        FeedsFormat::Table => output::write_feeds_table(out, &feeds, Utc::now()),
    };
    written.or_else(ignore_broken_pipe)
}

/// `tidings articles | head` is not an error.
fn ignore_broken_pipe(err: std::io::Error) -> Result<(), CommandError> {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(CommandError::Other(format!("cannot write output: {err}")))
    }
}
