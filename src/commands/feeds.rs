//! `tidings feeds`: per-feed status for operators.

use std::io::Write;

use chrono::Utc;

use super::{ignore_broken_pipe, CommandError};
use crate::cli::FeedsFormat;
use crate::config::secrets::{redact_text, redact_url};
use crate::config::Config;
use crate::output;
use crate::store::{FeedStatus, Store};

/// `tidings feeds`.
pub fn feeds(
    config: &Config,
    format: FeedsFormat,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let store = Store::open(&config.database)?;
    let mut feeds: Vec<FeedStatus> = store.feed_statuses()?;
    for status in &mut feeds {
        // Passwords of basic-auth URLs are never printed.
        let url = status.feed.url.clone();
        let f = &mut status.feed;
        f.last_error = f.last_error.as_deref().map(|e| redact_text(e, &url));
        f.final_url = f.final_url.as_deref().map(redact_url);
        f.moved_to = f.moved_to.as_deref().map(redact_url);
        f.redirect_to = f.redirect_to.as_deref().map(redact_url);
        f.url = redact_url(&f.url);
        if let Some(poll) = &mut status.last_poll {
            poll.error = poll.error.as_deref().map(|e| redact_text(e, &url));
        }
    }
    let written = match format {
        FeedsFormat::Json => output::write_feeds_json(out, &feeds),
        FeedsFormat::Table => output::write_feeds_table(out, &feeds, Utc::now()),
    };
    written.or_else(ignore_broken_pipe)
}
