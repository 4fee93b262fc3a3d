//! Configuration: TOML (and OPML) in, a validated [`Config`] out.
//!
//! Loading happens in two steps. The file is deserialized into the raw
//! structs of `raw` (`deny_unknown_fields`, so a misspelt key is an error
//! naming the key and its line), then `Config::from_raw` turns strings into
//! URLs and paths, resolves paths against the config file's folder, reads the
//! OPML files it names, and rejects duplicate feeds, again naming the line.
//!
//! This module reads files and nothing else: no network, no database.

mod edit;
mod error;
mod filters;
mod full_text;
mod http;
mod opml;
mod raw;
pub mod secrets;
mod websub;

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::Duration;

use url::Url;

pub use edit::{append_feeds, EditError};
pub use error::ConfigError;
pub use filters::{FilterAction, FilterField, FilterRule};
pub use full_text::{FullTextConfig, FullTextMode};
pub use http::{BasicAuth, FeedHttp, Secret, SecretSource};
pub use opml::{feeds_to_opml, read_feeds as read_opml_feeds};
pub use websub::{WebSubConfig, DEFAULT_LEASE, DEFAULT_POLL_INTERVAL};

/// The default user agent: names tidings and its version.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "tidings/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/tidings/tidings)"
);

/// The default config file path, relative to the working directory.
pub const DEFAULT_CONFIG_PATH: &str = "config/tidings.toml";

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// One human-readable line per event.
    Human,
    /// One JSON object per event, for log shippers.
    Json,
}

/// The `[log]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct LogConfig {
    /// Default filter (`info`, `tidings=debug`, ...); `RUST_LOG` overrides it.
    pub level: String,
    /// Line format.
    pub format: LogFormat,
}

/// The shortest `schedule.min_interval` accepted. Tests poll every second;
/// a real deployment should keep the default (10 minutes) or more.
pub const MIN_INTERVAL_FLOOR: Duration = Duration::from_secs(1);

/// The `[schedule]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleConfig {
    /// Poll interval of feeds that set none of their own, until their
    /// publishing rate is known (or always, when `adaptive` is off).
    pub interval: Duration,
    /// Longest gap between two polls of a failing feed (exponential backoff cap).
    pub max_backoff: Duration,
    /// Whether feeds without their own interval follow their observed publishing rate.
    pub adaptive: bool,
    /// Shortest adaptive interval (never below [`MIN_INTERVAL_FLOOR`]).
    pub min_interval: Duration,
    /// Longest adaptive interval; also the cap on what feeds and servers ask for.
    pub max_interval: Duration,
    /// Consecutive polls that must see the same permanent redirect before the feed moves.
    pub redirect_threshold: u32,
    /// How long in-flight polls may finish after SIGTERM before they are cancelled.
    pub shutdown_grace: Duration,
}

/// The `[fetch]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchConfig {
    /// Feeds fetched at the same time (global limit).
    pub concurrency: NonZeroUsize,
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for a whole request, body included.
    pub timeout: Duration,
    /// `User-Agent` header sent with every request.
    pub user_agent: String,
    /// Largest feed body accepted, in bytes, after decompression.
    pub max_feed_size: u64,
    /// Whether feeds may reach loopback, private, link-local and other
    /// non-public addresses (directly, through DNS or by a redirect).
    ///
    /// Off by default: feeds and their redirects come from strangers, and a
    /// hostile one pointing at `169.254.169.254` (cloud metadata) or an
    /// intranet admin page must not make tidings read and store it. An
    /// operator polling intranet feeds turns it on, knowingly, for all feeds.
    pub allow_private_networks: bool,
    /// Whether `file://` feeds (and plain paths) from the config are read.
    ///
    /// On by default: the config and its OPML files are the operator's own
    /// (who can read those files anyway), and the shipped config polls the
    /// bundled samples from disk. A redirect never leads to a file, whatever
    /// this says.
    pub allow_files: bool,
    /// Requests in flight at once to one registrable domain.
    pub per_host_concurrency: NonZeroUsize,
    /// Least time between the starts of two requests to one registrable domain.
    pub per_host_delay: Duration,
}

/// The `[metrics]` table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricsConfig {
    /// Where the Prometheus listener (`/metrics`, `/healthz`) binds; `None`: off.
    pub listen: Option<std::net::SocketAddr>,
}

/// The `[retention]` table: what `tidings prune` and the daemon delete.
/// Both unset (the default) keeps every article forever.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetentionConfig {
    /// Articles filed (by their date) longer ago than this are deleted.
    pub max_age: Option<Duration>,
    /// Each feed keeps at most this many articles, the newest by date.
    pub max_per_feed: Option<u64>,
}

impl RetentionConfig {
    /// Whether any limit is set.
    pub fn is_set(&self) -> bool {
        self.max_age.is_some() || self.max_per_feed.is_some()
    }
}

/// Where a feed was declared, for error messages and `tidings check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedOrigin {
    /// A `[[feeds]]` entry of the config file, at this line.
    Config {
        /// 1-based line of the entry's `url` key.
        line: usize,
    },
    /// An outline of an OPML file.
    Opml {
        /// The OPML file.
        path: PathBuf,
    },
}

impl std::fmt::Display for FeedOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedOrigin::Config { line } => write!(f, "config line {line}"),
            FeedOrigin::Opml { path } => write!(f, "OPML {}", path.display()),
        }
    }
}

/// One feed to poll.
#[derive(Debug, Clone)]
pub struct FeedConfig {
    /// The feed's location: `http(s)://` or `file://` (plain paths are turned into `file://`).
    pub url: Url,
    /// Display title chosen by the operator.
    pub title: Option<String>,
    /// Free-form labels.
    pub tags: Vec<String>,
    /// Poll interval for this feed, overriding `schedule.interval`.
    pub interval: Option<Duration>,
    /// Full text for this feed; `None`: `full_text.mode`.
    pub full_text: Option<FullTextMode>,
    /// Its own HTTP options (headers, user agent, basic auth, proxy).
    pub http: FeedHttp,
    /// Where it was declared.
    pub origin: FeedOrigin,
}

/// A validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// The SQLite database file (resolved against the config file's folder).
    pub database: PathBuf,
    /// Logging.
    pub log: LogConfig,
    /// Polling schedule.
    pub schedule: ScheduleConfig,
    /// HTTP fetching.
    pub fetch: FetchConfig,
    /// The Prometheus listener.
    pub metrics: MetricsConfig,
    /// What to delete, and when.
    pub retention: RetentionConfig,
    /// Cross-feed deduplication (`[dedup]`).
    pub dedup: crate::dedup::Policy,
    /// Every feed, from `[[feeds]]` first, then from the OPML files in order.
    pub feeds: Vec<FeedConfig>,
    /// Full text: when entries' pages are fetched.
    pub full_text: FullTextConfig,
    /// `[[filters]]` rules, in config order.
    pub filters: Vec<FilterRule>,
    /// The WebSub subscriber (`[websub]`); `None`: off.
    pub websub: Option<WebSubConfig>,
}

impl FeedConfig {
    /// This feed's full-text mode: its own, else `full_text.mode`.
    pub fn full_text_mode(&self, config: &FullTextConfig) -> FullTextMode {
        self.full_text.unwrap_or(config.mode)
    }
}

impl Config {
    /// Whether any feed URL carries a password (HTTP basic auth) or any
    /// feed sets HTTP headers (tokens, API keys).
    pub fn has_secrets(&self) -> bool {
        self.feeds
            .iter()
            .any(|f| f.url.password().is_some() || !f.http.headers.is_empty())
    }

    /// A warning to log when the file holds secrets other users can read.
    pub fn permissions_warning(&self) -> Option<String> {
        secrets::permissions_warning(&self.path, self.has_secrets())
    }

    /// Reads and validates the config file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Validates config text as if read from `path` (relative paths resolve
    /// against `path`'s folder).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let raw: raw::RawConfig = toml::from_str(text).map_err(|e| ConfigError::Toml {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
        Config::from_raw(raw, text, path)
    }

    fn from_raw(raw: raw::RawConfig, text: &str, path: &Path) -> Result<Config, ConfigError> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));

        let database = dir.join(&raw.database);
        let log = LogConfig {
            level: raw.log.level,
            format: match raw.log.format {
                raw::RawLogFormat::Human => LogFormat::Human,
                raw::RawLogFormat::Json => LogFormat::Json,
            },
        };
        let schedule = schedule_config(raw.schedule, path)?;
        let fetch = FetchConfig {
            concurrency: raw.fetch.concurrency,
            connect_timeout: nonzero_duration(
                raw.fetch.connect_timeout,
                "fetch.connect_timeout",
                path,
            )?,
            timeout: nonzero_duration(raw.fetch.timeout, "fetch.timeout", path)?,
            user_agent: raw
                .fetch
                .user_agent
                .unwrap_or_else(|| DEFAULT_USER_AGENT.to_string()),
            max_feed_size: raw.fetch.max_feed_size.as_u64(),
            allow_private_networks: raw.fetch.allow_private_networks,
            allow_files: raw.fetch.allow_files,
            per_host_concurrency: raw.fetch.per_host_concurrency,
            per_host_delay: raw.fetch.per_host_delay,
        };
        let metrics = MetricsConfig {
            listen: raw
                .metrics
                .listen
                .map(|listen| {
                    listen
                        .get_ref()
                        .trim()
                        .parse()
                        .map_err(|e| ConfigError::Invalid {
                            key: "metrics.listen".into(),
                            location: Some(line_of(text, listen.span().start)),
                            path: path.to_path_buf(),
                            message: format!(
                                "{:?} is not an address and port such as \"127.0.0.1:9464\": {e}",
                                listen.get_ref()
                            ),
                        })
                })
                .transpose()?,
        };
        if fetch.max_feed_size == 0 {
            return Err(ConfigError::Invalid {
                key: "fetch.max_feed_size".into(),
                location: None,
                path: path.to_path_buf(),
                message: "must be more than 0 bytes".into(),
            });
        }

        let retention = RetentionConfig {
            max_age: match raw.retention.max_age {
                Some(age) => Some(nonzero_duration(age, "retention.max_age", path)?),
                None => None,
            },
            max_per_feed: raw.retention.max_per_feed,
        };
        if retention.max_per_feed == Some(0) {
            return Err(ConfigError::Invalid {
                key: "retention.max_per_feed".into(),
                location: None,
                path: path.to_path_buf(),
                message: "must be at least 1 (leave it out to keep every article)".into(),
            });
        }

        let dedup = dedup_policy(&raw.dedup, text, path)?;
        let websub = match raw.websub {
            Some(table) => table.validate(text, path)?,
            None => None,
        };

        let full_text =
            raw.full_text
                .validate()
                .map_err(|(key, message)| ConfigError::Invalid {
                    key: key.into(),
                    location: None,
                    path: path.to_path_buf(),
                    message,
                })?;

        let lines = Lines::of(text);
        let mut feeds = UniqueFeeds::with_capacity(raw.feeds.len());
        for entry in raw.feeds {
            let line = lines.line(entry.url.span().start);
            let url =
                feed_url(entry.url.get_ref(), dir).map_err(|message| ConfigError::Invalid {
                    key: "feeds.url".into(),
                    location: Some(line),
                    path: path.to_path_buf(),
                    message,
                })?;
            if let Some(interval) = entry.interval {
                if interval.is_zero() {
                    return Err(ConfigError::Invalid {
                        key: "feeds.interval".into(),
                        location: Some(line),
                        path: path.to_path_buf(),
                        message: "must be longer than 0s".into(),
                    });
                }
            }
            let http = http::validate(
                entry.user_agent,
                entry.proxy,
                entry.basic_auth,
                entry.headers,
                dir,
            )
            .map_err(|(key, message)| ConfigError::Invalid {
                key: key.into(),
                location: Some(line),
                path: path.to_path_buf(),
                message,
            })?;
            let feed = FeedConfig {
                url,
                title: entry.title.filter(|t| !t.trim().is_empty()),
                tags: entry.tags,
                interval: entry.interval,
                full_text: entry.full_text,
                http,
                origin: FeedOrigin::Config { line },
            };
            feeds.push(feed, path)?;
        }
        for opml_path in &raw.opml {
            let opml_path = dir.join(opml_path);
            for feed in opml::read_feeds(&opml_path)? {
                feeds.push(feed, path)?;
            }
        }

        let feeds = feeds.list;
        let urls: Vec<Url> = feeds.iter().map(|f| f.url.clone()).collect();
        let filters = filters::validate(raw.filters, &lines, path, dir, &urls)?;

        Ok(Config {
            full_text,
            filters,
            path: path.to_path_buf(),
            database,
            log,
            schedule,
            fetch,
            metrics,
            retention,
            dedup,
            feeds,
            websub,
        })
    }
}

/// The `[dedup]` table: `near` as it is, `threshold` in (0, 1].
fn dedup_policy(
    raw: &raw::RawDedup,
    text: &str,
    path: &Path,
) -> Result<crate::dedup::Policy, ConfigError> {
    use crate::dedup::NearMode;
    let threshold = *raw.threshold.get_ref();
    if !(threshold > 0.0 && threshold <= 1.0) {
        let span = raw.threshold.span();
        return Err(ConfigError::Invalid {
            key: "dedup.threshold".into(),
            location: (span.end > 0).then(|| line_of(text, span.start)),
            path: path.to_path_buf(),
            message: format!(
                "{threshold} is not a similarity: use a number above 0 and at most 1 (default {})",
                crate::dedup::DEFAULT_THRESHOLD
            ),
        });
    }
    Ok(crate::dedup::Policy {
        near: match raw.near {
            raw::RawNear::Link => NearMode::Link,
            raw::RawNear::Drop => NearMode::Drop,
            raw::RawNear::Off => NearMode::Off,
        },
        threshold,
    })
}

/// 1-based line number of byte offset `offset` in `text` (for one error;
/// [`Lines`] when there are many to find).
fn line_of(text: &str, offset: usize) -> usize {
    Lines::of(text).line(offset)
}

/// Where each line of a config text starts, to find the line of every
/// feed without counting from the top each time (which would make loading
/// a long feed list quadratic in its length).
pub(super) struct Lines(Vec<usize>);

impl Lines {
    /// The offsets of the newlines in `text`.
    pub(super) fn of(text: &str) -> Lines {
        Lines(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// 1-based line number of byte offset `offset`.
    pub(super) fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&newline| newline < offset) + 1
    }
}

/// Validates `[schedule]`: durations above zero, `min_interval` at least
/// [`MIN_INTERVAL_FLOOR`] and at most `max_interval`, a threshold of 1 or more.
fn schedule_config(raw: raw::RawSchedule, path: &Path) -> Result<ScheduleConfig, ConfigError> {
    let invalid = |key: &str, message: String| ConfigError::Invalid {
        key: key.into(),
        location: None,
        path: path.to_path_buf(),
        message,
    };
    let schedule = ScheduleConfig {
        interval: nonzero_duration(raw.interval, "schedule.interval", path)?,
        max_backoff: nonzero_duration(raw.max_backoff, "schedule.max_backoff", path)?,
        adaptive: raw.adaptive,
        min_interval: raw.min_interval,
        max_interval: raw.max_interval,
        redirect_threshold: raw.redirect_threshold,
        shutdown_grace: raw.shutdown_grace,
    };
    if schedule.min_interval < MIN_INTERVAL_FLOOR {
        return Err(invalid(
            "schedule.min_interval",
            format!(
                "must be at least {}",
                humantime::format_duration(MIN_INTERVAL_FLOOR)
            ),
        ));
    }
    if schedule.max_interval < schedule.min_interval {
        return Err(invalid(
            "schedule.max_interval",
            "must not be shorter than schedule.min_interval".into(),
        ));
    }
    if schedule.redirect_threshold == 0 {
        return Err(invalid(
            "schedule.redirect_threshold",
            "must be 1 or more".into(),
        ));
    }
    Ok(schedule)
}

fn nonzero_duration(value: Duration, key: &str, path: &Path) -> Result<Duration, ConfigError> {
    if value.is_zero() {
        return Err(ConfigError::Invalid {
            key: key.into(),
            location: None,
            path: path.to_path_buf(),
            message: "must be longer than 0s".into(),
        });
    }
    Ok(value)
}

/// The feeds of a config, in order, each URL once.
struct UniqueFeeds {
    list: Vec<FeedConfig>,
    /// Position in `list` of each URL.
    seen: std::collections::HashMap<Url, usize>,
}

impl UniqueFeeds {
    fn with_capacity(n: usize) -> UniqueFeeds {
        UniqueFeeds {
            list: Vec::with_capacity(n),
            seen: std::collections::HashMap::with_capacity(n),
        }
    }

    /// Adds `feed`; an error naming both places if its URL is already there.
    fn push(&mut self, feed: FeedConfig, path: &Path) -> Result<(), ConfigError> {
        if let Some(&first) = self.seen.get(&feed.url) {
            return Err(ConfigError::DuplicateFeed {
                path: path.to_path_buf(),
                url: feed.url.to_string(),
                first: self.list[first].origin.to_string(),
                again: feed.origin.to_string(),
            });
        }
        self.seen.insert(feed.url.clone(), self.list.len());
        self.list.push(feed);
        Ok(())
    }
}

/// Turns a feed location from the config into a URL.
///
/// `http`, `https` and `file` URLs are taken as they are; anything without a
/// scheme is a path, resolved against the config file's folder.
pub(crate) fn feed_url(text: &str, dir: &Path) -> Result<Url, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("is empty".into());
    }
    match Url::parse(text) {
        Ok(url) => match url.scheme() {
            "http" | "https" => {
                if url.host_str().is_none_or(str::is_empty) {
                    return Err(format!("{text:?} has no host"));
                }
                Ok(url)
            }
            "file" => Ok(url),
            other if other.len() == 1 => path_url(text, dir), // a Windows drive letter
            other => Err(format!(
                "{text:?} has the unsupported scheme {other:?} (use http, https, file or a path)"
            )),
        },
        Err(url::ParseError::RelativeUrlWithoutBase) => path_url(text, dir),
        Err(e) => Err(format!("{text:?} is not a valid URL: {e}")),
    }
}

fn path_url(text: &str, dir: &Path) -> Result<Url, String> {
    let path = dir.join(text);
    let absolute = if path.is_absolute() {
        path
    } else {
        std::env::current_dir()
            .map_err(|e| format!("cannot resolve the path {text:?}: {e}"))?
            .join(path)
    };
    let absolute = normalize_path(&absolute);
    Url::from_file_path(&absolute).map_err(|()| format!("cannot turn the path {text:?} into a URL"))
}

/// Removes `.` and `..` components without touching the file system.
fn normalize_path(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests;
