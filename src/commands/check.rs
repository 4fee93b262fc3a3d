//! `tidings check`: validate the config, list its feeds.

use std::io::Write;

use super::CommandError;
use crate::config::Config;

/// `tidings check`: the feed list, one per line.
pub fn check(config: &Config, out: &mut impl Write) -> Result<(), CommandError> {
    let io = |e: std::io::Error| CommandError::Other(e.to_string());
    writeln!(out, "config {} is valid", config.path.display()).map_err(io)?;
    writeln!(out, "database: {}", config.database.display()).map_err(io)?;
    writeln!(out, "{} feeds:", config.feeds.len()).map_err(io)?;
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
    }
    Ok(())
}
