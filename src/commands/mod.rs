//! What each subcommand does, given a loaded config. The binary maps the
//! [`CommandError`]s returned here to exit codes.

mod articles;
mod check;
mod discover;
mod export;
mod feeds;
mod filter;
mod once;
mod opml;
mod parse;
mod prune;
mod run;
mod search;
mod shell;
mod stats;
mod stories;

pub use articles::articles;
pub use check::check;
pub use discover::{add, discover};
pub use export::export;
pub use feeds::feeds;
pub use once::once;
pub use opml::{export_opml, import_opml};
pub use parse::{parse, ParseReport, ParsedArticle, ServerHeaders};
pub use prune::prune;
pub use run::run;
pub use search::search;
pub use shell::{completions, man};
pub use stats::stats;
pub use stories::stories;

use std::path::Path;

use url::Url;

use crate::config::Config;
use crate::lock::LockError;
use crate::pipeline::PipelineError;
use crate::store::StoreError;

/// Why a command failed; each kind has its own exit code.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// Bad config or arguments that depend on it.
    #[error("{0}")]
    Config(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Another run holds the lock.
    #[error(transparent)]
    Locked(LockError),
    /// Anything else (I/O on stdout, the HTTP client).
    #[error("{0}")]
    Other(String),
}

impl From<PipelineError> for CommandError {
    fn from(err: PipelineError) -> Self {
        match err {
            PipelineError::Store(e) => CommandError::Store(e),
            PipelineError::UnknownFeed(_) => CommandError::Config(err.to_string()),
            PipelineError::Fetch(e) => CommandError::Other(e.to_string()),
            PipelineError::WebSub(e) => CommandError::Other(e),
        }
    }
}

impl From<LockError> for CommandError {
    fn from(err: LockError) -> Self {
        match err {
            LockError::Busy { .. } => CommandError::Locked(err),
            LockError::Io { .. } => CommandError::Other(err.to_string()),
        }
    }
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, CommandError> {
    tune_allocator();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CommandError::Other(format!("cannot start the async runtime: {e}")))
}

/// Bodies larger than this are allocated with their own `mmap` and given
/// back to the system when freed (glibc's default starts at 128 KiB but
/// rises after each large free, up to 32 MiB, so feed bodies of a few
/// hundred KB end up in the heap arenas, which keep the memory).
const MMAP_THRESHOLD: i32 = 128 * 1024;

/// Pins glibc's mmap threshold at [`MMAP_THRESHOLD`]: the memory of freed
/// feed bodies goes back to the system, which lowers the peak memory of a
/// cold poll at the same speed.
/// Limiting the number of heap arenas saves more memory but costs speed,
/// so it is not done. Other C libraries and systems: nothing to tune.
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a parameter of the allocator; it is called
    // before the runtime's threads exist.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

/// Resolves a `--feed` argument to a configured feed's URL. Paths may be
/// given relative to the config file's folder (as in the config) or to the
/// working directory.
pub(crate) fn feed_arg(config: &Config, text: &str) -> Result<Url, CommandError> {
    let config_dir = config.path.parent().unwrap_or(Path::new("."));
    [config_dir, Path::new(".")]
        .iter()
        .filter_map(|dir| crate::config::feed_url(text, dir).ok())
        .find(|url| config.feeds.iter().any(|f| &f.url == url))
        .ok_or_else(|| {
            CommandError::Config(format!(
                "no feed {text} in the config (see `tidings check`)"
            ))
        })
}

/// The note `check`, `once` and `run` give a config with no feeds yet.
pub const NO_FEEDS: &str = "no feeds are configured yet; add one with `tidings add URL`";

/// `tidings articles | head` is not an error.
pub(crate) fn ignore_broken_pipe(err: std::io::Error) -> Result<(), CommandError> {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(CommandError::Other(format!("cannot write output: {err}")))
    }
}
