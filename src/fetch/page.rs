//! What is fetched (a feed, an article page, a text file) and what that
//! changes: the `Accept` header, which answers are pages, and how a page is
//! decoded. The request itself is a feed's (see [`super::Fetcher::fetch_page`]).

use reqwest::header::HeaderValue;
use url::Url;

use super::media::ContentType;
use super::{charset, FetchedFeed, Validators};

/// What is being fetched: it decides the `Accept` header, how the body is
/// decoded, and which answers are acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A feed: XML or JSON, charset from the XML prolog.
    Feed,
    /// An article page: HTML, charset from `<meta>`.
    Page,
    /// A plain text file (robots.txt).
    Text,
}

impl Kind {
    /// The `Accept` header, when it differs from the client's (feeds').
    pub(super) fn accept(self) -> Option<HeaderValue> {
        match self {
            Kind::Feed => None,
            Kind::Page => Some(HeaderValue::from_static(
                "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
            )),
            Kind::Text => Some(HeaderValue::from_static("text/plain, */*;q=0.5")),
        }
    }
}

/// Whether a `Content-Type` is one an article page can have (HTML, XHTML;
/// `text/plain` too, as misconfigured servers send HTML that way). An empty
/// header says nothing against it; one that is not a media type does.
pub(super) fn is_html(content_type: &str) -> bool {
    if content_type.trim().is_empty() {
        return true;
    }
    ContentType::parse(content_type).is_some_and(|ct| {
        matches!(
            ct.essence.as_str(),
            "text/html" | "application/xhtml+xml" | "text/plain"
        )
    })
}

/// Decodes an HTML page into a [`FetchedFeed`] (see [`charset::decode_html`]).
pub(super) fn decoded_html(
    body: Vec<u8>,
    final_url: Url,
    status: Option<u16>,
    content_type: Option<String>,
) -> FetchedFeed {
    let decoded = charset::decode_html(&body, content_type.as_deref());
    super::fetched(
        decoded,
        body.len() as u64,
        final_url,
        status,
        Validators::default(),
        content_type,
    )
}

#[cfg(test)]
mod tests {
    use super::is_html;

    #[test]
    fn pages_are_html_xhtml_plain_text_or_undeclared() {
        for page in [
            "text/html",
            "TEXT/HTML; charset=UTF-8",
            "application/xhtml+xml",
            "text/plain;",
            "",
        ] {
            assert!(is_html(page), "{page:?}");
        }
        for other in ["application/pdf", "image/png", "text/html charset=utf-8"] {
            assert!(!is_html(other), "{other:?}");
        }
    }
}
