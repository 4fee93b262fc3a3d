//! The command line, as clap derive types. No logic lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// List the feeds a web page offers (its alternate links, else the usual paths such as
    /// /feed), each checked by parsing it, with its title and entry count.
    Discover {
        /// The page (or feed) address.
        url: url::Url,
    },
    /// Add the best feed a page offers (or the URL itself when it is a feed) to the config
    /// file as a `[[feeds]]` table, keeping its comments and layout.
    Add {
        /// The page (or feed) address.
        url: url::Url,
        /// The feed's title in the config (default: the feed's own).
        #[arg(long, value_name = "T")]
        title: Option<String>,
        /// A tag for the feed (repeat for more).
        #[arg(long = "tag", value_name = "X")]
        tags: Vec<String>,
    },
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
        /// The Content-Language a server would have sent: the language of a feed that
        /// names none.
        #[arg(long, value_name = "LANG")]
        content_language: Option<String>,
        /// The Content-Location a server would have sent: the base URL of relative links
        /// (unless --base-url is given).
        #[arg(long, value_name = "URL")]
        content_location: Option<String>,
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
    /// With a subcommand: export or import the feed list as OPML.
    Feeds {
        /// Output format.
        #[arg(long, value_enum, default_value_t = FeedsFormat::Table)]
        format: FeedsFormat,
        /// Export or import instead of showing the status.
        #[command(subcommand)]
        action: Option<FeedsAction>,
    },
    /// Full-text search over headlines and bodies, best match first.
    Search {
        /// FTS5 query: words (all must match), "a phrase", OR, NOT, prefix*, title:word.
        query: String,
        /// Filters.
        #[command(flatten)]
        filter: ArchiveFilter,
        /// At most this many results (0: all of them).
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: u64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ArticleFormat::Text)]
        format: ArticleFormat,
    },
    /// Export articles: one text file per article into a folder (incremental),
    /// or JSON lines.
    Export {
        /// `text` (the default): one file per article in --out DIR; `jsonl`:
        /// one JSON object per line to --out FILE or stdout.
        #[arg(long, value_enum)]
        format: Option<ArticleFormat>,
        /// The folder (text) or file (jsonl) to write.
        #[arg(
            long,
            value_name = "PATH",
            required_unless_present = "format",
            required_if_eq("format", "text")
        )]
        out: Option<PathBuf>,
        /// Filters.
        #[command(flatten)]
        filter: ArchiveFilter,
        /// At most this many articles (the newest).
        #[arg(long, value_name = "N")]
        limit: Option<u64>,
    },
    /// Delete articles older than `retention.max_age` or beyond
    /// `retention.max_per_feed`, then give the space back.
    Prune {
        /// Only say what would be deleted.
        #[arg(long)]
        dry_run: bool,
        /// Also rewrite the whole database file (VACUUM) to free every unused page.
        #[arg(long)]
        vacuum: bool,
    },
    /// Numbers about the archive: articles per feed and per day, size, duplicates.
    Stats {
        /// Days shown in the per-day counts.
        #[arg(long, value_name = "N", default_value_t = 14)]
        days: u32,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FeedsFormat::Table)]
        format: FeedsFormat,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    ///
    /// E.g. `tidings completions bash > /usr/share/bash-completion/completions/tidings`.
    /// Reads no config.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page, tidings(1), in roff.
    ///
    /// E.g. `tidings man > /usr/local/share/man/man1/tidings.1`. Reads no config.
    Man,
}

/// `tidings feeds` subcommands.
#[derive(Debug, Subcommand)]
pub enum FeedsAction {
    /// Write the configured feeds as OPML (titles, tags as categories).
    ExportOpml {
        /// Write to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Append the feeds of an OPML file to the config file as `[[feeds]]`
    /// tables, keeping its comments and layout; feeds already configured are skipped.
    ImportOpml {
        /// The OPML file.
        file: PathBuf,
    },
}

/// Filters shared by `search` and `export`.
#[derive(Debug, Clone, Args)]
pub struct ArchiveFilter {
    /// Only articles of this feed (its URL or path as written in the config).
    #[arg(long, value_name = "URL")]
    pub feed: Option<String>,
    /// Only articles of feeds carrying this tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only articles dated on or after this day (YYYY-MM-DD) or time (RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles dated on or before this day (YYYY-MM-DD, the whole day) or before this time (RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

/// How `tidings articles` prints.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ArticleFormat {
    /// The corpus layout: date and headline, blank line, paragraphs.
    Text,
    /// One JSON object per line with every field.
    Jsonl,
}

/// How `tidings feeds` and `tidings stats` print.
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
