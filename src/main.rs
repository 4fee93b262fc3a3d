//! The `tidings` binary: parse the command line, load the config, set up
//! logging, run the command, map errors to exit codes.
//!
//! The exit codes are [`Exit`] (also in `tidings man`, EXIT STATUS).

use std::process::ExitCode;

use clap::Parser;
use tidings::cli::{ArticleFormat, Cli, Command, FeedsAction};
use tidings::commands::{self, CommandError};
use tidings::config::Config;

/// How the process ends, for scripts and cron. Bad command-line usage is
/// clap's own 2.
#[derive(Debug, Clone, Copy)]
#[repr(u8)]
enum Exit {
    /// The command completed; for `once`, also when some feeds failed or
    /// none was due.
    Success = 0,
    /// Any other error.
    Other = 1,
    /// The config file is missing or invalid.
    Config = 3,
    /// The database failed.
    Database = 4,
    /// `once` polled feeds and every one failed: worth a cron mail.
    AllFeedsFailed = 5,
    /// Another `once` or `run` holds the database's lock (`EX_TEMPFAIL`).
    Locked = 75,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `parse`, `discover` and `add` (a new user's first step, which creates
    // the file) work without a config file (then with every default);
    // `completions` and `man` never read it.
    let optional_config = match cli.command {
        Command::Parse { .. } | Command::Discover { .. } | Command::Add { .. } => {
            !cli.config.exists()
        }
        Command::Completions { .. } | Command::Man => true,
        _ => false,
    };
    let loaded = if optional_config {
        Config::parse("", &cli.config)
    } else {
        Config::load(&cli.config)
    };
    let config = match loaded {
        Ok(config) => config,
        Err(err) => {
            eprintln!("tidings: {err}");
            return Exit::Config.into();
        }
    };
    tidings::telemetry::init(&config.log.level, config.log.format);
    if let Some(warning) = config.permissions_warning() {
        tracing::warn!("{warning}");
    }

    let mut stdout = std::io::stdout().lock();
    let mut success = Exit::Success;
    let result = match cli.command {
        Command::Once { force, feed } => {
            commands::once(&config, force, feed.as_deref()).map(|summary| {
                println!("{summary}");
                if summary.all_failed() {
                    eprintln!(
                        "tidings: every feed polled failed; see `tidings feeds` for their errors"
                    );
                    success = Exit::AllFeedsFailed;
                }
            })
        }
        Command::Run => commands::run(&config),
        Command::Discover { url } => commands::discover(&config, &url, &mut stdout),
        Command::Add { url, title, tags } => commands::add(&config, &url, title, tags, &mut stdout),
        Command::Check => commands::check(&config, &mut stdout),
        Command::Articles {
            feed,
            since,
            limit,
            unique,
            format,
        } => commands::articles(
            &config,
            feed.as_deref(),
            since.as_deref(),
            limit,
            unique,
            format,
            &mut stdout,
        ),
        Command::Stories {
            since,
            min_sources,
            limit,
            format,
        } => commands::stories(
            &config,
            since.as_deref(),
            min_sources,
            limit,
            format,
            &mut stdout,
        ),
        Command::Feeds {
            format,
            action: None,
        } => commands::feeds(&config, format, &mut stdout),
        Command::Feeds {
            action: Some(FeedsAction::ExportOpml { out }),
            ..
        } => commands::export_opml(&config, out.as_deref(), &mut stdout),
        Command::Feeds {
            action: Some(FeedsAction::ImportOpml { file }),
            ..
        } => commands::import_opml(&config, &file, &mut stdout),
        Command::Search {
            query,
            filter,
            limit,
            format,
        } => commands::search(&config, &query, &filter, limit, format, &mut stdout),
        Command::Export {
            format,
            out,
            filter,
            limit,
        } => commands::export(
            &config,
            format.unwrap_or(ArticleFormat::Text),
            out.as_deref(),
            &filter,
            limit,
            &mut stdout,
        ),
        Command::Prune { dry_run, vacuum } => {
            commands::prune(&config, dry_run, vacuum, &mut stdout)
        }
        Command::Stats { days, format } => commands::stats(&config, days, format, &mut stdout),
        Command::Parse {
            source,
            base_url,
            content_type,
            content_language,
            content_location,
        } => commands::parse(
            &config,
            &source,
            base_url.as_ref(),
            &commands::ServerHeaders {
                content_type,
                content_language,
                content_location,
            },
            &mut stdout,
        ),
        Command::Completions { shell } => commands::completions(shell, &mut stdout),
        Command::Man => commands::man(&mut stdout),
    };
    match result {
        Ok(()) => success.into(),
        Err(err) => {
            let message = err.to_string();
            let database = config.database.display().to_string();
            if matches!(err, CommandError::Store(_)) && !message.contains(&database) {
                // Name the file: "database error: disk I/O error" alone says not which.
                eprintln!("tidings: {message} (database {database})");
            } else {
                eprintln!("tidings: {message}");
            }
            match err {
                CommandError::Config(_) => Exit::Config,
                CommandError::Store(_) => Exit::Database,
                CommandError::Locked(_) => Exit::Locked,
                CommandError::Other(_) => Exit::Other,
            }
            .into()
        }
    }
}
