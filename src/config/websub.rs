//! The `[websub]` table: where the WebSub callback is served and reached,
//! the lease asked of hubs, and how often a pushed feed is still polled.
//!
//! The subscriber is off while neither `callback_base` nor `listen` is set
//! (so the reference config can show the table with its keys commented
//! out); setting one requires the other: a subscription needs an address
//! the hub can reach and a socket behind it.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;
use url::Url;

use super::ConfigError;

/// Lease asked of hubs when `[websub] lease` is not set: ten days, the
/// lease most hubs grant by default (WordPress's, Google's, Superfeedr's).
pub const DEFAULT_LEASE: Duration = Duration::from_secs(10 * 24 * 3600);

/// How often a feed with a live subscription is still polled when
/// `[websub] poll_interval` is not set: a silent or lossy hub delays a
/// story by at most this much.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(6 * 3600);

/// A validated `[websub]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSubConfig {
    /// Public address under which hubs reach the callback; each
    /// subscription's callback is this plus a random path segment.
    pub callback_base: Url,
    /// Where the callback listener binds.
    pub listen: SocketAddr,
    /// Lease asked of the hub (it may grant another).
    pub lease: Duration,
    /// Poll interval of a feed while its subscription is live.
    pub poll_interval: Duration,
}

/// `[websub]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWebSub {
    pub callback_base: Option<Spanned<String>>,
    pub listen: Option<Spanned<String>>,
    #[serde(default, with = "humantime_serde")]
    pub lease: Option<Duration>,
    #[serde(default, with = "humantime_serde")]
    pub poll_interval: Option<Duration>,
}

impl RawWebSub {
    /// Checks the table (`None`: off); errors name the key and, where
    /// known, the line.
    pub(super) fn validate(
        self,
        text: &str,
        path: &Path,
    ) -> Result<Option<WebSubConfig>, ConfigError> {
        if self.callback_base.is_none() && self.listen.is_none() {
            return Ok(None);
        }
        let invalid = |key: &str, line: Option<usize>, message: String| ConfigError::Invalid {
            key: key.into(),
            location: line,
            path: path.to_path_buf(),
            message,
        };
        let line = |span: &Spanned<String>| Some(super::line_of(text, span.span().start));
        let base = self.callback_base.ok_or_else(|| {
            invalid(
                "websub.callback_base",
                None,
                "is required in [websub]: the public https:// address hubs call back, \
                 e.g. \"https://tidings.example.net/websub\""
                    .into(),
            )
        })?;
        let callback_base = Url::parse(base.get_ref().trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .ok_or_else(|| {
                invalid(
                    "websub.callback_base",
                    line(&base),
                    format!("{:?} is not an http(s) URL", base.get_ref()),
                )
            })?;
        let listen = self.listen.ok_or_else(|| {
            invalid(
                "websub.listen",
                None,
                "is required in [websub]: the address the callback listener binds, \
                 e.g. \"127.0.0.1:8480\""
                    .into(),
            )
        })?;
        let listen = listen.get_ref().trim().parse().map_err(|e| {
            invalid(
                "websub.listen",
                line(&listen),
                format!(
                    "{:?} is not an address and port such as \"127.0.0.1:8480\": {e}",
                    listen.get_ref()
                ),
            )
        })?;
        let lease = self.lease.unwrap_or(DEFAULT_LEASE);
        if lease < Duration::from_secs(60) {
            return Err(invalid(
                "websub.lease",
                None,
                "must be at least 1 minute".into(),
            ));
        }
        let poll_interval = self.poll_interval.unwrap_or(DEFAULT_POLL_INTERVAL);
        if poll_interval.is_zero() {
            return Err(invalid(
                "websub.poll_interval",
                None,
                "must be longer than 0s".into(),
            ));
        }
        Ok(Some(WebSubConfig {
            callback_base,
            listen,
            lease,
            poll_interval,
        }))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::Config;

    #[test]
    fn absent_table_is_off_and_defaults_apply() {
        let config = Config::parse("", Path::new("/tmp/t.toml")).unwrap();
        assert!(config.websub.is_none());
        let config = Config::parse(
            "[websub]\n# callback_base = \"x\"\n",
            Path::new("/tmp/t.toml"),
        )
        .unwrap();
        assert!(config.websub.is_none(), "keys commented out: off");
        let config = Config::parse(
            "[websub]\ncallback_base = \"https://t.example/websub\"\nlisten = \"127.0.0.1:8480\"\n",
            Path::new("/tmp/t.toml"),
        )
        .unwrap();
        let websub = config.websub.unwrap();
        assert_eq!(websub.lease, super::DEFAULT_LEASE);
        assert_eq!(websub.poll_interval, super::DEFAULT_POLL_INTERVAL);
        assert_eq!(websub.listen.port(), 8480);
    }

    #[test]
    fn errors_name_the_key_and_line() {
        let err = Config::parse(
            "[websub]\ncallback_base = \"ftp://x\"\nlisten = \"127.0.0.1:1\"\n",
            Path::new("/tmp/t.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("websub.callback_base") && err.contains("line 2"),
            "{err}"
        );
        let err = Config::parse(
            "[websub]\ncallback_base = \"https://x.example/\"\npoll_interval = \"1h\"\n",
            Path::new("/tmp/t.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("websub.listen") && err.contains("required"),
            "{err}"
        );
        let err = Config::parse("[websub]\ncalback = 1\n", Path::new("/tmp/t.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("calback"), "{err}");
    }
}
