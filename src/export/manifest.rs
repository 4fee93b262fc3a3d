//! The export manifest: `.tidings-export.json` in the export folder, saying
//! which file holds which article and the SHA-256 of what was written.
//!
//! It lives in the folder, not in the database, so it travels with the
//! folder (copy or move it and the next export is still incremental) and
//! export needs no write access to the database. It is a cache: when it is
//! missing or unreadable, export compares the files themselves and rewrites
//! nothing that is already right.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The manifest's file name, inside the export folder.
pub const MANIFEST: &str = ".tidings-export.json";

/// What was exported where.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Per article id.
    pub articles: BTreeMap<i64, Entry>,
}

/// One exported article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// File name inside the folder.
    pub file: String,
    /// The article's `first_seen`: with the id, tells a reused id apart.
    pub first_seen: DateTime<Utc>,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
}

impl Manifest {
    /// Reads the manifest of `dir`; empty when there is none or it cannot
    /// be read (logged: export then checks the files themselves).
    pub fn load(dir: &Path) -> Manifest {
        let path = dir.join(MANIFEST);
        let text = match std::fs::read(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Manifest::default(),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "cannot read the export manifest; checking files instead");
                return Manifest::default();
            }
        };
        serde_json::from_slice(&text).unwrap_or_else(|e| {
            tracing::warn!(path = %path.display(), error = %e, "corrupt export manifest; checking files instead");
            Manifest::default()
        })
    }

    /// Writes the manifest into `dir`, atomically (a crash leaves the old one).
    pub fn save(&self, dir: &Path) -> std::io::Result<PathBuf> {
        let path = dir.join(MANIFEST);
        let file = super::temp_file_in(dir)?;
        let mut buffered = std::io::BufWriter::new(file);
        serde_json::to_writer_pretty(&mut buffered, self)?;
        buffered.write_all(b"\n")?;
        let file = buffered.into_inner().map_err(|e| e.into_error())?;
        file.persist(&path).map_err(|e| e.error)?;
        Ok(path)
    }
}
