//! Fetching feed bodies: one shared HTTP client, politeness per host,
//! conditional GET, redirects, size caps, charsets, and local files.
//!
//! [`Fetcher::fetch_with`] turns a feed URL and its stored validators into a
//! [`FetchOutcome`] (new text, "not modified", gone for good, or any of
//! these from a new permanent home) or a [`FetchError`] that says whether
//! trying again later may help. What a status code means is decided here:
//! callers match on outcomes and on [`FetchError`]'s own classification,
//! never on numbers. It never parses: the text it
//! returns is UTF-8 with its XML prolog saying so (see [`charset`]).
//!
//! Before fetching, callers take a [`Permit`] with [`Fetcher::acquire`]
//! (see [`hosts`]): that is where the global and per-host limits live.
//!
//! Redirects are followed here, hop by hop (the client's own redirect
//! policy is off), so every hop's status is known: the scheduler moves a
//! feed only after the *same permanent* redirect (301/308) on several polls,
//! which needs to tell a 301 from a 302 on the way to the final URL.

pub mod charset;
mod error;
mod file;
pub mod guard;
mod headers;
pub mod hosts;
mod media;
mod page;
use page::Kind;
mod request;
pub mod utf32;

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use reqwest::header::{self, HeaderValue};
use reqwest::StatusCode;
use url::Url;

use crate::config::FetchConfig;
pub use crate::model::Validators;
pub use charset::{CharsetSource, Decoded};
pub use error::FetchError;
pub use guard::NetworkPolicy;
pub use hosts::{host_key, Permit, Politeness, Postponed};
pub use request::RequestOptions;

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
    /// The redirects followed on the way, in order.
    pub redirects: Vec<Redirect>,
    /// How long the server says the answer stays fresh (`Cache-Control:
    /// max-age`, `Expires`).
    pub freshness: Option<Duration>,
    /// The answer's `Link:` headers, joined by commas (where a WebSub hub
    /// may be announced).
    pub links: Option<String>,
}

/// One redirect followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// Its status: 301, 302, 303, 307 or 308.
    pub status: u16,
    /// Where it pointed (absolute).
    pub to: Url,
}

impl Redirect {
    /// Whether the server says the move is for good (301, 308).
    pub fn is_permanent(&self) -> bool {
        matches!(self.status, 301 | 308)
    }
}

/// Where the permanent redirects at the start of `redirects` lead: the feed's
/// new home, if the server says it moved (`A -301-> B -302-> C` moved to B).
fn permanent_target(redirects: &[Redirect]) -> Option<&Url> {
    redirects
        .iter()
        .take_while(|r| r.is_permanent())
        .last()
        .map(|r| &r.to)
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
        /// The redirects followed on the way, in order.
        redirects: Vec<Redirect>,
        /// How long the server says the answer stays fresh.
        freshness: Option<Duration>,
    },
    /// A new body.
    Fetched(FetchedFeed),
    /// The server answered 410 Gone: the feed was removed for good.
    Gone {
        /// Where the answer came from, after redirects.
        final_url: Url,
        /// The status (410).
        status: u16,
    },
    /// Permanent redirects (301, 308) at the start of the way lead to `to`,
    /// the feed's new home (`A -301-> B -302-> C` moved to B); `answer` is
    /// what the server said at the end of the way, never itself `Moved`.
    Moved {
        /// The new home.
        to: Url,
        /// The answer found there.
        answer: Box<FetchOutcome>,
    },
}

impl FetchOutcome {
    /// Wraps `answer` in [`FetchOutcome::Moved`] when `redirects` start
    /// with a permanent one.
    fn through(redirects: &[Redirect], answer: FetchOutcome) -> FetchOutcome {
        match permanent_target(redirects) {
            Some(to) => FetchOutcome::Moved {
                to: to.clone(),
                answer: Box::new(answer),
            },
            None => answer,
        }
    }

    /// The new permanent home, if the feed moved, and the answer found at
    /// the end of the way.
    pub fn settle(self) -> (Option<Url>, FetchOutcome) {
        match self {
            FetchOutcome::Moved { to, answer } => (Some(to), *answer),
            answer => (None, answer),
        }
    }

    /// The body of an unconditional fetch, wherever permanent redirects led:
    /// a 304 (nothing conditional was asked, so a broken answer) or a 410 is
    /// an error with its status.
    pub fn into_body(self) -> Result<FetchedFeed, FetchError> {
        match self.settle().1 {
            FetchOutcome::Fetched(fetched) => Ok(fetched),
            FetchOutcome::NotModified { status, .. } => Err(FetchError::Status {
                status: status.unwrap_or(304),
                retry_after: None,
            }),
            FetchOutcome::Gone { status, .. } => Err(FetchError::Status {
                status,
                retry_after: None,
            }),
            // `settle` unwraps one level; a way that leads to another move
            // leads nowhere.
            FetchOutcome::Moved { to, .. } => Err(FetchError::Redirect(format!(
                "moved to {to} without an answer"
            ))),
        }
    }
}

/// The shared fetcher: one HTTP client (connection pool, TLS config) for
/// every feed and page, built once from the `[fetch]` config (plus one per
/// distinct per-feed proxy, see [`RequestOptions`]).
#[derive(Debug, Clone)]
pub struct Fetcher {
    clients: request::Clients,
    max_bytes: u64,
    /// What may be fetched at all (see [`guard`]).
    policy: NetworkPolicy,
    politeness: Arc<Politeness>,
}

impl Fetcher {
    /// Builds the shared client: rustls, gzip/brotli/deflate, the configured
    /// timeouts and user agent, and the limits of `fetch.concurrency`,
    /// `fetch.per_host_concurrency` and `fetch.per_host_delay`. Its resolver
    /// and every redirect hop apply the network policy of [`guard`].
    pub fn new(config: &FetchConfig) -> Result<Fetcher, FetchError> {
        let policy = NetworkPolicy {
            allow_private_networks: config.allow_private_networks,
            allow_files: config.allow_files,
        };
        Ok(Fetcher {
            clients: request::Clients::new(config)?,
            max_bytes: config.max_feed_size,
            policy,
            politeness: Arc::new(Politeness::new(
                config.concurrency.get(),
                config.per_host_concurrency.get(),
                config.per_host_delay,
            )),
        })
    }

    /// The limits every fetch goes through.
    pub fn politeness(&self) -> &Politeness {
        &self.politeness
    }

    /// Waits for the right to fetch `url` (see [`hosts`]); hold the permit
    /// until done with the answer.
    pub async fn acquire(&self, url: &Url) -> Result<Permit, Postponed> {
        self.politeness.acquire(url).await
    }

    /// Fetches the feed at `url`, conditionally on `validators`, with the
    /// feed's own HTTP options (local files ignore them).
    pub async fn fetch_with(
        &self,
        url: &Url,
        validators: &Validators,
        options: &RequestOptions,
    ) -> Result<FetchOutcome, FetchError> {
        guard::check_url(url, self.policy, false)?;
        match url.scheme() {
            "http" | "https" => self.fetch_http(url, validators, options, Kind::Feed).await,
            "file" => file::fetch(url, validators, self.max_bytes).await,
            other => Err(FetchError::UnsupportedScheme(other.to_string())),
        }
    }

    /// Fetches an article page (HTML) for its full text: same client, size
    /// cap, redirects and errors as a feed; the charset comes from the
    /// byte-order mark, `Content-Type`, else the page's `<meta>`. An answer
    /// that is not HTML (a PDF, an image) is [`FetchError::NotHtml`].
    pub async fn fetch_page(
        &self,
        url: &Url,
        options: &RequestOptions,
    ) -> Result<FetchedFeed, FetchError> {
        self.fetch_one(url, options, Kind::Page).await
    }

    /// Fetches a small text file (a site's robots.txt).
    pub async fn fetch_text(
        &self,
        url: &Url,
        options: &RequestOptions,
    ) -> Result<FetchedFeed, FetchError> {
        self.fetch_one(url, options, Kind::Text).await
    }

    async fn fetch_one(
        &self,
        url: &Url,
        options: &RequestOptions,
        kind: Kind,
    ) -> Result<FetchedFeed, FetchError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::UnsupportedScheme(url.scheme().to_string()));
        }
        guard::check_url(url, self.policy, false)?;
        self.fetch_http(url, &Validators::default(), options, kind)
            .await?
            .into_body()
    }

    /// Fetches `url` unconditionally and returns the body as received,
    /// undecoded, with its `Content-Type` (what `tidings parse` shows).
    pub async fn fetch_raw(&self, url: &Url) -> Result<RawBody, FetchError> {
        match url.scheme() {
            "http" | "https" => {
                let (response, _) = self
                    .follow(
                        url,
                        &Validators::default(),
                        &RequestOptions::default(),
                        Kind::Feed,
                    )
                    .await?;
                let status = response.status();
                if !status.is_success() {
                    return Err(FetchError::Status {
                        status: status.as_u16(),
                        retry_after: None,
                    });
                }
                let final_url = response.url().clone();
                let content_type = response
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                let bytes = read_capped(response, self.max_bytes).await?;
                Ok(RawBody {
                    bytes,
                    final_url,
                    status: Some(status.as_u16()),
                    content_type,
                })
            }
            "file" => file::read_raw(url, self.max_bytes).await,
            other => Err(FetchError::UnsupportedScheme(other.to_string())),
        }
    }

    /// Sends one GET per hop, following at most [`MAX_REDIRECTS`] redirects,
    /// each hop checked by the network policy ([`guard::check_url`]; host
    /// names are checked again when the hop resolves) and never twice.
    async fn follow(
        &self,
        url: &Url,
        validators: &Validators,
        options: &RequestOptions,
        kind: Kind,
    ) -> Result<(reqwest::Response, Vec<Redirect>), FetchError> {
        if let Some(problem) = &options.problem {
            return Err(FetchError::Credentials(problem.clone()));
        }
        let client = self.clients.get(options.proxy.as_ref())?;
        let mut current = url.clone();
        let mut redirects = Vec::new();
        loop {
            let mut request = options.apply(client.get(current.clone()), &current);
            if let Some(accept) = kind.accept() {
                request = request.header(header::ACCEPT, accept);
            }
            if let Some(etag) = &validators.etag {
                request = request.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(last_modified) = &validators.last_modified {
                request = request.header(header::IF_MODIFIED_SINCE, last_modified);
            }
            let response = request.send().await.map_err(FetchError::from_reqwest)?;
            let status = response.status();
            let location = response
                .headers()
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok());
            let (true, Some(location)) = (
                status.is_redirection() && status != StatusCode::NOT_MODIFIED,
                location,
            ) else {
                return Ok((response, redirects));
            };
            if redirects.len() >= MAX_REDIRECTS {
                return Err(FetchError::Redirect(format!(
                    "more than {MAX_REDIRECTS} redirects, the last to {current}"
                )));
            }
            let next = current.join(location).map_err(|e| {
                FetchError::Redirect(format!("{current} redirects to {location:?}: {e}"))
            })?;
            guard::check_url(&next, self.policy, true)?;
            if next == *url || redirects.iter().any(|r: &Redirect| r.to == next) {
                return Err(FetchError::Redirect(format!(
                    "redirect loop: {current} redirects to {next}, which was already visited"
                )));
            }
            redirects.push(Redirect {
                status: status.as_u16(),
                to: next.clone(),
            });
            current = next;
        }
    }

    async fn fetch_http(
        &self,
        url: &Url,
        validators: &Validators,
        options: &RequestOptions,
        kind: Kind,
    ) -> Result<FetchOutcome, FetchError> {
        let (response, redirects) = self.follow(url, validators, options, kind).await?;
        let status = response.status();
        let final_url = response.url().clone();
        let now = chrono::Utc::now();
        let freshness = headers::freshness(response.headers(), now);
        if status == StatusCode::NOT_MODIFIED {
            let answer = FetchOutcome::NotModified {
                final_url,
                status: Some(status.as_u16()),
                redirects: redirects.clone(),
                freshness,
            };
            return Ok(FetchOutcome::through(&redirects, answer));
        }
        if status == StatusCode::GONE {
            let answer = FetchOutcome::Gone {
                final_url,
                status: status.as_u16(),
            };
            return Ok(FetchOutcome::through(&redirects, answer));
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                status: status.as_u16(),
                retry_after: headers::retry_after(response.headers(), now),
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
        let links: Vec<&str> = headers
            .get_all(header::LINK)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let links = (!links.is_empty()).then(|| links.join(", "));
        if kind == Kind::Page {
            if let Some(ct) = content_type.as_deref().filter(|ct| !page::is_html(ct)) {
                return Err(FetchError::NotHtml(ct.to_string()));
            }
        }
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
        let mut fetched = if kind == Kind::Page {
            page::decoded_html(body, final_url, Some(status.as_u16()), content_type)
        } else {
            decoded(
                body,
                final_url,
                Some(status.as_u16()),
                validators,
                content_type,
            )
        };
        fetched.redirects = redirects.clone();
        fetched.freshness = freshness;
        fetched.links = links;
        Ok(FetchOutcome::through(
            &redirects,
            FetchOutcome::Fetched(fetched),
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
    let decoded = charset::decode(&body, content_type.as_deref());
    fetched(
        decoded,
        body.len() as u64,
        final_url,
        status,
        validators,
        content_type,
    )
}

/// A decoded body and what came with it, as a [`FetchedFeed`] (no redirects
/// or freshness yet: the caller adds those).
fn fetched(
    decoded: Decoded,
    bytes: u64,
    final_url: Url,
    status: Option<u16>,
    validators: Validators,
    content_type: Option<String>,
) -> FetchedFeed {
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
        redirects: Vec::new(),
        freshness: None,
        links: None,
    }
}
