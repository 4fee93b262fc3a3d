//! The second look on its own.

use super::*;

fn base() -> Url {
    Url::parse("https://example.com/feed.xml").unwrap()
}

#[test]
fn counts_entries_like_feed_rs() {
    let rss = "<rss version=\"2.0\"><channel><item/><x><item/></x><item/></channel><item/></rss>";
    let found = scan(rss, &base(), 10).unwrap();
    assert_eq!(found.root, Root::Rss);
    assert_eq!(found.entries.len(), 2);
}

#[test]
fn rdf_and_atom_entries_and_their_fields() {
    let rdf = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" \
        xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>t</title><dc:creator>Chan</dc:creator></channel>\
        <item rdf:about=\"urn:1\"><title>a</title><dc:date>2016-12-01</dc:date><dc:subject>S</dc:subject></item>\
        <item rdf:about=\"urn:2\"><link>http://x/2</link></item></rdf:RDF>";
    let found = scan(rdf, &base(), 10).unwrap();
    assert_eq!(found.root, Root::Rdf);
    assert_eq!(found.entries.len(), 2);
    assert_eq!(found.entries[0].rdf_about.as_deref(), Some("urn:1"));
    assert!(!found.entries[0].has_link && found.entries[1].has_link);
    assert_eq!(
        found.entries[0].dates,
        [(DateField::DcDate, "2016-12-01".to_string())]
    );
    assert_eq!(found.entries[0].dc_subjects, ["S"]);
    assert_eq!(found.feed.authors, ["Chan"]);

    let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"http://b.example/x/\"><tagline>tl</tagline>\
        <entry xml:base=\"y/\"><issued>2003-12-13</issued><modified>2003-12-14</modified>\
        <content type=\"html\">c</content><summary type=\"xhtml\"><div>s</div></summary></entry></feed>";
    let found = scan(atom, &base(), 10).unwrap();
    let entry = &found.entries[0];
    assert_eq!(
        entry.dates,
        [
            (DateField::Published, "2003-12-13".to_string()),
            (DateField::Updated, "2003-12-14".to_string())
        ]
    );
    assert_eq!(
        entry.content_base.as_ref().unwrap().as_str(),
        "http://b.example/x/y/"
    );
    assert!(entry.markup.is_empty(), "xhtml is feed-rs's to serialize");
    assert_eq!(found.feed.tagline.as_deref(), Some("tl"));
}

#[test]
fn markup_inside_text_fields_is_kept_whole() {
    let rss = "<rss version=\"2.0\"><channel><item><title>plain</title>\
        <description>Lead <b>bold</b> &amp; tail</description><guid isPermaLink=\"false\">g</guid></item></channel></rss>";
    let found = scan(rss, &base(), 10).unwrap();
    let entry = &found.entries[0];
    assert_eq!(
        entry.markup,
        [(
            MarkupField::Summary,
            "Lead <b>bold</b> &amp; tail".to_string()
        )]
    );
    assert_eq!(entry.permalink, Some(false));
}

#[test]
fn entries_past_the_cap_are_cut_off_and_counted() {
    let rss = "<rss version=\"2.0\"><channel><title>t</title><item>1</item><item>2</item><item>3</item><item>4</item></channel></rss>";
    let found = scan(rss, &base(), 2).unwrap();
    assert_eq!((found.entries.len(), found.total_entries), (2, 4));
    let (at, closing) = found.cut.unwrap();
    assert_eq!(
        &rss[..at],
        "<rss version=\"2.0\"><channel><title>t</title><item>1</item><item>2</item>"
    );
    assert_eq!(closing, "</channel></rss>");
}

#[test]
fn broken_and_deep_documents_are_errors() {
    assert!(matches!(
        scan("<rss><channel></rss>", &base(), 10),
        Err(ScanError::Xml(_))
    ));
    assert!(matches!(
        scan("<rss><channel>", &base(), 10),
        Err(ScanError::Xml(_))
    ));
    let deep = format!(
        "<rss>{}{}</rss>",
        "<a>".repeat(MAX_DEPTH + 1),
        "</a>".repeat(MAX_DEPTH + 1)
    );
    assert_eq!(scan(&deep, &base(), 10).unwrap_err(), ScanError::TooDeep);
}
