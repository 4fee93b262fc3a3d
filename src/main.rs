//! The `tidings` binary: parse the command line, load the config, set up
//! logging, run the command, map errors to exit codes.
//!
//! Exit codes (documented in the README):
//! 0 the command completed (for `once`: even if some feeds failed);
//! 1 any other error; 2 bad command-line usage; 3 config error;
//! 4 database error; 75 another `once`/`run` holds the database's lock.

use std::process::ExitCode;

use clap::Parser;
use tidings::cli::{ArticleFormat, Cli, Command, FeedsAction};
use tidings::commands::{self, CommandError};
use tidings::config::Config;

const EXIT_OTHER: u8 = 1;
const EXIT_CONFIG: u8 = 3;
const EXIT_DATABASE: u8 = 4;
const EXIT_LOCKED: u8 = 75;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `parse`, `discover` and `add` (a new user's first step, which creates
    // the file) work without a config file.
    let optional_config = matches!(
        cli.command,
        Command::Parse { .. } | Command::Discover { .. } | Command::Add { .. }
    ) && !cli.config.exists();
    let loaded = if optional_config {
        Config::parse("", &cli.config)
    } else {
        Config::load(&cli.config)
    };
    let config = match loaded {
        Ok(config) => config,
        Err(err) => {
            eprintln!("tidings: {err}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    tidings::telemetry::init(&config.log.level, config.log.format);
    if let Some(warning) = config.permissions_warning() {
        tracing::warn!("{warning}");
    }

    let mut stdout = std::io::stdout().lock();
    let result = match cli.command {
        Command::Once { force, feed } => {
            commands::once(&config, force, feed.as_deref()).map(|summary| {
                println!("{summary}");
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
        } => commands::parse(
            &config,
            &source,
            base_url.as_ref(),
            content_type.as_deref(),
            &mut stdout,
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let message = err.to_string();
            let database = config.database.display().to_string();
            if matches!(err, CommandError::Store(_)) && !message.contains(&database) {
                // Name the file: "database error: disk I/O error" alone says not which.
                eprintln!("tidings: {message} (database {database})");
            } else {
                eprintln!("tidings: {message}");
            }
            ExitCode::from(match err {
                CommandError::Config(_) => EXIT_CONFIG,
                CommandError::Store(_) => EXIT_DATABASE,
                CommandError::Locked(_) => EXIT_LOCKED,
                CommandError::Other(_) => EXIT_OTHER,
            })
        }
    }
}
