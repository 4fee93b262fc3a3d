//! WAL checkpoints on a thread of their own, beside the writer thread.
//!
//! A checkpoint copies the pages that commits appended to the write-ahead
//! log back into the database file, then syncs the file. SQLite does it on
//! the connection that committed, every `wal_autocheckpoint` pages: on the
//! writer thread, the one stage of a poll that cannot run in parallel, which
//! then spends CPU on the copying and waits on the `fsync`s.
//!
//! Here a second connection checkpoints instead, `PASSIVE` (it never blocks
//! the writer nor waits for it), nudged by the writer after every few
//! thousand articles it stores; nudges that come during a checkpoint make
//! one more.
//!
//! The writer keeps its automatic checkpoint (the store's
//! `AUTOCHECKPOINT_BYTES`): a passive checkpoint cannot restart the log
//! while the writer keeps appending to it, so during a long burst of
//! writes the log grows until the writer's own checkpoint finds nearly
//! every page already copied, copies the last few, and the log starts over.
//! Safety is SQLite's either way: a checkpoint from another connection is
//! the same operation. Warm polls, which store few articles, rarely nudge
//! it.

use std::sync::mpsc::{self, SyncSender};
use std::thread::JoinHandle;

use rusqlite::Connection;

use super::BUSY_TIMEOUT;

/// The checkpointing thread; dropping it stops the thread, after the
/// checkpoint under way and the one asked for, if any.
pub(super) struct Checkpointer {
    nudge: Option<SyncSender<()>>,
    handle: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts a thread checkpointing the database at `path`. `None` when
    /// the database has no file (in memory) or a second connection cannot
    /// be opened: the writer then checkpoints by itself, as SQLite does by
    /// default.
    pub(super) fn spawn(path: Option<&str>) -> Option<Checkpointer> {
        let path = path.filter(|p| !p.is_empty())?;
        let conn = Connection::open(path)
            .and_then(|c| c.busy_timeout(BUSY_TIMEOUT).map(|()| c))
            .map_err(|e| tracing::debug!(%path, error = %e, "no checkpoint thread"))
            .ok()?;
        // One pending nudge is enough: nudges during a checkpoint coalesce.
        let (nudge, nudged) = mpsc::sync_channel::<()>(1);
        let handle = std::thread::Builder::new()
            .name("tidings-ckpt".into())
            .spawn(move || {
                while nudged.recv().is_ok() {
                    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                    {
                        tracing::debug!(error = %e, "checkpoint skipped");
                    }
                }
            })
            .map_err(|e| tracing::debug!(error = %e, "no checkpoint thread"))
            .ok()?;
        Some(Checkpointer {
            nudge: Some(nudge),
            handle: Some(handle),
        })
    }

    /// Asks for a checkpoint (the writer committed something).
    pub(super) fn nudge(&self) {
        if let Some(nudge) = &self.nudge {
            // Full: a checkpoint is already asked for. Disconnected: the
            // thread is gone, and the writer's own checkpoint does the work.
            let _ = nudge.try_send(());
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.nudge.take();
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nudge_copies_the_log_into_the_database_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
             CREATE TABLE t (x BLOB);",
        )
        .unwrap();
        let checkpointer = Checkpointer::spawn(path.to_str()).expect("a file database");
        for _ in 0..64 {
            conn.execute("INSERT INTO t VALUES (zeroblob(16384))", [])
                .unwrap();
        }
        let before = std::fs::metadata(&path).unwrap().len();
        checkpointer.nudge();
        drop(checkpointer); // waits for the nudged checkpoint
        let after = std::fs::metadata(&path).unwrap().len();
        assert!(before < 64 * 16384, "nothing copied before: {before}");
        assert!(
            after >= 64 * 16384,
            "the file holds the rows after: {after}"
        );
    }

    #[test]
    fn an_in_memory_database_gets_no_thread() {
        assert!(Checkpointer::spawn(Some("")).is_none());
        assert!(Checkpointer::spawn(None).is_none());
    }
}
