//! `[[filters]]` applied to a feed's entries, before anything is stored.
//!
//! The rules that apply to a feed are the global ones (no `feed`) and its
//! own, in config order. An entry is **kept** when it matches at least one
//! applicable `keep` rule (or there is none) **and** matches no applicable
//! `drop` rule: keep narrows, drop removes. A rule matches when its regex
//! finds a match in its field: the title, the body as the feed gave it (or
//! its summary), any one author, any one category, or the link. Rules see
//! the feed's entry, before any page is fetched for its full text, so a
//! dropped entry costs no page request.
//!
//! Each feed's rules have a fingerprint ([`FeedFilters::hash`]); dropped
//! entries are remembered under it and skipped on later polls, and
//! forgotten (judged again) once the rules change.

use sha2::{Digest, Sha256};

use crate::config::{FilterAction, FilterField, FilterRule};
use crate::model::Article;

/// The rules that apply to one feed.
#[derive(Debug, Clone)]
pub struct FeedFilters {
    rules: Vec<FilterRule>,
    hash: String,
}

/// What the rules say of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Store it.
    Keep,
    /// Keep it out; the text names the rule (or says no keep rule matched).
    Drop(String),
}

impl FeedFilters {
    /// The rules of `rules` that apply to the feed configured as `feed_url`.
    pub fn for_feed(rules: &[FilterRule], feed_url: &str) -> FeedFilters {
        let rules: Vec<FilterRule> = rules
            .iter()
            .filter(|r| r.feed.as_ref().is_none_or(|f| f.as_str() == feed_url))
            .cloned()
            .collect();
        let mut hasher = Sha256::new();
        for rule in &rules {
            hasher.update(format!(
                "{:?}\u{1f}{}\u{1f}{}\u{1e}",
                rule.action,
                rule.field.as_str(),
                rule.pattern.as_str()
            ));
        }
        let hash = if rules.is_empty() {
            String::new()
        } else {
            hex::encode(&hasher.finalize()[..12])
        };
        FeedFilters { rules, hash }
    }

    /// Whether no rule applies (every entry is kept).
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The fingerprint of the rules (empty when there are none).
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Judges one entry.
    pub fn verdict(&self, article: &Article) -> Verdict {
        if let Some(rule) = self
            .rules
            .iter()
            .find(|r| r.action == FilterAction::Drop && matches(r, article))
        {
            return Verdict::Drop(rule.describe());
        }
        let mut keeps = self
            .rules
            .iter()
            .filter(|r| r.action == FilterAction::Keep)
            .peekable();
        if keeps.peek().is_some() && !keeps.any(|r| matches(r, article)) {
            return Verdict::Drop("no keep rule matched".into());
        }
        Verdict::Keep
    }
}

fn matches(rule: &FilterRule, a: &Article) -> bool {
    let re = &rule.pattern;
    match rule.field {
        FilterField::Title => re.is_match(&a.title),
        FilterField::Body => {
            re.is_match(&a.body_text) || a.summary.as_deref().is_some_and(|s| re.is_match(s))
        }
        FilterField::Author => a.authors.iter().any(|x| re.is_match(x)),
        FilterField::Category => a.categories.iter().any(|x| re.is_match(x)),
        FilterField::Link => a.link.as_deref().is_some_and(|l| re.is_match(l)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn rules(toml: &str) -> Vec<FilterRule> {
        let text = format!(
            "[[feeds]]\nurl = \"https://a.example/feed\"\n[[feeds]]\nurl = \"https://b.example/feed\"\n{toml}"
        );
        crate::config::Config::parse(&text, Path::new("/t/tidings.toml"))
            .unwrap()
            .filters
    }

    fn article(title: &str, categories: &[&str]) -> Article {
        Article {
            guid: None,
            details: Default::default(),
            link: Some("https://a.example/story".into()),
            title: title.into(),
            authors: vec!["Ann Writer".into()],
            categories: categories.iter().map(|c| c.to_string()).collect(),
            language: None,
            enclosures: vec![],
            published: None,
            updated: None,
            date_source: crate::model::DateSource::FirstSeen,
            summary: None,
            body_text: "Body text about Aleppo.".into(),
            body_html: None,
            dateline: None,
            word_count: 4,
            content_hash: String::new(),
            raw_date: None,
            body_source: Default::default(),
        }
    }

    #[test]
    fn drop_removes_and_keep_narrows() {
        let rules = rules(
            "[[filters]]\naction = \"keep\"\nfield = \"category\"\npattern = \"^world$\"\n\
             [[filters]]\naction = \"drop\"\nfield = \"title\"\npattern = \"(?i)sponsored\"\n",
        );
        let f = FeedFilters::for_feed(&rules, "https://a.example/feed");
        assert_eq!(f.verdict(&article("Aleppo", &["world"])), Verdict::Keep);
        assert_eq!(
            f.verdict(&article("SPONSORED: buy", &["world"])),
            Verdict::Drop("rule 2 (line 12): drop title".into())
        );
        assert_eq!(
            f.verdict(&article("Football", &["sport"])),
            Verdict::Drop("no keep rule matched".into())
        );
    }

    #[test]
    fn feed_rules_apply_to_their_feed_only_and_change_the_fingerprint() {
        let rules = rules(
            "[[filters]]\naction = \"drop\"\nfield = \"body\"\npattern = \"Aleppo\"\n\
             feed = \"https://b.example/feed\"\n",
        );
        let a = FeedFilters::for_feed(&rules, "https://a.example/feed");
        let b = FeedFilters::for_feed(&rules, "https://b.example/feed");
        assert!(a.is_empty() && a.hash().is_empty());
        assert_eq!(a.verdict(&article("x", &[])), Verdict::Keep);
        assert!(matches!(b.verdict(&article("x", &[])), Verdict::Drop(_)));
        assert_eq!(b.hash().len(), 24);
    }

    #[test]
    fn author_and_link_fields() {
        let rules = rules(
            "[[filters]]\naction = \"drop\"\nfield = \"author\"\npattern = \"^Ann\"\n\
             [[filters]]\naction = \"drop\"\nfield = \"link\"\npattern = \"/video/\"\n",
        );
        let f = FeedFilters::for_feed(&rules, "https://a.example/feed");
        assert!(matches!(f.verdict(&article("x", &[])), Verdict::Drop(r) if r.contains("author")));
    }
}
