//! What to do with a subscription, decided from its stored state and the
//! time: ask the hub, renew, unsubscribe, give up, or wait (and until
//! when); and how to answer a hub's verification of intent. Pure: the
//! service (`service.rs`) and the callback (`callback.rs`) carry it out.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::store::{SubState, Subscription};

/// How long a hub has to verify a request before it counts as failed.
pub const VERIFY_TIMEOUT: Duration = Duration::from_secs(10 * 60);

/// First wait before asking a failing hub again; doubles per failure up to
/// [`MAX_RETRY`].
pub const FIRST_RETRY: Duration = Duration::from_secs(5 * 60);

/// Longest wait before asking a failing hub again (also a denial's wait).
pub const MAX_RETRY: Duration = Duration::from_secs(24 * 3600);

/// Longest head start of a renewal before the lease ends.
pub const MAX_RENEW_MARGIN: Duration = Duration::from_secs(24 * 3600);

/// What the service does now with one subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Send `hub.mode=subscribe` (first time, renewal, or retry).
    Subscribe,
    /// Send `hub.mode=unsubscribe`: the feed left the config.
    Unsubscribe,
    /// Delete the row: nothing more to ask of the hub.
    Forget,
    /// The hub did not verify in time, or the lease ran out unrenewed.
    Fail,
    /// Nothing now; look again at this time.
    Wait(DateTime<Utc>),
}

fn after(at: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    at + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

fn before(at: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    at - chrono::Duration::from_std(d).unwrap_or_default()
}

/// When a lease of `length` ending at `until` is renewed: a tenth of its
/// length before its end (at most [`MAX_RENEW_MARGIN`]), so a hub that is
/// slow to verify still has time before pushes stop.
pub fn renew_at(length: Duration, until: DateTime<Utc>) -> DateTime<Utc> {
    before(until, (length / 10).min(MAX_RENEW_MARGIN))
}

/// How long to wait after the `failures`-th failure in a row.
pub fn retry_delay(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    (FIRST_RETRY * 2u32.pow(doublings)).min(MAX_RETRY)
}

/// Whether pushes are flowing: verified, and the lease not over.
pub fn is_live(sub: &Subscription, now: DateTime<Utc>) -> bool {
    sub.state == SubState::Live && sub.lease_until.is_some_and(|u| u > now)
}

/// What to do with `sub` at `now`.
pub fn decide(sub: &Subscription, now: DateTime<Utc>) -> Action {
    let verify_by = |asked: Option<DateTime<Utc>>| after(asked.unwrap_or(now), VERIFY_TIMEOUT);
    if !sub.feed_active {
        return match sub.state {
            SubState::Live | SubState::Requested => Action::Unsubscribe,
            SubState::Unsubscribing if now < verify_by(sub.requested_at) => {
                Action::Wait(verify_by(sub.requested_at))
            }
            _ => Action::Forget,
        };
    }
    match sub.state {
        SubState::Discovered | SubState::Unsubscribing => Action::Subscribe,
        SubState::Requested => {
            let deadline = verify_by(sub.requested_at);
            if now >= deadline {
                Action::Fail
            } else {
                Action::Wait(deadline)
            }
        }
        SubState::Live => {
            let Some(until) = sub.lease_until else {
                return Action::Subscribe;
            };
            if now >= until {
                return Action::Fail;
            }
            let length = sub.lease_secs.map_or_else(
                || {
                    (until - sub.requested_at.unwrap_or(now))
                        .to_std()
                        .unwrap_or_default()
                },
                Duration::from_secs,
            );
            let renew = renew_at(length, until);
            let asked_since = sub.requested_at.is_some_and(|a| a >= renew);
            match sub.retry_at {
                // A renewal failed: ask again at the retry time.
                Some(retry) if now >= retry => Action::Subscribe,
                Some(retry) => Action::Wait(retry.min(until)),
                None if now >= renew && !asked_since => Action::Subscribe,
                // Renewal sent: wait for its verification, or the end.
                None if asked_since => Action::Wait(until),
                None => Action::Wait(renew),
            }
        }
        SubState::Failed | SubState::Denied => match sub.retry_at {
            Some(retry) if now < retry => Action::Wait(retry),
            _ => Action::Subscribe,
        },
    }
}

/// The hub's verification of intent, as received on the callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// `hub.mode`: `subscribe`, `unsubscribe` or `denied`.
    pub mode: String,
    /// `hub.topic`.
    pub topic: String,
    /// `hub.challenge` (absent for `denied`).
    pub challenge: Option<String>,
    /// `hub.lease_seconds`, when the hub says.
    pub lease_seconds: Option<u64>,
    /// `hub.reason` (`denied` only).
    pub reason: Option<String>,
}

/// How to answer a verification, and what it changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Echo the challenge (200); store the subscription as given.
    Confirm(Box<Subscription>),
    /// Echo the challenge (200); forget the subscription.
    ConfirmUnsubscribe(i64),
    /// Acknowledge a denial (200); store the subscription as given.
    Denied(Box<Subscription>),
    /// Not something tidings asked for: 404, nothing changes.
    Refuse,
}

/// Answers `v` for the subscription the callback's token names (`None`:
/// no such token). `lease` is what tidings asked for, taken when the hub
/// does not say what it granted.
pub fn verify(
    sub: Option<&Subscription>,
    v: &Verification,
    lease: Duration,
    now: DateTime<Utc>,
) -> Verdict {
    let Some(sub) = sub.filter(|s| s.topic == v.topic) else {
        return Verdict::Refuse;
    };
    match (v.mode.as_str(), sub.state, &v.challenge) {
        ("subscribe", SubState::Requested | SubState::Live, Some(_)) if sub.feed_active => {
            let granted = v.lease_seconds.map_or(lease, Duration::from_secs);
            let mut next = sub.clone();
            next.state = SubState::Live;
            next.lease_until = Some(after(now, granted));
            next.lease_secs = Some(granted.as_secs());
            next.failures = 0;
            next.retry_at = None;
            next.last_error = None;
            Verdict::Confirm(Box::new(next))
        }
        ("unsubscribe", SubState::Unsubscribing, Some(_)) => {
            Verdict::ConfirmUnsubscribe(sub.feed_id)
        }
        ("denied", SubState::Requested | SubState::Live, _) => {
            let mut next = sub.clone();
            next.state = SubState::Denied;
            next.lease_until = None;
            next.lease_secs = None;
            next.retry_at = Some(after(now, MAX_RETRY));
            next.last_error = Some(format!(
                "denied by the hub: {}",
                v.reason.as_deref().unwrap_or("no reason given")
            ));
            Verdict::Denied(Box::new(next))
        }
        _ => Verdict::Refuse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: u64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + s as i64, 0).unwrap()
    }

    fn sub(state: SubState) -> Subscription {
        Subscription {
            feed_id: 1,
            feed_active: true,
            hub: "https://hub.example/".into(),
            topic: "https://a.example/feed".into(),
            state,
            token: Some("t".into()),
            secret: Some("s".into()),
            lease_until: None,
            lease_secs: None,
            requested_at: None,
            last_push_at: None,
            pushes: 0,
            failures: 0,
            retry_at: None,
            last_error: None,
        }
    }

    #[test]
    fn a_lease_is_renewed_a_tenth_before_its_end_once() {
        let mut s = sub(SubState::Live);
        s.requested_at = Some(at(0));
        s.lease_until = Some(at(1000));
        s.lease_secs = Some(1000);
        assert_eq!(decide(&s, at(10)), Action::Wait(at(900)));
        assert_eq!(decide(&s, at(900)), Action::Subscribe);
        // Renewal sent at 900: wait for the hub, not ask again.
        s.requested_at = Some(at(900));
        assert_eq!(decide(&s, at(950)), Action::Wait(at(1000)));
        // Never verified: the lease runs out and the subscription fails.
        assert_eq!(decide(&s, at(1000)), Action::Fail);
        // Ten-day lease: renewed a day before its end.
        s.requested_at = Some(at(0));
        s.lease_until = Some(at(10 * 86_400));
        assert_eq!(
            renew_at(Duration::from_secs(10 * 86_400), at(10 * 86_400)),
            at(9 * 86_400)
        );
        // The granted length, not the last request, sets the renewal point.
        s.lease_secs = Some(1000);
        s.requested_at = Some(at(9 * 86_400 - 5000));
        s.lease_until = Some(at(9 * 86_400 + 500));
        assert_eq!(
            decide(&s, at(9 * 86_400)),
            Action::Wait(at(9 * 86_400 + 400))
        );
        s.lease_secs = None;
        // A failed renewal is retried at its retry time, never after the end.
        s.lease_until = Some(at(1000));
        s.retry_at = Some(at(2000));
        assert_eq!(decide(&s, at(950)), Action::Wait(at(1000)));
    }

    #[test]
    fn requests_time_out_and_failures_back_off() {
        let mut s = sub(SubState::Requested);
        s.requested_at = Some(at(0));
        assert_eq!(decide(&s, at(1)), Action::Wait(at(600)));
        assert_eq!(decide(&s, at(600)), Action::Fail);
        assert_eq!(decide(&sub(SubState::Discovered), at(0)), Action::Subscribe);
        let mut f = sub(SubState::Failed);
        f.retry_at = Some(at(300));
        assert_eq!(decide(&f, at(1)), Action::Wait(at(300)));
        assert_eq!(decide(&f, at(300)), Action::Subscribe);
        assert_eq!(retry_delay(1), FIRST_RETRY);
        assert_eq!(retry_delay(2), FIRST_RETRY * 2);
        assert_eq!(retry_delay(100), MAX_RETRY);
    }

    #[test]
    fn a_removed_feed_is_unsubscribed_then_forgotten() {
        let mut s = sub(SubState::Live);
        s.feed_active = false;
        assert_eq!(decide(&s, at(0)), Action::Unsubscribe);
        s.state = SubState::Unsubscribing;
        s.requested_at = Some(at(0));
        assert_eq!(decide(&s, at(1)), Action::Wait(at(600)));
        assert_eq!(decide(&s, at(600)), Action::Forget);
        s.state = SubState::Failed;
        assert_eq!(decide(&s, at(0)), Action::Forget);
    }

    fn verification(mode: &str, topic: &str) -> Verification {
        Verification {
            mode: mode.into(),
            topic: topic.into(),
            challenge: Some("c".into()),
            lease_seconds: Some(100),
            reason: None,
        }
    }

    #[test]
    fn only_what_was_asked_is_confirmed() {
        let lease = Duration::from_secs(50);
        let s = sub(SubState::Requested);
        let v = verification("subscribe", "https://a.example/feed");
        let Verdict::Confirm(live) = verify(Some(&s), &v, lease, at(0)) else {
            panic!("not confirmed")
        };
        assert_eq!(live.state, SubState::Live);
        assert_eq!(live.lease_until, Some(at(100)));
        assert_eq!(live.lease_secs, Some(100));
        // Unknown token, other topic, mode not asked for: refused.
        assert_eq!(verify(None, &v, lease, at(0)), Verdict::Refuse);
        let other = verification("subscribe", "https://evil.example/feed");
        assert_eq!(verify(Some(&s), &other, lease, at(0)), Verdict::Refuse);
        let unsub = verification("unsubscribe", "https://a.example/feed");
        assert_eq!(verify(Some(&s), &unsub, lease, at(0)), Verdict::Refuse);
        assert_eq!(
            verify(Some(&sub(SubState::Discovered)), &v, lease, at(0)),
            Verdict::Refuse
        );
        let mut leaving = sub(SubState::Unsubscribing);
        leaving.feed_active = false;
        assert_eq!(
            verify(Some(&leaving), &unsub, lease, at(0)),
            Verdict::ConfirmUnsubscribe(1)
        );
        assert_eq!(verify(Some(&leaving), &v, lease, at(0)), Verdict::Refuse);
        let denied = Verification {
            challenge: None,
            reason: Some("no".into()),
            ..verification("denied", "https://a.example/feed")
        };
        assert!(
            matches!(verify(Some(&s), &denied, lease, at(0)), Verdict::Denied(d) if d.state == SubState::Denied)
        );
    }
}
