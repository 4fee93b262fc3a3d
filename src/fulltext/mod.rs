//! Full text: an entry's whole article from its web page, when the feed
//! only gives a teaser.
//!
//! Per feed (`full_text` in `[[feeds]]`) or for all (`[full_text] mode`):
//! `never` (the default), `always`, or `auto`, which fetches the page only
//! when the feed's body looks like a teaser ([`looks_like_teaser`]) and
//! keeps the page's text only when it says clearly more ([`page_is_better`]).
//!
//! | file         | its one job                                                 |
//! |--------------|-------------------------------------------------------------|
//! | `teaser.rs`  | is the feed's body a teaser; is the page's text better      |
//! | `extract.rs` | page HTML → main content → text, HTML, dateline             |
//! | `clean.rs`   | clutter inside the article block: captions, promos, bylines |
//! | `robots.rs`  | robots.txt: origins, answers, expiry, the per-origin cache  |
//!
//! Pure, no I/O: the pipeline (`pipeline::pages`) fetches pages and
//! robots.txt through the shared [`crate::fetch::Fetcher`] (same client,
//! size cap, charset rules, per-host limits and Retry-After) and stores
//! outcomes through the store.

mod clean;
pub mod extract;
pub mod robots;
mod teaser;

pub use extract::{extract_page, ExtractError};
pub use robots::RobotsCache;
pub use teaser::{looks_like_teaser, page_is_better};
