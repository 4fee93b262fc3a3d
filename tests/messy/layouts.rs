//! Layouts real feeds use that feed-rs alone misreads: bodies outside `<description>`,
//! dates in other languages, iTunes / MediaRSS fallbacks, Atom inside RSS, prefixed
//! Atom, names in another case, entry HTML that trips text readers.

use serde_json::json;

use super::*;

#[test]
fn bodies_in_xhtml_body_body_and_fullitem_are_read() {
    let report = parse("rss_bodies.xml", &[]);
    let xhtml = article(&report, "XHTML body");
    assert_eq!(xhtml["body_text"], "Body in xhtml.");
    assert_eq!(xhtml["body_html"], "<p>Body in <b>xhtml</b>.</p>");
    assert_eq!(article(&report, "Plain body")["body_text"], "Body element.");
    assert_eq!(article(&report, "Fullitem")["body_text"], "Full item.");
}

#[test]
fn dates_in_other_languages_and_rare_iso_forms_are_read() {
    let report = parse("dates_foreign.xml", &[]);
    for (title, want) in [
        ("French", "2022-11-15T23:38:15Z"),
        ("German", "2024-03-06T09:00:00Z"),
        ("French abbreviated", "2022-11-13T00:00:00Z"),
        ("Greek", "2004-07-11T17:00:00Z"),
        ("Hungarian", "2004-07-13T14:15:00Z"),
        ("Korean", "2004-05-25T14:23:17Z"),
        ("Ordinal", "2003-12-01T00:00:00Z"),
        ("Two-digit year", "2003-12-31T00:00:00Z"),
    ] {
        assert_eq!(article(&report, title)["published"], want, "{title}");
    }
}

#[test]
fn itunes_and_media_rss_fallbacks_are_used() {
    let report = parse("media_enclosures.xml", &[]);
    let itunes = article(&report, "iTunes only");
    assert_eq!(itunes["body_text"], "Only an iTunes summary.");
    assert_eq!(itunes["authors"], json!(["Pod Caster"]));
    assert_eq!(itunes["categories"], json!(["Technology"]));
    let group = article(&report, "Media group");
    assert_eq!(group["body_text"], "Only a media description.");
}

#[test]
fn enclosures_beside_media_content_are_kept_and_thumbnails_marked() {
    let report = parse(
        "media_enclosures.xml",
        &["--base-url", "http://media.example.org/feed.xml"],
    );
    let both = article(&report, "Enclosure and media content");
    let urls: Vec<&str> = both["enclosures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "http://media.example.org/ep.m4a",
            "http://media.example.org/ep.mp3"
        ],
        "the empty url=\"\" is no enclosure"
    );
    assert_eq!(both["enclosures"][1]["length"], 1000);
    let group = article(&report, "Media group");
    assert_eq!(
        group["enclosures"],
        json!([
            {"url": "http://media.example.org/v.mp4", "mime_type": "video/mp4", "length": null, "kind": "media"},
            {"url": "http://media.example.org/t.jpg", "mime_type": null, "length": null, "kind": "thumbnail"},
        ])
    );
}

#[test]
fn atom_links_inside_rss_and_authors_with_home_pages_are_read() {
    let report = parse("rss_atom_mix.xml", &[]);
    let a10 = article(&report, "a10 link");
    assert_eq!(a10["link"], "http://mix.example.org/1");
    assert_eq!(a10["authors"], json!(["John Doe"]));
}

#[test]
fn pub_date_wins_over_dc_date_in_either_order() {
    let report = parse("rss_atom_mix.xml", &[]);
    for title in ["pubDate before dc:date", "dc:date before pubDate"] {
        let a = article(&report, title);
        assert_eq!(a["published"], "2003-06-10T04:00:00Z", "{title}");
        assert!(a["updated"].is_null(), "{title}: {}", a["updated"]);
    }
}

#[test]
fn entry_html_reads_the_same_in_text_html_and_summary() {
    let report = parse("html_oddities.xml", &[]);
    let quote = article(&report, "Double-escaped quote");
    assert_eq!(quote["body_text"], "He said \"hi\" there");
    let head = article(&report, "Stray head");
    assert_eq!(head["body_text"], "before\n\nafter head\n\nnoscript text");
    let iframe = article(&report, "Self-closing iframe");
    assert_eq!(iframe["body_text"], "before\n\nafter iframe");
    assert!(
        iframe["body_html"]
            .as_str()
            .unwrap()
            .ends_with("<p>after iframe</p>"),
        "{}",
        iframe["body_html"]
    );
}

#[test]
fn doctype_after_a_comment_mixed_case_names_and_rdf_about_entities() {
    let report = parse("rdf_doctype_case.xml", &[]);
    assert_eq!(report["feed"]["title"], "RDF declared entity");
    let about = article(&report, "About");
    assert_eq!(about["guid"], "http://rdf.example.org/a?x=1&from=rss");
    assert!(!about["entry_key"].as_str().unwrap().contains("&amp;"));
    assert_eq!(
        article(&report, "Mixed case")["link"],
        "http://rdf.example.org/b"
    );
}

#[test]
fn prefixed_atom_typed_text_and_language_tags() {
    let report = parse("atom_prefixed.xml", &[]);
    assert_eq!(report["feed"]["title"], "Prefixed");
    assert_eq!(report["feed"]["language"], "en-US");
    let entry = &articles(&report)[0];
    assert_eq!(entry["title"], "Plain <b>typed</b>");
    assert_eq!(entry["summary"], "Naked child markup after");
    assert_eq!(entry["body_text"], "Hello base64");
    let report = parse("rss_bodies.xml", &[]);
    assert_eq!(report["feed"]["language"], "de-DE");
}

#[test]
fn namespace_clash_unclosed_items_and_atom_in_html_lose_no_entries() {
    assert_eq!(titles_of(&parse("userland_ns.xml", &[])), ["U1", "U2"]);
    assert_eq!(
        titles_of(&parse("unclosed_item.xml", &[])),
        ["One", "Two", "Three"]
    );
    let wrapped = parse("atom_in_html.xml", &[]);
    assert_eq!(wrapped["feed"]["title"], "Wrapped");
    assert_eq!(titles_of(&wrapped), ["W1"]);
}

#[test]
fn parse_takes_content_language_and_content_location_like_a_poll() {
    let report = parse(
        "relative_links.xml",
        &[
            "--content-language",
            "de-de, en",
            "--content-location",
            "https://rel.example.org/feed/",
        ],
    );
    assert_eq!(report["base_url"], "https://rel.example.org/feed/");
    assert_eq!(report["feed"]["language"], "de-DE");
    let a = article(&report, "Relative");
    assert_eq!(a["language"], "de-DE");
    assert_eq!(a["link"], "https://rel.example.org/posts/1");
    let html = a["body_html"].as_str().unwrap();
    assert!(html.contains("https://rel.example.org/posts/2"), "{html}");
    assert!(
        html.contains("https://rel.example.org/feed/img/a.png"),
        "{html}"
    );
}

#[test]
fn a_local_file_leaves_relative_links_in_content_relative() {
    let report = parse("relative_links.xml", &[]);
    let html = article(&report, "Relative")["body_html"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!html.contains("file:"), "{html}");
    assert!(html.contains("href=\"/posts/2\""), "{html}");
}

#[test]
fn atom_03_copyright_is_the_feeds_rights() {
    let report = parse("atom03.xml", &[]);
    assert_eq!(report["feed"]["rights"], "Copyright (c) 2003");
}
