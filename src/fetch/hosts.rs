//! Politeness: how many requests may be in flight, overall and to one host,
//! how far apart their starts are, and which hosts asked to be left alone.
//!
//! Hosts are grouped by **registrable domain** (the public suffix list, as
//! compiled into the `psl` crate: no network), so `a.example.com` and
//! `b.example.com` share one budget while `a.github.io` and `b.github.io`
//! do not. IP addresses and names without a public suffix (`localhost`) are
//! their own group; the port does not matter. Local files have no host and
//! only count against the global limit.
//!
//! A [`Permit`] is taken in this order, so a queue of feeds on one busy
//! host never holds global slots that other hosts could use:
//! 1. one of the host's `per_host_concurrency` slots;
//! 2. wait until `per_host_delay` has passed since the host's last start;
//! 3. one of the `fetch.concurrency` global slots;
//! 4. check the host is not postponed (a 429/503's `Retry-After`).
//!
//! Host state is kept for the life of the process (one small entry per
//! registrable domain seen).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use url::{Host, Url};

/// The host group of `url`: its registrable domain, its IP address, or its
/// host name when it has no public suffix. `None` for URLs without a host.
pub fn host_key(url: &Url) -> Option<String> {
    match url.host()? {
        Host::Domain(domain) => {
            let domain = domain.trim_end_matches('.').to_ascii_lowercase();
            Some(
                psl::domain_str(&domain)
                    .map(str::to_string)
                    .unwrap_or(domain),
            )
        }
        Host::Ipv4(ip) => Some(ip.to_string()),
        Host::Ipv6(ip) => Some(ip.to_string()),
    }
}

/// A host asked not to be contacted before `until` (tokio clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the host asked to be left alone for {:?} more", until.saturating_duration_since(Instant::now()))]
pub struct Postponed {
    /// When the host may be contacted again.
    pub until: Instant,
}

/// The right to send one request: a global slot and, for HTTP, a host slot.
/// Dropping it frees both.
#[derive(Debug)]
pub struct Permit {
    _host: Option<OwnedSemaphorePermit>,
    _global: OwnedSemaphorePermit,
}

#[derive(Debug)]
struct HostState {
    /// The host's concurrency slots.
    slots: Arc<Semaphore>,
    /// The earliest time the next request may start.
    next_start: Mutex<Instant>,
    /// Set by a 429/503 with `Retry-After`.
    not_before: Mutex<Option<Instant>>,
}

/// The limits shared by every fetch of one [`super::Fetcher`].
#[derive(Debug)]
pub struct Politeness {
    global: Arc<Semaphore>,
    per_host: usize,
    delay: Duration,
    hosts: Mutex<HashMap<String, Arc<HostState>>>,
}

impl Politeness {
    /// At most `global` requests at once, `per_host` per host group, starts
    /// to one host group at least `delay` apart.
    pub fn new(global: usize, per_host: usize, delay: Duration) -> Politeness {
        Politeness {
            global: Arc::new(Semaphore::new(global.max(1))),
            per_host: per_host.max(1),
            delay,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    fn host(&self, key: &str) -> Arc<HostState> {
        let mut hosts = self.hosts.lock().expect("host table lock");
        Arc::clone(hosts.entry(key.to_string()).or_insert_with(|| {
            Arc::new(HostState {
                slots: Arc::new(Semaphore::new(self.per_host)),
                next_start: Mutex::new(Instant::now()),
                not_before: Mutex::new(None),
            })
        }))
    }

    /// Waits for the right to send a request to `url` (see the module doc),
    /// or fails at once with [`Postponed`] if its host asked for a pause.
    pub async fn acquire(&self, url: &Url) -> Result<Permit, Postponed> {
        let Some(key) = host_key(url) else {
            let global = Arc::clone(&self.global)
                .acquire_owned()
                .await
                .expect("the global semaphore is never closed");
            return Ok(Permit {
                _host: None,
                _global: global,
            });
        };
        let host = self.host(&key);
        host.check()?;
        let slot = Arc::clone(&host.slots)
            .acquire_owned()
            .await
            .expect("host semaphores are never closed");
        loop {
            host.check()?;
            let start = *host.next_start.lock().expect("host lock");
            tokio::time::sleep_until(start).await;
            let global = Arc::clone(&self.global)
                .acquire_owned()
                .await
                .expect("the global semaphore is never closed");
            host.check()?;
            let now = Instant::now();
            let mut next_start = host.next_start.lock().expect("host lock");
            if now >= *next_start {
                *next_start = now + self.delay;
                return Ok(Permit {
                    _host: Some(slot),
                    _global: global,
                });
            }
            // Another slot of this host started while we waited for a
            // global one: wait out its delay again.
        }
    }

    /// Leaves `url`'s host group alone until `until`.
    pub fn postpone(&self, url: &Url, until: Instant) {
        if let Some(key) = host_key(url) {
            let host = self.host(&key);
            let mut not_before = host.not_before.lock().expect("host lock");
            *not_before = Some(not_before.map_or(until, |t| t.max(until)));
        }
    }

    /// When `url`'s host group may be contacted again, if it asked for a pause.
    pub fn postponed_until(&self, url: &Url) -> Option<Instant> {
        let key = host_key(url)?;
        let until = (*self.host(&key).not_before.lock().expect("host lock"))?;
        (until > Instant::now()).then_some(until)
    }
}

impl HostState {
    fn check(&self) -> Result<(), Postponed> {
        match *self.not_before.lock().expect("host lock") {
            Some(until) if until > Instant::now() => Err(Postponed { until }),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;
