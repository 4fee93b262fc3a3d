//! The elements feed-rs 3.0 is known to crash on, removed for a second try.
//!
//! feed-rs panics on some valid input: a person string with a non-ASCII
//! character right next to an e-mail address (`jane@x.com (Jane)` with a
//! no-break space, fullwidth parentheses: `parse_person_name_email` slices
//! inside a character), and durations too large for a `u64` in iTunes and
//! MediaRSS elements (`parse_npt` unwraps). The panic is contained either
//! way, but would lose the whole feed. [`strip_risky`] removes those
//! elements (RSS `author`, `managingEditor`, `webMaster`, `dc:creator`,
//! `dc:author`, and every iTunes, MediaRSS and Podcast element) so feed-rs
//! can read the rest; the authors come back from the second look.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

/// Namespaces whose elements are dropped whole.
const RISKY_NAMESPACES: &[&str] = &[
    "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "http://search.yahoo.com/mrss/",
    "https://podcastindex.org/namespace/1.0",
];

/// `text` without the elements feed-rs may crash on (`None` when it has
/// none, or is not well-formed).
pub(super) fn strip_risky(text: &str) -> Option<String> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().expand_empty_elements = false;
    let mut cut: Vec<(usize, usize)> = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ResolveResult::Bound(ns), event)) => (Some(ns.as_ref().to_string()), event),
            Ok((_, event)) => (None, event),
            Err(_) => return None,
        };
        let (name, empty) = match &event {
            Event::Start(start) => (start.name().as_ref().to_string(), false),
            Event::Empty(start) => (start.name().as_ref().to_string(), true),
            Event::Eof => break,
            _ => continue,
        };
        let local = name.rsplit(':').next().unwrap_or(&name);
        let dc = ns.as_deref() == Some("http://purl.org/dc/elements/1.1/");
        let risky = ns
            .as_deref()
            .is_some_and(|ns| RISKY_NAMESPACES.contains(&ns))
            || (dc && matches!(local, "creator" | "author"))
            || (!name.contains(':')
                && matches!(local, "author" | "managingEditor" | "webMaster")
                && !is_atom(&ns));
        if !risky {
            continue;
        }
        if !empty {
            let qname = quick_xml::name::QName(name.as_str());
            reader.read_to_end(qname).ok()?;
        }
        cut.push((before, reader.buffer_position() as usize));
    }
    if cut.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end) in cut {
        out.push_str(&text[copied..start]);
        copied = end;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

fn is_atom(ns: &Option<String>) -> bool {
    matches!(ns.as_deref(), Some("http://www.w3.org/2005/Atom"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_and_media_elements_are_removed_the_rest_kept() {
        let rss = "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" \
            xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><managingEditor>m@x.com (M)</managingEditor>\
            <item><title>T</title><author>a@x.com</author><dc:creator>C</dc:creator>\
            <itunes:duration>99999999999999999999999</itunes:duration><itunes:block/></item></channel></rss>";
        assert_eq!(
            strip_risky(rss).unwrap(),
            "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" \
            xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>\
            <item><title>T</title></item></channel></rss>"
        );
    }

    #[test]
    fn atom_authors_stay() {
        let atom =
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><author><name>A</name></author></feed>";
        assert_eq!(strip_risky(atom), None);
    }
}
