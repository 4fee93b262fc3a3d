//! When a feed is due next: its interval, what the feed and server ask
//! for, exponential backoff on failure, and jitter so feeds added together
//! drift apart.
//!
//! The arithmetic here is pure: no clock, no I/O. Callers pass `now` and a
//! random fraction, which keeps every rule testable. [`queue`] holds the
//! daemon's in-memory due times on tokio's clock, [`hints`] reads what a
//! feed document asks, [`adaptive`] turns publishing dates into an interval.
//!
//! The rules, in order:
//! 1. **Interval** ([`choose_interval`]): the feed's own `interval` from the
//!    config; else (with `schedule.adaptive`) its observed publishing gap
//!    clamped to `[min_interval, max_interval]`; else `schedule.interval`.
//! 2. **Floor** ([`Plan::floor`]): never shorter than what the feed or the
//!    server asks (`<ttl>`, `sy:updatePeriod`, `Cache-Control: max-age`,
//!    `Expires`), each capped at `max_interval` so a static file's
//!    year-long `max-age` cannot silence a feed.
//! 3. **Backoff**: after `n` failures in a row the gap is `interval × 2^n`,
//!    capped at `max_backoff`. A failure that a retry soon is unlikely to
//!    fix ([`Failure::Lasting`]: a 404, a refused URL, a document that does
//!    not parse) backs off twice as fast, `interval × 4^n`, so a dead feed
//!    stops costing a request every few minutes. Failing feeds are never
//!    given up.
//! 4. **Retry-After**: a 429/503's delay is honoured up to `max_backoff`.
//! 5. **Jitter** ±[`JITTER`], but never below a floor of rule 2 or 4: when a
//!    floor binds, the jitter only adds.
//! 6. **Skip**: a due time inside the feed's `skipHours`/`skipDays` moves to
//!    the first hour that is not skipped.

pub mod adaptive;
pub mod hints;
pub mod queue;

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::ScheduleConfig;
pub use hints::{DocumentHints, Skip};

/// Share of the gap by which a due time may move either way (±10%).
pub const JITTER: f64 = 0.10;

/// How a failed poll failed, as far as backoff cares (rule 3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Failure {
    /// A retry may well succeed: a timeout, a dropped connection, a 5xx,
    /// a 429 (see [`crate::fetch::FetchError::is_transient`]).
    #[default]
    Transient,
    /// The same answer is likely next time too: a 404 or 403, a refused
    /// or unsupported URL, a body over the size cap, a document that does
    /// not parse.
    Lasting,
}

/// The inputs of one scheduling decision.
#[derive(Debug, Clone, Copy, Default)]
pub struct Plan {
    /// The feed's interval (rule 1, see [`choose_interval`]).
    pub interval: Duration,
    /// The longest of what the feed and server ask, already capped (rule 2).
    pub floor: Duration,
    /// Failed polls in a row, counting the one just finished.
    pub failures: u32,
    /// What kind of failure the one just finished was (ignored when
    /// `failures` is 0).
    pub failure: Failure,
    /// The longest gap backoff may reach.
    pub max_backoff: Duration,
    /// A server-requested delay (`Retry-After`), if any.
    pub retry_after: Option<Duration>,
    /// Hours and days the feed asks not to be polled in.
    pub skip: Skip,
}

impl Plan {
    /// Rule 2: the longest of the given hints, capped at `max_interval`.
    pub fn floor(hints: &[Option<Duration>], max_interval: Duration) -> Duration {
        hints
            .iter()
            .flatten()
            .max()
            .copied()
            .unwrap_or_default()
            .min(max_interval)
    }

    /// The least gap the due time may have: the floor and the Retry-After.
    fn hard_floor(&self) -> Duration {
        let retry = self
            .retry_after
            .map(|r| r.min(self.max_backoff))
            .unwrap_or_default();
        self.floor.max(retry)
    }

    /// The gap before the next poll, before jitter (rules 1 to 4).
    pub fn gap(&self) -> Duration {
        let base = self.interval.max(self.floor);
        let backed_off = if self.failures == 0 {
            base
        } else {
            let doublings = match self.failure {
                Failure::Transient => self.failures,
                Failure::Lasting => self.failures.saturating_mul(2),
            };
            let factor = 2u32.saturating_pow(doublings.min(30));
            base.saturating_mul(factor).min(self.max_backoff.max(base))
        };
        backed_off.max(self.hard_floor())
    }

    /// The next due time after `now` (rules 1 to 6). `random` is a fraction
    /// in `[0, 1)`.
    pub fn next_due(&self, now: DateTime<Utc>, random: f64) -> DateTime<Utc> {
        let gap = self.gap().as_secs_f64();
        let spread = gap * JITTER * (2.0 * random.clamp(0.0, 1.0) - 1.0);
        let mut seconds = gap + spread;
        if seconds < self.hard_floor().as_secs_f64() {
            seconds = gap + spread.abs();
        }
        let due = now + chrono::Duration::milliseconds((seconds.max(1.0) * 1000.0) as i64);
        self.skip.next_allowed(due)
    }
}

/// Rule 1: the feed's own interval, else its adaptive one, else the default.
pub fn choose_interval(
    configured: Option<Duration>,
    observed: Option<Duration>,
    config: &ScheduleConfig,
) -> Duration {
    configured
        .or_else(|| {
            observed
                .filter(|_| config.adaptive)
                .map(|gap| gap.clamp(config.min_interval, config.max_interval))
        })
        .unwrap_or(config.interval)
}

/// A cheap random fraction in `[0, 1)` for jitter (not for anything secret).
pub fn jitter_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests;
