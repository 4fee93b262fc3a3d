//! Article pages (full text): which answers are pages, and how they are
//! decoded. The request itself is a feed's (see [`super::Fetcher::fetch_page`]).

use url::Url;

use super::{charset, FetchedFeed, Validators};

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
    let bytes = body.len() as u64;
    let decoded = charset::decode_html(&body, content_type.as_deref());
    FetchedFeed {
        text: decoded.text,
        final_url,
        status,
        validators: Validators::default(),
        content_type,
        bytes,
        encoding: decoded.encoding,
        charset_source: decoded.source,
        warnings: decoded.warnings,
        redirects: Vec::new(),
        freshness: None,
    }
}
