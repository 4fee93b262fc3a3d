//! The retention hook for the daemon: apply `[retention]` on the writer
//! thread, between poll rounds.
//!
//! `tidings run` should call [`prune`] once at start and then whenever
//! [`PRUNE_EVERY`] has passed since the last call, after a round has been
//! stored (never concurrently with one: the writer thread serializes it
//! anyway). `tidings prune` does the same work on demand.

use std::time::Duration;

use chrono::Utc;
use tracing::info;

use crate::config::Config;
use crate::store::{PruneReport, StoreError, Writer};

/// How often the daemon applies retention.
pub const PRUNE_EVERY: Duration = Duration::from_secs(60 * 60);

/// Applies the config's retention policy through `writer`, logs what it
/// deleted, and returns the report (empty when no limit is configured).
pub async fn prune(config: &Config, writer: &Writer) -> Result<PruneReport, StoreError> {
    let policy = config.retention;
    if !policy.is_set() {
        return Ok(PruneReport::default());
    }
    let report = writer
        .call(move |store| store.prune(&policy, Utc::now(), false, &mut |_, _| {}))
        .await?;
    if report.articles > 0 {
        info!(
            articles = report.articles,
            freed_bytes = report.freed_bytes,
            "retention: pruned"
        );
    }
    Ok(report)
}
