//! The full-text step of a poll: after the feed's entries are stored, fetch
//! the pages of the articles that wait for one, extract their main text,
//! and record each outcome (see [`crate::fulltext`]).
//!
//! Each page goes through the shared fetcher like a feed: a permit for its
//! host (global and per-host limits, per-host delay, a host's Retry-After
//! pause), the same client, size cap, redirects and charset rules, with the
//! feed's user agent and proxy (and its credentials only on its origin).
//! Before a page, its site's robots.txt is consulted (cached per origin, in
//! memory and in the database). A host that asked for a pause stops the
//! step: the remaining pages stay pending for the next poll, with no
//! attempt counted. Extraction runs on the blocking pool.

use chrono::Utc;
use tokio::time::Instant;
use tracing::{debug, info, warn};
use url::Url;

use super::entries::FeedPlan;
use super::poll::PollContext;
use crate::config::FullTextMode;
use crate::fetch::FetchError;
use crate::fulltext::{self, robots};
use crate::model::{PageOutcome, PendingPage, RobotsFile};
use crate::store::StoreError;

/// What the page step of one poll did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PageCounts {
    /// Pages whose text became the body.
    pub used: u64,
    /// Pages fetched whose text was not used, or not fetched (robots.txt,
    /// not a teaser).
    pub skipped: u64,
    /// Fetches that failed.
    pub failed: u64,
}

/// What robots.txt says of one page.
enum RobotsCheck {
    Allowed,
    Disallowed,
    /// The site's robots.txt could not be fetched: nothing may be.
    Unreachable,
    /// Its host asked for a pause.
    Postponed,
    /// The network policy refuses the site (nothing was sent, nothing cached).
    Refused(String),
}

/// Fetches the pages of feed `feed_id`'s articles that wait for one (at
/// most `full_text.max_pages_per_poll` fetched) and records what came of each.
pub(crate) async fn fetch_pending(
    ctx: &PollContext,
    feed_id: i64,
    plan: &FeedPlan,
) -> Result<PageCounts, StoreError> {
    let mut counts = PageCounts::default();
    if plan.mode == FullTextMode::Never {
        return Ok(counts);
    }
    let config = &ctx.settings.full_text;
    let (attempts, limit) = (config.max_attempts, config.max_pages_per_poll);
    // Entries `auto` finds are no teasers cost no request: they do not count
    // against the limit, so more are looked at than may be fetched.
    let look_at = limit.saturating_mul(10).max(200);
    let pending = ctx
        .writer
        .call(move |store| store.pending_pages(feed_id, attempts, look_at))
        .await?;
    let mut fetched = 0;
    for page in pending {
        let wants_request = plan.mode == FullTextMode::Always
            || fulltext::looks_like_teaser(&page.body_text, page.word_count, config.teaser_words);
        if wants_request {
            if fetched == limit {
                break;
            }
            fetched += 1;
        }
        let Some(outcome) = outcome(ctx, plan, &page).await? else {
            debug!(link = %page.link, "host asked for a pause; pages left for the next poll");
            break;
        };
        match &outcome {
            PageOutcome::Used(body) => {
                counts.used += 1;
                info!(link = %page.link, words = body.word_count, "full text from the page");
            }
            PageOutcome::Failed { error } => {
                counts.failed += 1;
                warn!(link = %page.link, attempt = page.attempts + 1, error = %error, "page fetch failed");
            }
            PageOutcome::KeptFeed { note } => {
                counts.skipped += 1;
                info!(link = %page.link, note = %note, "page fetched; the feed's body is kept");
            }
            PageOutcome::Disallowed => {
                counts.skipped += 1;
                info!(link = %page.link, "page disallowed by robots.txt; the feed's body is kept");
            }
            PageOutcome::NotNeeded => {
                counts.skipped += 1;
                debug!(link = %page.link, "not a teaser; no page fetched");
            }
        }
        crate::monitoring::record_page(outcome.state());
        let (id, link) = (page.article_id, page.link.clone());
        ctx.writer
            .call(move |store| store.apply_page(id, &link, &outcome, Utc::now()))
            .await?;
    }
    Ok(counts)
}

/// What to record for one page; `None` when its host asked for a pause.
async fn outcome(
    ctx: &PollContext,
    plan: &FeedPlan,
    page: &PendingPage,
) -> Result<Option<PageOutcome>, StoreError> {
    let config = &ctx.settings.full_text;
    if plan.mode == FullTextMode::Auto
        && !fulltext::looks_like_teaser(&page.body_text, page.word_count, config.teaser_words)
    {
        return Ok(Some(PageOutcome::NotNeeded));
    }
    let url = match Url::parse(&page.link) {
        Ok(url) => url,
        Err(e) => {
            return Ok(Some(PageOutcome::Failed {
                error: format!("bad link {}: {e}", page.link),
            }))
        }
    };
    match robots_check(ctx, plan, &url).await? {
        RobotsCheck::Allowed => {}
        RobotsCheck::Disallowed => return Ok(Some(PageOutcome::Disallowed)),
        RobotsCheck::Postponed => return Ok(None),
        RobotsCheck::Refused(error) => return Ok(Some(PageOutcome::Failed { error })),
        RobotsCheck::Unreachable => {
            return Ok(Some(PageOutcome::Failed {
                error:
                    "the site's robots.txt could not be fetched; no page is fetched until it can"
                        .into(),
            }))
        }
    }
    let Ok(permit) = ctx.fetcher.acquire(&url).await else {
        return Ok(None);
    };
    let fetched = ctx.fetcher.fetch_page(&url, &plan.options).await;
    drop(permit);
    let fetched = match fetched {
        Ok(fetched) => fetched,
        Err(error) => {
            if let Some(delay) = error.host_pause() {
                let delay = delay.min(ctx.schedule.max_backoff);
                ctx.fetcher
                    .politeness()
                    .postpone(&url, Instant::now() + delay);
            }
            return Ok(Some(PageOutcome::Failed {
                error: error.to_string(),
            }));
        }
    };
    for warning in &fetched.warnings {
        warn!(link = %page.link, warning = %warning, "page repaired");
    }
    let (text, base) = (fetched.text, fetched.final_url);
    let extracted = tokio::task::spawn_blocking(move || {
        super::yield_to_writer();
        fulltext::extract_page(&text, &base)
    })
    .await
    .map_err(|e| e.to_string());
    let feed_words = page.word_count;
    Ok(Some(match extracted {
        Ok(Ok(body)) if fulltext::page_is_better(plan.mode, feed_words, body.word_count) => {
            PageOutcome::Used(body)
        }
        Ok(Ok(body)) => PageOutcome::KeptFeed {
            note: format!(
                "the page's text ({} words) is not clearly longer than the feed's ({feed_words})",
                body.word_count
            ),
        },
        Ok(Err(e)) => PageOutcome::KeptFeed {
            note: e.to_string(),
        },
        Err(panic) => PageOutcome::KeptFeed {
            note: format!("extraction failed: {panic}"),
        },
    }))
}

/// Consults the robots.txt of `url`'s origin: from memory, else from the
/// database while fresh, else fetched (and kept in both).
async fn robots_check(
    ctx: &PollContext,
    plan: &FeedPlan,
    url: &Url,
) -> Result<RobotsCheck, StoreError> {
    let (Some(origin), Some(robots_url)) = (robots::origin_of(url), robots::robots_url(url)) else {
        return Ok(RobotsCheck::Allowed);
    };
    let slot = ctx.robots.slot(&origin);
    let mut cached = slot.lock().await;
    let now = Utc::now();
    if cached.as_ref().is_none_or(|c| c.expires_at <= now) {
        let key = origin.clone();
        *cached = ctx
            .writer
            .call(move |store| store.robots(&key))
            .await?
            .filter(|c| c.expires_at > now);
    }
    if cached.is_none() {
        let Ok(permit) = ctx.fetcher.acquire(&robots_url).await else {
            return Ok(RobotsCheck::Postponed);
        };
        let answer = ctx.fetcher.fetch_text(&robots_url, &plan.options).await;
        drop(permit);
        if let Err(FetchError::Blocked(blocked)) = &answer {
            return Ok(RobotsCheck::Refused(format!(
                "refused by the network policy: {blocked}"
            )));
        }
        let file = robots::file_from(answer.map(|f| f.text).map_err(|e| e.status()));
        let verdict = match &file {
            RobotsFile::Rules(_) => "rules",
            RobotsFile::AllowAll => "allow_all",
            RobotsFile::Unreachable => "unreachable",
        };
        debug!(%origin, verdict, "robots.txt fetched");
        let fresh = robots::cached(file, Utc::now(), ctx.settings.full_text.robots_ttl);
        let (key, value) = (origin.clone(), fresh.clone());
        ctx.writer
            .call(move |store| store.save_robots(&key, &value))
            .await?;
        *cached = Some(fresh);
    }
    let file = &cached.as_ref().expect("set above").file;
    let agent = robots::agent_token(
        plan.options
            .user_agent()
            .unwrap_or(&ctx.settings.user_agent),
    );
    Ok(match file {
        RobotsFile::Unreachable => RobotsCheck::Unreachable,
        file if robots::allows(file, &agent, url) => RobotsCheck::Allowed,
        _ => RobotsCheck::Disallowed,
    })
}
