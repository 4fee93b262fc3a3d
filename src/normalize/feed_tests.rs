//! Whole-feed tests: RSS 2.0, Atom 1.0 and JSON Feed documents parsed with
//! feed-rs, then normalized, checked field by field.

use chrono::{DateTime, Utc};
use url::Url;

use super::*;
use crate::model::{DateSource, Enclosure, EnclosureKind};

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

/// "Now" for every test: the day of the sample article.
fn now() -> DateTime<Utc> {
    at("2016-12-08T18:00:00Z")
}

fn normalize(doc: &str, base: &str) -> (FeedMeta, Vec<Article>) {
    let base = Url::parse(base).unwrap();
    let feed = crate::parse::parse_blocking(doc, &base).expect("test document parses");
    normalize_feed(&feed, &base, now())
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>World &amp;amp; Mideast News</title>
  <link>https://news.example.com/</link>
  <atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="self" href="https://news.example.com/rss.xml"/>
  <language>en-GB</language>
  <ttl>30</ttl>
  <item>
    <title>Assad confident of Aleppo victory, ignores ceasefire appeals</title>
    <link>/world/assad-aleppo</link>
    <guid isPermaLink="false">news-2016-12-08-0042</guid>
    <pubDate>Thu, 08 Dec 2016 10:15:00 +0100</pubDate>
    <author>desk@example.com (World Desk)</author>
    <category>World</category><category> Syria </category><category>world</category>
    <description><![CDATA[<p>DAMASCUS -- Syrian President Bashar al-Assad said victory in Aleppo
      would be a &quot;huge step&quot; towards ending the war.</p>
      <p>Rebels <a href="/tags/rebels">lose</a> more ground.<script>track()</script></p>
      <img src="/img/aleppo.jpg" onerror="alert(1)">]]></description>
    <enclosure url="https://cdn.example.com/aleppo.jpg" length="5000" type="image/jpeg"/>
  </item>
  <item>
    <title>Tom &amp;amp; Jerry &lt;b&gt;live&lt;/b&gt;</title>
    <link>https://news.example.com/tom-jerry</link>
    <pubDate>Wed, 07 Dec 2016 08:00:00 GMT</pubDate>
    <description>Just text.

Second paragraph &amp;amp; more.</description>
  </item>
  <item>
    <title>From the future</title>
    <guid>https://news.example.com/future</guid>
    <pubDate>Sun, 01 Jan 2017 00:00:00 GMT</pubDate>
    <description>Posted ahead of time.</description>
  </item>
</channel>
</rss>"#;

#[test]
fn rss_feed_meta() {
    let (meta, articles) = normalize(RSS, "https://news.example.com/rss.xml");
    assert_eq!(articles.len(), 3);
    assert_eq!(
        meta,
        FeedMeta {
            title: Some("World & Mideast News".into()),
            site_link: Some("https://news.example.com/".into()),
            language: Some("en-GB".into()),
            ttl_minutes: Some(30),
            details: meta.details.clone(),
        }
    );
}

#[test]
fn rss_item_with_html_description_and_dateline() {
    let (_, articles) = normalize(RSS, "https://news.example.com/rss.xml");
    let a = &articles[0];
    assert_eq!(a.guid.as_deref(), Some("news-2016-12-08-0042"));
    assert_eq!(
        a.link.as_deref(),
        Some("https://news.example.com/world/assad-aleppo")
    );
    assert_eq!(
        a.title,
        "Assad confident of Aleppo victory, ignores ceasefire appeals"
    );
    assert_eq!(a.authors, ["World Desk"]);
    assert_eq!(a.categories, ["World", "Syria"]);
    assert_eq!(a.language.as_deref(), Some("en-GB"));
    assert_eq!(a.published, Some(at("2016-12-08T09:15:00Z")));
    assert_eq!(
        a.updated, None,
        "feed-rs copies pubDate into updated; the feed gave none"
    );
    assert_eq!(a.date_source, DateSource::Published);
    assert_eq!(
        a.body_text,
        "DAMASCUS -- Syrian President Bashar al-Assad said victory in Aleppo would be a \"huge step\" towards ending the war.\n\n\
         Rebels lose more ground."
    );
    assert_eq!(a.dateline.as_deref(), Some("DAMASCUS"));
    assert_eq!(a.summary, None);
    let html = a
        .body_html
        .as_deref()
        .expect("HTML description gives body_html");
    assert!(html.contains("<a href=\"https://news.example.com/tags/rebels\" rel=\"noopener noreferrer nofollow\">lose</a>"), "{html}");
    assert!(
        html.contains("<img src=\"https://news.example.com/img/aleppo.jpg\">"),
        "{html}"
    );
    assert!(
        !html.contains("script") && !html.contains("track()") && !html.contains("onerror"),
        "{html}"
    );
    assert_eq!(
        a.enclosures,
        [Enclosure {
            url: "https://cdn.example.com/aleppo.jpg".into(),
            mime_type: Some("image/jpeg".into()),
            length: Some(5000),
            kind: EnclosureKind::Media,
        }]
    );
    assert_eq!(a.word_count, 22);
    assert_eq!(a.content_hash, content_hash(&a.title, &a.body_text));
    assert_eq!(a.content_hash.len(), 64);
}

#[test]
fn rss_item_without_guid_has_no_guid() {
    let (_, articles) = normalize(RSS, "https://news.example.com/rss.xml");
    let a = &articles[1];
    assert_eq!(a.guid, None, "feed-rs invents an id; it must not be stored");
    assert_eq!(
        a.link.as_deref(),
        Some("https://news.example.com/tom-jerry")
    );
    assert_eq!(
        a.title, "Tom & Jerry live",
        "escaped HTML in an RSS title is read as HTML"
    );
    assert_eq!(a.authors, Vec::<String>::new());
    assert_eq!(a.body_text, "Just text.\n\nSecond paragraph & more.");
    assert_eq!(a.dateline, None);
    assert_eq!(a.date_source, DateSource::Published);
}

#[test]
fn rss_item_dated_in_the_future_is_first_seen_and_guid_url_is_its_link() {
    let (_, articles) = normalize(RSS, "https://news.example.com/rss.xml");
    let a = &articles[2];
    assert_eq!((a.published, a.updated), (None, None));
    assert_eq!(a.date_source, DateSource::FirstSeen);
    assert_eq!(a.guid.as_deref(), Some("https://news.example.com/future"));
    assert_eq!(a.link.as_deref(), Some("https://news.example.com/future"));
}

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title type="text">Le Blog &lt;dev&gt;</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <link rel="alternate" href="https://blog.example.org/"/>
  <link rel="self" href="https://blog.example.org/atom.xml"/>
  <author><name>Feed Author</name></author>
  <updated>2016-12-08T10:00:00Z</updated>
  <entry xml:base="https://blog.example.org/2016/">
    <title type="html">Caf&amp;eacute; &lt;em&gt;notes&lt;/em&gt;</title>
    <id>tag:blog.example.org,2016:1</id>
    <link rel="alternate" type="text/html" href="cafe.html"/>
    <link rel="replies" href="cafe.html#comments"/>
    <updated>2016-12-08T09:30:00Z</updated>
    <author><name>Marie Curie</name><email>marie@example.org</email></author>
    <category term="cafes" label="Cafés"/>
    <summary type="text">A short note on cafés.</summary>
    <content type="html" xml:base="https://static.example.org/posts/" xml:lang="fr-CA">
      &lt;p&gt;Premier &lt;a href="photo.jpg"&gt;paragraphe&lt;/a&gt;.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;
    </content>
  </entry>
  <entry>
    <title>Plain &lt;text&gt; entry</title>
    <id>tag:blog.example.org,2016:2</id>
    <link href="https://blog.example.org/2016/plain"/>
    <content type="text">Line one
      continues here.

      Second paragraph &amp; &lt;angle&gt; text.</content>
  </entry>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X<b>HTML</b> entry</div></title>
    <id>tag:blog.example.org,2016:3</id>
    <published>2016-12-07T09:00:00+02:00</published>
    <updated>2016-12-08T09:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>One<br/>two</p><p>three</p></div></content>
  </entry>
</feed>"#;

#[test]
fn atom_feed_meta_keeps_a_text_title_literal() {
    let (meta, _) = normalize(ATOM, "https://blog.example.org/atom.xml");
    assert_eq!(meta.title.as_deref(), Some("Le Blog <dev>"));
    assert_eq!(meta.site_link.as_deref(), Some("https://blog.example.org/"));
    assert_eq!(meta.language.as_deref(), Some("fr"));
    assert_eq!(meta.ttl_minutes, None);
}

#[test]
fn atom_html_entry_with_xml_base() {
    let (_, articles) = normalize(ATOM, "https://blog.example.org/atom.xml");
    let a = &articles[0];
    assert_eq!(a.guid.as_deref(), Some("tag:blog.example.org,2016:1"));
    assert_eq!(
        a.link.as_deref(),
        Some("https://blog.example.org/2016/cafe.html")
    );
    assert_eq!(a.title, "Café notes");
    assert_eq!(a.authors, ["Marie Curie"]);
    assert_eq!(a.categories, ["cafes"]);
    assert_eq!(a.language.as_deref(), Some("fr-CA"));
    assert_eq!(
        (a.published, a.updated),
        (None, Some(at("2016-12-08T09:30:00Z")))
    );
    assert_eq!(a.date_source, DateSource::Updated);
    assert_eq!(a.body_text, "Premier paragraphe.\n\nSecond.");
    assert_eq!(a.summary.as_deref(), Some("A short note on cafés."));
    assert_eq!(
        a.body_html.as_deref(),
        Some("<p>Premier <a href=\"https://static.example.org/posts/photo.jpg\" rel=\"noopener noreferrer nofollow\">paragraphe</a>.</p><p>Second.</p>")
    );
}

#[test]
fn atom_text_entry_is_tidied_not_parsed() {
    let (_, articles) = normalize(ATOM, "https://blog.example.org/atom.xml");
    let a = &articles[1];
    assert_eq!(a.title, "Plain <text> entry");
    assert_eq!(a.authors, ["Feed Author"], "feed authors are the fallback");
    assert_eq!(
        a.language.as_deref(),
        Some("fr"),
        "feed language is the fallback"
    );
    assert_eq!(
        a.body_text,
        "Line one continues here.\n\nSecond paragraph & <angle> text."
    );
    assert_eq!(a.body_html, None);
    assert_eq!(a.date_source, DateSource::FirstSeen);
}

#[test]
fn atom_xhtml_entry_keeps_single_line_breaks_single() {
    let (_, articles) = normalize(ATOM, "https://blog.example.org/atom.xml");
    let a = &articles[2];
    assert_eq!(a.title, "XHTML entry");
    assert_eq!(a.link, None);
    assert_eq!(a.published, Some(at("2016-12-07T07:00:00Z")));
    assert_eq!(a.updated, Some(at("2016-12-08T09:00:00Z")));
    assert_eq!(a.body_text, "One two\n\nthree");
    let html = a.body_html.as_deref().unwrap();
    assert_eq!(html.matches("<br>").count(), 1, "{html}");
}

const JSON: &str = r#"{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "JSON &amp; Friends",
  "home_page_url": "https://j.example.net/",
  "feed_url": "https://j.example.net/feed.json",
  "language": "en",
  "authors": [{"name": "Site Owner"}],
  "items": [
    {
      "id": "1",
      "url": "https://j.example.net/posts/1",
      "title": "HTML item",
      "content_html": "<p>NEW YORK (AP) — Markets rose.</p><p>More <em>later</em>.</p>",
      "content_text": "NEW YORK (AP) — Markets rose.\n\nMore later.",
      "date_published": "2016-12-08T08:00:00-05:00",
      "authors": [{"name": "Ann Author"}, {"name": "Ann Author"}, {"name": "Bob Writer"}],
      "tags": ["markets", "Markets", " stocks "],
      "attachments": [{"url": "/audio/1.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 777}]
    },
    {
      "id": "2",
      "url": "posts/2",
      "title": "Text item",
      "content_text": "Only text here.\n\n  Two paragraphs.  ",
      "summary": "Summary <b>differs</b>",
      "date_modified": "2016-12-08T07:00:00Z"
    }
  ]
}"#;

#[test]
fn json_feed_meta() {
    let (meta, _) = normalize(JSON, "https://j.example.net/feed.json");
    assert_eq!(meta.title.as_deref(), Some("JSON & Friends"));
    assert_eq!(meta.site_link.as_deref(), Some("https://j.example.net/"));
    assert_eq!(meta.language.as_deref(), Some("en"));
}

#[test]
fn json_content_html_wins_and_equal_text_is_no_summary() {
    let (_, articles) = normalize(JSON, "https://j.example.net/feed.json");
    let a = &articles[0];
    assert_eq!(a.guid.as_deref(), Some("1"));
    assert_eq!(a.link.as_deref(), Some("https://j.example.net/posts/1"));
    assert_eq!(a.authors, ["Ann Author", "Bob Writer"]);
    assert_eq!(a.categories, ["markets", "stocks"]);
    assert_eq!(a.body_text, "NEW YORK (AP) — Markets rose.\n\nMore later.");
    assert_eq!(
        a.summary, None,
        "content_text says the same as content_html"
    );
    assert_eq!(a.dateline.as_deref(), Some("NEW YORK"));
    assert_eq!(a.published, Some(at("2016-12-08T13:00:00Z")));
    assert_eq!(
        a.enclosures,
        [Enclosure {
            url: "https://j.example.net/audio/1.mp3".into(),
            mime_type: Some("audio/mpeg".into()),
            length: Some(777),
            kind: EnclosureKind::Media,
        }]
    );
    assert_eq!(a.word_count, 7);
}

#[test]
fn json_content_text_is_plain_with_feed_authors() {
    let (_, articles) = normalize(JSON, "https://j.example.net/feed.json");
    let a = &articles[1];
    assert_eq!(a.link.as_deref(), Some("https://j.example.net/posts/2"));
    assert_eq!(a.authors, ["Site Owner"]);
    assert_eq!(a.body_text, "Only text here.\n\nTwo paragraphs.");
    assert_eq!(a.body_html, None);
    assert_eq!(a.summary.as_deref(), Some("Summary differs"));
    assert_eq!((a.published, a.date_source), (None, DateSource::Updated));
    assert_eq!(a.language.as_deref(), Some("en"));
}

#[test]
fn content_hash_is_sha256_of_title_newline_body() {
    // Computed independently: printf 'Assad\nDAMASCUS -- x' | sha256sum
    assert_eq!(
        content_hash("Assad", "DAMASCUS -- x"),
        "e76ff3d4d8623f4003c7720b24ef86b1ff90115d4c4ced586e2f3644b78972ec"
    );
    assert_ne!(content_hash("a", "b"), content_hash("a", "b "));
}

#[test]
fn word_count_ignores_punctuation_only_tokens() {
    assert_eq!(
        word_count("DAMASCUS -- Syrian President — said: \"yes\" ... 80 percent"),
        7
    );
    assert_eq!(word_count(""), 0);
}
