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
pub mod guard;

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::StatusCode;
use url::Url;

use crate::config::FetchConfig;
pub use crate::model::Validators;
pub use charset::{CharsetSource, Decoded};
pub use error::FetchError;
pub use guard::NetworkPolicy;

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
    /// What may be fetched at all (see [`guard`]).
    policy: NetworkPolicy,
}

impl Fetcher {
    /// Builds the shared client: rustls, gzip/brotli/deflate, the configured
    /// timeouts and user agent, at most [`MAX_REDIRECTS`] redirects, and the
    /// network policy of [`guard`] on every address and redirect hop.
    pub fn new(config: &FetchConfig) -> Result<Fetcher, FetchError> {
        let policy = NetworkPolicy {
            allow_private_networks: config.allow_private_networks,
            allow_files: config.allow_files,
        };
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
            .redirect(guard::redirect_policy(policy, MAX_REDIRECTS))
            .dns_resolver(Arc::new(guard::GuardedResolver {
                allow_private_networks: policy.allow_private_networks,
            }))
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        Ok(Fetcher {
            client,
            max_bytes: config.max_feed_size,
            policy,
        })
    }

    /// Fetches `url`, conditionally on `validators`.
    pub async fn fetch(
        &self,
        url: &Url,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchError> {
        self.fetch_with_headers(url, validators, &[]).await
    }

    /// [`Fetcher::fetch`] with extra request headers (a feed's `headers`),
    /// sent marked sensitive so no HTTP-level log shows their values. Local
    /// files ignore them.
    pub async fn fetch_with_headers(
        &self,
        url: &Url,
        validators: &Validators,
        headers: &[(String, String)],
    ) -> Result<FetchOutcome, FetchError> {
        guard::check_url(url, self.policy, false)?;
        match url.scheme() {
            "http" | "https" => self.fetch_http(url, validators, headers).await,
            "file" => file::fetch(url, validators, self.max_bytes).await,
            other => Err(FetchError::UnsupportedScheme(other.to_string())),
        }
    }

    async fn fetch_http(
        &self,
        url: &Url,
        validators: &Validators,
        headers: &[(String, String)],
    ) -> Result<FetchOutcome, FetchError> {
        let mut request = self.client.get(url.clone());
        for (name, value) in headers {
            // Validated with the config; a bad one is skipped, never echoed.
            if let Ok(mut value) = HeaderValue::from_str(value) {
                value.set_sensitive(true);
                request = request.header(name.as_str(), value);
            }
        }
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
            return Ok(FetchOutcome::NotModified {
                final_url,
                status: Some(status.as_u16()),
            });
        }
        if status.is_redirection() {
            // A redirect the client did not follow: its target is not http(s).
            return Err(guard::unfollowed_redirect(
                status.as_u16(),
                response.headers(),
            ));
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
        let body = read_capped(response, self.max_bytes).await?;
        Ok(FetchOutcome::Fetched(decoded(
            body,
            final_url,
            Some(status.as_u16()),
            validators,
            content_type,
        )))
    }
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
