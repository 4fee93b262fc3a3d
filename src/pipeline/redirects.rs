//! Permanent-redirect bookkeeping: when a feed moves.
//!
//! A feed moves only after the *same* permanent redirect (301/308) on
//! `schedule.redirect_threshold` answered polls in a row. An answer without
//! it resets the count (a temporary redirect counts as "without"); a poll
//! that got no answer is no evidence either way and is not passed here.

use crate::model::RedirectState;

/// The bookkeeping after an answered poll whose permanent redirect target
/// was `target` (`None`: none), and whether the feed moves now.
pub(crate) fn next_state(
    current: &RedirectState,
    target: Option<&str>,
    threshold: u32,
) -> (RedirectState, bool) {
    let Some(target) = target else {
        return (
            RedirectState {
                to: None,
                count: 0,
                moved_to: current.moved_to.clone(),
            },
            false,
        );
    };
    let count = if current.to.as_deref() == Some(target) {
        current.count + 1
    } else {
        1
    };
    if count >= threshold {
        let moved = RedirectState {
            to: None,
            count: 0,
            moved_to: Some(target.to_string()),
        };
        (moved, true)
    } else {
        let seen = RedirectState {
            to: Some(target.to_string()),
            count,
            moved_to: current.moved_to.clone(),
        };
        (seen, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEW: &str = "https://example.com/new";

    #[test]
    fn the_same_permanent_redirect_must_repeat_before_the_feed_moves() {
        let mut state = RedirectState::default();
        for expected in 1..3 {
            let (next, moved) = next_state(&state, Some(NEW), 3);
            assert!(!moved);
            assert_eq!((next.to.as_deref(), next.count), (Some(NEW), expected));
            state = next;
        }
        let (next, moved) = next_state(&state, Some(NEW), 3);
        assert!(moved);
        assert_eq!(next.moved_to.as_deref(), Some(NEW));
        assert_eq!((next.to, next.count), (None, 0));
    }

    #[test]
    fn an_answer_without_it_or_another_target_starts_over() {
        let state = RedirectState {
            to: Some(NEW.into()),
            count: 2,
            moved_to: None,
        };
        let (next, moved) = next_state(&state, None, 3);
        assert!(!moved);
        assert_eq!(next, RedirectState::default());
        let (next, moved) = next_state(&state, Some("https://example.com/other"), 3);
        assert!(!moved);
        assert_eq!(next.count, 1);
    }

    #[test]
    fn a_threshold_of_one_moves_at_once_and_a_moved_feed_keeps_its_home() {
        let (next, moved) = next_state(&RedirectState::default(), Some(NEW), 1);
        assert!(moved);
        let (after, moved) = next_state(&next, None, 1);
        assert!(!moved);
        assert_eq!(after.moved_to.as_deref(), Some(NEW));
    }
}
