//! Finding the feeds a web page offers, for `tidings discover` and
//! `tidings add`: the page's `<link rel="alternate">` of an RSS, Atom or
//! JSON Feed type (in page order, resolved against `<base href>` or the
//! page's URL), else the usual paths of feed software (`/feed`,
//! `/rss.xml`, `/atom.xml`, `/index.xml`, `/feed.json`) tried one after
//! another. Each candidate is fetched through the [`Fetcher`] (network
//! guard, size cap, user agent, per-host politeness) and parsed, so only
//! feeds that parse are offered, with their title and entry count. A URL
//! that is itself a feed is offered as it is.
//!
//! [`alternates`] and [`usual_paths`] decide; [`discover`] fetches.

use url::Url;

use crate::fetch::{FetchError, Fetcher, RequestOptions, Validators};

/// The `type`s of an alternate link that names a feed.
pub const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
];

/// Paths where feed software puts its feed, tried on a page that links none.
pub const USUAL_PATHS: &[&str] = &["/feed", "/rss.xml", "/atom.xml", "/index.xml", "/feed.json"];

/// A feed found and parsed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FoundFeed {
    /// Where it is.
    pub url: Url,
    /// Its own title.
    pub title: Option<String>,
    /// How many entries it holds now.
    pub entries: usize,
}

/// A candidate that is no feed, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Refused {
    /// The candidate.
    pub url: Url,
    /// Why it was not offered (fetch or parse error).
    pub error: String,
}

/// What a page offers.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Discovery {
    /// Whether the URL given is itself a feed (then it is the only one).
    pub direct: bool,
    /// Whether the usual paths were tried (the page links no feed).
    pub guessed: bool,
    /// The feeds, best first (page order).
    pub feeds: Vec<FoundFeed>,
    /// Candidates that failed, in the order tried.
    pub refused: Vec<Refused>,
}

/// Why nothing could be discovered at all.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// The URL given could not be fetched.
    #[error("cannot fetch {url}: {source}")]
    Fetch {
        /// The URL.
        url: Url,
        /// Why.
        source: FetchError,
    },
}

/// The feed URLs `html` links as `rel="alternate"` of a feed type, in
/// page order, absolute (against `<base href>`, else `page`), no repeats.
pub fn alternates(html: &str, page: &Url) -> Vec<Url> {
    let document = dom_query::Document::from(html);
    let base = document
        .select("base[href]")
        .attr("href")
        .and_then(|href| page.join(href.trim()).ok())
        .unwrap_or_else(|| page.clone());
    let mut found: Vec<Url> = Vec::new();
    for link in document.select("link[rel][href]").iter() {
        let rel = link.attr("rel").unwrap_or_default().to_ascii_lowercase();
        if !rel.split_ascii_whitespace().any(|r| r == "alternate") {
            continue;
        }
        let kind = link.attr("type").unwrap_or_default();
        let kind = kind
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if !FEED_TYPES.contains(&kind.as_str()) {
            continue;
        }
        let href = link.attr("href").unwrap_or_default();
        let Ok(url) = base.join(href.trim()) else {
            continue;
        };
        if matches!(url.scheme(), "http" | "https") && !found.contains(&url) {
            found.push(url);
        }
    }
    found
}

/// The usual feed paths on `page`'s site.
pub fn usual_paths(page: &Url) -> Vec<Url> {
    USUAL_PATHS
        .iter()
        .filter_map(|p| page.join(p).ok())
        .collect()
}

/// Whether a `Content-Type` says HTML (a page, not a feed).
fn is_html(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|ct| ct.parse::<mediatype::MediaTypeBuf>().ok())
        .is_some_and(|mt| {
            let essence = mt.essence().to_string().to_ascii_lowercase();
            essence == "text/html" || essence == "application/xhtml+xml"
        })
}

/// One fetch, politely (the host's permit held throughout).
async fn fetch(fetcher: &Fetcher, url: &Url) -> Result<crate::fetch::FetchedFeed, FetchError> {
    let _permit = fetcher.acquire(url).await.ok();
    fetcher
        .fetch_with(url, &Validators::default(), &RequestOptions::default())
        .await?
        .into_body()
}

/// Parses `text` as a feed off the runtime: its title and entry count.
async fn parse(text: String, base: Url) -> Result<(Option<String>, usize), String> {
    tokio::task::spawn_blocking(move || {
        crate::pipeline::parse_and_normalize_blocking(&text, &base)
            .map(|(collected, _)| (collected.meta.title, collected.articles.len()))
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Fetches and parses one candidate.
async fn check(fetcher: &Fetcher, url: &Url) -> Result<FoundFeed, Refused> {
    let refuse = |error: String| Refused {
        url: url.clone(),
        error,
    };
    let body = fetch(fetcher, url)
        .await
        .map_err(|e| refuse(e.to_string()))?;
    if is_html(body.content_type.as_deref()) {
        return Err(refuse("an HTML page, not a feed".into()));
    }
    let (title, entries) = parse(body.text, body.final_url).await.map_err(refuse)?;
    Ok(FoundFeed {
        url: url.clone(),
        title,
        entries,
    })
}

/// The feeds `url` offers (see the module documentation).
pub async fn discover(fetcher: &Fetcher, url: &Url) -> Result<Discovery, DiscoverError> {
    let body = fetch(fetcher, url)
        .await
        .map_err(|source| DiscoverError::Fetch {
            url: url.clone(),
            source,
        })?;
    let mut discovery = Discovery::default();
    if !is_html(body.content_type.as_deref()) {
        if let Ok((title, entries)) = parse(body.text.clone(), body.final_url.clone()).await {
            discovery.direct = true;
            discovery.feeds.push(FoundFeed {
                url: url.clone(),
                title,
                entries,
            });
            return Ok(discovery);
        }
    }
    let mut candidates = alternates(&body.text, &body.final_url);
    if candidates.is_empty() {
        discovery.guessed = true;
        candidates = usual_paths(&body.final_url);
    }
    for candidate in candidates {
        match check(fetcher, &candidate).await {
            Ok(found) => {
                // A feed found at a usual path is enough: stop asking the site.
                let stop = discovery.guessed;
                discovery.feeds.push(found);
                if stop {
                    break;
                }
            }
            Err(refused) => discovery.refused.push(refused),
        }
    }
    Ok(discovery)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternate_links_of_feed_types_in_page_order() {
        let page: Url = "https://site.example/blog/post".parse().unwrap();
        let html = r#"<html><head>
            <link rel="stylesheet" href="/s.css">
            <link rel="alternate" type="application/atom+xml" href="/atom.xml" title="Atom">
            <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
            <link rel="alternate" type="application/rss+xml; charset=utf-8" href="rss">
            <link rel="Alternate" type="application/feed+json" href="https://cdn.example/feed.json">
            <link rel="alternate" type="application/atom+xml" href="/atom.xml">
            </head><body></body></html>"#;
        let urls: Vec<String> = alternates(html, &page).iter().map(Url::to_string).collect();
        assert_eq!(
            urls,
            [
                "https://site.example/atom.xml",
                "https://site.example/blog/rss",
                "https://cdn.example/feed.json"
            ]
        );
    }

    #[test]
    fn base_href_is_honoured_and_usual_paths_are_on_the_site() {
        let page: Url = "https://site.example/a/b".parse().unwrap();
        let html = r#"<head><base href="https://other.example/x/">
            <link rel="alternate" type="application/rss+xml" href="feed.xml"></head>"#;
        assert_eq!(
            alternates(html, &page),
            vec!["https://other.example/x/feed.xml".parse::<Url>().unwrap()]
        );
        assert!(alternates("<p>no links</p>", &page).is_empty());
        let usual: Vec<String> = usual_paths(&page).iter().map(Url::to_string).collect();
        assert_eq!(usual[0], "https://site.example/feed");
        assert_eq!(usual.len(), USUAL_PATHS.len());
    }
}
