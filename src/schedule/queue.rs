//! The daemon's due times, in memory, on tokio's clock.
//!
//! The database keeps every feed's `next_due_at` (wall-clock time, so a
//! restart resumes where it stopped); the daemon loads them into a
//! [`DueQueue`] of tokio [`Instant`]s and sleeps until the earliest one with
//! [`DueQueue::wait`]. Nothing ticks: the loop wakes when a feed is due, or
//! when something else (a finished poll, a reload, a signal) wakes it.
//! Being on tokio's clock, the queue runs on paused time in tests.
//!
//! A feed handed out by [`DueQueue::take_due`] is *in flight* until
//! [`DueQueue::finish`]: it is never handed out twice, and its (past) due
//! time does not make the loop spin.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::time::Instant;

/// Feed ids and when each is due.
#[derive(Debug, Default)]
pub struct DueQueue {
    due: HashMap<i64, Instant>,
    in_flight: HashSet<i64>,
    /// Every feed the queue schedules, in flight or not: a poll that ends
    /// after its feed was removed (a reload) does not bring it back.
    known: HashSet<i64>,
}

/// The tokio instant of a wall-clock due time, given the present on both
/// clocks; a time in the past is `now_instant`.
pub fn instant_for(due: DateTime<Utc>, now: DateTime<Utc>, now_instant: Instant) -> Instant {
    now_instant + (due - now).to_std().unwrap_or(Duration::ZERO)
}

impl DueQueue {
    /// An empty queue.
    pub fn new() -> DueQueue {
        DueQueue::default()
    }

    /// Schedules feed `id` at `at` (replacing its due time). A feed in
    /// flight keeps the time its poll will set.
    pub fn set(&mut self, id: i64, at: Instant) {
        self.known.insert(id);
        if !self.in_flight.contains(&id) {
            self.due.insert(id, at);
        }
    }

    /// Forgets every feed not in `keep` (removed from the config, or gone).
    pub fn retain(&mut self, keep: &HashSet<i64>) {
        self.due.retain(|id, _| keep.contains(id));
        self.known.retain(|id| keep.contains(id));
    }

    /// Hands out the feeds due at `now` with their due times, earliest
    /// first, marking them in flight.
    pub fn take_due_at(&mut self, now: Instant) -> Vec<(i64, Instant)> {
        let mut due: Vec<(Instant, i64)> = self
            .due
            .iter()
            .filter(|(id, at)| **at <= now && !self.in_flight.contains(id))
            .map(|(id, at)| (*at, *id))
            .collect();
        due.sort_unstable();
        for (_, id) in &due {
            self.due.remove(id);
            self.in_flight.insert(*id);
        }
        due.into_iter().map(|(at, id)| (id, at)).collect()
    }

    /// [`DueQueue::take_due_at`] without the due times.
    pub fn take_due(&mut self, now: Instant) -> Vec<i64> {
        self.take_due_at(now)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    }

    /// A poll of `id` ended; it is due again at `next` (`None`: never, e.g.
    /// the feed is gone), unless it was removed meanwhile.
    pub fn finish(&mut self, id: i64, next: Option<Instant>) {
        self.in_flight.remove(&id);
        match next {
            Some(at) if self.known.contains(&id) => {
                self.due.insert(id, at);
            }
            _ => {
                self.due.remove(&id);
                self.known.remove(&id);
            }
        }
    }

    /// Moves every feed of `ids` that is due before `until` to `until`
    /// (a host asked to be left alone until then).
    pub fn postpone(&mut self, ids: &[i64], until: Instant) {
        for id in ids {
            if let Some(at) = self.due.get_mut(id) {
                *at = (*at).max(until);
            }
        }
    }

    /// Feeds in flight.
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// The earliest due time of a feed not in flight.
    pub fn next_wake(&self) -> Option<Instant> {
        self.due.values().min().copied()
    }

    /// Sleeps until the earliest due time, or for `cap` at most (so wall
    /// clock jumps and the watchdog are noticed).
    pub async fn wait(&self, cap: Duration) {
        let limit = Instant::now() + cap;
        let until = self.next_wake().map_or(limit, |at| at.min(limit));
        tokio::time::sleep_until(until).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAP: Duration = Duration::from_secs(900);

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[tokio::test(start_paused = true)]
    async fn sleeps_exactly_until_the_earliest_due_feed() {
        let start = Instant::now();
        let mut queue = DueQueue::new();
        queue.set(1, start + secs(60));
        queue.set(2, start + secs(30));
        assert!(queue.take_due(Instant::now()).is_empty());

        queue.wait(CAP).await;
        assert_eq!(start.elapsed(), secs(30));
        assert_eq!(queue.take_due(Instant::now()), vec![2]);

        queue.wait(CAP).await;
        assert_eq!(start.elapsed(), secs(60));
        assert_eq!(queue.take_due(Instant::now()), vec![1]);
    }

    #[tokio::test(start_paused = true)]
    async fn an_empty_queue_sleeps_for_the_cap_only() {
        let start = Instant::now();
        DueQueue::new().wait(CAP).await;
        assert_eq!(start.elapsed(), CAP);
    }

    #[tokio::test(start_paused = true)]
    async fn feeds_in_flight_are_not_handed_out_twice_nor_wake_the_loop() {
        let start = Instant::now();
        let mut queue = DueQueue::new();
        queue.set(1, start);
        queue.set(2, start + secs(10));
        assert_eq!(queue.take_due(start), vec![1]);
        assert_eq!(queue.in_flight(), 1);
        // Feed 1 is in flight: its past due time must not wake the loop.
        assert_eq!(queue.next_wake(), Some(start + secs(10)));
        queue.set(1, start); // a reload does not reschedule a feed in flight
        assert!(queue.take_due(start + secs(5)).is_empty());

        tokio::time::advance(secs(10)).await;
        assert_eq!(queue.take_due(Instant::now()), vec![2]);
        queue.finish(1, Some(start + secs(40)));
        queue.finish(2, None);
        assert_eq!(queue.in_flight(), 0);
        queue.wait(CAP).await;
        assert_eq!(start.elapsed(), secs(40));
        assert_eq!(queue.take_due(Instant::now()), vec![1]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_feed_removed_while_in_flight_is_not_scheduled_again() {
        let start = Instant::now();
        let mut queue = DueQueue::new();
        queue.set(1, start);
        queue.set(2, start);
        assert_eq!(queue.take_due(start), vec![1, 2]);
        queue.retain(&HashSet::from([2])); // a reload removed feed 1
        queue.finish(1, Some(start + secs(10)));
        queue.finish(2, Some(start + secs(20)));
        assert_eq!(queue.next_wake(), Some(start + secs(20)));
        queue.wait(CAP).await;
        assert_eq!(queue.take_due(Instant::now()), vec![2]);
    }

    #[tokio::test(start_paused = true)]
    async fn due_feeds_come_out_earliest_first() {
        let start = Instant::now();
        let mut queue = DueQueue::new();
        for (id, at) in [(1, 3), (2, 1), (3, 2)] {
            queue.set(id, start + secs(at));
        }
        tokio::time::advance(secs(5)).await;
        assert_eq!(queue.take_due(Instant::now()), vec![2, 3, 1]);
    }

    #[tokio::test(start_paused = true)]
    async fn postponing_a_host_only_ever_moves_feeds_later() {
        let start = Instant::now();
        let mut queue = DueQueue::new();
        queue.set(1, start + secs(5));
        queue.set(2, start + secs(500));
        queue.postpone(&[1, 2], start + secs(120));
        queue.wait(CAP).await;
        assert_eq!(start.elapsed(), secs(120));
        assert_eq!(queue.take_due(Instant::now()), vec![1]);
        assert_eq!(queue.next_wake(), Some(start + secs(500)));
    }

    #[tokio::test(start_paused = true)]
    async fn removed_feeds_are_forgotten_and_wall_times_map_to_instants() {
        let start = Instant::now();
        let mut queue = DueQueue::new();
        queue.set(1, start + secs(5));
        queue.set(2, start + secs(6));
        queue.retain(&HashSet::from([2]));
        assert_eq!(queue.next_wake(), Some(start + secs(6)));

        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let later = now + chrono::Duration::seconds(90);
        assert_eq!(instant_for(later, now, start), start + secs(90));
        let earlier = now - chrono::Duration::seconds(90);
        assert_eq!(instant_for(earlier, now, start), start);
    }
}
