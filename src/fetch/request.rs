//! A feed's own HTTP options turned into what each request carries, and
//! the clients behind them.
//!
//! Every request goes through one shared `reqwest::Client` (one connection
//! pool, one TLS setup). A proxy, though, is a property of a client in
//! reqwest, so each distinct per-feed proxy gets one more client, built
//! with the same settings on first use and kept for the process; requests
//! without a proxy never use them.
//!
//! Credentials (basic auth) and a feed's extra headers are sent only to the
//! feed's own origin, hop by hop: a redirect to another host, or an article
//! page on another site, gets neither (as browsers and reqwest's own
//! redirect policy do for `Authorization`). They are marked sensitive, so
//! no HTTP-level debug output shows them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use url::Url;

use super::FetchError;
use crate::config::{FeedHttp, FetchConfig, Secret};

/// What one feed adds to its requests (and to its pages' requests).
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    /// Replaces `fetch.user_agent`.
    pub(super) user_agent: Option<HeaderValue>,
    /// Extra headers, sensitive, for `credentials_origin` only.
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    /// Basic auth, for `credentials_origin` only.
    pub(super) basic_auth: Option<(String, Secret)>,
    /// The proxy to go through.
    pub(super) proxy: Option<Url>,
    /// The origin the headers and credentials belong to.
    pub(super) credentials_origin: Option<url::Origin>,
    /// Why the feed cannot be fetched as configured (a password that could
    /// not be read): every request fails with it, none is sent.
    pub(super) problem: Option<String>,
}

impl RequestOptions {
    /// The options of the feed configured as `feed_url` with `http`.
    /// Values were validated with the config; one that no longer parses is
    /// left out, never echoed.
    pub fn for_feed(http: &FeedHttp, feed_url: &Url) -> RequestOptions {
        let headers = http
            .headers
            .iter()
            .filter_map(|(name, value)| {
                let name = HeaderName::from_bytes(name.as_bytes()).ok()?;
                let mut value = HeaderValue::from_str(value.expose()).ok()?;
                value.set_sensitive(true);
                Some((name, value))
            })
            .collect();
        RequestOptions {
            user_agent: http
                .user_agent
                .as_deref()
                .and_then(|ua| HeaderValue::from_str(ua).ok()),
            headers,
            basic_auth: http.basic_auth.as_ref().and_then(|a| {
                let password = a.password.as_ref().ok()?;
                Some((a.username.clone(), password.clone()))
            }),
            proxy: http.proxy.clone(),
            credentials_origin: Some(feed_url.origin()),
            problem: http.problem().map(String::from),
        }
    }

    /// The feed's own user agent, if it has one.
    pub fn user_agent(&self) -> Option<&str> {
        self.user_agent.as_ref().and_then(|v| v.to_str().ok())
    }

    /// Adds this feed's headers, user agent and (on its own origin)
    /// credentials to a request for `url`.
    pub(super) fn apply(
        &self,
        mut request: reqwest::RequestBuilder,
        url: &Url,
    ) -> reqwest::RequestBuilder {
        if let Some(agent) = &self.user_agent {
            request = request.header(header::USER_AGENT, agent.clone());
        }
        if self.credentials_origin.as_ref() == Some(&url.origin()) {
            for (name, value) in &self.headers {
                request = request.header(name.clone(), value.clone());
            }
            if let Some((user, password)) = &self.basic_auth {
                request = request.basic_auth(user, Some(password.expose()));
            }
        }
        request
    }
}

/// The shared client and the per-proxy ones.
#[derive(Debug, Clone)]
pub(super) struct Clients {
    direct: reqwest::Client,
    proxied: Arc<Mutex<HashMap<String, reqwest::Client>>>,
    config: Arc<FetchConfig>,
}

impl Clients {
    /// Builds the shared client from `[fetch]`.
    pub(super) fn new(config: &FetchConfig) -> Result<Clients, FetchError> {
        Ok(Clients {
            direct: build(config, None)?,
            proxied: Arc::default(),
            config: Arc::new(config.clone()),
        })
    }

    /// The client for requests through `proxy` (the shared one without).
    pub(super) fn get(&self, proxy: Option<&Url>) -> Result<reqwest::Client, FetchError> {
        let Some(proxy) = proxy else {
            return Ok(self.direct.clone());
        };
        let mut proxied = self.proxied.lock().expect("proxy client lock");
        if let Some(client) = proxied.get(proxy.as_str()) {
            return Ok(client.clone());
        }
        let client = build(&self.config, Some(proxy))?;
        proxied.insert(proxy.to_string(), client.clone());
        Ok(client)
    }
}

/// One client: rustls, gzip/brotli/deflate, the configured timeouts and
/// user agent, no automatic redirects (see [`super::Fetcher`]), the network
/// policy's resolver (see [`super::guard`]), and the proxy if any.
fn build(config: &FetchConfig, proxy: Option<&Url>) -> Result<reqwest::Client, FetchError> {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::ACCEPT,
        HeaderValue::from_static(
            "application/rss+xml, application/atom+xml, application/feed+json, \
             application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, \
             application/json;q=0.8, */*;q=0.5",
        ),
    );
    let mut builder = reqwest::Client::builder()
        .user_agent(config.user_agent.clone())
        .default_headers(headers)
        .connect_timeout(config.connect_timeout)
        .timeout(config.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(Arc::new(super::guard::GuardedResolver {
            allow_private_networks: config.allow_private_networks,
        }))
        .gzip(true)
        .brotli(true)
        .deflate(true);
    if let Some(proxy) = proxy {
        // The message never names the proxy URL: it may carry a password.
        let proxy = reqwest::Proxy::all(proxy.as_str())
            .map_err(|_| FetchError::Client("a feed's proxy URL is not usable".into()))?;
        builder = builder.proxy(proxy);
    }
    builder
        .build()
        .map_err(|e| FetchError::Client(e.to_string()))
}
