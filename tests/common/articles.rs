//! Helpers for the tests of whole articles, filters and per-feed HTTP options: a feed of
//! one-sentence teasers whose pages are the sample story inside a news site's clutter
//! (`tests/fixtures/article_page.html`: header, navigation, ads, share bars, related
//! links, comments, footer), served by wiremock on 127.0.0.1.

use wiremock::MockServer;

use super::{fixture, serve};

pub const RSS: &str = "application/rss+xml";
pub const HTML: &str = "text/html; charset=utf-8";
pub const TITLE: &str = "Assad confident of Aleppo victory, ignores ceasefire appeals";
pub const TEASER: &str = "Syrian President Bashar al-Assad said victory in Aleppo would be a \
                      \"huge step\" towards ending the war. Read more »";

/// The sample's paragraphs, as `body_text` must hold them.
pub fn sample_paragraphs() -> String {
    let sample = String::from_utf8(fixture("article.txt")).unwrap();
    sample.split_once("\n\n").unwrap().1.to_string()
}

/// One RSS item.
pub fn item(title: &str, link: &str, category: &str, description: &str) -> String {
    format!(
        "<item><title>{title}</title><link>{link}</link><guid>{link}</guid>\
         <category>{category}</category>\
         <pubDate>Thu, 08 Dec 2016 10:00:00 +0000</pubDate>\
         <description>{}</description></item>",
        description.replace('&', "&amp;").replace('<', "&lt;")
    )
}

pub fn rss(items: &[String]) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
         <title>Teasers</title><link>https://news.example.com/</link>{}</channel></rss>",
        items.concat()
    )
    .into_bytes()
}

/// The teaser feed: the sample story (its page allowed) and a second story whose page
/// robots.txt disallows.
pub async fn teaser_site(server: &MockServer) {
    let uri = server.uri();
    let feed = rss(&[
        item(TITLE, &format!("{uri}/world/assad"), "world", TEASER),
        item(
            "Inside the ministry",
            &format!("{uri}/private/ministry"),
            "world",
            "What the documents show. Read more »",
        ),
    ]);
    serve(server, "/feed.xml", feed, RSS).await;
    serve(server, "/world/assad", fixture("article_page.html"), HTML).await;
    serve(
        server,
        "/private/ministry",
        b"<html><body><article><p>Never to be fetched.</p></article></body></html>".to_vec(),
        HTML,
    )
    .await;
    serve(
        server,
        "/robots.txt",
        b"User-agent: *\nDisallow: /private/\n".to_vec(),
        "text/plain",
    )
    .await;
}

/// `[fetch]` for tests: no per-host delay (`write_feeds_config` adds loopback access).
pub const FAST: &str = "[fetch]\nper_host_delay = \"0s\"\n";
/// [`FAST`] with loopback access, for configs written whole with `write_config`.
pub const DIRECT: &str = "[fetch]\nper_host_delay = \"0s\"\nallow_private_networks = true\n";
