//! The command line, as clap derive types. No logic lives here.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::DEFAULT_CONFIG_PATH;

/// tidings: polls RSS, Atom and JSON Feed sources into clean article records in SQLite.
#[derive(Debug, Parser)]
#[command(name = "tidings", version, about)]
pub struct Cli {
    /// The config file.
    #[arg(short, long, global = true, env = "TIDINGS_CONFIG", default_value = DEFAULT_CONFIG_PATH)]
    pub config: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Poll the feeds that are due, store what they bring, print a summary, exit (cron-style).
    Once {
        /// Poll every feed, due or not.
        #[arg(long)]
        force: bool,
        /// Poll only this feed (its URL or path as written in the config), due or not.
        #[arg(long, value_name = "URL")]
        feed: Option<String>,
    },
    /// Run as a service: poll each feed whenever it is due, until SIGTERM or SIGINT.
    Run,
    /// Validate the config and list its feeds.
    Check,
    /// List stored articles, newest first.
    Articles {
        /// Only articles of this feed (its URL or path as written in the config).
        #[arg(long, value_name = "URL")]
        feed: Option<String>,
        /// Only articles dated on or after this day (YYYY-MM-DD) or time (RFC 3339).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// At most this many articles.
        #[arg(long, value_name = "N")]
        limit: Option<u64>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ArticleFormat::Text)]
        format: ArticleFormat,
    },
    /// Parse one feed (a file or a URL) and print it with its articles as JSON,
    /// with every repair made on the way; stores nothing.
    Parse {
        /// A file path, or an http(s) URL (fetched with the configured user agent and limits).
        #[arg(value_name = "FILE|URL")]
        source: String,
        /// Resolve relative links against this URL (default: the feed's own URL).
        #[arg(long, value_name = "URL")]
        base_url: Option<url::Url>,
        /// The Content-Type a server would have sent (its charset decides the decoding).
        #[arg(long, value_name = "CT")]
        content_type: Option<String>,
    },
    /// Show every feed's status: last poll, errors, next due time, articles.
    Feeds {
        /// Output format.
        #[arg(long, value_enum, default_value_t = FeedsFormat::Table)]
        format: FeedsFormat,
    },
}

/// How `tidings articles` prints.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ArticleFormat {
    /// The corpus layout: date and headline, blank line, paragraphs.
    Text,
    /// One JSON object per line with every field.
    Jsonl,
}

/// How `tidings feeds` prints.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FeedsFormat {
    /// An aligned table for people.
    Table,
    /// A JSON array for programs.
    Json,
}
