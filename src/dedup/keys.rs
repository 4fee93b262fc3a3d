//! Entry keys and the New / Updated / Unchanged decision within one feed.
//!
//! Within one feed an entry is recognised, in order, by its guid, else its
//! link, else its title and date, else its content. The key is stored per
//! feed and outlives the article it points to, so an entry that was pruned
//! but is still listed in its feed is not ingested again.

use sha2::{Digest, Sha256};

use crate::model::Article;

/// What storing an entry will do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Never seen in this feed: a new record.
    New,
    /// Seen, and its content hash changed: update in place, keep a revision.
    Updated,
    /// Seen with the same content, or pruned since: nothing to store.
    Unchanged,
}

/// The key that identifies `article` within its feed.
///
/// The prefix says which rule applied (`guid:`, `link:`, `title:`,
/// `content:`), so keys of different kinds never collide.
pub fn entry_key(article: &Article) -> String {
    if let Some(guid) = article
        .guid
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        return format!("guid:{guid}");
    }
    if let Some(link) = article.link.as_deref().filter(|l| !l.is_empty()) {
        return format!("link:{link}");
    }
    if !article.title.is_empty() {
        let date = article
            .published
            .or(article.updated)
            .map(|d| d.to_rfc3339())
            .unwrap_or_default();
        return format!(
            "title:{}",
            short_hash(&format!("{}\n{date}", article.title))
        );
    }
    format!("content:{}", article.content_hash)
}

/// The entry's id: the feed's own (`guid`) when it gave one, else an id
/// derived from its content, identical on every parse: its [`entry_key`]
/// (`link:<url>`, `title:<hash of title and date>` or `content:<hash>`).
///
/// The stored record keeps `guid` empty for such entries (tidings never
/// passes an invented id off as the feed's); this is the id `tidings parse`
/// prints, and the key dedup stores.
pub fn entry_id(article: &Article) -> String {
    match article
        .guid
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        Some(guid) => guid.to_string(),
        None => entry_key(article),
    }
}

/// Decides what to do with an entry given the stored content hash for its key:
/// `None` when the key is new, `Some(None)` when the key is known but its
/// article was pruned, `Some(Some(hash))` when the article is stored.
pub fn classify(stored: Option<Option<&str>>, new_hash: &str) -> Change {
    match stored {
        None => Change::New,
        Some(None) => Change::Unchanged,
        Some(Some(hash)) if hash == new_hash => Change::Unchanged,
        Some(Some(_)) => Change::Updated,
    }
}

fn short_hash(text: &str) -> String {
    hex::encode(&Sha256::digest(text.as_bytes())[..16])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DateSource;

    fn article() -> Article {
        Article {
            guid: None,
            details: Default::default(),
            link: None,
            title: String::new(),
            authors: vec![],
            categories: vec![],
            language: None,
            enclosures: vec![],
            published: None,
            updated: None,
            date_source: DateSource::FirstSeen,
            raw_date: None,
            summary: None,
            body_text: "body".into(),
            body_html: None,
            dateline: None,
            word_count: 1,
            content_hash: "abc".into(),
            body_source: Default::default(),
        }
    }

    #[test]
    fn guid_beats_link_beats_title_beats_content() {
        let mut a = article();
        assert_eq!(entry_key(&a), "content:abc");
        a.title = "Headline".into();
        assert!(entry_key(&a).starts_with("title:"));
        a.link = Some("https://example.com/a".into());
        assert_eq!(entry_key(&a), "link:https://example.com/a");
        a.guid = Some(" 42 ".into());
        assert_eq!(entry_key(&a), "guid:42");
    }

    #[test]
    fn entry_id_is_the_guid_else_a_stable_derived_key() {
        let mut a = article();
        a.title = "Headline".into();
        let derived = entry_id(&a);
        assert!(derived.starts_with("title:"));
        assert_eq!(entry_id(&a.clone()), derived);
        a.guid = Some(" tag:x,2016:1 ".into());
        assert_eq!(entry_id(&a), "tag:x,2016:1");
    }

    #[test]
    fn title_key_depends_on_the_date() {
        let mut a = article();
        a.title = "Headline".into();
        let undated = entry_key(&a);
        a.published = Some(chrono::DateTime::from_timestamp(1_481_191_200, 0).unwrap());
        assert_ne!(entry_key(&a), undated);
        assert_eq!(entry_key(&a), entry_key(&a.clone()));
    }

    #[test]
    fn classify_decisions() {
        assert_eq!(classify(None, "h"), Change::New);
        assert_eq!(classify(Some(None), "h"), Change::Unchanged);
        assert_eq!(classify(Some(Some("h")), "h"), Change::Unchanged);
        assert_eq!(classify(Some(Some("g")), "h"), Change::Updated);
    }
}
