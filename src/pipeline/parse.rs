//! Parsing a fetched body: at most one parse per CPU core, piece by piece.
//!
//! Parsing is CPU-bound and holds a whole document in memory, so whatever
//! `fetch.concurrency` lets through, at most one parse per core runs at a
//! time ([`parse_slot`]). [`parse_and_normalize_blocking`] runs the parse
//! layers ([`crate::parse::parse_in_pieces`]) and normalizes each piece as
//! it comes, so at most one piece's feed-rs model is alive; `tidings parse`
//! uses it too, so what it prints is what a poll stores.

use std::sync::LazyLock;

use chrono::{DateTime, TimeDelta, Utc};
use tokio::sync::{Semaphore, SemaphorePermit};
use url::Url;

use crate::dedup::textkeys::{compared_text, TextKeys};
use crate::model::Article;
use crate::normalize::Collected;
use crate::parse::ParseError;

/// One permit per CPU core.
static PARSE_SLOTS: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(1, |n| n.get())));

/// Waits for a free parse slot; parse while holding it.
pub async fn parse_slot() -> Result<SemaphorePermit<'static>, ParseError> {
    PARSE_SLOTS
        .acquire()
        .await
        .map_err(|_| ParseError::Cancelled)
}

/// Parses `text` (decoded, with `base` its final URL) piece by piece and
/// normalizes each piece as it comes, then applies the record limits
/// ([`super::limits`]); returns the articles and every repair made on the way. Call it on the blocking pool, holding a [`parse_slot`].
pub fn parse_and_normalize_blocking(
    text: &str,
    base: &Url,
) -> Result<(Collected, Vec<String>), ParseError> {
    let now = Utc::now();
    let mut collected = Collected::default();
    let mut warnings =
        crate::parse::parse_in_pieces(text, base, &mut |piece| collected.add(&piece, base, now))?;
    warnings.extend(super::limits::apply(&mut collected.articles));
    Ok((collected, warnings))
}

/// How long before a feed's last successful poll an entry may be dated and
/// still be expected new (late publishing, clocks a little off).
const NEW_ENTRY_SLACK: TimeDelta = TimeDelta::hours(1);

/// Computes the dedup keys ([`TextKeys`]) of the entries likely to be new,
/// so the writer thread finds them ready: all of them on a feed's first
/// successful poll (`since` is `None`), else those dated after `since`
/// (less `NEW_ENTRY_SLACK`) or not dated at all. An entry guessed wrong
/// costs only time: the store computes what it finds missing, and the keys
/// of an entry it already has go unused. Call it on the blocking pool.
pub fn prepare_text_keys(articles: &mut [Article], since: Option<DateTime<Utc>>, near: bool) {
    let after = since.map(|t| t - NEW_ENTRY_SLACK);
    for article in articles {
        let dated = article.published.or(article.updated);
        let likely_new = match (after, dated) {
            (Some(after), Some(dated)) => dated > after,
            _ => true,
        };
        if likely_new {
            let text = compared_text(&article.body_text, article.summary.as_deref());
            article.text_keys = Some(TextKeys::of(&article.title, text, near));
        }
    }
}
