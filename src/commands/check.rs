//! `tidings check`: validate the config, list its feeds (with their
//! full-text mode and HTTP options, never a secret) and filter rules.

use std::io::Write;

use super::CommandError;
use crate::config::Config;

/// `tidings check`: the feed list, one per line.
pub fn check(config: &Config, out: &mut impl Write) -> Result<(), CommandError> {
    let io = |e: std::io::Error| CommandError::Other(e.to_string());
    writeln!(out, "config {} is valid", config.path.display()).map_err(io)?;
    writeln!(out, "database: {}", config.database.display()).map_err(io)?;
    if config.feeds.is_empty() {
        writeln!(out, "{}", super::NO_FEEDS).map_err(io)?;
    } else {
        writeln!(out, "{} feeds:", config.feeds.len()).map_err(io)?;
    }
    for feed in &config.feeds {
        let interval = feed.interval.unwrap_or(config.schedule.interval);
        let adaptive = if feed.interval.is_none() && config.schedule.adaptive {
            " (adaptive)"
        } else {
            ""
        };
        writeln!(
            out,
            "  {}\ttitle: {}\ttags: {}\tinterval: {}{adaptive}\t({})",
            crate::config::secrets::redact_url(feed.url.as_str()),
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
        let mode = feed.full_text_mode(&config.full_text);
        if mode != crate::config::FullTextMode::Never {
            writeln!(out, "    full text: {}", mode.as_str()).map_err(io)?;
        }
        for option in feed.http.describe() {
            writeln!(out, "    {option}").map_err(io)?;
        }
    }
    let problems: Vec<String> = config
        .feeds
        .iter()
        .filter_map(|f| {
            Some(format!(
                "feed {} ({}): {}",
                f.url,
                f.origin,
                f.http.problem()?
            ))
        })
        .collect();
    if !problems.is_empty() {
        return Err(CommandError::Config(format!(
            "invalid config {}: {}",
            config.path.display(),
            problems.join("; ")
        )));
    }
    if !config.filters.is_empty() {
        writeln!(out, "{} filter rules:", config.filters.len()).map_err(io)?;
        for rule in &config.filters {
            writeln!(
                out,
                "  {} /{}/{}",
                rule.describe(),
                rule.pattern.as_str(),
                rule.feed
                    .as_ref()
                    .map(|f| format!(" (feed {f})"))
                    .unwrap_or_default()
            )
            .map_err(io)?;
        }
    }
    Ok(())
}
