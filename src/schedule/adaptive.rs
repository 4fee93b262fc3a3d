//! The adaptive interval: how often a feed publishes, from the dates of its
//! entries.
//!
//! The observed gap is the mean gap between the newest [`WINDOW`] dated
//! entries of the document, and at least half the age of the newest one,
//! so a feed that has gone quiet slows down instead of being polled at the
//! rate of its last burst. Entries dated in the future are ignored. The
//! caller clamps the result to `[min_interval, max_interval]`.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// How many of the newest entries the mean gap is taken over.
pub const WINDOW: usize = 10;

/// The observed publishing gap, or `None` with fewer than two distinct dates.
pub fn observed_gap(
    dates: impl IntoIterator<Item = DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<Duration> {
    let mut dates: Vec<DateTime<Utc>> = dates.into_iter().filter(|d| *d <= now).collect();
    dates.sort_unstable_by(|a, b| b.cmp(a));
    dates.dedup();
    dates.truncate(WINDOW);
    let (newest, oldest) = (*dates.first()?, *dates.last()?);
    if dates.len() < 2 {
        return None;
    }
    let mean = (newest - oldest) / (dates.len() as i32 - 1);
    let quiet = (now - newest) / 2;
    mean.max(quiet)
        .to_std()
        .ok()
        .map(|gap| gap.max(Duration::from_secs(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes_ago: i64, now: DateTime<Utc>) -> DateTime<Utc> {
        now - chrono::Duration::minutes(minutes_ago)
    }

    #[test]
    fn mean_gap_of_the_newest_entries() {
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let dates = [0, 60, 120, 180].map(|m| at(m, now));
        assert_eq!(observed_gap(dates, now), Some(Duration::from_secs(3600)));
    }

    #[test]
    fn only_the_window_counts_and_duplicates_do_not() {
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let mut dates: Vec<_> = (0..WINDOW as i64).map(|i| at(i * 10, now)).collect();
        dates.push(at(0, now));
        dates.push(at(100_000, now)); // an old entry outside the window
        assert_eq!(observed_gap(dates, now), Some(Duration::from_secs(600)));
    }

    #[test]
    fn a_quiet_feed_slows_down() {
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        // Two entries a minute apart, the newest ten hours old: 5 h.
        let dates = [600, 601].map(|m| at(m, now));
        assert_eq!(
            observed_gap(dates, now),
            Some(Duration::from_secs(5 * 3600))
        );
    }

    #[test]
    fn too_few_dates_or_future_dates_give_nothing() {
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        assert_eq!(observed_gap([at(5, now)], now), None);
        assert_eq!(observed_gap([at(5, now), at(-60, now)], now), None);
        assert_eq!(observed_gap([], now), None);
    }
}
