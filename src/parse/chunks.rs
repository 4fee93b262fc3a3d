//! A large feed handed to feed-rs a slice of entries at a time.
//!
//! feed-rs builds its whole model in memory, and every entry costs a fixed
//! amount of it before any text, so a feed of many tiny items would hold a
//! model far larger than the document. The second look knows where every
//! entry starts and ends, so the document is cut into pieces of at most
//! [`super::CHUNK_ENTRIES`] entries and [`super::CHUNK_BYTES`] bytes, each
//! a small well-formed document of its own: the text before the first entry
//! (the feed's head, with the channel or feed metadata), the entries, and
//! the end tags of their ancestors. The last piece runs to the end of the
//! document (metadata written after the entries comes with it). Each piece
//! is parsed, filled and normalized before the next is built, so only one
//! piece's model is alive at a time.
//!
//! RSS 1.0 items without a link get their placeholder link here too (see
//! `fill.rs`), and the cut after [`super::MAX_ENTRIES`] entries is applied.

use std::ops::Range;

use super::fill::NO_LINK;
use super::scan::{Root, Scan};

/// Entry index ranges, one per piece, in order (one empty range when the
/// document has no entries).
pub(super) fn plan(scan: &Scan, max_entries: usize, max_bytes: usize) -> Vec<Range<usize>> {
    let entries = &scan.entries;
    if entries.is_empty() {
        return std::iter::once(0..0).collect();
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    for i in 1..entries.len() {
        let count = i - start;
        let bytes = entries[i - 1].end.saturating_sub(entries[start].start);
        if count >= max_entries || bytes >= max_bytes {
            pieces.push(start..i);
            start = i;
        }
    }
    pieces.push(start..entries.len());
    pieces
}

/// The text of the piece holding `entries` (a range from [`plan`]).
pub(super) fn piece(doc: &str, scan: &Scan, entries: Range<usize>) -> String {
    let all = &scan.entries;
    let last = entries.end == all.len();
    let head_end = all.first().map_or(doc.len(), |e| e.start);
    let (body_start, body_end, closing) = match (entries.is_empty(), last, &scan.cut) {
        (true, _, _) => (head_end, head_end, ""),
        (false, true, Some((cut, closing))) => (all[entries.start].start, *cut, closing.as_str()),
        (false, true, None) => (all[entries.start].start, doc.len(), ""),
        (false, false, _) => (
            all[entries.start].start,
            all[entries.end - 1].end,
            scan.entry_closing.as_str(),
        ),
    };
    let (head, body_start) = if entries.start == 0 {
        (&doc[..0], 0)
    } else {
        (&doc[..head_end], body_start)
    };
    let link = format!("<link>{NO_LINK}</link>");
    let mut out = String::with_capacity(head.len() + body_end - body_start + closing.len() + 64);
    out.push_str(head);
    let mut copied = body_start;
    if scan.root == Root::Rdf {
        for entry in &all[entries] {
            if !entry.has_link && entry.start_tag_end <= body_end {
                out.push_str(&doc[copied..entry.start_tag_end]);
                out.push_str(&link);
                copied = entry.start_tag_end;
            }
        }
    }
    out.push_str(&doc[copied..body_end]);
    out.push_str(closing);
    out
}

#[cfg(test)]
mod tests {
    use super::super::scan::scan;
    use super::*;

    fn base() -> url::Url {
        url::Url::parse("http://chunks.example/feed").unwrap()
    }

    const RSS: &str = "<rss version=\"2.0\"><channel><title>t</title>\
        <item><title>1</title></item><item><title>2</title></item><item><title>3</title></item>\
        <ttl>5</ttl></channel></rss>";

    #[test]
    fn pieces_are_small_documents_of_their_own() {
        let scanned = scan(RSS, &base(), 10).unwrap();
        let plan = plan(&scanned, 2, usize::MAX);
        assert_eq!(plan, [0..2, 2..3]);
        assert_eq!(
            piece(RSS, &scanned, plan[0].clone()),
            "<rss version=\"2.0\"><channel><title>t</title>\
             <item><title>1</title></item><item><title>2</title></item></channel></rss>"
        );
        assert_eq!(
            piece(RSS, &scanned, plan[1].clone()),
            "<rss version=\"2.0\"><channel><title>t</title>\
             <item><title>3</title></item><ttl>5</ttl></channel></rss>"
        );
    }

    #[test]
    fn one_piece_is_the_whole_document_and_the_cut_applies() {
        let scanned = scan(RSS, &base(), 10).unwrap();
        assert_eq!(
            plan(&scanned, 10, usize::MAX),
            std::iter::once(0..3).collect::<Vec<_>>()
        );
        assert_eq!(piece(RSS, &scanned, 0..3), RSS);
        let capped = scan(RSS, &base(), 2).unwrap();
        assert_eq!(
            piece(RSS, &capped, 0..2),
            "<rss version=\"2.0\"><channel><title>t</title>\
             <item><title>1</title></item><item><title>2</title></item></channel></rss>"
        );
    }

    #[test]
    fn byte_budget_splits_too() {
        let scanned = scan(RSS, &base(), 10).unwrap();
        assert_eq!(plan(&scanned, 100, 1), [0..1, 1..2, 2..3]);
    }

    #[test]
    fn rdf_items_without_links_get_a_placeholder() {
        let rdf = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">\
            <channel><title>t</title></channel><item><title>a</title></item></rdf:RDF>";
        let scanned = scan(rdf, &base(), 10).unwrap();
        assert!(piece(rdf, &scanned, 0..1)
            .contains("<item><link>tidings:no-link</link><title>a</title>"));
    }
}
