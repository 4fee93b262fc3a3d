//! The store's interface: every call the pipeline and the commands make
//! of a database, as three traits with domain types in and out, so a second
//! backend implements the same calls. SQLite ([`Store`]) is the first.
//!
//! - [`Ingest`]: the writer side, what a poll and its pages write. Each
//!   poll carries its own dedup policy and prepared keys ([`PollWrite`]);
//!   a backend keeps no policy of its own. A backend stores each poll whole
//!   or not at all, and answers each poll of a batch on its own.
//! - [`ScheduleState`]: which feeds exist, when each is due, what a poll
//!   needs to know before it stores (robots.txt, the filters' memory, the
//!   pages waiting). A backend shared by many pollers leases feeds here.
//! - [`Archive`]: the query side the commands read (articles, stories,
//!   search, history, statistics) and the archive's upkeep (prune, vacuum).
//!
//! Where an entry goes (new story, joined story, same page, copy) is not a
//! backend's decision: it answers [`crate::dedup::StoryIndex`]'s look-ups on
//! its open transaction and carries out the [`crate::dedup::Placement`]
//! that [`crate::dedup::place()`] returns.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    ArticleQuery, DueTime, FeedRecord, FeedStatus, HistoryEntry, PollWrite, PruneReport,
    SearchError, SearchHit, SearchQuery, Stats, Store, StoreError, StoredArticle, StoryQuery,
    StoryRecord, VacuumReport,
};
use crate::config::{FeedConfig, RetentionConfig};
use crate::model::{CachedRobots, PageOutcome, PendingPage, PollCounts, Postponement};

/// The writer side: what storing polls and their pages writes.
pub trait Ingest {
    /// Stores `polls`, each whole or not at all (several may share one
    /// transaction); returns each poll's counts, or its own error.
    fn apply_polls(&mut self, polls: &[PollWrite<'_>]) -> Vec<Result<PollCounts, StoreError>>;

    /// Records what came of the page of article `id` fetched from `link`;
    /// `false` when the article is gone or its link changed meanwhile.
    fn apply_page(
        &mut self,
        id: i64,
        link: &str,
        outcome: &PageOutcome,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Postpones the feeds of a host that asked for a pause.
    fn postpone(&mut self, postponement: &Postponement) -> Result<(), StoreError>;

    /// Caches the robots.txt of `origin`.
    fn save_robots(&mut self, origin: &str, robots: &CachedRobots) -> Result<(), StoreError>;
}

/// The schedule's state: the feeds, when each is due, and what a poll
/// reads before it stores.
pub trait ScheduleState {
    /// Brings the feed list in line with the config (new feeds due at
    /// `now`, removed ones kept with their articles but no longer polled).
    fn sync_feeds(&mut self, feeds: &[FeedConfig], now: DateTime<Utc>) -> Result<(), StoreError>;

    /// Every polled feed's next due time.
    fn due_times(&self) -> Result<Vec<DueTime>, StoreError>;

    /// The feeds with these ids, with their fetch state.
    fn feeds_by_id(&self, ids: &[i64]) -> Result<Vec<FeedRecord>, StoreError>;

    /// Every polled feed, with its fetch state.
    fn feed_states(&self) -> Result<Vec<FeedRecord>, StoreError>;

    /// Every feed's id and URL.
    fn feed_urls(&self) -> Result<Vec<(i64, String)>, StoreError>;

    /// How many feeds are in each state (for metrics).
    fn feed_state_counts(&self) -> Result<Vec<(String, u64)>, StoreError>;

    /// The entry keys of feed `feed_id` the filters dropped under rules
    /// `rules_hash`.
    fn dropped_keys(&self, feed_id: i64, rules_hash: &str) -> Result<HashSet<String>, StoreError>;

    /// Articles of feed `feed_id` waiting for their page.
    fn pending_pages(
        &self,
        feed_id: i64,
        max_attempts: u32,
        limit: u32,
    ) -> Result<Vec<PendingPage>, StoreError>;

    /// The cached robots.txt of `origin`.
    fn robots(&self, origin: &str) -> Result<Option<CachedRobots>, StoreError>;
}

/// The query side and the archive's upkeep.
pub trait Archive {
    /// Articles `query` selects, newest first.
    fn articles(&self, query: &ArticleQuery) -> Result<Vec<StoredArticle>, StoreError>;

    /// Calls `visit` with each article `query` selects, newest first, one
    /// at a time; stops at the first error.
    fn each_article(
        &self,
        query: &ArticleQuery,
        visit: &mut dyn FnMut(StoredArticle) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// How many articles `query` selects.
    fn count_articles(&self, query: &ArticleQuery) -> Result<u64, StoreError>;

    /// The ids and titles of the articles filed on `day`, lowest id first.
    fn titles_filed_on(&self, day: NaiveDate) -> Result<Vec<(i64, String)>, StoreError>;

    /// Stories `query` selects.
    fn stories(&self, query: &StoryQuery) -> Result<Vec<StoryRecord>, StoreError>;

    /// Full-text search, best match first.
    fn search(&self, search: &SearchQuery) -> Result<Vec<SearchHit>, SearchError>;

    /// Every feed, polled or not.
    fn feeds(&self) -> Result<Vec<FeedRecord>, StoreError>;

    /// The feed configured as `url`.
    fn feed_by_url(&self, url: &str) -> Result<Option<FeedRecord>, StoreError>;

    /// The last `limit` polls of feed `feed_id`, newest first.
    fn history(&self, feed_id: i64, limit: u64) -> Result<Vec<HistoryEntry>, StoreError>;

    /// Every feed's health.
    fn feed_statuses(&self) -> Result<Vec<FeedStatus>, StoreError>;

    /// How many entries the filters keep out, per feed id.
    fn dropped_counts(&self) -> Result<HashMap<i64, u64>, StoreError>;

    /// The archive's statistics over the last `days`.
    fn stats(&self, days: u32, now: DateTime<Utc>) -> Result<Stats, StoreError>;

    /// Deletes what the retention policy no longer keeps.
    fn prune(
        &mut self,
        policy: &RetentionConfig,
        now: DateTime<Utc>,
        dry_run: bool,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<PruneReport, StoreError>;

    /// Gives free space back to the file system.
    fn vacuum(&mut self) -> Result<VacuumReport, StoreError>;

    /// Checks the database for damage.
    fn integrity_check(&self) -> Result<(), StoreError>;
}

impl Ingest for Store {
    fn apply_polls(&mut self, polls: &[PollWrite<'_>]) -> Vec<Result<PollCounts, StoreError>> {
        Store::apply_polls(self, polls)
    }

    fn apply_page(
        &mut self,
        id: i64,
        link: &str,
        outcome: &PageOutcome,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Store::apply_page(self, id, link, outcome, at)
    }

    fn postpone(&mut self, postponement: &Postponement) -> Result<(), StoreError> {
        Store::postpone(self, postponement)
    }

    fn save_robots(&mut self, origin: &str, robots: &CachedRobots) -> Result<(), StoreError> {
        Store::save_robots(self, origin, robots)
    }
}

impl ScheduleState for Store {
    fn sync_feeds(&mut self, feeds: &[FeedConfig], now: DateTime<Utc>) -> Result<(), StoreError> {
        Store::sync_feeds(self, feeds, now)
    }

    fn due_times(&self) -> Result<Vec<DueTime>, StoreError> {
        Store::due_times(self)
    }

    fn feeds_by_id(&self, ids: &[i64]) -> Result<Vec<FeedRecord>, StoreError> {
        Store::feeds_by_id(self, ids)
    }

    fn feed_states(&self) -> Result<Vec<FeedRecord>, StoreError> {
        Store::feed_states(self)
    }

    fn feed_urls(&self) -> Result<Vec<(i64, String)>, StoreError> {
        Store::feed_urls(self)
    }

    fn feed_state_counts(&self) -> Result<Vec<(String, u64)>, StoreError> {
        Store::feed_state_counts(self)
    }

    fn dropped_keys(&self, feed_id: i64, rules_hash: &str) -> Result<HashSet<String>, StoreError> {
        Store::dropped_keys(self, feed_id, rules_hash)
    }

    fn pending_pages(
        &self,
        feed_id: i64,
        max_attempts: u32,
        limit: u32,
    ) -> Result<Vec<PendingPage>, StoreError> {
        Store::pending_pages(self, feed_id, max_attempts, limit)
    }

    fn robots(&self, origin: &str) -> Result<Option<CachedRobots>, StoreError> {
        Store::robots(self, origin)
    }
}

impl Archive for Store {
    fn articles(&self, query: &ArticleQuery) -> Result<Vec<StoredArticle>, StoreError> {
        Store::articles(self, query)
    }

    fn each_article(
        &self,
        query: &ArticleQuery,
        visit: &mut dyn FnMut(StoredArticle) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        Store::each_article(self, query, visit)
    }

    fn count_articles(&self, query: &ArticleQuery) -> Result<u64, StoreError> {
        Store::count_articles(self, query)
    }

    fn titles_filed_on(&self, day: NaiveDate) -> Result<Vec<(i64, String)>, StoreError> {
        Store::titles_filed_on(self, day)
    }

    fn stories(&self, query: &StoryQuery) -> Result<Vec<StoryRecord>, StoreError> {
        Store::stories(self, query)
    }

    fn search(&self, search: &SearchQuery) -> Result<Vec<SearchHit>, SearchError> {
        Store::search(self, search)
    }

    fn feeds(&self) -> Result<Vec<FeedRecord>, StoreError> {
        Store::feeds(self)
    }

    fn feed_by_url(&self, url: &str) -> Result<Option<FeedRecord>, StoreError> {
        Store::feed_by_url(self, url)
    }

    fn history(&self, feed_id: i64, limit: u64) -> Result<Vec<HistoryEntry>, StoreError> {
        Store::history(self, feed_id, limit)
    }

    fn feed_statuses(&self) -> Result<Vec<FeedStatus>, StoreError> {
        Store::feed_statuses(self)
    }

    fn dropped_counts(&self) -> Result<HashMap<i64, u64>, StoreError> {
        Store::dropped_counts(self)
    }

    fn stats(&self, days: u32, now: DateTime<Utc>) -> Result<Stats, StoreError> {
        Store::stats(self, days, now)
    }

    fn prune(
        &mut self,
        policy: &RetentionConfig,
        now: DateTime<Utc>,
        dry_run: bool,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<PruneReport, StoreError> {
        Store::prune(self, policy, now, dry_run, progress)
    }

    fn vacuum(&mut self) -> Result<VacuumReport, StoreError> {
        Store::vacuum(self)
    }

    fn integrity_check(&self) -> Result<(), StoreError> {
        Store::integrity_check(self)
    }
}
