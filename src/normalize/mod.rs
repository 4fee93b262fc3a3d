//! (stub until the normalize branch lands)
use crate::model::{Article, FeedMeta};
/// Stub.
pub fn normalize_feed(
    _feed: &feed_rs::model::Feed,
    _base: &url::Url,
    _now: chrono::DateTime<chrono::Utc>,
) -> (FeedMeta, Vec<Article>) {
    (FeedMeta::default(), Vec::new())
}
