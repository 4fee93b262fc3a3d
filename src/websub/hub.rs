//! Requests to a hub: `hub.mode=subscribe` and `hub.mode=unsubscribe`, as
//! form posts. The client is tidings' own (user agent, timeouts) with the
//! fetcher's network guard on the hub's URL and on DNS answers, since the
//! hub's address comes from a stranger's feed. Redirects are not followed:
//! a hub answers 202 Accepted, or it failed.

use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::config::FetchConfig;
use crate::fetch::guard::{self, GuardedResolver};
use crate::fetch::NetworkPolicy;

/// Why a hub request failed.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    /// The hub's URL is not one tidings may reach.
    #[error("hub {hub} refused by the network policy: {message}")]
    Blocked {
        /// The hub.
        hub: String,
        /// Why.
        message: String,
    },
    /// No answer (connection, timeout).
    #[error("hub {hub} unreachable: {message}")]
    Unreachable {
        /// The hub.
        hub: String,
        /// Why.
        message: String,
    },
    /// An answer other than 2xx.
    #[error("hub {hub} answered {status}: {body}")]
    Status {
        /// The hub.
        hub: String,
        /// Its status.
        status: u16,
        /// The start of its body.
        body: String,
    },
}

/// The HTTP client for hub requests.
#[derive(Debug, Clone)]
pub struct HubClient {
    client: reqwest::Client,
    policy: NetworkPolicy,
}

/// One request to a hub.
#[derive(Debug, Clone)]
pub struct HubRequest<'a> {
    /// `subscribe` or `unsubscribe`.
    pub mode: &'static str,
    /// The topic.
    pub topic: &'a str,
    /// The callback URL.
    pub callback: &'a Url,
    /// The lease asked for.
    pub lease: Duration,
    /// The HMAC secret (subscribe only).
    pub secret: Option<&'a str>,
}

impl HubClient {
    /// A client with `[fetch]`'s user agent, timeouts and network policy.
    pub fn new(config: &FetchConfig) -> Result<HubClient, reqwest::Error> {
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(GuardedResolver {
                allow_private_networks: config.allow_private_networks,
            }))
            .build()?;
        Ok(HubClient {
            client,
            policy: NetworkPolicy {
                allow_private_networks: config.allow_private_networks,
                allow_files: false,
            },
        })
    }

    /// Sends `request` to `hub`; `Ok` when the hub accepted it (2xx).
    pub async fn send(&self, hub: &Url, request: &HubRequest<'_>) -> Result<(), HubError> {
        guard::check_url(hub, self.policy, false).map_err(|e| HubError::Blocked {
            hub: hub.to_string(),
            message: e.to_string(),
        })?;
        let lease = request.lease.as_secs().to_string();
        let mut form = vec![
            ("hub.mode", request.mode),
            ("hub.topic", request.topic),
            ("hub.callback", request.callback.as_str()),
        ];
        if request.mode == "subscribe" {
            form.push(("hub.lease_seconds", lease.as_str()));
            if let Some(secret) = request.secret {
                form.push(("hub.secret", secret));
            }
        }
        let response = self
            .client
            .post(hub.clone())
            .form(&form)
            .send()
            .await
            .map_err(|e| HubError::Unreachable {
                hub: hub.to_string(),
                message: crate::fetch::FetchError::from_reqwest(e).to_string(),
            })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let body = response.text().await.unwrap_or_default();
        Err(HubError::Status {
            hub: hub.to_string(),
            status: status.as_u16(),
            body: body.chars().take(200).collect(),
        })
    }
}
