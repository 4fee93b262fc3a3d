//! `tidings prune`: apply `[retention]` now, and optionally `VACUUM`.

use std::io::Write;

use bytesize::ByteSize;
use chrono::Utc;

use super::{ignore_broken_pipe, CommandError};
use crate::config::Config;
use crate::progress::Progress;
use crate::store::Store;

/// `tidings prune [--dry-run] [--vacuum]`.
pub fn prune(
    config: &Config,
    dry_run: bool,
    vacuum: bool,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let mut store = Store::open(&config.database)?;
    let mut lines = Vec::new();
    if config.retention.is_set() {
        // A dry run deletes nothing, so it has no progress to show.
        let mut progress = (!dry_run).then(|| Progress::new("pruning", 0));
        let report = store.prune(
            &config.retention,
            Utc::now(),
            dry_run,
            &mut |done, total| {
                if let Some(progress) = progress.as_mut() {
                    progress.set_total(total);
                    progress.set_done(done);
                }
            },
        )?;
        drop(progress);
        let verb = if dry_run { "would delete" } else { "deleted" };
        lines.push(format!("prune: {verb} {} articles", report.articles));
        for (feed, count) in &report.by_feed {
            lines.push(format!("  {count:>7}  {feed}"));
        }
        if report.freed_bytes > 0 {
            lines.push(format!(
                "prune: gave back {} to the file system",
                ByteSize(report.freed_bytes)
            ));
        }
    } else {
        lines.push(
            "prune: no [retention] limits in the config (max_age, max_per_feed); nothing to delete"
                .into(),
        );
    }
    if vacuum && !dry_run {
        let report = store.vacuum()?;
        lines.push(format!(
            "vacuum: {} -> {}",
            ByteSize(report.before_bytes),
            ByteSize(report.after_bytes)
        ));
    }
    for line in lines {
        writeln!(out, "{line}").or_else(ignore_broken_pipe)?;
    }
    Ok(())
}
