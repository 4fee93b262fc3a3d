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
        /// One article per story: the fullest (most words), then the earliest.
        #[arg(long)]
        unique: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ArticleFormat::Text)]
        format: ArticleFormat,
    },
    /// List stories (copies of one piece of news across feeds), newest first, with their
    /// source count and outlets.
    Stories {
        /// Only stories first dated on or after this day (YYYY-MM-DD) or time (RFC 3339).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only stories with at least this many sources.
        #[arg(long, value_name = "N", default_value_t = 1)]
        min_sources: u64,
        /// At most this many stories.
        #[arg(long, value_name = "N")]
        limit: Option<u64>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = StoriesFormat::Text)]
        format: StoriesFormat,
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

/// How `tidings stories` prints.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StoriesFormat {
    /// One line per story (id, date, sources, outlets, headline), then one indented line
    /// per source.
    Text,
    /// One JSON object per story, with every source.
    Jsonl,
}
