//! `tidings feeds`: per-feed status for operators.

use std::io::Write;

use chrono::Utc;

use super::{ignore_broken_pipe, CommandError};
use crate::cli::FeedsFormat;
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
    let feeds: Vec<FeedStatus> = store.feed_statuses()?;
    let written = match format {
        FeedsFormat::Json => output::write_feeds_json(out, &feeds),
        FeedsFormat::Table => output::write_feeds_table(out, &feeds, Utc::now()),
    };
    written.or_else(ignore_broken_pipe)
}
