//! robots.txt for article pages (never for feeds: a feed is a document its
//! site publishes for machines to fetch).
//!
//! Rules are parsed and matched by [`texting_robots`] (longest match wins,
//! `Allow` wins ties, `*` and `$` wildcards, groups for several agents),
//! for the product token of the user agent (`tidings` in
//! `tidings/0.1.0 (+https://...)`). What an answer means follows RFC 9309:
//! a 2xx gives the rules; a 4xx (404, 403, ...) means there are none,
//! everything is allowed; a 5xx or no answer means the site is
//! unreachable and nothing may be fetched until it is asked again.
//!
//! Each origin's answer is trusted for `full_text.robots_ttl` (an
//! unreachable one for at most [`UNREACHABLE_TTL`]). [`RobotsCache`] keeps
//! answers in memory for `tidings run`, and the pipeline also keeps them in
//! the database (`robots_txt`), so `tidings once` from cron asks a site
//! once per expiry rather than once per run. At most [`MAX_ROBOTS_BYTES`]
//! of a file are read, as RFC 9309 allows.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use url::Url;

use crate::model::{CachedRobots, RobotsFile};

/// Longest a robots.txt that could not be fetched (5xx, network) is trusted.
pub const UNREACHABLE_TTL: Duration = Duration::from_secs(60 * 60);

/// Bytes of a robots.txt that are read; the rest is ignored.
pub const MAX_ROBOTS_BYTES: usize = 500 * 1024;

/// The origin of `url` (`https://example.com:8443`), which robots.txt
/// rules are per; `None` for URLs without one (file, data).
pub fn origin_of(url: &Url) -> Option<String> {
    let origin = url.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// The robots.txt of `url`'s origin.
pub fn robots_url(url: &Url) -> Option<Url> {
    let origin = origin_of(url)?;
    Url::parse(&format!("{origin}/robots.txt")).ok()
}

/// The product token robots.txt groups are matched against: the user
/// agent up to its first `/` or space, lower-case (`tidings`).
pub fn agent_token(user_agent: &str) -> String {
    user_agent
        .split(['/', ' '])
        .next()
        .unwrap_or(user_agent)
        .trim()
        .to_ascii_lowercase()
}

/// What a fetched robots.txt answer means: the text of a 2xx, else the
/// HTTP status (`None`: no answer at all).
pub fn file_from(answer: Result<String, Option<u16>>) -> RobotsFile {
    match answer {
        Ok(mut text) => {
            if text.len() > MAX_ROBOTS_BYTES {
                let mut end = MAX_ROBOTS_BYTES;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.truncate(end);
            }
            RobotsFile::Rules(text)
        }
        Err(Some(status)) if (400..500).contains(&status) => RobotsFile::AllowAll,
        Err(_) => RobotsFile::Unreachable,
    }
}

/// `file` as fetched at `at`, trusted for `ttl` (an unreachable site for
/// at most [`UNREACHABLE_TTL`]).
pub fn cached(file: RobotsFile, at: DateTime<Utc>, ttl: Duration) -> CachedRobots {
    let ttl = match file {
        RobotsFile::Unreachable => ttl.min(UNREACHABLE_TTL),
        _ => ttl,
    };
    CachedRobots {
        file,
        fetched_at: at,
        expires_at: at + chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::days(1)),
    }
}

/// Whether `file` lets the agent `agent` (a product token) fetch `url`.
/// A file the parser cannot read at all allows everything, as crawlers do.
pub fn allows(file: &RobotsFile, agent: &str, url: &Url) -> bool {
    match file {
        RobotsFile::AllowAll => true,
        RobotsFile::Unreachable => false,
        RobotsFile::Rules(text) => texting_robots::Robot::new(agent, text.as_bytes())
            .map(|robot| robot.allowed(url.as_str()))
            .unwrap_or(true),
    }
}

/// One origin's slot: locked while its robots.txt is looked up or fetched,
/// so two pages of one site never fetch it twice at once.
pub type RobotsSlot = Arc<tokio::sync::Mutex<Option<CachedRobots>>>;

/// robots.txt answers in memory, per origin, for the life of the process.
#[derive(Debug, Default)]
pub struct RobotsCache {
    slots: Mutex<HashMap<String, RobotsSlot>>,
}

impl RobotsCache {
    /// An empty cache.
    pub fn new() -> RobotsCache {
        RobotsCache::default()
    }

    /// The slot of `origin` (created empty on first use).
    pub fn slot(&self, origin: &str) -> RobotsSlot {
        let mut slots = self.slots.lock().expect("robots cache lock");
        Arc::clone(slots.entry(origin.to_string()).or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn origins_and_robots_urls() {
        let u = url("https://user:pw@news.example.com:8443/a/b?c#d");
        assert_eq!(origin_of(&u).unwrap(), "https://news.example.com:8443");
        assert_eq!(
            robots_url(&u).unwrap().as_str(),
            "https://news.example.com:8443/robots.txt"
        );
        assert_eq!(origin_of(&url("file:///tmp/x")), None);
        assert_eq!(agent_token("tidings/0.1.0 (+https://x)"), "tidings");
        assert_eq!(agent_token("MyBot"), "mybot");
    }

    #[test]
    fn rules_for_our_agent_and_for_everyone() {
        let file = file_from(Ok("User-agent: *\nDisallow: /private/\n\n\
                                 User-agent: tidings\nDisallow: /no-tidings/\n"
            .into()));
        let page = |p: &str| url(&format!("https://a.example{p}"));
        // Our own group replaces the `*` group.
        assert!(!allows(&file, "tidings", &page("/no-tidings/x")));
        assert!(allows(&file, "tidings", &page("/private/x")));
        assert!(!allows(&file, "otherbot", &page("/private/x")));
    }

    #[test]
    fn answers_follow_rfc_9309() {
        let page = url("https://a.example/x");
        assert_eq!(file_from(Err(Some(404))), RobotsFile::AllowAll);
        assert!(allows(&file_from(Err(Some(403))), "tidings", &page));
        assert_eq!(file_from(Err(Some(503))), RobotsFile::Unreachable);
        assert!(!allows(&file_from(Err(None)), "tidings", &page));
        let at = Utc::now();
        let day = Duration::from_secs(86_400);
        let c = cached(RobotsFile::Unreachable, at, day);
        assert_eq!(c.expires_at - at, chrono::Duration::hours(1));
        let c = cached(RobotsFile::AllowAll, at, day);
        assert_eq!(c.expires_at - at, chrono::Duration::days(1));
    }
}
