//! `tidings once`: one polling round, cron-style.

use super::{feed_arg, runtime, CommandError};
use crate::config::Config;
use crate::lock::RunLock;
use crate::pipeline::{self, PollOptions, PollProgress, RunSummary};
use crate::progress::Progress;
use crate::store::Store;

/// `tidings once`.
pub fn once(config: &Config, force: bool, feed: Option<&str>) -> Result<RunSummary, CommandError> {
    let feed = feed.map(|f| feed_arg(config, f)).transpose()?;
    if config.feeds.is_empty() {
        tracing::warn!("{}", super::NO_FEEDS);
    }
    let _lock = RunLock::acquire(&config.database)?;
    let store = Store::open(&config.database)?;
    let (progress, events) = std::sync::mpsc::channel();
    let shown = std::thread::spawn(move || show_progress(events));
    let options = PollOptions {
        force,
        feed,
        progress: Some(progress),
    };
    let result = runtime()?.block_on(pipeline::poll_once(config, store, &options));
    drop(options);
    let _ = shown.join();
    let (summary, _store) = result?;
    Ok(summary)
}

/// Feeds polled so far: a bar on a terminal, a log line now and then elsewhere.
fn show_progress(events: std::sync::mpsc::Receiver<PollProgress>) {
    let mut progress = Progress::new("polling", 0);
    for event in events {
        match event {
            PollProgress::Selected(feeds) => progress.set_total(feeds),
            PollProgress::Polled => progress.advance(1),
        }
    }
}
