//! When a feed is due next: its interval, exponential backoff on failure,
//! and jitter so feeds added together drift apart.
//!
//! Pure arithmetic: no clock, no I/O. Callers pass `now` and a random
//! fraction, which keeps every rule testable.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// Share of the interval by which a due time may move either way (±10%).
pub const JITTER: f64 = 0.10;

/// The inputs of one scheduling decision.
#[derive(Debug, Clone, Copy)]
pub struct ScheduleInput {
    /// The feed's interval (its own, else the default).
    pub interval: Duration,
    /// Failed polls in a row, counting the one just finished.
    pub failures: u32,
    /// The longest gap backoff may reach.
    pub max_backoff: Duration,
    /// A server-requested delay (`Retry-After`), if any: never polled sooner.
    pub retry_after: Option<Duration>,
}

/// The gap before the next poll, before jitter: the interval, doubled per
/// consecutive failure and capped at `max_backoff` (but never below the
/// interval itself), and never shorter than what the server asked.
pub fn next_gap(input: &ScheduleInput) -> Duration {
    let base = if input.failures == 0 {
        input.interval
    } else {
        let factor = 2u32.saturating_pow(input.failures.min(30));
        input
            .interval
            .saturating_mul(factor)
            .min(input.max_backoff.max(input.interval))
    };
    match input.retry_after {
        Some(asked) => base.max(asked),
        None => base,
    }
}

/// The next due time: `now + gap`, moved by up to ±[`JITTER`] of the gap.
/// `random` is a fraction in `[0, 1)`.
pub fn next_due(now: DateTime<Utc>, gap: Duration, random: f64) -> DateTime<Utc> {
    let spread = gap.as_secs_f64() * JITTER * (2.0 * random.clamp(0.0, 1.0) - 1.0);
    let seconds = (gap.as_secs_f64() + spread).max(1.0);
    now + chrono::Duration::milliseconds((seconds * 1000.0) as i64)
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
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    fn input(failures: u32) -> ScheduleInput {
        ScheduleInput {
            interval: 10 * MIN,
            failures,
            max_backoff: 60 * MIN,
            retry_after: None,
        }
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(next_gap(&input(0)), 10 * MIN);
        assert_eq!(next_gap(&input(1)), 20 * MIN);
        assert_eq!(next_gap(&input(2)), 40 * MIN);
        assert_eq!(next_gap(&input(3)), 60 * MIN);
        assert_eq!(next_gap(&input(1000)), 60 * MIN);
    }

    #[test]
    fn retry_after_is_never_cut_short() {
        let mut i = input(1);
        i.retry_after = Some(120 * MIN);
        assert_eq!(next_gap(&i), 120 * MIN);
        i.retry_after = Some(MIN);
        assert_eq!(next_gap(&i), 20 * MIN);
    }

    #[test]
    fn jitter_stays_within_ten_percent() {
        let now = DateTime::from_timestamp(0, 0).unwrap();
        let gap = 100 * MIN;
        assert_eq!(next_due(now, gap, 0.0), now + chrono::Duration::minutes(90));
        assert_eq!(
            next_due(now, gap, 0.5),
            now + chrono::Duration::minutes(100)
        );
        assert!(next_due(now, gap, 0.999_999) <= now + chrono::Duration::minutes(110));
        let r = jitter_fraction();
        assert!((0.0..1.0).contains(&r));
    }
}
