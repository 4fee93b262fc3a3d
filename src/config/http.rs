//! A feed's own HTTP options: extra request headers, a user agent, HTTP
//! basic auth and a proxy.
//!
//! ```toml
//! [[feeds]]
//! url = "https://members.example.com/feed.xml"
//! user_agent = "tidings (ops@example.com)"
//! proxy = "http://proxy.internal:3128"
//! headers = { "X-Api-Key" = "..." }
//! basic_auth = { username = "ann", password_env = "MEMBERS_PASSWORD" }
//! # or: basic_auth = { username = "ann", password_file = "secrets/members.pw" }
//! ```
//!
//! The basic-auth password is never written in the config: it is read, at
//! load (and on every SIGHUP reload), from an environment variable or a
//! file (relative to the config's folder; one trailing newline is removed).
//! A password that cannot be read does not stop commands that fetch
//! nothing (`articles`, `stats`, ...): `tidings check` reports it as a
//! config error, and a poll of that feed fails with it, recorded on the
//! feed, while every other feed is polled.
//! Passwords and header values are [`Secret`]s: their `Debug` prints
//! `***`, error messages never repeat them, requests mark them sensitive,
//! and `tidings check` shows where a password comes from, never what it is.
//! Headers and credentials go only to the feed's own origin (scheme, host,
//! port): not to a redirect elsewhere, nor to article pages on other sites.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use reqwest::header::HeaderValue;
use serde::Deserialize;
use url::Url;

/// A value that must not be shown: `Debug` prints `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Where a basic-auth password is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// An environment variable, by name.
    Env(String),
    /// A file (absolute, resolved against the config's folder).
    File(PathBuf),
}

impl std::fmt::Display for SecretSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SecretSource::Env(name) => write!(f, "environment variable {name}"),
            SecretSource::File(path) => write!(f, "file {}", path.display()),
        }
    }
}

/// HTTP basic auth for one feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasicAuth {
    /// The user name (not a secret).
    pub username: String,
    /// The password, as read from `source`; the error says why it could not be.
    pub password: Result<Secret, String>,
    /// Where the password came from.
    pub source: SecretSource,
}

/// A feed's own HTTP options; the default sends what `[fetch]` says.
/// `Debug` shows [`FeedHttp::describe`]: no secret, not even a proxy's password.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FeedHttp {
    /// `User-Agent` for this feed and its pages, instead of `fetch.user_agent`.
    pub user_agent: Option<String>,
    /// Proxy for this feed and its pages (`http://` or `https://`).
    pub proxy: Option<Url>,
    /// HTTP basic auth, sent to the feed's origin only.
    pub basic_auth: Option<BasicAuth>,
    /// Extra request headers, sent to the feed's origin only; values are secrets.
    pub headers: Vec<(String, Secret)>,
}

impl std::fmt::Debug for FeedHttp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.describe()).finish()
    }
}

impl FeedHttp {
    /// Why this feed cannot be fetched as configured (its password could
    /// not be read), if it cannot.
    pub fn problem(&self) -> Option<&str> {
        self.basic_auth
            .as_ref()
            .and_then(|a| a.password.as_ref().err())
            .map(String::as_str)
    }

    /// Whether any option is set.
    pub fn is_set(&self) -> bool {
        *self != FeedHttp::default()
    }

    /// The options for people: names and sources, never a secret value
    /// (a proxy's password is shown as `***`).
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(agent) = &self.user_agent {
            out.push(format!("user agent: {agent}"));
        }
        if let Some(proxy) = &self.proxy {
            let mut shown = proxy.clone();
            if shown.password().is_some() {
                let _ = shown.set_password(Some("***"));
            }
            out.push(format!("proxy: {shown}"));
        }
        if let Some(auth) = &self.basic_auth {
            out.push(format!(
                "basic auth: user {}, password from {}",
                auth.username, auth.source
            ));
        }
        if !self.headers.is_empty() {
            let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
            out.push(format!("headers: {} (values hidden)", names.join(", ")));
        }
        out
    }
}

/// `basic_auth = { ... }` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBasicAuth {
    pub username: String,
    #[serde(default)]
    pub password_env: Option<String>,
    #[serde(default)]
    pub password_file: Option<PathBuf>,
}

/// Validates a feed's HTTP options. `dir` is the config's folder. The
/// error is `(key, message)`; no message repeats a secret.
pub(super) fn validate(
    user_agent: Option<String>,
    proxy: Option<String>,
    basic_auth: Option<RawBasicAuth>,
    headers: BTreeMap<String, String>,
    dir: &Path,
) -> Result<FeedHttp, (&'static str, String)> {
    if let Some(agent) = &user_agent {
        if agent.trim().is_empty() || HeaderValue::from_str(agent).is_err() {
            return Err((
                "feeds.user_agent",
                format!("{agent:?} is not a valid User-Agent"),
            ));
        }
    }
    let proxy = proxy
        .map(|text| {
            let url = Url::parse(text.trim()).map_err(|e| {
                (
                    "feeds.proxy",
                    format!("not a URL such as \"http://proxy:3128\": {e}"),
                )
            })?;
            if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                return Err((
                    "feeds.proxy",
                    format!(
                        "{}: a proxy must be an http:// or https:// URL with a host",
                        url.scheme()
                    ),
                ));
            }
            Ok(url)
        })
        .transpose()?;
    // Names and values checked as any `headers` table is (valid HTTP, no
    // header tidings sets itself, values never echoed), then against what the
    // other per-feed options add.
    let checked = super::secrets::check_headers(headers).map_err(|m| ("feeds.headers", m))?;
    for (name, _) in &checked {
        let lower = name.to_ascii_lowercase();
        if lower == "user-agent" {
            return Err((
                "feeds.headers",
                format!("{name:?} has its own key: user_agent"),
            ));
        }
        if lower == "authorization" && basic_auth.is_some() {
            return Err((
                "feeds.headers",
                "Authorization and basic_auth are both set".into(),
            ));
        }
    }
    let checked = checked
        .into_iter()
        .map(|(name, value)| (name, Secret::new(value)))
        .collect();
    let basic_auth = basic_auth.map(|raw| read_password(raw, dir)).transpose()?;
    Ok(FeedHttp {
        user_agent,
        proxy,
        basic_auth,
        headers: checked,
    })
}

/// Reads the password of `raw` from its environment variable or file.
fn read_password(raw: RawBasicAuth, dir: &Path) -> Result<BasicAuth, (&'static str, String)> {
    const KEY: &str = "feeds.basic_auth";
    if raw.username.contains(':') {
        return Err((KEY, "the username may not contain ':'".into()));
    }
    let (password, source) = match (raw.password_env, raw.password_file) {
        (Some(name), None) => {
            let value = std::env::var(&name)
                .map_err(|e| format!("basic auth password: environment variable {name}: {e}"));
            (value, SecretSource::Env(name))
        }
        (None, Some(file)) => {
            let file = dir.join(file);
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("basic auth password: cannot read {}: {e}", file.display()))
                .map(|text| {
                    let text = text.strip_suffix('\n').unwrap_or(&text);
                    text.strip_suffix('\r').unwrap_or(text).to_string()
                });
            (text, SecretSource::File(file))
        }
        (Some(_), Some(_)) => {
            return Err((KEY, "set password_env or password_file, not both".into()));
        }
        (None, None) => {
            return Err((
                KEY,
                "needs password_env (an environment variable) or password_file \
                 (the password is never written in the config)"
                    .into(),
            ));
        }
    };
    let password = password.and_then(|p| {
        if p.is_empty() {
            Err(format!("basic auth password: {source} is empty"))
        } else {
            Ok(Secret::new(p))
        }
    });
    Ok(BasicAuth {
        username: raw.username,
        password,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug_or_describe() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pw"), "hunter2-file\n").unwrap();
        let http = validate(
            Some("probe/1".into()),
            Some("http://u:proxypw@proxy.example:3128".into()),
            Some(RawBasicAuth {
                username: "ann".into(),
                password_env: None,
                password_file: Some("pw".into()),
            }),
            BTreeMap::from([("X-Api-Key".to_string(), "key-value-42".to_string())]),
            dir.path(),
        )
        .unwrap();
        assert_eq!(
            http.basic_auth
                .as_ref()
                .unwrap()
                .password
                .as_ref()
                .unwrap()
                .expose(),
            "hunter2-file"
        );
        let shown = format!("{http:?} {}", http.describe().join(" "));
        for secret in ["hunter2-file", "key-value-42", "proxypw"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(
            shown.contains("X-Api-Key") && shown.contains("user ann"),
            "{shown}"
        );
    }

    #[test]
    fn a_password_must_come_from_somewhere_and_exist() {
        let dir = Path::new("/nonexistent");
        let auth = |env: Option<&str>, file: Option<&str>| RawBasicAuth {
            username: "ann".into(),
            password_env: env.map(String::from),
            password_file: file.map(PathBuf::from),
        };
        let none = read_password(auth(None, None), dir).unwrap_err();
        assert!(none.1.contains("password_env"), "{none:?}");
        let missing = read_password(auth(Some("TIDINGS_TEST_SURELY_UNSET_VAR"), None), dir)
            .unwrap()
            .password
            .unwrap_err();
        assert!(
            missing.contains("TIDINGS_TEST_SURELY_UNSET_VAR"),
            "{missing}"
        );
        let both = read_password(auth(Some("A"), Some("b")), dir).unwrap_err();
        assert!(both.1.contains("not both"), "{both:?}");
    }

    #[test]
    fn reserved_and_invalid_headers_are_refused_without_echoing_values() {
        let bad = |name: &str, value: &str| {
            validate(
                None,
                None,
                None,
                BTreeMap::from([(name.to_string(), value.to_string())]),
                Path::new("."),
            )
            .unwrap_err()
        };
        assert!(bad("Host", "x").1.contains("set by tidings"));
        assert!(bad("User-Agent", "x").1.contains("user_agent"));
        let (_, message) = bad("X-Token", "line\nbreak-secret");
        assert!(!message.contains("break-secret"), "{message}");
    }
}
