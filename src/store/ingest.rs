//! Storing a poll: the orchestration of one feed's entries inside one
//! transaction. Each entry is new (placed by [`crate::dedup::place()`] and
//! carried out by [`super::stories`]), updated (a revision kept by
//! [`super::revise`], its dedup keys brought up to date) or unchanged (its
//! sighting moved at most once per [`LAST_SEEN_STEP`]); then the filters'
//! drops, the fetch history and the host's postponement are recorded.

use std::collections::HashSet;

use rusqlite::{named_params, Connection, OptionalExtension};

use super::revise::{self, StoredBody};
use super::stories::{self, Entry};
use super::{filters, history, pages, schedule, time, Store, StoreError};
use crate::dedup::{self, Change, Policy, PreparedKeys};
use crate::model::{BodySource, EntryPlan, FeedPoll, PollCounts, PollOutcome};

/// One poll to store, with everything storing it needs beside the poll:
/// the filters' plan, the dedup keys its parse computed, and the dedup
/// policy it is stored under (it travels with the poll: the store keeps
/// none of its own).
#[derive(Debug, Clone, Copy)]
pub struct PollWrite<'a> {
    /// The poll.
    pub poll: &'a FeedPoll,
    /// What the filters and full text decided for its entries.
    pub plan: &'a EntryPlan,
    /// The dedup keys of its entries, by position (may be empty).
    pub keys: &'a PreparedKeys,
    /// How copies across feeds are handled (`[dedup]`).
    pub policy: &'a Policy,
}

/// No prepared keys.
static NO_KEYS: PreparedKeys = PreparedKeys::NONE;

/// No filters' drops, no full text.
static NO_PLAN: EntryPlan = EntryPlan {
    full_text: false,
    rules_hash: String::new(),
    dropped: Vec::new(),
};

impl<'a> PollWrite<'a> {
    /// `poll` under `policy`, with no plan and no prepared keys.
    pub fn new(poll: &'a FeedPoll, policy: &'a Policy) -> PollWrite<'a> {
        PollWrite {
            poll,
            plan: &NO_PLAN,
            keys: &NO_KEYS,
            policy,
        }
    }
}

impl Store {
    /// Stores one poll in one transaction under `policy`: the feed's fetch
    /// state, for a fetched body every entry (new, updated with a revision,
    /// or unchanged), the poll's line in the fetch history (pruned to its
    /// bound), and the postponement of the other feeds of its host.
    pub fn apply_poll(
        &mut self,
        poll: &FeedPoll,
        policy: &Policy,
    ) -> Result<PollCounts, StoreError> {
        self.apply_poll_with(&PollWrite::new(poll, policy))
    }

    /// [`Store::apply_poll`], with the entries `write.plan.dropped` names
    /// kept out and remembered (see [`Store::dropped_keys`]), with
    /// `write.plan.full_text` entries marked for a page fetch (see
    /// [`Store::pending_pages`]), and the keys the parse prepared used.
    /// Still one transaction.
    pub fn apply_poll_with(&mut self, write: &PollWrite<'_>) -> Result<PollCounts, StoreError> {
        let tx = self.conn.transaction()?;
        let counts = apply_poll_in(&tx, write)?;
        tx.commit()?;
        Ok(counts)
    }
}

/// Stores one poll inside a transaction that is already open; see
/// [`Store::apply_poll`].
pub(super) fn apply_poll_in(
    conn: &Connection,
    write: &PollWrite<'_>,
) -> Result<PollCounts, StoreError> {
    let PollWrite {
        poll,
        plan,
        keys,
        policy,
    } = *write;
    Store::record_fetch_state(conn, poll)?;
    let mut counts = PollCounts::default();
    if let PollOutcome::Fetched { articles, .. } = &poll.outcome {
        let now = time::fmt(poll.polled_at);
        let dropped: HashSet<&str> = plan.dropped.iter().map(|d| d.key.as_str()).collect();
        for (i, article) in articles.iter().enumerate() {
            let key = dedup::entry_key(article);
            if dropped.contains(key.as_str()) {
                continue;
            }
            let entry = Entry {
                feed_id: poll.feed_id,
                key: &key,
                article,
                keys: keys.get(i),
                polled_at: poll.polled_at,
                now: &now,
            };
            let stored = store_entry(conn, policy, &entry)?;
            match stored {
                Stored::New => counts.new += 1,
                Stored::Updated => counts.updated += 1,
                Stored::Unchanged => counts.unchanged += 1,
                Stored::Merged => counts.merged += 1,
            };
            if plan.full_text {
                pages::want_page(conn, poll.feed_id, &key, stored == Stored::Updated)?;
            }
        }
        counts.dropped = filters::remember_in(conn, poll.feed_id, plan, &now)?;
    }
    history::record_in(conn, poll, &counts)?;
    if let Some(postponement) = &poll.postpone {
        schedule::postpone_in(conn, postponement)?;
    }
    Ok(counts)
}

/// How stale `last_seen_at` may get before an unchanged entry moves it.
/// Moving it on every poll would rewrite a row (and its page, in the WAL)
/// for every unchanged entry of every fetched feed; it is exact to within
/// this step instead.
pub(super) const LAST_SEEN_STEP: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// What storing one entry did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stored {
    /// A new article record.
    New,
    /// An article (or dropped copy) updated in place.
    Updated,
    /// Seen before, nothing changed.
    Unchanged,
    /// New to its feed but not a new record: the same page as a stored
    /// article, or a copy dropped under `dedup.near = "drop"`.
    Merged,
}

/// What `entry_keys` holds for an entry's key.
struct KnownKey {
    /// The article it stands for (`None`: pruned since).
    article_id: Option<i64>,
    /// The content hash stored with it.
    content_hash: String,
    /// The dropped copy it stands for, under `dedup.near = "drop"`.
    copy_id: Option<i64>,
}

/// Stores one entry of a poll; returns what it did.
///
/// An article whose body came from its page keeps that body when the feed
/// edits the entry without changing its link (the feed's new text becomes
/// its `summary`); a new link puts the feed's body back until the new page
/// is fetched, and counts as an update.
fn store_entry(
    conn: &Connection,
    policy: &Policy,
    entry: &Entry<'_>,
) -> Result<Stored, StoreError> {
    let (feed_id, article) = (entry.feed_id, entry.article);
    let known: Option<KnownKey> = conn
        .prepare_cached(
            "SELECT article_id, content_hash, copy_id FROM entry_keys
             WHERE feed_id = :feed_id AND key = :key",
        )?
        .query_row(
            named_params! {":feed_id": feed_id, ":key": entry.key},
            |r| {
                Ok(KnownKey {
                    article_id: r.get("article_id")?,
                    content_hash: r.get("content_hash")?,
                    copy_id: r.get("copy_id")?,
                })
            },
        )
        .optional()?;
    let stored_hash = known
        .as_ref()
        .map(|k| k.article_id.map(|_| k.content_hash.as_str()));
    let mut change = dedup::classify(stored_hash, &article.content_hash);
    let body: Option<StoredBody> = match &known {
        Some(KnownKey {
            article_id: Some(id),
            copy_id: None,
            ..
        }) => Some(revise::stored_body(conn, *id)?),
        _ => None,
    };
    if change == Change::Unchanged
        && body
            .as_ref()
            .is_some_and(|b| b.feed_id == feed_id && b.link != article.link)
    {
        change = Change::Updated;
    }
    let known = known.and_then(|k| Some((k.article_id?, k.copy_id)));
    match (change, known) {
        (Change::New, _) => {
            return Ok(match stories::store_new(conn, policy, entry)? {
                stories::Placed::Article => Stored::New,
                stories::Placed::SamePage | stories::Placed::Copy => Stored::Merged,
            });
        }
        (Change::Updated, Some((id, copy))) => {
            match copy {
                Some(copy_id) => stories::update_copy(conn, copy_id, article, entry.now)?,
                None => {
                    let keep_page = body
                        .filter(|b| {
                            b.source == BodySource::Page
                                && (b.link == article.link || b.feed_id != feed_id)
                        })
                        .map(|b| b.text);
                    match keep_page {
                        Some(page_text) => revise::update_keeping_page(
                            conn,
                            id,
                            article,
                            &page_text,
                            entry.polled_at,
                            entry.now,
                        )?,
                        None => {
                            revise::update_article(conn, id, article, entry.polled_at, entry.now)?
                        }
                    }
                    stories::reindex_article(conn, policy, id, entry)?;
                }
            }
            conn.prepare_cached(
                "UPDATE entry_keys SET content_hash = :content_hash
                 WHERE feed_id = :feed_id AND key = :key",
            )?
            .execute(named_params! {
                ":feed_id": feed_id,
                ":key": entry.key,
                ":content_hash": article.content_hash,
            })?;
        }
        (Change::Unchanged, Some((id, copy))) => {
            let stale = time::fmt(entry.polled_at - LAST_SEEN_STEP);
            match copy {
                Some(copy_id) => stories::touch_copy(conn, copy_id, entry.now, &stale)?,
                None => {
                    conn.prepare_cached(
                        "UPDATE articles SET last_seen_at = :now
                         WHERE id = :id AND last_seen_at < :stale",
                    )?
                    .execute(named_params! {":id": id, ":now": entry.now, ":stale": stale})?;
                }
            }
        }
        // Pruned but remembered: nothing to store.
        _ => {}
    }
    Ok(match change {
        Change::New => Stored::New,
        Change::Updated => Stored::Updated,
        Change::Unchanged => Stored::Unchanged,
    })
}
