//! Export: articles into a folder of text files, one per article, or into
//! JSON lines; the way a corpus for downstream analysis is built.
//!
//! [`export_text`] writes each article in the corpus layout of
//! [`crate::output::article_text`] (the sample's bytes exactly, no trailing
//! newline) under a stable name (see [`names`]). It is incremental: the
//! manifest (see `manifest`) remembers what each file holds, so a second
//! export writes only new or changed articles, moves an article whose name
//! changed (edited headline or date), and never touches the rest. Each file
//! is written to a temporary file and renamed into place, so an interrupted
//! export leaves no half-written article. Files of articles that are gone
//! from the database (pruned) stay: the export outlives retention.
//!
//! [`export_jsonl`] writes every selected record as one JSON object per line.

mod manifest;
pub mod names;

pub use manifest::MANIFEST;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::output;
use crate::store::{ArticleQuery, Store, StoreError, StoredArticle};
use manifest::{Entry, Manifest};

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file or folder could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// What an export did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ExportSummary {
    /// Articles written for the first time.
    pub new: u64,
    /// Articles rewritten because their text or name changed.
    pub changed: u64,
    /// Articles whose file was already right.
    pub unchanged: u64,
}

impl std::fmt::Display for ExportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "export: {} new, {} changed, {} unchanged; {} files written",
            self.new,
            self.changed,
            self.unchanged,
            self.new + self.changed
        )
    }
}

/// Writes the articles `query` selects into `dir` (created if needed), one
/// text file each, incrementally. `step` is called after each article.
pub fn export_text(
    store: &Store,
    query: &ArticleQuery,
    dir: &Path,
    step: &mut dyn FnMut(),
) -> Result<ExportSummary, ExportError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ExportError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let mut manifest = Manifest::load(dir);
    let mut owners: HashMap<String, i64> = manifest
        .articles
        .iter()
        .map(|(id, entry)| (entry.file.clone(), *id))
        .collect();
    let mut day = DayTitles::default();
    let mut summary = ExportSummary::default();

    store.each_article(query, |article| {
        let name = day.name_for(store, &article, &owners)?;
        let text = output::article_text(&article);
        let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
        let path = dir.join(&name);
        let known = manifest
            .articles
            .get(&article.id)
            .filter(|e| e.first_seen == article.first_seen)
            .cloned();
        let fresh = Entry {
            file: name.clone(),
            first_seen: article.first_seen,
            sha256,
        };
        match known {
            Some(entry) if entry == fresh && path.is_file() => summary.unchanged += 1,
            Some(entry) => {
                if entry.file != name {
                    owners.remove(&entry.file);
                    match std::fs::remove_file(dir.join(&entry.file)) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                            return Err(io_err(&dir.join(&entry.file))(e));
                        }
                        _ => {}
                    }
                }
                write_file(dir, &path, &text)?;
                summary.changed += 1;
            }
            None if std::fs::read(&path).is_ok_and(|bytes| bytes == text.as_bytes()) => {
                summary.unchanged += 1;
            }
            None => {
                write_file(dir, &path, &text)?;
                summary.new += 1;
            }
        }
        owners.insert(name, article.id);
        manifest.articles.insert(article.id, fresh);
        step();
        Ok::<(), ExportError>(())
    })?;
    manifest.save(dir).map_err(io_err(&dir.join(MANIFEST)))?;
    Ok(summary)
}

/// Writes the articles `query` selects to `out` as JSON lines; `step` is
/// called after each. Returns how many were written.
pub fn export_jsonl(
    store: &Store,
    query: &ArticleQuery,
    out: &mut dyn Write,
    step: &mut dyn FnMut(),
) -> Result<u64, JsonlError> {
    let mut count = 0;
    store.each_article(query, |article| {
        // The record exactly as `articles --format jsonl` prints it.
        serde_json::to_writer(&mut *out, &article).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        count += 1;
        step();
        Ok::<(), JsonlError>(())
    })?;
    out.flush()?;
    Ok(count)
}

/// Why a JSON lines export stopped.
#[derive(Debug, thiserror::Error)]
pub enum JsonlError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The output could not be written.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// A temporary file in `dir` (hidden, `.tidings-*`) to be renamed over its
/// target, created with the permissions a plain new file would get (`0666`
/// less the umask) instead of tempfile's private `0600`.
pub fn temp_file_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tidings-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Writes `text` to `path` through a temporary file in `dir`.
fn write_file(dir: &Path, path: &Path, text: &str) -> Result<(), ExportError> {
    let fail = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = temp_file_in(dir).map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// The slugs of the articles of one day, to decide who needs an id in its
/// name. Export reads articles newest first, so days arrive one after the
/// other and only the current one is kept.
#[derive(Default)]
struct DayTitles {
    day: Option<NaiveDate>,
    /// (id, slug), lowest id first.
    slugs: Vec<(i64, String)>,
}

impl DayTitles {
    fn name_for(
        &mut self,
        store: &Store,
        article: &StoredArticle,
        owners: &HashMap<String, i64>,
    ) -> Result<String, StoreError> {
        let day = article.date.date_naive();
        if self.day != Some(day) {
            self.slugs = store
                .titles_filed_on(day)?
                .into_iter()
                .map(|(id, title)| (id, names::slug(&title)))
                .collect();
            self.day = Some(day);
        }
        let slug = names::slug(&article.article.title);
        let first_with_slug = self
            .slugs
            .iter()
            .find(|(_, s)| *s == slug)
            .map_or(article.id, |(id, _)| *id);
        let plain = names::file_name(day, &slug, None);
        // A plain name still held by another article's file (one that was
        // pruned, or renamed since) is not taken over.
        let taken = owners.get(&plain).is_some_and(|id| *id != article.id);
        Ok(if first_with_slug == article.id && !taken {
            plain
        } else {
            names::file_name(day, &slug, Some(article.id))
        })
    }
}
