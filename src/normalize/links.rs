//! URLs out of feed-rs links and media: the entry's page, the feed's site,
//! the attached files. Every URL returned is absolute `http(s)`.
//!
//! feed-rs already resolves an href against the `xml:base` in effect (or the
//! base URI its parser was built with), but leaves it relative when it had
//! no base; those are resolved here against the feed's final URL.

use feed_rs::model::{Entry, Feed, FeedType, Link};
use url::Url;

use crate::model::{Enclosure, EnclosureKind};

/// `href` as an absolute `http(s)` URL, resolved against `base` if relative.
pub(crate) fn resolve(href: &str, base: &Url) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = match Url::parse(href) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => base.join(href).ok()?,
        Err(_) => return None,
    };
    matches!(url.scheme(), "http" | "https").then_some(url)
}

/// The entry's page: its first alternate (or rel-less) link to an HTML page,
/// else its id when that is an absolute `http(s)` URL (an RSS permalink
/// guid; feed-rs does not keep `isPermaLink`).
///
/// `guid` must be the feed's own id (see `guid::feed_guid`), never one
/// feed-rs invented.
pub(crate) fn entry_link(entry: &Entry, guid: Option<&str>, base: &Url) -> Option<String> {
    page_links(&entry.links)
        .find_map(|link| resolve(&link.href, base))
        .or_else(|| guid.and_then(absolute_http))
        .map(String::from)
}

/// The site the feed belongs to: its first alternate (or rel-less) link to
/// an HTML page that is not the feed's own URL (`base`).
///
/// A JSON Feed's `feed_url` arrives as a rel-less link just like its
/// `home_page_url`; comparing with the feed's URL keeps it out.
pub(crate) fn site_link(feed: &Feed, base: &Url) -> Option<String> {
    page_links(&feed.links)
        .filter_map(|link| resolve(&link.href, base))
        .find(|url| url != base)
        .map(String::from)
}

/// The entry's attached files, in order, each URL once.
///
/// Read from MediaRSS / RSS `<enclosure>` / iTunes media content, from Atom
/// `rel="enclosure"` links and from JSON Feed attachments (which feed-rs
/// turns into rel-less links that carry a MIME type). A file listed twice
/// keeps its first description, completed by the second. MediaRSS
/// thumbnails come last, marked [`EnclosureKind::Thumbnail`]. A URL that
/// is the feed's own (`base`: what `url=""` resolves to) is no file.
pub(crate) fn enclosures(entry: &Entry, feed_type: &FeedType, base: &Url) -> Vec<Enclosure> {
    let mut found: Vec<Enclosure> = Vec::new();
    let mut add = |url: Option<Url>, mime_type: Option<String>, length: Option<u64>, kind| {
        // An empty `url=""` resolves to the feed itself: no file.
        let Some(url) = url.filter(|u| matches!(u.scheme(), "http" | "https") && u != base) else {
            return;
        };
        let url = String::from(url);
        match found.iter_mut().find(|e| e.url == url) {
            Some(seen) => {
                seen.mime_type = seen.mime_type.take().or(mime_type);
                seen.length = seen.length.or(length);
            }
            None => found.push(Enclosure {
                url,
                mime_type,
                length,
                kind,
            }),
        }
    };
    for content in entry.media.iter().flat_map(|media| &media.content) {
        let mime = content.content_type.as_ref().map(|m| m.to_string());
        add(
            content.url.clone(),
            mime,
            content.size,
            EnclosureKind::Media,
        );
    }
    for link in &entry.links {
        let attachment = link.rel.as_deref() == Some("enclosure")
            || (*feed_type == FeedType::JSON && link.rel.is_none() && link.media_type.is_some());
        if attachment {
            add(
                resolve(&link.href, base),
                link.media_type.clone(),
                link.length,
                EnclosureKind::Media,
            );
        }
    }
    for thumbnail in entry.media.iter().flat_map(|media| &media.thumbnails) {
        let url = resolve(&thumbnail.image.uri, base);
        add(url, None, None, EnclosureKind::Thumbnail);
    }
    found
}

/// Links that point at a page for people to read, in document order.
fn page_links(links: &[Link]) -> impl Iterator<Item = &Link> {
    links.iter().filter(|link| {
        link.target.is_none()
            && matches!(link.rel.as_deref(), None | Some("alternate"))
            && link
                .media_type
                .as_deref()
                .is_none_or(|t| t.to_ascii_lowercase().contains("html"))
    })
}

/// `s` if it is an absolute `http(s)` URL.
fn absolute_http(s: &str) -> Option<Url> {
    Url::parse(s.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://example.com/blog/feed.xml").unwrap()
    }

    #[test]
    fn resolve_makes_relative_absolute_and_refuses_other_schemes() {
        assert_eq!(
            resolve(" /a?b=1 ", &base()).unwrap().as_str(),
            "https://example.com/a?b=1"
        );
        assert_eq!(
            resolve("post/1", &base()).unwrap().as_str(),
            "https://example.com/blog/post/1"
        );
        assert_eq!(
            resolve("//cdn.example.net/x", &base()).unwrap().as_str(),
            "https://cdn.example.net/x"
        );
        assert_eq!(resolve("javascript:alert(1)", &base()), None);
        assert_eq!(resolve("mailto:a@b.c", &base()), None);
        assert_eq!(resolve("", &base()), None);
    }

    fn atom_entry(links: &str) -> (Feed, Entry) {
        let xml = format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>f</id>\
             <entry><id>e</id><title>x</title>{links}</entry></feed>"
        );
        let mut feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
        let entry = feed.entries.remove(0);
        (feed, entry)
    }

    #[test]
    fn entry_link_prefers_alternate_html_over_other_rels() {
        let (_, entry) = atom_entry(
            "<link rel=\"self\" href=\"/self\"/><link rel=\"enclosure\" href=\"/a.mp3\"/>\
             <link rel=\"alternate\" type=\"application/pdf\" href=\"/doc.pdf\"/>\
             <link rel=\"alternate\" type=\"text/html\" href=\"/page\"/>",
        );
        assert_eq!(
            entry_link(&entry, None, &base()).as_deref(),
            Some("https://example.com/page")
        );
    }

    #[test]
    fn entry_link_falls_back_to_a_url_guid_only() {
        let (_, entry) = atom_entry("");
        let guid = Some("https://example.com/p/1");
        assert_eq!(entry_link(&entry, guid, &base()).as_deref(), guid);
        assert_eq!(
            entry_link(&entry, Some("tag:example.com,2016:1"), &base()),
            None
        );
        assert_eq!(entry_link(&entry, None, &base()), None);
    }

    #[test]
    fn enclosures_come_from_media_and_enclosure_links_deduplicated() {
        let xml = "<rss version=\"2.0\"><channel><title>t</title><item><title>x</title>\
            <enclosure url=\"https://cdn.example.com/ep1.mp3\" length=\"1234\" type=\"audio/mpeg\"/>\
            </item></channel></rss>";
        let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
        let found = enclosures(&feed.entries[0], &feed.feed_type, &base());
        assert_eq!(
            found,
            vec![Enclosure {
                url: "https://cdn.example.com/ep1.mp3".into(),
                mime_type: Some("audio/mpeg".into()),
                length: Some(1234),
                kind: EnclosureKind::Media,
            }]
        );

        let (feed, entry) = atom_entry(
            "<link rel=\"enclosure\" href=\"/ep.mp3\" type=\"audio/mpeg\"/>\
             <link rel=\"enclosure\" href=\"https://example.com/ep.mp3\" length=\"99\"/>",
        );
        let found = enclosures(&entry, &feed.feed_type, &base());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].url, "https://example.com/ep.mp3");
        assert_eq!(
            (found[0].mime_type.as_deref(), found[0].length),
            (Some("audio/mpeg"), Some(99))
        );
    }

    #[test]
    fn site_link_skips_the_feed_url_itself() {
        let xml = r#"{"version":"https://jsonfeed.org/version/1.1","title":"t",
            "feed_url":"https://example.com/blog/feed.xml","items":[]}"#;
        let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
        assert_eq!(site_link(&feed, &base()), None);
    }
}
