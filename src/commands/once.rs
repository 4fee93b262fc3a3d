//! `tidings once`: one polling round, cron-style.

use super::{feed_arg, runtime, CommandError};
use crate::config::Config;
use crate::lock::RunLock;
use crate::pipeline::{self, PollOptions, RunSummary};
use crate::store::Store;

/// `tidings once`.
pub fn once(config: &Config, force: bool, feed: Option<&str>) -> Result<RunSummary, CommandError> {
    let feed = feed.map(|f| feed_arg(config, f)).transpose()?;
    let _lock = RunLock::acquire(&config.database)?;
    let store = Store::open(&config.database)?;
    let options = PollOptions { force, feed };
    let (summary, _store) = runtime()?.block_on(pipeline::poll_once(config, store, &options))?;
    Ok(summary)
}
