//! `tidings run`: poll whatever is due, sleep until the next feed falls
//! due, repeat, until the cancellation token fires.
//!
//! The loop never ticks for nothing: it sleeps exactly until the earliest
//! `next_due_at` in the database (so a restart resumes where it stopped),
//! and wakes early only to stop. A poll round interrupted by shutdown is
//! dropped: feeds already stored stay stored (one transaction each), the
//! others are simply due again at the next start.

use std::time::Duration;

use chrono::Utc;
use tokio_util::sync::CancellationToken;
use tracing::info;

use super::{poll_with, PipelineError, PollOptions};
use crate::config::Config;
use crate::fetch::Fetcher;
use crate::store::{Store, Writer};

/// Longest single sleep, so clock jumps (suspend, NTP steps) are noticed.
const MAX_SLEEP: Duration = Duration::from_secs(15 * 60);

/// Runs until `token` is cancelled; returns the store for a clean close.
pub async fn run_daemon(
    config: &Config,
    store: Store,
    token: CancellationToken,
) -> Result<Store, PipelineError> {
    let fetcher = Fetcher::new(&config.fetch)?;
    let (writer, thread) = Writer::spawn(store);
    let result = daemon_loop(config, &fetcher, &writer, &token).await;
    drop(writer);
    let store = tokio::task::spawn_blocking(move || thread.join())
        .await
        .expect("joining the store thread does not panic");
    result.map(|()| store)
}

async fn daemon_loop(
    config: &Config,
    fetcher: &Fetcher,
    writer: &Writer,
    token: &CancellationToken,
) -> Result<(), PipelineError> {
    let options = PollOptions::default();
    while !token.is_cancelled() {
        tokio::select! {
            summary = poll_with(config, fetcher, writer, &options) => {
                let summary = summary?;
                if summary.polled > 0 {
                    info!(%summary, "round finished");
                }
            }
            () = token.cancelled() => break,
        }
        let feeds = writer.call(|store| store.feeds()).await?;
        let now = Utc::now();
        let next = feeds
            .iter()
            .filter(|f| f.active)
            .filter_map(|f| f.next_due_at)
            .min();
        let sleep = match next {
            Some(due) => (due - now).to_std().unwrap_or(Duration::ZERO),
            None => MAX_SLEEP,
        }
        .clamp(Duration::from_millis(200), MAX_SLEEP);
        tokio::select! {
            () = tokio::time::sleep(sleep) => {}
            () = token.cancelled() => break,
        }
    }
    info!("shutting down");
    Ok(())
}
