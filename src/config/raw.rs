//! The config file exactly as written: serde structs with every default.
//!
//! `deny_unknown_fields` everywhere, so a misspelt key is an error that the
//! TOML deserializer reports with its line. Validation beyond types happens
//! in [`super::Config::from_raw`].

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Duration;

use bytesize::ByteSize;
use serde::Deserialize;
use toml::Spanned;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    /// SQLite file, relative to the config file's folder.
    #[serde(default = "default_database")]
    pub database: PathBuf,
    /// OPML files whose outlines become feeds.
    #[serde(default)]
    pub opml: Vec<PathBuf>,
    #[serde(default)]
    pub log: RawLog,
    #[serde(default)]
    pub schedule: RawSchedule,
    #[serde(default)]
    pub fetch: RawFetch,
    #[serde(default)]
    pub metrics: RawMetrics,
    #[serde(default)]
    pub retention: RawRetention,
    #[serde(default)]
    pub full_text: super::full_text::RawFullText,
    #[serde(default)]
    pub filters: Vec<super::filters::RawFilter>,
    #[serde(default)]
    pub dedup: RawDedup,
    #[serde(default)]
    pub websub: Option<super::websub::RawWebSub>,
    #[serde(default)]
    pub feeds: Vec<RawFeed>,
}

fn default_database() -> PathBuf {
    PathBuf::from("tidings.db")
}

/// `[log]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct RawLog {
    pub level: String,
    pub format: RawLogFormat,
}

impl Default for RawLog {
    fn default() -> Self {
        RawLog {
            level: "info".into(),
            format: RawLogFormat::Human,
        }
    }
}

/// `log.format`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum RawLogFormat {
    Human,
    Json,
}

/// `[schedule]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct RawSchedule {
    #[serde(with = "humantime_serde")]
    pub interval: Duration,
    #[serde(with = "humantime_serde")]
    pub max_backoff: Duration,
    pub adaptive: bool,
    #[serde(with = "humantime_serde")]
    pub min_interval: Duration,
    #[serde(with = "humantime_serde")]
    pub max_interval: Duration,
    pub redirect_threshold: u32,
    #[serde(with = "humantime_serde")]
    pub shutdown_grace: Duration,
}

impl Default for RawSchedule {
    fn default() -> Self {
        RawSchedule {
            interval: Duration::from_secs(30 * 60),
            max_backoff: Duration::from_secs(24 * 60 * 60),
            adaptive: true,
            min_interval: Duration::from_secs(10 * 60),
            max_interval: Duration::from_secs(24 * 60 * 60),
            redirect_threshold: 3,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// `[fetch]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct RawFetch {
    pub concurrency: NonZeroUsize,
    #[serde(with = "humantime_serde")]
    pub connect_timeout: Duration,
    #[serde(with = "humantime_serde")]
    pub timeout: Duration,
    pub user_agent: Option<String>,
    pub max_feed_size: ByteSize,
    pub allow_private_networks: bool,
    pub allow_files: bool,
    pub per_host_concurrency: NonZeroUsize,
    #[serde(with = "humantime_serde")]
    pub per_host_delay: Duration,
}

impl Default for RawFetch {
    fn default() -> Self {
        RawFetch {
            concurrency: NonZeroUsize::new(8).expect("8 is not zero"),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            user_agent: None,
            max_feed_size: ByteSize::mib(10),
            allow_private_networks: false,
            allow_files: true,
            per_host_concurrency: NonZeroUsize::MIN,
            per_host_delay: Duration::from_secs(1),
        }
    }
}

/// `[dedup]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct RawDedup {
    pub near: RawNear,
    /// Kept with its position so errors can name the line.
    pub threshold: Spanned<f64>,
}

impl Default for RawDedup {
    fn default() -> Self {
        RawDedup {
            near: RawNear::Link,
            threshold: Spanned::new(0..0, crate::dedup::DEFAULT_THRESHOLD),
        }
    }
}

/// `dedup.near`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum RawNear {
    Link,
    Drop,
    Off,
}

/// `[metrics]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct RawMetrics {
    /// `host:port` of the Prometheus listener; off when absent.
    pub listen: Option<Spanned<String>>,
}

/// `[retention]`: both keys unset (the default) keeps every article.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct RawRetention {
    #[serde(with = "humantime_serde")]
    pub max_age: Option<Duration>,
    pub max_per_feed: Option<u64>,
}

/// One `[[feeds]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFeed {
    /// Kept with its position so errors can name the line.
    pub url: Spanned<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, with = "humantime_serde")]
    pub interval: Option<Duration>,
    /// `auto`, `always` or `never`; default `full_text.mode`.
    #[serde(default)]
    pub full_text: Option<super::full_text::FullTextMode>,
    /// This feed's `User-Agent`.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// This feed's proxy URL.
    #[serde(default)]
    pub proxy: Option<String>,
    /// HTTP basic auth, the password from an environment variable or a file.
    #[serde(default)]
    pub basic_auth: Option<super::http::RawBasicAuth>,
    /// Extra HTTP request headers (`X-Api-Key`, `Authorization`): secrets.
    #[serde(default)]
    pub headers: std::collections::BTreeMap<String, String>,
}
