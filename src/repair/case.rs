//! Element names written in the wrong case (`<TiTlE>`, `<PUBDATE>`).
//!
//! XML names are case-sensitive, so feed-rs ignores `<TITLE>`; feedparser
//! reads names case-insensitively. [`canonical_name`] gives the spelling
//! feed-rs knows for an unprefixed RSS or Atom element written in another
//! case, and the repair pass renames the start and end tags.

/// The elements of RSS 0.9x-2.0, RSS 1.0 and Atom, as feed-rs spells them.
const VOCABULARY: &[&str] = &[
    "rss",
    "channel",
    "item",
    "title",
    "link",
    "description",
    "language",
    "copyright",
    "managingEditor",
    "webMaster",
    "pubDate",
    "lastBuildDate",
    "category",
    "generator",
    "docs",
    "cloud",
    "ttl",
    "image",
    "url",
    "width",
    "height",
    "rating",
    "textInput",
    "skipHours",
    "skipDays",
    "author",
    "comments",
    "enclosure",
    "guid",
    "source",
    "feed",
    "entry",
    "id",
    "updated",
    "published",
    "summary",
    "content",
    "subtitle",
    "rights",
    "name",
    "email",
    "uri",
    "contributor",
    "icon",
    "logo",
];

/// The spelling to use for an element named `name`, when it differs from
/// `name` only in case; `None` when `name` is right (or unknown, or prefixed).
pub(super) fn canonical_name(name: &str) -> Option<&'static str> {
    if name.contains(':') {
        return None;
    }
    VOCABULARY
        .iter()
        .find(|v| v.eq_ignore_ascii_case(name) && **v != name)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_case_get_the_known_spelling() {
        assert_eq!(canonical_name("TiTlE"), Some("title"));
        assert_eq!(canonical_name("PUBDATE"), Some("pubDate"));
        assert_eq!(canonical_name("pubdate"), Some("pubDate"));
        assert_eq!(canonical_name("title"), None);
        assert_eq!(canonical_name("pubDate"), None);
        assert_eq!(canonical_name("dc:Title"), None);
        assert_eq!(canonical_name("Custom"), None);
    }
}
