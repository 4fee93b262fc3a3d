//! What can be wrong with a config, each case naming the file and, where it
//! can, the key and the line.

use std::path::PathBuf;

/// A config that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config {}: {source}", path.display())]
    Read {
        /// The config file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Not valid TOML, an unknown key, or a value of the wrong type. The
    /// message comes from the TOML parser and names the line and the key.
    #[error("invalid config {}: {message}", path.display())]
    Toml {
        /// The config file.
        path: PathBuf,
        /// The parser's message, with line, column and key.
        message: String,
    },
    /// A value of the right type that makes no sense.
    #[error("invalid config {}: key `{key}`{}: {message}", path.display(), location.map(|l| format!(" at line {l}")).unwrap_or_default())]
    Invalid {
        /// The config file.
        path: PathBuf,
        /// Dotted key (`fetch.timeout`, `feeds.url`).
        key: String,
        /// 1-based line, when known.
        location: Option<usize>,
        /// What is wrong with it.
        message: String,
    },
    /// The same feed URL declared twice.
    #[error("invalid config {}: duplicate feed {url} (first at {first}, again at {again})", path.display())]
    DuplicateFeed {
        /// The config file.
        path: PathBuf,
        /// The feed URL.
        url: String,
        /// Where it was first declared.
        first: String,
        /// Where it was declared again.
        again: String,
    },
    /// An OPML file named by `opml = [...]` that cannot be used.
    #[error("cannot use OPML file {}: {message}", path.display())]
    Opml {
        /// The OPML file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}
