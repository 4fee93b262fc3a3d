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

use crate::dedup::textkeys::{compared_text, PreparedKeys, TextKeys};
use crate::model::Article;
use crate::normalize::Collected;
use crate::parse::ParseError;

/// One permit per CPU core.
static PARSE_SLOTS: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(1, |n| n.get())));

/// How many nice steps below the rest of tidings a thread that has parsed
/// runs ([`yield_to_writer`]).
pub const PARSE_NICENESS: i32 = 10;

/// Lowers the calling thread's CPU priority by `PARSE_NICENESS`, 10 steps
/// (once per thread; Linux, where niceness is per thread; elsewhere a
/// no-op). Parse work calls it on the blocking pool before it starts.
///
/// Why: the store's writer thread is the one stage that cannot run in
/// parallel, and on a small machine (2 cores) it competes for the CPU with
/// the parse threads. At equal priority the scheduler gives each of the
/// three about two thirds of a core, so the writer, and with it the whole
/// poll, runs slower than it could. With the writer
/// ahead, parsing uses what the writer leaves, and when the writer waits
/// for work the parse threads get the whole machine. The threads of the async runtime
/// (fetching) and the writer are not touched: the writer is started from
/// one of them or from the main thread, and a thread inherits its
/// creator's niceness. Lowering one's own priority needs no privilege;
/// raising it back would, so a thread stays lowered (the blocking pool runs
/// only blocking work: parsing, page extraction, joins).
pub fn yield_to_writer() {
    thread_local! {
        static LOWERED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if LOWERED.with(|lowered| lowered.replace(true)) {
        return;
    }
    #[cfg(target_os = "linux")]
    lower_this_thread(PARSE_NICENESS);
}

/// Adds `steps` to the calling thread's nice value (at most 19). Failure
/// leaves the priority as it was: only speed depends on it.
#[cfg(target_os = "linux")]
fn lower_this_thread(steps: i32) {
    // SAFETY: plain syscalls on the calling thread (`who` = its thread id);
    // errno is cleared first because -1 is a valid nice value.
    unsafe {
        let tid = libc::gettid() as libc::id_t;
        *libc::__errno_location() = 0;
        let current = libc::getpriority(libc::PRIO_PROCESS, tid);
        if current == -1 && *libc::__errno_location() != 0 {
            return;
        }
        libc::setpriority(libc::PRIO_PROCESS, tid, (current + steps).min(19));
    }
}

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
/// handed to the writer thread beside the entries so it finds them ready
/// (entry `i` has key `i`): all of them on a feed's first
/// successful poll (`since` is `None`), else those dated after `since`
/// (less `NEW_ENTRY_SLACK`) or not dated at all. An entry guessed wrong
/// costs only time: the store computes what it finds missing, and the keys
/// of an entry it already has go unused. Call it on the blocking pool.
pub fn prepare_text_keys(
    articles: &[Article],
    since: Option<DateTime<Utc>>,
    near: bool,
) -> PreparedKeys {
    let after = since.map(|t| t - NEW_ENTRY_SLACK);
    let keys: Vec<Option<TextKeys>> = articles
        .iter()
        .map(|article| {
            let dated = article.published.or(article.updated);
            let likely_new = match (after, dated) {
                (Some(after), Some(dated)) => dated > after,
                _ => true,
            };
            likely_new.then(|| {
                let text = compared_text(&article.body_text, article.summary.as_deref());
                TextKeys::of(&article.title, text, near)
            })
        })
        .collect();
    PreparedKeys::from(keys)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The calling thread's nice value.
    fn nice() -> i32 {
        // SAFETY: a read of the calling thread's own priority.
        unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) }
    }

    #[test]
    fn a_parse_thread_yields_once_and_alone() {
        let (base, after, again) = std::thread::spawn(|| {
            let base = nice();
            yield_to_writer();
            let after = nice();
            yield_to_writer();
            (base, after, nice())
        })
        .join()
        .unwrap();
        assert_eq!(after, (base + PARSE_NICENESS).min(19));
        assert_eq!(again, after, "lowered once per thread, not per parse");
        // Another thread (the writer, say) keeps the process's priority.
        let other = std::thread::spawn(nice).join().unwrap();
        assert_eq!(other, base);
    }
}
