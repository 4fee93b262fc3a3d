//! Canonical URLs: one spelling per page, so the same page reached through
//! two feeds, or through a tracking-tagged link, is recognised as one.
//!
//! Parsing and serialisation are the `url` crate's (WHATWG rules): it already
//! lowercases the scheme and host, drops the scheme's default port, resolves
//! `.`/`..` path segments and normalises percent-encoding of the host. On top
//! of that, for `http` and `https` URLs, [`canonical_url`]:
//!
//! - drops the fragment (`#...`);
//! - drops tracking parameters: every name in [`TRACKING_PARAMS`] and every
//!   name starting with one of [`TRACKING_PREFIXES`] (compared
//!   case-insensitively); the other parameters are kept, sorted by name
//!   (stable, so repeated names keep their order), and re-encoded the one
//!   way `application/x-www-form-urlencoded` does; an empty query is removed;
//! - removes one trailing slash from a path other than `/` (`/a/b/` and
//!   `/a/b` are, on news sites, the same page; the root stays `/`).
//!
//! It does not touch `www.` (a different host may be a different site) nor
//! the path's case. Other schemes keep everything but the fragment.

use url::Url;

/// Query parameters that only track where a click came from, removed by
/// [`canonical_url`] (case-insensitive): ad click ids (Google, Microsoft,
/// Facebook, Twitter/X, TikTok, LinkedIn, Yandex), newsletter and marketing
/// automation ids (Mailchimp, HubSpot, Marketo, Vero, Omeda), analytics
/// cross-domain ids, and the share/referrer tags of common news CMSs.
pub const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "gclsrc",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "twclid",
    "ttclid",
    "li_fat_id",
    "yclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "__hstc",
    "__hssc",
    "__hsfp",
    "hsctatracking",
    "mkt_tok",
    "vero_id",
    "vero_conv",
    "oly_anon_id",
    "oly_enc_id",
    "rb_clickid",
    "s_cid",
    "wt.mc_id",
    "wt_mc",
    "cmpid",
    "ncid",
    "ocid",
    "ref_src",
    "ref_url",
    "smid",
    "at_medium",
    "at_campaign",
    "guccounter",
    "guce_referrer",
    "guce_referrer_sig",
    "spm",
];

/// Prefixes of tracking parameter names, removed by [`canonical_url`]
/// (case-insensitive): Google Analytics campaign tags (`utm_source`, ...),
/// Matomo/Piwik (`pk_`, `mtm_`) and HubSpot (`hmb_`) campaign tags.
pub const TRACKING_PREFIXES: &[&str] = &["utm_", "pk_", "mtm_", "hmb_"];

/// Whether a query parameter name only tracks the click.
pub fn is_tracking_param(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    TRACKING_PARAMS.contains(&name.as_str())
        || TRACKING_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// The canonical form of `link`, or `None` when it is not an absolute URL.
pub fn canonical_url(link: &str) -> Option<String> {
    let mut url = Url::parse(link.trim()).ok()?;
    url.set_fragment(None);
    if !matches!(url.scheme(), "http" | "https") {
        return Some(url.into());
    }
    if url.query().is_some() {
        let mut kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(name, _)| !is_tracking_param(name))
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        kept.sort_by(|a, b| a.0.cmp(&b.0));
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    let path = url.path();
    if path.len() > 1 && path.ends_with('/') {
        let trimmed = path[..path.len() - 1].to_string();
        url.set_path(&trimmed);
    }
    Some(url.into())
}

/// Whether a canonical URL is a site's front page (`/`, no query): not an
/// article's own page. Feeds whose items all link to the front page (or to
/// one live page) exist, so such a URL never makes two entries one article.
pub fn is_site_root(canonical: &str) -> bool {
    Url::parse(canonical).is_ok_and(|u| u.path() == "/" && u.query().is_none())
}

/// The outlet that published `link`: its host without a leading `www.`;
/// `None` for URLs without a host (`file:`, `urn:`, `tag:`).
pub fn outlet(link: &str) -> Option<String> {
    let url = Url::parse(link.trim()).ok()?;
    let host = url.host_str().filter(|h| !h.is_empty())?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(link: &str) -> String {
        canonical_url(link).unwrap()
    }

    #[test]
    fn scheme_and_host_lowercase_default_port_and_fragment_go() {
        assert_eq!(
            c("HTTPS://News.Example.COM:443/World/Story?id=7#comments"),
            "https://news.example.com/World/Story?id=7"
        );
        assert_eq!(c("http://news.example:80/a"), "http://news.example/a");
        assert_eq!(
            c("http://news.example:8080/a"),
            "http://news.example:8080/a"
        );
    }

    #[test]
    fn tracking_parameters_go_and_the_others_are_sorted() {
        assert_eq!(
            c("https://news.example/a?utm_source=rss&utm_medium=feed&UTM_Campaign=x"),
            "https://news.example/a"
        );
        assert_eq!(
            c("https://news.example/a?b=2&fbclid=abc&a=1&gclid=z&mc_cid=1&mc_eid=2"),
            "https://news.example/a?a=1&b=2"
        );
        assert_eq!(
            c("https://news.example/a?id=1&pk_campaign=x&mtm_kwd=y"),
            "https://news.example/a?id=1"
        );
        // Repeated names keep their order; encodings converge.
        assert_eq!(
            c("https://news.example/s?tag=b&x=%20y&tag=a"),
            c("https://news.example/s?tag=b&tag=a&x=+y")
        );
    }

    #[test]
    fn one_trailing_slash_goes_but_the_root_stays() {
        assert_eq!(c("https://news.example/a/b/"), "https://news.example/a/b");
        assert_eq!(c("https://news.example/a/b"), "https://news.example/a/b");
        assert_eq!(c("https://news.example/"), "https://news.example/");
        assert_eq!(c("https://news.example"), "https://news.example/");
        assert_eq!(
            c("https://news.example/a/?utm_source=x"),
            "https://news.example/a"
        );
    }

    #[test]
    fn same_page_through_two_feeds_is_one_url() {
        let top = "https://www.site.example/2024/06/03/story.html";
        let world =
            "https://WWW.site.example/2024/06/03/story.html?utm_source=world&utm_medium=rss#top";
        assert_eq!(c(top), c(world));
    }

    #[test]
    fn other_schemes_keep_all_but_the_fragment_and_garbage_is_none() {
        assert_eq!(c("tag:news.example,2024:1#x"), "tag:news.example,2024:1");
        assert_eq!(canonical_url("not a url"), None);
        assert_eq!(canonical_url("/relative/path"), None);
    }

    #[test]
    fn a_front_page_is_a_site_root() {
        assert!(is_site_root(&c("https://news.example")));
        assert!(is_site_root(&c("https://news.example/?utm_source=rss")));
        assert!(!is_site_root(&c("https://news.example/?p=42")));
        assert!(!is_site_root(&c("https://news.example/a")));
    }

    #[test]
    fn outlet_is_the_host_without_www() {
        assert_eq!(
            outlet("https://www.site.example/a").as_deref(),
            Some("site.example")
        );
        assert_eq!(
            outlet("http://127.0.0.1:8080/a").as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(outlet("tag:x,2024:1"), None);
    }
}
