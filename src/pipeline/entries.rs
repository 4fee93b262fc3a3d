//! What the config says about one feed beyond its schedule: its full-text
//! mode, its HTTP options, and the `[[filters]]` that judge its entries
//! before they are stored (see [`crate::filters`]).

use std::collections::HashMap;

use crate::config::{Config, FeedConfig, FilterRule, FullTextConfig, FullTextMode};
use crate::dedup;
use crate::fetch::RequestOptions;
use crate::filters::{FeedFilters, Verdict};
use crate::model::{Article, DroppedEntry, EntryPlan};
use crate::store::{StoreError, Writer};

/// The per-feed settings of a config, looked up by a feed's configured URL.
#[derive(Debug)]
pub(crate) struct FeedSettings {
    /// `[full_text]`.
    pub full_text: FullTextConfig,
    /// `fetch.user_agent`: robots.txt rules are matched against its product
    /// token when a feed sets no user agent of its own.
    pub user_agent: String,
    /// Whether entries are fingerprinted (`dedup.near` is not `off`).
    pub near: bool,
    /// `[dedup]`: the policy every poll is stored under.
    pub dedup: dedup::Policy,
    filters: Vec<FilterRule>,
    feeds: HashMap<String, FeedConfig>,
}

/// One feed's settings, for one poll.
#[derive(Debug, Clone)]
pub(crate) struct FeedPlan {
    /// When its entries' pages are fetched.
    pub mode: FullTextMode,
    /// What its requests (and its pages' requests) carry.
    pub options: RequestOptions,
    /// The rules that judge its entries.
    pub filters: FeedFilters,
}

impl FeedSettings {
    /// The settings of `config`.
    pub fn new(config: &Config) -> FeedSettings {
        FeedSettings {
            full_text: config.full_text.clone(),
            user_agent: config.fetch.user_agent.clone(),
            near: config.dedup.near != crate::dedup::NearMode::Off,
            dedup: config.dedup,
            filters: config.filters.clone(),
            feeds: config
                .feeds
                .iter()
                .map(|f| (f.url.to_string(), f.clone()))
                .collect(),
        }
    }

    /// The plan of the feed configured as `url` (defaults for a feed no
    /// longer in the config).
    pub fn plan(&self, url: &str) -> FeedPlan {
        let feed = self.feeds.get(url);
        FeedPlan {
            mode: feed.map_or(self.full_text.mode, |f| f.full_text_mode(&self.full_text)),
            options: feed
                .map(|f| RequestOptions::for_feed(&f.http, &f.url))
                .unwrap_or_default(),
            filters: FeedFilters::for_feed(&self.filters, url),
        }
    }
}

/// Judges the entries of one poll: which the filters keep out (remembered
/// ones without judging again), and whether pages are wanted.
pub(crate) async fn judge(
    writer: &Writer,
    feed_id: i64,
    plan: &FeedPlan,
    articles: &[Article],
) -> Result<EntryPlan, StoreError> {
    let mut entries = EntryPlan {
        full_text: plan.mode != FullTextMode::Never,
        rules_hash: plan.filters.hash().to_string(),
        dropped: Vec::new(),
    };
    if plan.filters.is_empty() {
        return Ok(entries);
    }
    let hash = entries.rules_hash.clone();
    let remembered = writer
        .call(move |store| store.dropped_keys(feed_id, &hash))
        .await?;
    for article in articles {
        let key = dedup::entry_key(article);
        let rule = if remembered.contains(&key) {
            Some("remembered".to_string())
        } else {
            match plan.filters.verdict(article) {
                Verdict::Keep => None,
                Verdict::Drop(rule) => {
                    tracing::debug!(title = %article.title, rule = %rule, "entry dropped by a filter");
                    Some(rule)
                }
            }
        };
        if let Some(rule) = rule {
            entries.dropped.push(DroppedEntry {
                key,
                title: article.title.clone(),
                rule,
            });
        }
    }
    Ok(entries)
}
