//! Finding a feed's hub and topic: the `Link:` header of its HTTP answer
//! (`rel="hub"`, `rel="self"`), else the document's own links: `<link
//! rel="hub">` / `<atom:link rel="hub">` (any prefix) in the head of an RSS
//! or Atom document, or `hubs` and `feed_url` of a JSON Feed.
//!
//! The header wins when it names a hub, as the WebSub Recommendation says
//! a subscriber should prefer it. Without a `self` link the topic is the
//! URL the feed was fetched from. Pure: text in, [`HubLink`] out.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use url::Url;

/// Events read from the head of a document before giving up: hub links
/// sit before the first entry, which also ends the scan.
const MAX_EVENTS: usize = 2_000;

/// A feed's WebSub hub and the topic to subscribe to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubLink {
    /// The hub's URL (absolute, http or https).
    pub hub: Url,
    /// The topic: the feed's `self` URL, else the URL it was fetched from.
    pub topic: Url,
}

/// The hub and topic of a fetched feed, if it announces a hub.
/// `link_header` is the answer's `Link:` header (all values joined by
/// commas), `fetched_from` the URL the body came from (after redirects).
pub fn hub_of(text: &str, link_header: Option<&str>, fetched_from: &Url) -> Option<HubLink> {
    let (header_hub, header_self) = link_header
        .map(|h| from_header(h, fetched_from))
        .unwrap_or_default();
    let (doc_hub, doc_self) = if text.trim_start().starts_with('{') {
        from_json(text, fetched_from)
    } else {
        from_xml(text, fetched_from)
    };
    let hub = header_hub.or(doc_hub)?;
    let topic = header_self
        .or(doc_self)
        .unwrap_or_else(|| fetched_from.clone());
    Some(HubLink { hub, topic })
}

/// An absolute http(s) URL from `href`, resolved against `base`.
fn absolute(href: &str, base: &Url) -> Option<Url> {
    base.join(href.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
}

fn has_rel(rel: &str, wanted: &str) -> bool {
    rel.split_ascii_whitespace()
        .any(|r| r.eq_ignore_ascii_case(wanted))
}

/// `(hub, self)` from a `Link:` header (RFC 8288, parsed by
/// `parse_link_header`; a value it cannot read names nothing).
fn from_header(header: &str, base: &Url) -> (Option<Url>, Option<Url>) {
    let Ok(links) = parse_link_header::parse(header) else {
        return (None, None);
    };
    let mut hub = None;
    let mut this = None;
    for (rel, link) in &links {
        let Some(rel) = rel else { continue };
        let url = absolute(&link.raw_uri, base);
        if has_rel(rel, "hub") && hub.is_none() {
            hub = url.clone();
        }
        if has_rel(rel, "self") && this.is_none() {
            this = url;
        }
    }
    (hub, this)
}

fn attr(start: &BytesStart<'_>, local: &str) -> Option<String> {
    start
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().into_inner() == local)
        .map(|a| match quick_xml::escape::unescape(&a.value) {
            Ok(value) => value.into_owned(),
            Err(_) => a.value.into_owned(),
        })
}

/// `(hub, self)` from `<link>` elements of any namespace with an `href`
/// (RSS's own `<link>` has text, no `href`, and is skipped).
fn from_xml(text: &str, base: &Url) -> (Option<Url>, Option<Url>) {
    let mut reader = Reader::from_str(text);
    let mut hub = None;
    let mut this = None;
    for _ in 0..MAX_EVENTS {
        let start = match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => e,
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        match start.local_name().into_inner() {
            "item" | "entry" => break,
            "link" => {
                let (Some(rel), Some(href)) = (attr(&start, "rel"), attr(&start, "href")) else {
                    continue;
                };
                if has_rel(&rel, "hub") && hub.is_none() {
                    hub = absolute(&href, base);
                }
                if has_rel(&rel, "self") && this.is_none() {
                    this = absolute(&href, base);
                }
            }
            _ => {}
        }
    }
    (hub, this)
}

/// `(hub, self)` from a JSON Feed: the first of `hubs` (any `type`, as
/// JSON Feed 1.1 leaves it open) and `feed_url`.
fn from_json(text: &str, base: &Url) -> (Option<Url>, Option<Url>) {
    #[derive(serde::Deserialize)]
    struct Hub {
        url: String,
    }
    #[derive(serde::Deserialize)]
    struct Head {
        #[serde(default)]
        hubs: Vec<Hub>,
        feed_url: Option<String>,
    }
    let Ok(head) = serde_json::from_str::<Head>(text) else {
        return (None, None);
    };
    let hub = head.hubs.iter().find_map(|h| absolute(&h.url, base));
    let this = head.feed_url.as_deref().and_then(|u| absolute(u, base));
    (hub, this)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        "https://blog.example/feed/".parse().unwrap()
    }

    #[test]
    fn rss_with_atom_links() {
        let rss = r#"<?xml version="1.0"?><rss xmlns:atom="http://www.w3.org/2005/Atom"><channel>
            <link>https://blog.example/</link>
            <atom:link rel="hub" href="https://pubsubhubbub.appspot.com/"/>
            <atom:link rel="self" type="application/rss+xml" href="https://blog.example/feed/"/>
            <item><atom:link rel="hub" href="https://wrong.example/"/></item></channel></rss>"#;
        let link = hub_of(rss, None, &base()).unwrap();
        assert_eq!(link.hub.as_str(), "https://pubsubhubbub.appspot.com/");
        assert_eq!(link.topic.as_str(), "https://blog.example/feed/");
    }

    #[test]
    fn atom_relative_hub_and_no_self_uses_the_fetched_url() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><link rel="hub" href="/hub"/>
            <link rel="alternate" href="/"/><entry/></feed>"#;
        let link = hub_of(atom, None, &base()).unwrap();
        assert_eq!(link.hub.as_str(), "https://blog.example/hub");
        assert_eq!(link.topic, base());
    }

    #[test]
    fn the_link_header_wins() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><link rel="hub" href="https://doc.example/"/></feed>"#;
        let header =
            r#"<https://hub.example/>; rel="hub", <https://blog.example/topic>; rel="self""#;
        let link = hub_of(atom, Some(header), &base()).unwrap();
        assert_eq!(link.hub.as_str(), "https://hub.example/");
        assert_eq!(link.topic.as_str(), "https://blog.example/topic");
    }

    #[test]
    fn json_feed_hubs() {
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"x",
            "feed_url":"https://blog.example/feed.json",
            "hubs":[{"type":"WebSub","url":"https://hub.example/"}],"items":[]}"#;
        let link = hub_of(json, None, &base()).unwrap();
        assert_eq!(link.hub.as_str(), "https://hub.example/");
        assert_eq!(link.topic.as_str(), "https://blog.example/feed.json");
    }

    #[test]
    fn no_hub_no_link() {
        let rss = "<rss><channel><link>https://blog.example/</link>\
                   <atom:link rel=\"self\" href=\"https://blog.example/feed\"/></channel></rss>";
        assert_eq!(hub_of(rss, None, &base()), None);
        assert_eq!(hub_of("not xml at all <<<", Some("garbage"), &base()), None);
        // A hub that is not http(s) is no hub.
        let atom = r#"<feed><link rel="hub" href="javascript:alert(1)"/></feed>"#;
        assert_eq!(hub_of(atom, None, &base()), None);
    }
}
