//! Several polls in one transaction: what the writer thread does when polls
//! queue up faster than it stores them (a cold start, a burst of due feeds).
//!
//! The batch's transaction holds only whole feeds, so a crash never leaves
//! half a feed stored — the guarantee of one transaction per feed — while
//! the fixed cost of a commit (WAL frames, the full-text index's flush of
//! its pending terms into a new segment, the checkpoint that follows) is
//! paid once per batch instead of once per feed, where it dominates a cold
//! ingest.
//!
//! When a poll of the batch fails, the whole transaction is rolled back and
//! each poll is stored again in a transaction of its own, so one bad poll
//! costs only itself. (Savepoints per poll would say the same more
//! directly, but FTS5 flushes its pending terms to disk at every savepoint:
//! that made a batch no cheaper than separate transactions.)

use super::ingest::{apply_poll_in, PollWrite};
use super::{Store, StoreError};
use crate::model::PollCounts;

/// At most this many polls share a transaction: bounds how long a batch
/// holds the write lock and how much work a failed poll makes redo. The
/// pipeline keeps at least twice this many polls under way
/// (`pipeline::poll::in_flight`): a batch that took every poll under way
/// would leave the parse workers nothing to do until it commits, and the
/// writer nothing while they refill.
pub const MAX_BATCH: usize = 32;

impl Store {
    /// Stores `polls` (each under its own policy) in one transaction;
    /// returns each poll's counts, or its error. When any poll fails, each
    /// is stored on its own instead.
    pub fn apply_polls(&mut self, polls: &[PollWrite<'_>]) -> Vec<Result<PollCounts, StoreError>> {
        if let [write] = polls {
            return vec![self.apply_poll_with(write)];
        }
        match self.apply_all(polls) {
            Ok(results) => results.into_iter().map(Ok).collect(),
            Err(_) => polls
                .iter()
                .map(|write| self.apply_poll_with(write))
                .collect(),
        }
    }

    /// All of `polls` in one transaction, or none of them.
    fn apply_all(&mut self, polls: &[PollWrite<'_>]) -> Result<Vec<PollCounts>, StoreError> {
        let tx = self.conn.transaction()?;
        let results = polls
            .iter()
            .map(|write| apply_poll_in(&tx, write))
            .collect::<Result<Vec<_>, _>>()?;
        tx.commit()?;
        Ok(results)
    }
}
