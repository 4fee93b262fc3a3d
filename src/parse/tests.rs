//! The parse layers together, on small documents of each kind of damage.

use super::*;

fn base() -> Url {
    Url::parse("https://example.com/feed.xml").unwrap()
}

fn parse(text: &str) -> ParsedFeed {
    parse_document(text, &base()).expect("parses")
}

#[test]
fn entries_without_ids_get_an_empty_id_not_a_random_one() {
    let rss = r#"<rss version="2.0"><channel><title>t</title>
        <item><title>No id</title><description>x</description></item></channel></rss>"#;
    let parsed = parse(rss);
    assert_eq!(parsed.feed.entries.len(), 1);
    assert_eq!(parsed.feed.entries[0].id, "");
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    assert!(matches!(
        parse_document("<html><body>hi</body></html>", &base()),
        Err(ParseError::Invalid(_))
    ));
    assert!(matches!(
        parse_document("", &base()),
        Err(ParseError::Invalid(_))
    ));
    assert!(matches!(
        parse_document("just text", &base()),
        Err(ParseError::Invalid(_))
    ));
}
