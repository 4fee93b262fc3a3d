//! The subscriber's task: looks at every subscription, carries out what
//! [`super::plan::decide`] says (ask the hub, renew, unsubscribe, give
//! up, forget), then sleeps until the next thing to do, a wake-up (a new
//! hub found, a reload, a verification) or shutdown.

use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;
use tracing::{error, info, warn};
use url::Url;

use super::hub::{HubClient, HubRequest};
use super::plan::{self, Action};
use super::Handle;
use crate::config::WebSubConfig;
use crate::store::{StoreError, SubState, Subscription};

/// Longest sleep between two looks, so a clock jump is noticed.
const MAX_SLEEP: Duration = Duration::from_secs(5 * 60);

/// Where the service reads the time: the wall clock in the daemon
/// ([`wall_clock`]); tests derive it from tokio's (pausable) clock.
pub type Clock = std::sync::Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The wall clock.
pub fn wall_clock() -> Clock {
    std::sync::Arc::new(Utc::now)
}

/// The subscriber's task.
pub struct Service {
    /// `[websub]`.
    pub config: WebSubConfig,
    /// Store, live set, wake-ups.
    pub handle: Handle,
    /// Requests to hubs.
    pub hub: HubClient,
    /// The time decisions are made at.
    pub clock: Clock,
}

/// 16 random bytes, hex: a callback token or an HMAC secret.
fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the system's random source works");
    hex::encode(buf)
}

impl Service {
    /// Runs until `shutdown` is cancelled.
    pub async fn run(self, shutdown: CancellationToken) {
        loop {
            let next = match self.round().await {
                Ok(next) => next,
                Err(e) => {
                    error!(error = %e, "websub: database error; trying again in a minute");
                    (self.clock)() + chrono::Duration::minutes(1)
                }
            };
            let wait = (next - (self.clock)())
                .to_std()
                .unwrap_or_default()
                .min(MAX_SLEEP);
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = self.handle.woken() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// One look at every subscription; returns when to look again.
    async fn round(&self) -> Result<DateTime<Utc>, StoreError> {
        let writer = self.handle.writer().clone();
        let subs = writer.call(|store| store.websub_subscriptions()).await?;
        let now = (self.clock)();
        let mut next = now + chrono::Duration::from_std(MAX_SLEEP).unwrap_or_default();
        for sub in subs {
            let action = plan::decide(&sub, now);
            if !matches!(action, Action::Wait(_)) {
                // What was done changed the state: look again at once (the
                // next look waits for whatever comes next).
                next = now;
            }
            match action {
                Action::Wait(at) => next = next.min(at),
                Action::Subscribe => self.subscribe(sub).await?,
                Action::Unsubscribe => self.unsubscribe(sub).await?,
                Action::Fail => {
                    let mut sub = sub;
                    let why = if sub.state == SubState::Live {
                        "the lease ended before a renewal was verified"
                    } else {
                        "the hub did not verify the request in time"
                    };
                    warn!(feed = sub.feed_id, hub = %sub.hub, "websub: {why}; polling as usual");
                    sub.failures += 1;
                    sub.state = SubState::Failed;
                    sub.lease_until = None;
                    sub.lease_secs = None;
                    sub.retry_at = Some(
                        now + chrono::Duration::from_std(plan::retry_delay(sub.failures))
                            .unwrap_or_default(),
                    );
                    sub.last_error = Some(why.into());
                    writer.call(move |store| store.websub_save(&sub)).await?;
                }
                Action::Forget => {
                    let id = sub.feed_id;
                    writer.call(move |store| store.websub_delete(id)).await?;
                }
            }
        }
        let subs = writer.call(|store| store.websub_subscriptions()).await?;
        self.handle.set_live(&subs, (self.clock)());
        if crate::monitoring::enabled() {
            super::set_subscription_states(&subs);
        }
        Ok(next)
    }

    fn callback(&self, token: &str) -> Option<Url> {
        let base = self.config.callback_base.as_str().trim_end_matches('/');
        Url::parse(&format!("{base}/{token}")).ok()
    }

    /// Asks the hub for `sub` (a first request, a renewal or a retry).
    async fn subscribe(&self, mut sub: Subscription) -> Result<(), StoreError> {
        let writer = self.handle.writer().clone();
        let token = sub.token.get_or_insert_with(|| random_hex(16)).clone();
        let secret = sub.secret.get_or_insert_with(|| random_hex(32)).clone();
        let renewal = sub.state == SubState::Live;
        if !renewal {
            sub.state = SubState::Requested;
        }
        sub.requested_at = Some((self.clock)());
        sub.retry_at = None;
        // Stored before asking: a hub may verify before it answers.
        let saved = sub.clone();
        writer.call(move |store| store.websub_save(&saved)).await?;
        let (Ok(hub), Some(callback)) = (Url::parse(&sub.hub), self.callback(&token)) else {
            return self.failed(sub, "the hub's URL is not a URL".into()).await;
        };
        let request = HubRequest {
            mode: "subscribe",
            topic: &sub.topic,
            callback: &callback,
            lease: self.config.lease,
            secret: Some(&secret),
        };
        match self.hub.send(&hub, &request).await {
            Ok(()) => {
                info!(feed = sub.feed_id, hub = %sub.hub, renewal, "websub: subscription requested");
                Ok(())
            }
            Err(e) => self.failed(sub, e.to_string()).await,
        }
    }

    async fn failed(&self, mut sub: Subscription, why: String) -> Result<(), StoreError> {
        warn!(feed = sub.feed_id, hub = %sub.hub, error = %why, "websub: hub request failed; polling as usual");
        sub.failures += 1;
        if sub.state != SubState::Live {
            sub.state = SubState::Failed;
        }
        let delay = chrono::Duration::from_std(plan::retry_delay(sub.failures)).unwrap_or_default();
        sub.retry_at = Some((self.clock)() + delay);
        sub.last_error = Some(why);
        self.handle
            .writer()
            .call(move |store| store.websub_save(&sub))
            .await
    }

    /// Asks the hub to stop pushing a feed no longer configured.
    async fn unsubscribe(&self, mut sub: Subscription) -> Result<(), StoreError> {
        let writer = self.handle.writer().clone();
        sub.state = SubState::Unsubscribing;
        sub.requested_at = Some((self.clock)());
        let saved = sub.clone();
        writer.call(move |store| store.websub_save(&saved)).await?;
        let token = sub.token.clone().unwrap_or_default();
        let sent = match (Url::parse(&sub.hub), self.callback(&token)) {
            (Ok(hub), Some(callback)) => {
                let request = HubRequest {
                    mode: "unsubscribe",
                    topic: &sub.topic,
                    callback: &callback,
                    lease: self.config.lease,
                    secret: None,
                };
                self.hub
                    .send(&hub, &request)
                    .await
                    .map_err(|e| e.to_string())
            }
            _ => Err("the hub's URL is not a URL".to_string()),
        };
        match sent {
            Ok(()) => {
                info!(feed = sub.feed_id, hub = %sub.hub, "websub: unsubscription requested");
                Ok(())
            }
            Err(e) => {
                // The lease will lapse; pushes meanwhile get 410 Gone.
                warn!(feed = sub.feed_id, hub = %sub.hub, error = %e, "websub: unsubscribe failed; the subscription is forgotten and lapses with its lease");
                let id = sub.feed_id;
                writer.call(move |store| store.websub_delete(id)).await
            }
        }
    }
}
