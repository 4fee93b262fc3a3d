//! `tidings feeds`: per-feed status for operators.

use std::io::Write;

use chrono::Utc;

use super::{ignore_broken_pipe, CommandError};
use crate::cli::FeedsFormat;
use crate::config::Config;
use crate::output;
use crate::store::{FeedRecord, Store};

/// `tidings feeds`.
pub fn feeds(
    config: &Config,
    format: FeedsFormat,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let store = Store::open(&config.database)?;
    let mut feeds: Vec<FeedRecord> = store.feeds()?.into_iter().filter(|f| f.active).collect();
    for feed in &mut feeds {
        // Passwords of basic-auth URLs are never printed.
        feed.last_error = feed
            .last_error
            .as_deref()
            .map(|e| crate::config::secrets::redact_text(e, &feed.url));
        feed.final_url = feed
            .final_url
            .as_deref()
            .map(crate::config::secrets::redact_url);
        feed.url = crate::config::secrets::redact_url(&feed.url);
    }
    let written = match format {
        FeedsFormat::Json => output::write_feeds_json(out, &feeds),
        FeedsFormat::Table => output::write_feeds_table(out, &feeds, Utc::now()),
    };
    written.or_else(ignore_broken_pipe)
}
