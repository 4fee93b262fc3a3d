//! What is fetched (a feed, an article page, a text file) and what that
//! changes: the `Accept` header, which answers are pages, and how a page is
//! decoded. The request itself is a feed's (see [`super::Fetcher::fetch_page`]).

use reqwest::header::HeaderValue;
use url::Url;

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
/// `text/plain` too, as misconfigured servers send HTML that way).
pub(super) fn is_html(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "text/html" | "application/xhtml+xml" | "text/plain" | ""
    )
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
