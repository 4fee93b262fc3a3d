//! `tidings run`: poll whatever is due, sleep until the next feed falls
//! due, repeat, until the cancellation token fires.
//!
//! The loop never ticks for nothing: it sleeps exactly until the earliest
//! `next_due_at` in the database (so a restart resumes where it stopped),
//! and wakes early only to stop. A poll round interrupted by shutdown is
//! dropped: feeds already stored stay stored (one transaction each), the
//! others are simply due again at the next start. A database that refuses
//! writes (disk full, read-only) does not stop the service: the error is
//! logged with the database's path, and the round is tried again after a
//! growing pause (1 s doubling to 60 s) until the database takes writes.

use std::time::Duration;

use chrono::Utc;
use tokio_util::sync::CancellationToken;
use tracing::{error, info};

use super::{poll_with, PipelineError, PollOptions};
use crate::config::Config;
use crate::fetch::Fetcher;
use crate::store::{Store, Writer};

/// Longest single sleep, so clock jumps (suspend, NTP steps) are noticed.
const MAX_SLEEP: Duration = Duration::from_secs(15 * 60);

/// First wait after the database refused a write (disk full, read-only,
/// I/O error); doubled after each failed round up to [`STORE_RETRY_MAX`].
const STORE_RETRY_MIN: Duration = Duration::from_secs(1);
/// Longest wait between two tries of a failing database.
const STORE_RETRY_MAX: Duration = Duration::from_secs(60);

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
    let mut store_retry = STORE_RETRY_MIN;
    while !token.is_cancelled() {
        let round = tokio::select! {
            summary = poll_with(config, fetcher, writer, &options) => summary,
            () = token.cancelled() => break,
        };
        let next = match round {
            Ok(summary) => {
                if summary.polled > 0 {
                    info!(%summary, "round finished");
                }
                writer
                    .call(|store| store.feeds())
                    .await
                    .map_err(PipelineError::from)
                    .map(|feeds| {
                        feeds
                            .iter()
                            .filter(|f| f.active)
                            .filter_map(|f| f.next_due_at)
                            .min()
                    })
            }
            Err(err) => Err(err),
        };
        let sleep = match next {
            Ok(next) => {
                store_retry = STORE_RETRY_MIN;
                match next {
                    Some(due) => (due - Utc::now()).to_std().unwrap_or(Duration::ZERO),
                    None => MAX_SLEEP,
                }
                .clamp(Duration::from_millis(200), MAX_SLEEP)
            }
            // The database refused a write (disk full, read-only file): what
            // was committed stays, the failed poll is due again, and the
            // service stays up until the database takes writes again.
            Err(PipelineError::Store(err)) => {
                let wait = store_retry;
                store_retry = (store_retry * 2).min(STORE_RETRY_MAX);
                error!(
                    database = %config.database.display(),
                    error = %err,
                    retry_in = %humantime::format_duration(wait),
                    "the database refused a write; previous data kept, retrying"
                );
                wait
            }
            Err(other) => return Err(other),
        };
        tokio::select! {
            () = tokio::time::sleep(sleep) => {}
            () = token.cancelled() => break,
        }
    }
    info!("shutting down");
    Ok(())
}
