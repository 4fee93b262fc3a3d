//! The `Content-Type` header, read with the `mediatype` crate: its essence
//! (`type/subtype`, for "is this answer a page") and its `charset`
//! parameter (for decoding, see [`super::charset`]).
//!
//! Servers write this header loosely, so two slips are forgiven before
//! parsing (a trailing `;`, spaces around a parameter's `=`) and a
//! single-quoted charset value is unquoted. A value that still does not
//! parse says nothing: no charset, no known type.

use mediatype::{names, MediaType, ReadParams};

/// A `Content-Type` value, as far as fetching cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ContentType {
    /// `type/subtype`, lower case, without a `+suffix` split off
    /// (`application/rss+xml`).
    pub essence: String,
    /// The `charset` parameter, unquoted; `None` when absent or empty.
    pub charset: Option<String>,
}

impl ContentType {
    /// Reads a header value; `None` when it is not a media type at all.
    pub fn parse(value: &str) -> Option<ContentType> {
        let tidy = tidy(value);
        let media = MediaType::parse(&tidy).ok()?;
        let essence = media.essence().to_string().to_ascii_lowercase();
        let charset = media
            .get_param(names::CHARSET)
            .map(|v| v.unquoted_str().trim_matches('\'').trim().to_string())
            .filter(|v| !v.is_empty());
        Some(ContentType { essence, charset })
    }
}

/// `value` without the slips servers make that the grammar refuses: spaces
/// around `=` and `;`, and a `;` with nothing after it.
fn tidy(value: &str) -> String {
    let mut parts = value.split(';').map(str::trim).filter(|p| !p.is_empty());
    let mut tidy = parts.next().unwrap_or_default().to_string();
    for param in parts {
        tidy.push_str("; ");
        match param.split_once('=') {
            Some((name, value)) => {
                tidy.push_str(name.trim());
                tidy.push('=');
                tidy.push_str(value.trim());
            }
            None => tidy.push_str(param),
        }
    }
    tidy
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charset(value: &str) -> Option<String> {
        ContentType::parse(value).and_then(|ct| ct.charset)
    }

    #[test]
    fn the_essence_is_lower_case_and_keeps_its_suffix() {
        let ct = ContentType::parse("Application/RSS+XML; Charset=UTF-8").unwrap();
        assert_eq!(ct.essence, "application/rss+xml");
        assert_eq!(ct.charset.as_deref(), Some("UTF-8"));
    }

    #[test]
    fn the_charset_is_read_quoted_unquoted_or_sloppy() {
        for value in [
            "text/xml; charset=iso-8859-1",
            "text/xml;charset=\"iso-8859-1\"",
            "text/xml; charset='iso-8859-1'",
            "text/xml; charset = iso-8859-1 ;",
            "text/xml; format=flowed; CHARSET=iso-8859-1",
        ] {
            assert_eq!(charset(value).as_deref(), Some("iso-8859-1"), "{value}");
        }
    }

    #[test]
    fn no_charset_or_no_media_type_says_nothing() {
        assert_eq!(charset("text/xml"), None);
        assert_eq!(charset("text/xml; charset="), None);
        assert_eq!(charset("text/xml; charset=\"\""), None);
        assert_eq!(ContentType::parse(""), None);
        assert_eq!(ContentType::parse("html"), None);
        assert_eq!(ContentType::parse("text/html charset=utf-8"), None);
    }
}
