//! `tidings feeds export-opml` and `tidings feeds import-opml FILE`.

use std::io::Write;
use std::path::Path;

use super::{ignore_broken_pipe, CommandError};
use crate::config::{self, Config, FeedConfig};

/// Writes the configured feeds as OPML to `out_file`, or to `out`.
pub fn export_opml(
    config: &Config,
    out_file: Option<&Path>,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let xml = config::feeds_to_opml(&config.feeds, "tidings feeds")
        .map_err(|e| CommandError::Other(format!("cannot write OPML: {e}")))?;
    match out_file {
        Some(path) => std::fs::write(path, xml)
            .map_err(|e| CommandError::Other(format!("cannot write {}: {e}", path.display()))),
        None => out.write_all(xml.as_bytes()).or_else(ignore_broken_pipe),
    }
}

/// Appends the feeds of the OPML file `file` that are not configured yet to
/// the config file, keeping its comments and layout; says what it did.
pub fn import_opml(config: &Config, file: &Path, out: &mut impl Write) -> Result<(), CommandError> {
    let offered = config::read_opml_feeds(file).map_err(|e| CommandError::Config(e.to_string()))?;
    let mut known: Vec<url::Url> = config.feeds.iter().map(|f| f.url.clone()).collect();
    let mut added: Vec<FeedConfig> = Vec::new();
    for feed in &offered {
        if !known.contains(&feed.url) {
            known.push(feed.url.clone());
            added.push(feed.clone());
        }
    }
    let skipped = offered.len() - added.len();
    if !added.is_empty() {
        let note = format!(
            "Imported from {} by `tidings feeds import-opml`.",
            file.display()
        );
        write_config(config, &note, &added)?;
    }
    writeln!(
        out,
        "import-opml: {} feeds added to {}, {} already configured",
        added.len(),
        config.path.display(),
        skipped
    )
    .or_else(ignore_broken_pipe)
}

/// Rewrites the config file with `added` appended under the comment
/// `note`, after checking that the result still loads; the file is replaced
/// atomically, keeping its permissions (a missing file is created).
pub(super) fn write_config(
    config: &Config,
    note: &str,
    added: &[FeedConfig],
) -> Result<(), CommandError> {
    let path = std::fs::canonicalize(&config.path).unwrap_or_else(|_| config.path.clone());
    let fail = |e: std::io::Error| {
        CommandError::Other(format!("cannot write config {}: {e}", path.display()))
    };
    let text = match std::fs::read_to_string(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        read => read.map_err(fail)?,
    };
    let edited = config::append_feeds(&text, added, note)
        .map_err(|e| CommandError::Config(format!("{}: {e}", path.display())))?;
    Config::parse(&edited, &path).map_err(|e| {
        CommandError::Config(format!("the config would not load after the edit: {e}"))
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    temp.write_all(edited.as_bytes()).map_err(fail)?;
    if let Ok(metadata) = std::fs::metadata(&path) {
        std::fs::set_permissions(temp.path(), metadata.permissions()).map_err(fail)?;
    }
    temp.persist(&path).map_err(|e| fail(e.error))?;
    Ok(())
}
