//! What feed-rs leaves out: Atom 0.3, Dublin Core, guids, authors, RSS 1.0, URLs, scripts, media text.

use super::*;

// --- 4. fill what feed-rs leaves out -----------------------------------------------------

#[test]
fn atom_03_dates_tagline_and_content_modes_are_read() {
    let report = parse(
        "atom03.xml",
        &["--base-url", "http://atom03.example.org/feed.atom"],
    );
    assert_eq!(report["feed"]["title"], "Atom 0.3 feed");
    let escaped = article(&report, "Escaped HTML content");
    assert_eq!(escaped["published"], "2003-12-13T12:29:29Z");
    assert_eq!(escaped["updated"], "2003-12-13T18:30:02Z");
    assert_eq!(escaped["body_text"], "Escaped markup.");
    assert_eq!(escaped["authors"][0], "Mark Writer");
    let base64 = article(&report, "Base64 content");
    assert_eq!(base64["body_text"], "Base64 decoded.");
    assert_eq!(base64["body_html"], "<p>Base64 <i>decoded</i>.</p>");
    assert_eq!(
        base64["link"],
        "http://atom03.example.org/2003/12/14/base64"
    );
    assert_eq!(base64["published"], "2003-12-14T00:00:00Z");
    let xhtml = article(&report, "Inline XHTML content");
    assert_eq!(xhtml["body_text"], "Inline XHTML.");
    assert_eq!(xhtml["summary"], "A plain summary");
    assert_eq!(xhtml["published"], "2003-12-15T08:00:00Z", "from <created>");

    let report = parse("atom_types.xml", &[]);
    assert_eq!(
        article(&report, "Title typed as text/html")["body_text"],
        "XHTML summary"
    );
    let src = article(&report, "Content with both src and a body");
    assert_eq!(
        (src["body_text"].as_str(), src["summary"].as_str()),
        (
            Some("This body is not allowed with src."),
            Some("Kept summary")
        )
    );
}

#[test]
fn dublin_core_and_dcterms_fields_are_read() {
    let report = parse("dublin_core.xml", &[]);
    let a = article(&report, "Title only in dc:title");
    assert_eq!(a["published"], "2016-12-01T09:00:00Z");
    assert_eq!(a["categories"], serde_json::json!(["Politik"]));
    assert_eq!(a["body_text"], "Only a DC description.");
    assert_eq!(a["authors"], serde_json::json!(["Channel Creator"]));
    assert_eq!(a["language"], "de");
    let b = article(&report, "dcterms dates");
    assert_eq!(
        (b["published"].as_str(), b["updated"].as_str()),
        (Some("2016-12-02T00:00:00Z"), Some("2016-12-03T08:00:00Z"))
    );
    assert_eq!(
        article(&report, "Created only")["published"],
        "2016-12-02T06:00:00Z"
    );
}

#[test]
fn permalink_guids_are_links_unless_they_say_otherwise() {
    let report = parse("permalink_guids.xml", &[]);
    let link = |title| article(&report, title)["link"].clone();
    assert_eq!(
        link("Permalink guid, no link"),
        "http://guid.example.com/p/1"
    );
    assert_eq!(link("Explicit permalink"), "http://guid.example.com/p/2");
    assert_eq!(link("Not a permalink"), Value::Null);
    assert_eq!(
        link("Link wins over guid"),
        "http://guid.example.com/real/4"
    );
    assert_eq!(
        article(&report, "Not a permalink")["id"],
        "http://guid.example.com/p/3"
    );
}

#[test]
fn authors_in_every_shape_and_the_channels_author() {
    let report = parse("authors.xml", &[]);
    for (title, author) in [
        ("No author: the channel's", "Edith Editor"),
        ("email (name)", "Joe Bloggs"),
        ("name <email>", "Jane Doe"),
        ("bare email", "sam@authors.example.com"),
        ("email in angle brackets", "bob@authors.example.com"),
        ("mailto", "al@authors.example.com"),
        ("name (email)", "Pat Smith"),
        ("dc:creator", "Kim Lee"),
    ] {
        assert_eq!(
            article(&report, title)["authors"],
            serde_json::json!([author]),
            "{title}"
        );
    }
}

#[test]
fn rss_1_0_items_without_links_and_rss_0_90_are_kept() {
    let report = parse("rss10_no_links.xml", &[]);
    let a = article(&report, "Item without a link");
    assert_eq!(
        (a["link"].clone(), a["guid"].as_str()),
        (Value::Null, Some("urn:x-rdf:1"))
    );
    assert_eq!(a["published"], "2016-12-04T10:00:00Z");
    assert_eq!(a["body_text"], "Still kept.");
    assert_eq!(
        article(&report, "Item with a link")["link"],
        "http://rdf.example.org/2"
    );

    let report = parse("rss090.xml", &[]);
    assert_eq!(report["format"], "rss1");
    assert_eq!(report["feed"]["title"], "Mozilla Dot Org");
    assert_eq!(
        article(&report, "Bugzilla Reorganized")["link"],
        "http://www.mozilla.org/bugs/"
    );
}

#[test]
fn relative_urls_resolve_against_xml_base_the_entry_and_the_feed_url() {
    let report = parse("xml_base.xml", &[]);
    let a = article(&report, "Entry base");
    assert_eq!(a["link"], "http://base.example.org/blog/2016/post-1.html");
    let html = a["body_html"].as_str().unwrap();
    assert!(
        html.contains("href=\"http://base.example.org/blog/2016/images/\""),
        "{html}"
    );
    assert!(
        html.contains("src=\"http://base.example.org/blog/2016/a.png\""),
        "{html}"
    );
    let b = article(&report, "Content base");
    assert_eq!(b["link"], "http://base.example.org/post-2");
    assert!(b["body_html"]
        .as_str()
        .unwrap()
        .contains("src=\"http://cdn.example.net/x/b.png\""));
    let c = article(&report, "Summary base");
    assert!(c["body_html"]
        .as_str()
        .unwrap()
        .contains("href=\"http://base.example.org/about\""));

    let report = parse(
        "html_in_description.xml",
        &["--base-url", "http://raw.example.com/feed.xml"],
    );
    let a = article(&report, "Markup in the title");
    assert_eq!(a["link"], "http://raw.example.com/stories/1");
    assert_eq!(a["body_text"], "Lead text bold and more.");
    let html = a["body_html"].as_str().unwrap();
    assert!(
        html.contains("href=\"http://raw.example.com/more\""),
        "{html}"
    );
    assert!(
        html.contains("src=\"http://raw.example.com/img/x.png\""),
        "{html}"
    );
}

#[test]
fn scripts_never_pass_through() {
    let report = parse("script.xml", &[]);
    let a = article(&report, "Headline");
    assert_eq!(a["body_text"], "Hi\n\nthere link");
    let html = a["body_html"].as_str().unwrap();
    for bad in ["script", "onclick", "javascript:", "alert"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
}

#[test]
fn youtube_and_podcast_text_and_authors_come_from_media_and_itunes() {
    let report = parse("youtube.xml", &[]);
    let a = article(&report, "Video title & more");
    assert_eq!(
        a["body_text"],
        "In this video we talk. Links: https://example.com"
    );
    assert_eq!(a["link"], "https://www.youtube.com/watch?v=abc123");
    assert_eq!(a["authors"], serde_json::json!(["Some Channel"]));

    let report = parse("podcast.xml", &[]);
    let one = article(&report, "Episode 1: Pilot");
    assert_eq!(
        (one["guid"].as_str(), one["link"].clone()),
        (Some("ep-1-uuid-123"), Value::Null)
    );
    assert_eq!(one["authors"], serde_json::json!(["Host Person"]));
    assert_eq!(
        one["enclosures"][0]["url"],
        "https://cdn.example.com/ep1.mp3"
    );
    let two = article(&report, "Episode 2");
    assert_eq!(two["authors"], serde_json::json!(["Guest Host"]));
    assert_eq!(two["body_text"], "Only an iTunes summary.");
}
