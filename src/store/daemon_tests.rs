//! Store tests for what the daemon adds: the bounded fetch history, 410s,
//! redirects, host postponements, interval changes, feed states.

use std::time::Duration;

use chrono::{DateTime, Utc};
use url::Url;

use super::*;
use crate::config::{FeedConfig, FeedOrigin};
use crate::dedup::Policy;
use crate::model::{FeedPoll, PollOutcome, Postponement, RedirectState};

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000 + secs, 0).unwrap()
}

fn feed(url: &str, interval: u64) -> FeedConfig {
    FeedConfig {
        url: Url::parse(url).unwrap(),
        title: None,
        tags: vec![],
        interval: Some(Duration::from_secs(interval)),
        full_text: None,
        http: Default::default(),
        origin: FeedOrigin::Config { line: 1 },
    }
}

fn open(urls: &[&str]) -> (tempfile::TempDir, Store, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let feeds: Vec<FeedConfig> = urls.iter().map(|u| feed(u, 600)).collect();
    store.sync_feeds(&feeds, at(0)).unwrap();
    let ids = store.feeds().unwrap().iter().map(|f| f.id).collect();
    (dir, store, ids)
}

fn poll(feed_id: i64, polled: i64, outcome: PollOutcome) -> FeedPoll {
    FeedPoll {
        feed_id,
        polled_at: at(polled),
        next_due: at(polled + 600),
        duration_ms: 5,
        outcome,
        redirect: None,
        rhythm: None,
        postpone: None,
    }
}

fn not_modified() -> PollOutcome {
    PollOutcome::NotModified {
        status: Some(304),
        final_url: "https://example.com/feed".into(),
    }
}

#[test]
fn history_keeps_the_last_hundred_polls_per_feed() {
    let (_dir, mut store, ids) = open(&["https://example.com/a", "https://example.com/b"]);
    for i in 0..(HISTORY_PER_FEED + 5) {
        store
            .apply_poll(&poll(ids[0], i, not_modified()), &Policy::default())
            .unwrap();
    }
    store
        .apply_poll(
            &poll(
                ids[1],
                1,
                PollOutcome::Failed {
                    status: Some(500),
                    error: "HTTP status 500".into(),
                },
            ),
            &Policy::default(),
        )
        .unwrap();
    let history = store.history(ids[0], 1000).unwrap();
    assert_eq!(history.len() as i64, HISTORY_PER_FEED);
    assert_eq!(
        history[0].polled_at,
        at(HISTORY_PER_FEED + 4),
        "newest first"
    );
    assert_eq!(history.last().unwrap().polled_at, at(5), "oldest pruned");
    let other = store.history(ids[1], 10).unwrap();
    assert_eq!(other.len(), 1);
    assert_eq!(other[0].outcome, "failed");
    assert_eq!(other[0].error.as_deref(), Some("HTTP status 500"));

    let statuses = store.feed_statuses().unwrap();
    assert_eq!(statuses[0].not_modified_share, Some(1.0));
    assert_eq!(statuses[0].state, "ok");
    assert_eq!(statuses[1].state, "failing");
    assert_eq!(statuses[1].last_poll.as_ref().unwrap().status, Some(500));
}

#[test]
fn a_gone_feed_leaves_the_schedule_and_a_success_brings_it_back() {
    let (_dir, mut store, ids) = open(&["https://example.com/gone"]);
    let gone = PollOutcome::Gone {
        status: Some(410),
        final_url: "https://example.com/gone".into(),
    };
    store
        .apply_poll(&poll(ids[0], 1, gone), &Policy::default())
        .unwrap();
    let record = store.feeds().unwrap().remove(0);
    assert_eq!(record.gone_at, Some(at(1)));
    assert_eq!(record.state(), "gone");
    assert!(!record.is_due(at(10_000)));
    assert!(store.due_times().unwrap().is_empty());
    assert_eq!(
        store.feed_state_counts().unwrap(),
        vec![("gone".to_string(), 1)]
    );

    store
        .apply_poll(&poll(ids[0], 2, not_modified()), &Policy::default())
        .unwrap();
    let record = store.feeds().unwrap().remove(0);
    assert_eq!((record.gone_at, record.state()), (None, "ok"));
    assert_eq!(store.due_times().unwrap(), vec![(ids[0], Some(at(602)))]);
}

#[test]
fn redirect_state_is_stored_and_a_moved_feed_is_fetched_from_its_new_home() {
    let (_dir, mut store, ids) = open(&["https://example.com/old"]);
    let mut p = poll(ids[0], 1, not_modified());
    p.redirect = Some(RedirectState {
        to: Some("https://example.com/new".into()),
        count: 2,
        moved_to: None,
    });
    store.apply_poll(&p, &Policy::default()).unwrap();
    let record = store.feeds().unwrap().remove(0);
    assert_eq!(record.redirect_count, 2);
    assert_eq!(record.fetch_url(), "https://example.com/old");

    p.redirect = Some(RedirectState {
        to: None,
        count: 0,
        moved_to: Some("https://example.com/new".into()),
    });
    store.apply_poll(&p, &Policy::default()).unwrap();
    let record = store.feeds().unwrap().remove(0);
    assert_eq!(record.fetch_url(), "https://example.com/new");
    assert_eq!(record.url, "https://example.com/old");
    assert_eq!(
        store.feed_urls().unwrap(),
        vec![(ids[0], "https://example.com/new".to_string())]
    );
}

#[test]
fn postponing_only_ever_moves_due_times_later() {
    let (_dir, mut store, ids) = open(&["https://example.com/a", "https://example.com/b"]);
    store
        .apply_poll(&poll(ids[1], 0, not_modified()), &Policy::default())
        .unwrap(); // b due at 600
    let mut p = poll(
        ids[0],
        0,
        PollOutcome::Failed {
            status: Some(429),
            error: "HTTP status 429".into(),
        },
    );
    p.postpone = Some(Postponement {
        feed_ids: vec![ids[1]],
        until: at(300),
    });
    store.apply_poll(&p, &Policy::default()).unwrap();
    assert_eq!(store.due_times().unwrap()[1], (ids[1], Some(at(600))));
    store
        .postpone(&Postponement {
            feed_ids: vec![ids[1]],
            until: at(900),
        })
        .unwrap();
    assert_eq!(store.due_times().unwrap()[1], (ids[1], Some(at(900))));
}

#[test]
fn a_changed_interval_makes_a_healthy_feed_due_now() {
    let (_dir, mut store, ids) = open(&["https://example.com/a"]);
    store
        .apply_poll(&poll(ids[0], 0, not_modified()), &Policy::default())
        .unwrap();
    store
        .sync_feeds(&[feed("https://example.com/a", 600)], at(1))
        .unwrap();
    assert_eq!(store.due_times().unwrap(), vec![(ids[0], Some(at(600)))]);
    store
        .sync_feeds(&[feed("https://example.com/a", 60)], at(2))
        .unwrap();
    assert_eq!(store.due_times().unwrap(), vec![(ids[0], None)]);
}
