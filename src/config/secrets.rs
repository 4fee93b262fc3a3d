//! Secrets in the config: passwords of feed URLs (`https://user:password@host/feed`, sent
//! as HTTP basic auth) and per-feed HTTP headers (`headers = { Authorization = "..." }`),
//! kept out of every log line and every command's output, and a warning when the file
//! holding them can be read by other users.
//!
//! The database keeps feed URLs as configured (they identify the feeds); what tidings
//! prints or logs goes through [`redact_url`] or [`redact_text`] first.

use std::path::Path;

use url::Url;

/// What a password is shown as.
pub const MASK: &str = "***";

/// `url` with its password (if any) replaced by [`MASK`]; the user name stays, so the
/// operator still sees which account is used.
pub fn redact_url(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some(MASK));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

/// `text` (an error message, a log line) with the password of `url`, in the forms it can
/// appear in (as written in the URL, and percent-decoded), replaced by [`MASK`].
pub fn redact_text(text: &str, url: &str) -> String {
    let Some(password) = Url::parse(url)
        .ok()
        .and_then(|u| u.password().map(str::to_string))
    else {
        return text.to_string();
    };
    let decoded = percent_decoded(&password);
    let mut out = text.replace(&password, MASK);
    if !decoded.is_empty() && decoded != password {
        out = out.replace(&decoded, MASK);
    }
    out
}

fn percent_decoded(text: &str) -> String {
    // The url crate's own decoder, through a throw-away query pair.
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Validates a feed's `headers` table: names and values an HTTP request can carry.
/// `Host` and the conditional-GET headers tidings sets itself are refused.
pub(super) fn check_headers(
    headers: std::collections::BTreeMap<String, String>,
) -> Result<Vec<(String, String)>, String> {
    const RESERVED: [&str; 4] = [
        "host",
        "if-none-match",
        "if-modified-since",
        "content-length",
    ];
    headers
        .into_iter()
        .map(|(name, value)| {
            reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("{name:?} is not a valid HTTP header name"))?;
            if RESERVED.contains(&name.to_ascii_lowercase().as_str()) {
                return Err(format!("{name:?} is set by tidings itself"));
            }
            // The value is a secret: the message never repeats it.
            reqwest::header::HeaderValue::from_str(&value)
                .map_err(|_| format!("the value of {name:?} is not a valid HTTP header value"))?;
            Ok((name, value))
        })
        .collect()
}

/// A warning when the config at `path` holds secrets and other users may read it.
pub fn permissions_warning(path: &Path, has_secrets: bool) -> Option<String> {
    if !has_secrets {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        if mode & 0o004 != 0 {
            return Some(format!(
                "config {} holds secrets (passwords or HTTP headers) and is readable by \
                 every user (mode {:o}); run `chmod o-r {}` (or 600)",
                path.display(),
                mode & 0o777,
                path.display()
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked_and_user_names_kept() {
        assert_eq!(
            redact_url("https://ann:s3cr%23t@feeds.example.com/x.xml"),
            "https://ann:***@feeds.example.com/x.xml"
        );
        assert_eq!(
            redact_url("https://feeds.example.com/x.xml"),
            "https://feeds.example.com/x.xml"
        );
        assert_eq!(redact_url("not a url"), "not a url");
    }

    #[test]
    fn messages_lose_the_password_in_both_spellings() {
        let url = "https://ann:s3cr%23t@feeds.example.com/x.xml";
        let text = "error for url (https://ann:s3cr%23t@feeds.example.com/x.xml): \
                    password s3cr#t rejected";
        let clean = redact_text(text, url);
        assert!(!clean.contains("s3cr"), "{clean}");
        assert!(clean.contains("ann:***@"), "{clean}");
    }

    #[cfg(unix)]
    #[test]
    fn world_readable_configs_with_secrets_are_flagged() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tidings.toml");
        std::fs::write(&path, "").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(permissions_warning(&path, true).is_some());
        assert!(permissions_warning(&path, false).is_none());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(permissions_warning(&path, true).is_none());
    }
}
