//! `tidings export`: a folder of text files (incremental) or JSON lines.

use std::io::Write;
use std::path::Path;

use super::filter::article_query;
use super::{ignore_broken_pipe, CommandError};
use crate::cli::{ArchiveFilter, ArticleFormat};
use crate::config::Config;
use crate::export::{self, ExportError, JsonlError};
use crate::progress::Progress;
use crate::store::Store;

/// `tidings export`.
pub fn export(
    config: &Config,
    format: ArticleFormat,
    out_path: Option<&Path>,
    filter: &ArchiveFilter,
    limit: Option<u64>,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let query = article_query(config, filter, limit)?;
    let store = Store::open(&config.database)?;
    let mut progress = Progress::new("exporting", store.count_articles(&query)?);
    let mut step = || progress.advance(1);
    match (format, out_path) {
        (ArticleFormat::Text, None) => Err(CommandError::Config(
            "export --format text needs --out DIR".into(),
        )),
        (ArticleFormat::Text, Some(dir)) => {
            let summary =
                export::export_text(&store, &query, dir, &mut step).map_err(|e| match e {
                    ExportError::Store(e) => CommandError::Store(e),
                    other => CommandError::Other(other.to_string()),
                })?;
            drop(progress);
            writeln!(out, "{summary} in {}", dir.display()).or_else(ignore_broken_pipe)
        }
        (ArticleFormat::Jsonl, Some(file)) => {
            let folder = file
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let fail = |e: std::io::Error| {
                CommandError::Other(format!("cannot write {}: {e}", file.display()))
            };
            // Written beside the target and renamed: readers never see half a file.
            let mut temp = export::temp_file_in(folder).map_err(fail)?;
            let count = {
                let mut buffered = std::io::BufWriter::new(&mut temp);
                export::export_jsonl(&store, &query, &mut buffered, &mut step)
                    .map_err(jsonl_error)?
            };
            temp.persist(file).map_err(|e| fail(e.error))?;
            drop(progress);
            writeln!(
                out,
                "export: {count} articles written to {}",
                file.display()
            )
            .or_else(ignore_broken_pipe)
        }
        (ArticleFormat::Jsonl, None) => {
            match export::export_jsonl(&store, &query, out, &mut step) {
                Err(JsonlError::Io(e)) => ignore_broken_pipe(e),
                other => other.map(|_| ()).map_err(jsonl_error),
            }
        }
    }
}

fn jsonl_error(err: JsonlError) -> CommandError {
    match err {
        JsonlError::Store(e) => CommandError::Store(e),
        JsonlError::Io(e) => CommandError::Other(format!("cannot write output: {e}")),
    }
}
