//! All SQL lives here: migrations, feeds and their fetch state, articles,
//! memberships, dedup keys and revisions.
//!
//! The interface is the three traits of [`backend`] ([`Ingest`],
//! [`ScheduleState`], [`Archive`]), which [`Store`] implements: the rest of
//! tidings sees domain types, never rows, so another backend (PostgreSQL, for
//! many pollers sharing one database) can stand behind the same calls. The
//! store decides nothing about duplicates: [`crate::dedup::place()`] does,
//! over look-ups the store answers (`index`), and the store writes what it
//! decided (`stories`).
//!
//! Where things are: `ingest` stores a poll (the orchestration of its
//! entries), `stories` carries out a placement, `revise` keeps revisions,
//! `index` is the dedup index, `pages` full text; the row codecs
//! (`article_row` for `articles`, `feeds` for `feeds`, `history` for
//! `fetch_history`) are the only code that maps columns to fields, by name;
//! `articles`, `story_query`, `search`, `stats` and `query` are the read
//! side. No module of the folder imports one that imports it back.
//!
//! The store is blocking (rusqlite). Callers on the async runtime hand it to
//! a dedicated thread (see [`crate::pipeline`]); it never runs on a runtime
//! worker. SQLite runs in WAL mode with `synchronous = NORMAL`: a crash or
//! power cut may lose the last committed polls, never corrupt the file, and
//! a feed poll is stored whole within one transaction (several queued polls
//! may share one, see `batch`), so a feed is never half stored.
//! The WAL is checkpointed far less often than SQLite's default
//! (`AUTOCHECKPOINT_BYTES`): the dedup band index dirties a page per band
//! key of each new article, scattered over the index, and fewer checkpoints
//! (each one an fsync, each rewriting the hot pages) make a large first
//! ingest much shorter. New databases use larger pages than SQLite's
//! default (`PAGE_SIZE`).

mod article_row;
mod articles;
pub mod backend;
mod batch;
mod bulk;
mod checkpoint;
mod feeds;
mod filters;
mod history;
pub mod identity;
mod index;
mod ingest;
mod pages;
mod query;
mod retention;
mod revise;
mod robots;
mod schedule;
mod search;
mod stats;
mod stories;
mod story_query;
mod time;
mod websub;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite_migration::{HookError, Migrations, M};

pub use article_row::StoredArticle;
pub use backend::{Archive, Ingest, ScheduleState};
pub use batch::MAX_BATCH;
pub use feeds::FeedRecord;
pub use history::{FeedStatus, HistoryEntry, HISTORY_PER_FEED};
pub use ingest::PollWrite;
pub use query::ArticleQuery;
pub use retention::{PruneReport, VacuumReport};
pub use schedule::DueTime;
pub use search::{Highlight, SearchError, SearchHit, SearchQuery};
pub use stats::{ArticleRef, DayCount, FeedStats, Stats};
pub use story_query::{StoryQuery, StoryRecord, StorySource};
pub use websub::{SubState, Subscription};
pub use writer::{Writer, WriterThread};

/// The schema, one migration per version. Never edit a released migration:
/// add the next one.
static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("migrations/0001_initial.sql")),
        M::up(include_str!("migrations/0002_daemon.sql")),
        // Stories. The hook indexes the articles already stored.
        M::up_with_hook(include_str!("migrations/0003_stories.sql"), |tx| {
            stories::backfill(tx).map_err(|e| HookError::Hook(e.to_string()))
        }),
        M::up(include_str!("migrations/0004_search.sql")),
        M::up(include_str!("migrations/0005_messy_web.sql")),
        M::up(include_str!("migrations/0006_fulltext.sql")),
        M::up(include_str!("migrations/0007_fts_insert.sql")),
        M::up(include_str!("migrations/0008_lean_bands.sql")),
        M::up(include_str!("migrations/0010_every_field.sql")),
        M::up(include_str!("migrations/0011_websub.sql")),
    ])
});

/// The page size of a new database: 16 KiB instead of SQLite's 4 KiB. An
/// article row (text, sanitized HTML, summary) fits in one page instead of
/// spilling into an overflow page, and a commit writes fewer, larger WAL
/// frames; larger pages bring nothing more. An existing database keeps its
/// page size (SQLite cannot change it in WAL mode).
const PAGE_SIZE: u32 = 16 * 1024;

/// WAL bytes after which a commit checkpoints (SQLite's default is 1,000
/// pages; see the module documentation), turned into pages with the
/// database's page size. The WAL file keeps its largest size while the
/// database is open (truncating it after each checkpoint, with
/// `journal_size_limit`, would make every burst re-extend it) and is
/// removed when tidings closes the database. While the writer thread
/// runs, a checkpoint thread copies the log as it grows (`checkpoint`), and
/// this threshold only restarts the log.
const AUTOCHECKPOINT_BYTES: u32 = 160 * 1024 * 1024;

/// The page cache, in KiB (SQLite's default is 2 MB): enough to hold the
/// dedup and full-text indexes' hot pages through a large ingest; a larger
/// cache buys little speed for much more resident memory (see
/// docs/performance.md).
const CACHE_KIB: i64 = 24 * 1024;

/// Prepared statements kept per connection: more than a poll uses.
const STATEMENT_CACHE: usize = 128;

/// How long a statement waits for another connection's lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A database failure, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file could not be opened (or its folder created).
    #[error("cannot open database {}: {message}", path.display())]
    Open {
        /// The database file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The file is an SQLite database of another program (or not tidings'
    /// schema): refused, never modified (see [`identity`]).
    #[error("refusing database {}: not a tidings database ({reason}); the file is left untouched, point `database` at another path", path.display())]
    Foreign {
        /// The database file.
        path: PathBuf,
        /// What gave it away.
        reason: String,
    },
    /// The schema could not be brought up to date.
    #[error("cannot migrate database {}: {message}", path.display())]
    Migrate {
        /// The database file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A query failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// `PRAGMA integrity_check` found damage.
    #[error("database integrity check failed: {0}")]
    Integrity(String),
    /// A stored JSON column could not be read back.
    #[error("corrupt JSON in column {column}: {message}")]
    Json {
        /// The column.
        column: &'static str,
        /// The parser's message.
        message: String,
    },
}

/// The SQLite store: one connection, owned by one thread at a time.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, sets WAL mode and
    /// brings the schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open_err = |message: String| StoreError::Open {
            path: path.to_path_buf(),
            message,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
        }
        let mut conn = Connection::open(path).map_err(|e| open_err(e.to_string()))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| open_err(e.to_string()))?;
        identity::check(&conn, path)?;
        // auto_vacuum must be chosen before the first table exists: a new
        // database gets INCREMENTAL (so `prune` can give pages back); on an
        // older file this only records the wish, and one `VACUUM`
        // (`tidings prune --vacuum`) switches it on.
        conn.pragma_update(None, "page_size", PAGE_SIZE)
            .map_err(|e| open_err(e.to_string()))?;
        conn.execute_batch(
            "PRAGMA auto_vacuum = INCREMENTAL;
             PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;",
        )
        .map_err(|e| open_err(e.to_string()))?;
        let page_size: u32 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .map_err(|e| open_err(e.to_string()))?;
        conn.pragma_update(None, "wal_autocheckpoint", AUTOCHECKPOINT_BYTES / page_size)
            .and_then(|()| conn.pragma_update(None, "cache_size", -CACHE_KIB))
            .map_err(|e| open_err(e.to_string()))?;
        MIGRATIONS
            .to_latest(&mut conn)
            .map_err(|e| StoreError::Migrate {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
        identity::stamp(&conn)?;
        // rusqlite caches 16 prepared statements by default; storing a poll
        // cycles through more than that, and each miss is a re-prepare.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(Store { conn })
    }

    /// Runs `PRAGMA integrity_check`; `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        if result == "ok" {
            Ok(())
        } else {
            Err(StoreError::Integrity(result))
        }
    }
}

/// Serializes a list for a JSON column.
fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serializes")
}

/// Reads a JSON column back.
fn from_json<T: serde::de::DeserializeOwned>(
    column: &'static str,
    text: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Json {
        column,
        message: e.to_string(),
    })
}

#[cfg(test)]
mod archive_tests;
#[cfg(test)]
mod story_tests;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod daemon_tests;

#[cfg(test)]
mod fulltext_tests;
