//! The run lock: one `tidings once` or `tidings run` per database at a time.
//!
//! An exclusive advisory lock (`flock`) on `<database>.lock`, taken without
//! waiting: a second run fails at once with [`LockError::Busy`] instead of
//! queueing behind the first. The kernel releases the lock when the process
//! dies, even by SIGKILL, so a stale file never blocks anything.

use std::fs::File;
use std::path::{Path, PathBuf};

use fs4::fs_std::FileExt;

/// Could not take the run lock.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another tidings process holds it.
    #[error("another tidings run is using {} (lock file {} is held); try again when it has finished", database.display(), lock.display())]
    Busy {
        /// The database.
        database: PathBuf,
        /// The lock file.
        lock: PathBuf,
    },
    /// The lock file could not be created or locked.
    #[error("cannot lock {}: {source}", lock.display())]
    Io {
        /// The lock file.
        lock: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Held while a run uses the database; released on drop.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
}

/// The lock file that guards `database`.
pub fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

impl RunLock {
    /// Takes the lock for `database`, or fails at once if it is held.
    pub fn acquire(database: &Path) -> Result<RunLock, LockError> {
        let lock = lock_path(database);
        let io = |source| LockError::Io {
            lock: lock.clone(),
            source,
        };
        if let Some(dir) = lock.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock)
            .map_err(io)?;
        match file.try_lock_exclusive() {
            Ok(true) => Ok(RunLock { _file: file }),
            Ok(false) => Err(LockError::Busy {
                database: database.to_path_buf(),
                lock,
            }),
            Err(e) => Err(io(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_fails_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let first = RunLock::acquire(&db).unwrap();
        assert!(matches!(RunLock::acquire(&db), Err(LockError::Busy { .. })));
        drop(first);
        RunLock::acquire(&db).unwrap();
    }
}
