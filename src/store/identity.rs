//! Refusing databases that are not tidings': a corrupt file, another
//! program's SQLite database, or one from a newer tidings.
//!
//! tidings never overwrites or "repairs" a file it did not create. Before
//! any migration runs, `check` looks at the file:
//! - not SQLite at all (garbage, a truncated header): SQLite itself says
//!   "file is not a database" on the first read, reported as [`StoreError::Open`];
//! - SQLite, but `PRAGMA application_id` names another application, or the
//!   file has tables but no tidings schema version (`user_version` 0, the
//!   mark of a database some other program made): [`StoreError::Foreign`];
//! - a tidings database (its `application_id` is [`APPLICATION_ID`], or it
//!   predates that stamp and has the `feeds` and `articles` tables).
//!
//! `stamp` writes the application id once the schema is tidings', so the
//! next open recognises the file by its header alone.

use std::path::Path;

use rusqlite::Connection;

use super::StoreError;

/// `PRAGMA application_id` of a tidings database: "tidi" in ASCII.
pub const APPLICATION_ID: i32 = 0x7469_6469;

/// Refuses a database another program made; `Ok` for a tidings or an empty one.
pub(super) fn check(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let read = |sql: &str| -> Result<i64, StoreError> {
        conn.query_row(sql, [], |row| row.get(0))
            .map_err(|e| StoreError::Open {
                path: path.to_path_buf(),
                message: format!("{e} (the file is left untouched)"),
            })
    };
    let application_id = read("PRAGMA application_id")?;
    let user_version = read("PRAGMA user_version")?;
    let objects = read("SELECT count(*) FROM sqlite_master")?;
    let tidings_tables = read(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('feeds', 'articles')",
    )?;
    let foreign = |reason: String| StoreError::Foreign {
        path: path.to_path_buf(),
        reason,
    };
    if application_id != 0 && application_id != i64::from(APPLICATION_ID) {
        return Err(foreign(format!(
            "its application id is {application_id:#010x}, not tidings' {APPLICATION_ID:#010x}"
        )));
    }
    if application_id == 0 && objects > 0 && (user_version == 0 || tidings_tables < 2) {
        return Err(foreign(format!(
            "it holds {objects} tables, indexes or views but not tidings' schema"
        )));
    }
    Ok(())
}

/// Marks the file as a tidings database (a no-op when it already is).
pub(super) fn stamp(conn: &Connection) -> Result<(), StoreError> {
    let current: i32 = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    if current != APPLICATION_ID {
        conn.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}"))?;
    }
    Ok(())
}
