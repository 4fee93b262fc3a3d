//! Why a fetch failed, and whether trying again later may help.

use std::path::PathBuf;
use std::time::Duration;

/// A failed fetch. The message is what ends up in the feed's `last_error`.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The server answered with an error status.
    #[error("HTTP status {status}")]
    Status {
        /// The status code.
        status: u16,
        /// The server's `Retry-After`, if it sent one.
        retry_after: Option<Duration>,
    },
    /// The body passed `fetch.max_feed_size`.
    #[error("feed is larger than the size cap of {limit} bytes (fetch.max_feed_size)")]
    TooLarge {
        /// The cap, in bytes.
        limit: u64,
    },
    /// The connect or total timeout passed.
    #[error("timed out: {0}")]
    Timeout(String),
    /// DNS, connect, TLS or a connection dropped mid-body.
    #[error("connection failed: {0}")]
    Connect(String),
    /// Too many redirects, or a redirect to somewhere unusable.
    #[error("redirect failed: {0}")]
    Redirect(String),
    /// Any other HTTP-level failure (a malformed response, a bad body encoding).
    #[error("HTTP error: {0}")]
    Http(String),
    /// A local feed file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The URL's scheme is not http, https or file.
    #[error("unsupported URL scheme {0:?}")]
    UnsupportedScheme(String),
    /// The feed's credentials could not be read (its password's variable
    /// or file); nothing was sent.
    #[error("{0}")]
    Credentials(String),
    /// An article page answered with something that is not HTML.
    #[error("not an HTML page (Content-Type {0})")]
    NotHtml(String),
    /// The network policy refused the URL, an address it resolved to, or a
    /// redirect hop (see [`super::guard`]).
    #[error("refused by the network policy: {0}")]
    Blocked(#[from] super::guard::Blocked),
    /// The HTTP client could not be built (bad user agent, TLS setup).
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
}

impl FetchError {
    /// Classifies a reqwest error, keeping its whole source chain in the message.
    pub(crate) fn from_reqwest(err: reqwest::Error) -> FetchError {
        let message = error_chain(&err);
        if let Some(blocked) = super::guard::find_blocked(&err) {
            FetchError::Blocked(blocked)
        } else if err.is_timeout() {
            FetchError::Timeout(message)
        } else if err.is_redirect() {
            FetchError::Redirect(message)
        } else if err.is_connect() || err.is_body() || err.is_request() || dropped(&err) {
            FetchError::Connect(message)
        } else {
            FetchError::Http(message)
        }
    }

    /// The HTTP status, when the server answered with one.
    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The server's `Retry-After`, when it answered with an error status
    /// and one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// How long the whole host asks to be left alone: a 429 (Too Many
    /// Requests) or 503 (Service Unavailable) with a `Retry-After` speaks
    /// for the server, not for one feed.
    pub fn host_pause(&self) -> Option<Duration> {
        match self {
            FetchError::Status {
                status: 429 | 503,
                retry_after,
            } => *retry_after,
            _ => None,
        }
    }

    /// Whether a later retry may succeed soon. Lasting failures (404, a
    /// local file missing, a bad scheme) are still retried by the
    /// scheduler, but its backoff grows faster for them (see
    /// [`crate::schedule`], rule 3).
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => {
                matches!(status, 408 | 425 | 429 | 500..=599)
            }
            FetchError::Timeout(_) | FetchError::Connect(_) | FetchError::Http(_) => true,
            FetchError::TooLarge { .. }
            | FetchError::Redirect(_)
            | FetchError::Io { .. }
            | FetchError::UnsupportedScheme(_)
            | FetchError::NotHtml(_)
            | FetchError::Credentials(_)
            | FetchError::Blocked(_)
            | FetchError::Client(_) => false,
        }
    }
}

/// Whether an I/O error (a reset, an early close) is behind `err`: reqwest
/// reports a connection dropped mid-body as a body *decoding* error.
fn dropped(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = err.source();
    while let Some(cause) = source {
        if cause.downcast_ref::<std::io::Error>().is_some() {
            return true;
        }
        source = cause.source();
    }
    false
}

/// `err: cause: cause ...`, since reqwest's own Display hides the cause.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}
