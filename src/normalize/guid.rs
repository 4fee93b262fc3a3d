//! The entry's own id, told apart from the one feed-rs invents.
//!
//! feed-rs 3.0 never leaves `Entry::id` empty. After parsing, `Parser::parse`
//! runs `assign_missing_ids`, which gives every entry whose id is empty (RSS
//! item without `<guid>`, Atom entry without `<id>`, JSON Feed item without
//! `id`; also an RSS `<guid>` that is empty) the result of the parser's id
//! generator. The default generator, `feed_rs::parser::generate_id`, tries
//! in order:
//!
//! 1. the entry has a link: SipHash-2-4/128 (fixed keys) of the *first*
//!    link's href followed by the title's content, printed as the two 64-bit
//!    halves in lowercase hex without padding (`format!("{:x}{:x}")`, so up
//!    to 32 digits): [`feed_rs::parser::generate_id_from_link_and_title`];
//! 2. no link, but the parser was built with a `base_uri` and the entry has
//!    a title: the same hash of that URI and the title
//!    ([`feed_rs::parser::generate_id_from_uri_and_title`]);
//! 3. otherwise a random UUID v4 (`Uuid::new_v4().to_string()`: 36
//!    lowercase characters, hyphenated), different on every parse.
//!
//! The entry keeps no flag saying its id was invented, so [`feed_guid`]
//! recomputes cases 1 and 2 and recognises case 3 by its shape. A custom
//! generator (`Builder::id_generator`) that returns an empty string makes
//! all this unnecessary: an empty id is always read as "no id".

use feed_rs::model::Entry;
use url::Url;

/// The id the feed itself gave the entry (trimmed), or `None` when feed-rs
/// made it up.
///
/// `parser_base` is the base URI the feed-rs parser was built with, if any
/// (needed to recognise generator case 2 above; case 1 and 3 need nothing).
///
/// One heuristic remains: an entry with no link whose real id happens to be
/// a lowercase hyphenated UUID v4 is indistinguishable from case 3 and loses
/// its id. Entries with links are judged exactly.
pub(crate) fn feed_guid(entry: &Entry, parser_base: Option<&Url>) -> Option<String> {
    let id = entry.id.as_str();
    if id.trim().is_empty() {
        return None;
    }
    let invented = match entry.links.first() {
        Some(link) => id == feed_rs::parser::generate_id_from_link_and_title(link, &entry.title),
        None => {
            let from_uri = match (parser_base, &entry.title) {
                (Some(base), Some(title)) => {
                    id == feed_rs::parser::generate_id_from_uri_and_title(base.as_str(), title)
                }
                _ => false,
            };
            from_uri || is_uuid_v4(id)
        }
    };
    (!invented).then(|| id.trim().to_string())
}

/// Whether `s` is a UUID v4 printed the way the `uuid` crate prints it:
/// `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`, lowercase hex.
fn is_uuid_v4(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.len() != 36 {
        return false;
    }
    let hyphens_right = bytes
        .iter()
        .enumerate()
        .all(|(i, &b)| matches!(i, 8 | 13 | 18 | 23) == (b == b'-'));
    let lower_hex = |b: &u8| b.is_ascii_digit() || (b'a'..=b'f').contains(b);
    hyphens_right
        && bytes.iter().filter(|&&b| b != b'-').all(lower_hex)
        && bytes[14] == b'4'
        && matches!(bytes[19], b'8' | b'9' | b'a' | b'b')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_entry(xml: &str) -> Entry {
        let feed = feed_rs::parser::parse(xml.as_bytes()).expect("test feed parses");
        feed.entries
            .into_iter()
            .next()
            .expect("test feed has an entry")
    }

    fn rss(item: &str) -> String {
        format!("<rss version=\"2.0\"><channel><title>t</title>{item}</channel></rss>")
    }

    #[test]
    fn real_guids_are_kept() {
        let entry = first_entry(&rss(
            "<item><guid>tag:example.com,2016:42</guid><link>https://e.com/a</link></item>",
        ));
        assert_eq!(
            feed_guid(&entry, None).as_deref(),
            Some("tag:example.com,2016:42")
        );
    }

    #[test]
    fn hashed_ids_of_linked_items_are_recognised() {
        let entry = first_entry(&rss(
            "<item><title>T</title><link>https://e.com/a</link></item>",
        ));
        assert!(!entry.id.is_empty(), "feed-rs should have invented an id");
        assert_eq!(feed_guid(&entry, None), None);
    }

    #[test]
    fn uuids_of_linkless_items_are_recognised() {
        let entry = first_entry(&rss(
            "<item><title>T</title><description>d</description></item>",
        ));
        assert!(
            is_uuid_v4(&entry.id),
            "feed-rs should have invented a UUID: {}",
            entry.id
        );
        assert_eq!(feed_guid(&entry, None), None);
    }

    #[test]
    fn hashed_ids_from_the_parser_base_are_recognised() {
        let base = Url::parse("https://e.com/feed.xml").unwrap();
        let xml = rss("<item><title>T</title></item>");
        let feed = feed_rs::parser::Builder::new()
            .base_uri(Some(base.as_str()))
            .build()
            .parse(xml.as_bytes())
            .unwrap();
        let entry = &feed.entries[0];
        assert!(!is_uuid_v4(&entry.id));
        assert_eq!(feed_guid(entry, Some(&base)), None);
        assert_eq!(feed_guid(entry, None).as_deref(), Some(entry.id.as_str()));
    }

    #[test]
    fn empty_ids_from_a_custom_generator_are_none() {
        let xml = rss("<item><title>T</title><link>https://e.com/a</link></item>");
        let feed = feed_rs::parser::Builder::new()
            .id_generator(|_, _, _| String::new())
            .build()
            .parse(xml.as_bytes())
            .unwrap();
        assert_eq!(feed_guid(&feed.entries[0], None), None);
    }

    #[test]
    fn surrounding_whitespace_is_trimmed() {
        let xml = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>f</id>\
            <entry><id>\n   tag:x,2016:1 \n</id><title>x</title></entry></feed>";
        let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
        assert_eq!(
            feed_guid(&feed.entries[0], None).as_deref(),
            Some("tag:x,2016:1")
        );
    }

    #[test]
    fn uuid_shape() {
        assert!(is_uuid_v4("0f8fad5b-d9cb-469f-a165-70867728950e"));
        assert!(!is_uuid_v4("0F8FAD5B-D9CB-469F-A165-70867728950E"));
        assert!(!is_uuid_v4("0f8fad5b-d9cb-169f-a165-70867728950e"));
        assert!(!is_uuid_v4("0f8fad5bd9cb469fa16570867728950e"));
    }
}
