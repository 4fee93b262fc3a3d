//! The tracing subscriber: human or JSON lines on stderr.
//!
//! The filter comes from `RUST_LOG` when it is set, else from `log.level`
//! in the config. Logs go to stderr so stdout stays for command output
//! (summaries, articles, JSON). Lines go through
//! [`crate::progress::LogWriter`], so they never tear a progress bar.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Installs the global subscriber. Safe to call once per process; a second
/// call is ignored.
pub fn init(level: &str, format: LogFormat) {
    let filter = match std::env::var("RUST_LOG") {
        Ok(value) if !value.trim().is_empty() => EnvFilter::new(value),
        _ => EnvFilter::try_new(level).unwrap_or_else(|_| EnvFilter::new("info")),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(crate::progress::LogWriter)
        .with_ansi(std::io::stderr().is_terminal());
    let result = match format {
        LogFormat::Human => builder.with_target(false).try_init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
    // Already installed (tests, a reload): keep the first one.
    let _ = result;
}
