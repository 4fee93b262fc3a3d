//! The parse layers together, on small documents of each kind of damage.

use super::*;

fn base() -> Url {
    Url::parse("https://example.com/feed.xml").unwrap()
}

fn parse(text: &str) -> ParsedFeed {
    parse_document(text, &base()).expect("parses")
}

/// Parses in pieces of `piece` entries, reading at most `max` entries:
/// the entries of every piece, and the warnings.
fn pieces(text: &str, max: usize, piece: usize) -> (Vec<ParsedFeed>, Vec<String>) {
    let mut out = Vec::new();
    let limits = Limits {
        max_entries: max,
        piece_entries: piece,
        piece_bytes: usize::MAX,
    };
    let warnings = guarded(text, &base(), limits, &mut |p| out.push(p)).expect("parses");
    (out, warnings)
}

fn titles(pieces: &[ParsedFeed]) -> Vec<String> {
    pieces
        .iter()
        .flat_map(|p| &p.feed.entries)
        .map(|e| {
            e.title
                .as_ref()
                .map(|t| t.content.clone())
                .unwrap_or_default()
        })
        .collect()
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

#[test]
fn entries_past_the_cap_are_dropped_with_a_warning() {
    let items: String = (0..5)
        .map(|i| format!("<item><title>{i}</title></item>"))
        .collect();
    let rss = format!("<rss version=\"2.0\"><channel><title>t</title>{items}</channel></rss>");
    let (parsed, warnings) = pieces(&rss, 3, 100);
    assert_eq!(titles(&parsed), ["0", "1", "2"]);
    assert!(warnings
        .iter()
        .any(|w| w == "the feed has 5 entries: only the first 3 were read"));

    let json_items: String = (0..5)
        .map(|i| format!("{{\"id\":\"{i}\",\"title\":\"{i}\"}}"))
        .collect::<Vec<_>>()
        .join(",");
    let json = format!("{{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"t\",\"items\":[{json_items}]}}");
    assert_eq!(titles(&pieces(&json, 2, 100).0), ["0", "1"]);
}

#[test]
fn pieces_read_like_the_whole_and_the_cap_applies_after_recovery() {
    let items: String = (0..7)
        .map(|i| format!("<item><title>{i}</title><pubDate>bad {i}</pubDate></item>"))
        .collect();
    let rss = format!(
        "<rss version=\"2.0\"><channel><title>t</title>{items}<ttl>9</ttl></channel></rss>"
    );
    let (parsed, warnings) = pieces(&rss, 100, 3);
    assert_eq!(parsed.len(), 3);
    assert_eq!(titles(&parsed), ["0", "1", "2", "3", "4", "5", "6"]);
    assert!(parsed
        .iter()
        .all(|p| p.feed.title.as_ref().unwrap().content == "t"));
    assert_eq!(
        parsed[2].feed.ttl,
        Some(9),
        "metadata after the entries comes with the last piece"
    );
    assert_eq!(parsed[1].extras[0].raw_date.as_deref(), Some("bad 3"));
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("7 entries have a date that cannot be read")),
        "{warnings:?}"
    );

    let broken = rss.replace("</title><pubDate>", "</title><br><pubDate>");
    let (parsed, warnings) = pieces(&broken, 4, 3);
    assert_eq!(titles(&parsed), ["0", "1", "2", "3"]);
    assert!(warnings.iter().any(|w| w.contains("lenient parser")));
}

#[test]
fn extras_line_up_with_entries() {
    let rss = r#"<rss version="2.0"><channel><title>t</title>
        <item><title>a</title><guid isPermaLink="false">http://x.example/a</guid><pubDate>whenever</pubDate></item>
        <item><title>b</title><guid>http://x.example/b</guid><pubDate>Thu, 08 Dec 2016 10:00:00 GMT</pubDate></item>
        </channel></rss>"#;
    let parsed = parse(rss);
    assert_eq!(parsed.extras[0].permalink, Some(false));
    assert_eq!(parsed.extras[0].raw_date.as_deref(), Some("whenever"));
    assert_eq!(parsed.extras[1].permalink, None);
    assert_eq!(parsed.extras[1].raw_date, None);
    assert!(parsed.feed.entries[1].published.is_some());
}

#[test]
fn atom_03_feed_level_fields_are_filled() {
    let atom = r#"<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title>
        <tagline>Tag line</tagline><modified>2003-12-13T18:30:02Z</modified>
        <entry><title>e</title><id>1</id><issued>2003-12-13T08:29:29-04:00</issued></entry></feed>"#;
    let parsed = parse(atom);
    assert_eq!(
        parsed.feed.description.as_ref().unwrap().content,
        "Tag line"
    );
    assert_eq!(
        parsed.feed.updated.unwrap().to_rfc3339(),
        "2003-12-13T18:30:02+00:00"
    );
    assert_eq!(
        parsed.feed.entries[0].published.unwrap().to_rfc3339(),
        "2003-12-13T12:29:29+00:00"
    );
}
