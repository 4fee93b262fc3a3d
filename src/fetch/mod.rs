//! Fetching feed bodies: one shared HTTP client, conditional GET, size caps,
//! charsets, and local files.
//!
//! [`Fetcher::fetch`] turns a feed URL and its stored validators into a
//! [`FetchOutcome`] (new text, or "not modified") or a [`FetchError`] that
//! says whether trying again later may help. It never parses: the text it
//! returns is UTF-8 with its XML prolog saying so (see [`charset`]).

pub mod charset;
mod error;
mod file;
pub mod utf32;

use std::time::Duration;

use futures_util::StreamExt;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::StatusCode;
use url::Url;

use crate::config::FetchConfig;
pub use crate::model::Validators;
pub use charset::{CharsetSource, Decoded};
pub use error::FetchError;

/// How many redirects are followed before a feed fails.
pub const MAX_REDIRECTS: usize = 10;

/// A fetched feed body, decoded to UTF-8.
#[derive(Debug, Clone)]
pub struct FetchedFeed {
    /// The decoded text.
    pub text: String,
    /// Where the body really came from, after redirects.
    pub final_url: Url,
    /// HTTP status (`None` for local files).
    pub status: Option<u16>,
    /// Validators to store for the next conditional GET.
    pub validators: Validators,
    /// The `Content-Type` the server sent.
    pub content_type: Option<String>,
    /// Bytes received (after decompression).
    pub bytes: u64,
    /// Character set used and where it came from.
    pub encoding: &'static str,
    /// Where `encoding` came from.
    pub charset_source: CharsetSource,
    /// Repairs made while decoding.
    pub warnings: Vec<String>,
}

/// The result of a successful fetch.
#[derive(Debug, Clone)]
pub enum FetchOutcome {
    /// The server answered 304 (or the file is unchanged): nothing to do.
    NotModified {
        /// Where the answer came from, after redirects.
        final_url: Url,
        /// HTTP status (`None` for local files).
        status: Option<u16>,
    },
    /// A new body.
    Fetched(FetchedFeed),
}

/// The shared fetcher: one HTTP client (connection pool, TLS config) for
/// every feed, built once from the `[fetch]` config.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    max_bytes: u64,
}

impl Fetcher {
    /// Builds the shared client: rustls, gzip/brotli/deflate, the configured
    /// timeouts and user agent, at most [`MAX_REDIRECTS`] redirects.
    pub fn new(config: &FetchConfig) -> Result<Fetcher, FetchError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_static(
                "application/rss+xml, application/atom+xml, application/feed+json, \
                 application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, \
                 application/json;q=0.8, */*;q=0.5",
            ),
        );
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        Ok(Fetcher {
            client,
            max_bytes: config.max_feed_size,
        })
    }

    /// Fetches `url`, conditionally on `validators`.
    pub async fn fetch(
        &self,
        url: &Url,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchError> {
        match url.scheme() {
            "http" | "https" => self.fetch_http(url, validators).await,
            "file" => file::fetch(url, validators, self.max_bytes).await,
            other => Err(FetchError::UnsupportedScheme(other.to_string())),
        }
    }

    /// Fetches `url` unconditionally and returns the body as received,
    /// undecoded, with its `Content-Type` (what `tidings parse` shows).
    pub async fn fetch_raw(&self, url: &Url) -> Result<RawBody, FetchError> {
        match url.scheme() {
            "http" | "https" => match self.get(url, &Validators::default()).await? {
                HttpAnswer::Body(raw, _) => Ok(raw),
                HttpAnswer::NotModified { status, .. } => Err(FetchError::Status {
                    status: status.unwrap_or(304),
                    retry_after: None,
                }),
            },
            "file" => file::read_raw(url, self.max_bytes).await,
            other => Err(FetchError::UnsupportedScheme(other.to_string())),
        }
    }

    async fn fetch_http(
        &self,
        url: &Url,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchError> {
        match self.get(url, validators).await? {
            HttpAnswer::NotModified { final_url, status } => {
                Ok(FetchOutcome::NotModified { final_url, status })
            }
            HttpAnswer::Body(raw, validators) => Ok(FetchOutcome::Fetched(decoded(
                raw.bytes,
                raw.final_url,
                raw.status,
                validators,
                raw.content_type,
            ))),
        }
    }

    /// One conditional GET: "not modified", or the body and its validators.
    async fn get(&self, url: &Url, validators: &Validators) -> Result<HttpAnswer, FetchError> {
        let mut request = self.client.get(url.clone());
        if let Some(etag) = &validators.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(last_modified) = &validators.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, last_modified);
        }
        let response = request.send().await.map_err(FetchError::from_reqwest)?;
        let status = response.status();
        let final_url = response.url().clone();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(HttpAnswer::NotModified {
                final_url,
                status: Some(status.as_u16()),
            });
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                status: status.as_u16(),
                retry_after: retry_after(response.headers()),
            });
        }
        let headers = response.headers();
        let header_text = |name| {
            headers
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: header_text(header::ETAG),
            last_modified: header_text(header::LAST_MODIFIED),
        };
        let content_type = header_text(header::CONTENT_TYPE);
        // Only trust Content-Length up front when the body is not compressed:
        // reqwest decompresses transparently, and the cap is on what we keep.
        if headers.get(header::CONTENT_ENCODING).is_none() {
            if let Some(length) = response.content_length() {
                if length > self.max_bytes {
                    return Err(FetchError::TooLarge {
                        limit: self.max_bytes,
                    });
                }
            }
        }
        let bytes = read_capped(response, self.max_bytes).await?;
        Ok(HttpAnswer::Body(
            RawBody {
                bytes,
                final_url,
                status: Some(status.as_u16()),
                content_type,
            },
            validators,
        ))
    }
}

/// A body as received, before decoding.
#[derive(Debug, Clone)]
pub struct RawBody {
    /// The bytes, decompressed.
    pub bytes: Vec<u8>,
    /// Where they came from, after redirects.
    pub final_url: Url,
    /// HTTP status (`None` for local files).
    pub status: Option<u16>,
    /// The `Content-Type` the server sent.
    pub content_type: Option<String>,
}

/// What one GET came to.
enum HttpAnswer {
    NotModified { final_url: Url, status: Option<u16> },
    Body(RawBody, Validators),
}

/// Reads a response body, decompressed, failing as soon as it passes `limit`.
async fn read_capped(response: reqwest::Response, limit: u64) -> Result<Vec<u8>, FetchError> {
    let mut body =
        Vec::with_capacity(response.content_length().unwrap_or(64 * 1024).min(limit) as usize);
    let mut stream = response.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(FetchError::from_reqwest)?;
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(FetchError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Decodes a body into a [`FetchedFeed`].
fn decoded(
    body: Vec<u8>,
    final_url: Url,
    status: Option<u16>,
    validators: Validators,
    content_type: Option<String>,
) -> FetchedFeed {
    let bytes = body.len() as u64;
    let decoded = charset::decode(&body, content_type.as_deref());
    FetchedFeed {
        text: decoded.text,
        final_url,
        status,
        validators,
        content_type,
        bytes,
        encoding: decoded.encoding,
        charset_source: decoded.source,
        warnings: decoded.warnings,
    }
}

/// The `Retry-After` header as a delay: seconds, or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let delay = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(delay.to_std().unwrap_or(Duration::ZERO))
}
