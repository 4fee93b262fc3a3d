//! Builders shared by the store's tests: a fixed clock, feeds, articles and
//! polls, so each test file states only what its cases change.

use std::time::Duration;

use chrono::{DateTime, Utc};
use url::Url;

use crate::config::{FeedConfig, FeedOrigin};
use crate::model::{Article, DateSource, FeedMeta, FeedPoll, PollOutcome, Validators};

/// `secs` seconds after the sample article's publication (2016-12-08 10:00 UTC).
pub(super) fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_481_191_200 + secs, 0).unwrap()
}

/// A configured feed with a 10-minute interval, no title and no tags.
pub(super) fn feed(url: &str) -> FeedConfig {
    FeedConfig {
        url: Url::parse(url).unwrap(),
        title: None,
        tags: vec![],
        interval: Some(Duration::from_secs(600)),
        full_text: None,
        http: Default::default(),
        origin: FeedOrigin::Config { line: 1 },
    }
}

/// An English entry published at [`at(0)`](at). Its link is `guid` when
/// that is a URL, else `https://example.com/<guid>`; its hash is the real
/// [`content_hash`](crate::normalize::content_hash) of title and body.
pub(super) fn article(guid: &str, title: &str, body: &str) -> Article {
    let link = if guid.starts_with("http") {
        guid.to_string()
    } else {
        format!("https://example.com/{guid}")
    };
    Article {
        guid: Some(guid.into()),
        details: Default::default(),
        link: Some(link),
        title: title.into(),
        authors: vec![],
        categories: vec![],
        language: Some("en".into()),
        enclosures: vec![],
        published: Some(at(0)),
        updated: None,
        date_source: DateSource::Published,
        raw_date: None,
        summary: None,
        body_text: body.into(),
        body_html: None,
        dateline: None,
        word_count: body.split_whitespace().count() as u32,
        content_hash: crate::normalize::content_hash(title, body),
        body_source: Default::default(),
    }
}

/// A 200 poll of `feed_id` at `at(polled)` that brought `articles`.
pub(super) fn fetched(feed_id: i64, polled: i64, articles: Vec<Article>) -> FeedPoll {
    FeedPoll {
        feed_id,
        polled_at: at(polled),
        next_due: at(polled + 600),
        duration_ms: 1,
        outcome: PollOutcome::Fetched {
            status: Some(200),
            final_url: "https://example.com/feed".into(),
            validators: Validators::default(),
            bytes: 10,
            meta: FeedMeta::default(),
            articles,
            warnings: vec![],
        },
        redirect: None,
        rhythm: None,
        postpone: None,
    }
}
