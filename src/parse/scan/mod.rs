//! The second look: one quick-xml pass that finds what feed-rs drops.
//!
//! It runs before feed-rs, over the same text, and so also serves as the
//! well-formedness check that decides whether the lenient parser is needed
//! (quick-xml is configured as feed-rs configures it). For each entry,
//! in the order feed-rs will return them, it collects: every date string
//! (RSS `pubDate`, Atom `published`/`updated`, Atom 0.3 `issued`/
//! `modified`/`created`, `dc:date`, `dcterms:*`), `guid isPermaLink`, RSS
//! 1.0's `rdf:about` and whether the item has a link, Dublin Core fields,
//! the `xml:base` in effect at its content and summary, and the inner
//! markup of text fields that contain unescaped HTML elements. For the feed
//! it collects channel-level authors (`managingEditor`, `dc:creator`,
//! `author`), Atom 0.3's `tagline`, `copyright` and `modified`, and Dublin Core fields.
//!
//! It also enforces the caps: at most [`MAX_DEPTH`] nested elements, and at
//! most `max_entries` entries (the document is cut after the last one kept).

mod fields;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use url::Url;

use fields::{
    attr, attr_local, entry_child, feed_child, finish_capture, is_feed_head, local_of, ns_of,
    Capture, Ns,
};

/// Deepest element nesting read; deeper documents are rebuilt by the
/// lenient parser, which drops the elements below this depth.
pub const MAX_DEPTH: usize = 256;

/// The kind of feed, as its root says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Root {
    /// `<rss>` (entries are `channel/item`).
    Rss,
    /// `<rdf:RDF>` (entries are `item` children of the root).
    Rdf,
    /// `<feed>` (entries are `entry`).
    Atom,
    /// A lone Atom `<entry>`.
    AtomEntry,
    /// Anything else.
    #[default]
    Other,
}

/// A date-bearing element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DateField {
    /// RSS `pubDate`, Atom `published`, Atom 0.3 `issued`, `dcterms:issued`.
    Published,
    /// `dc:date`, `dcterms:date`.
    DcDate,
    /// Atom 0.3 `created`, `dcterms:created`.
    Created,
    /// Atom `updated`, Atom 0.3 `modified`, `dcterms:modified`.
    Updated,
}

/// A text field whose content held unescaped markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MarkupField {
    Title,
    Summary,
    Content,
}

/// What the second look found in one entry.
#[derive(Debug, Default)]
pub(super) struct ScannedEntry {
    /// Date strings, trimmed, in document order.
    pub(super) dates: Vec<(DateField, String)>,
    /// `guid isPermaLink` as written (`None`: no attribute or no guid).
    pub(super) permalink: Option<bool>,
    /// Whether the entry has a `<link>`.
    pub(super) has_link: bool,
    /// RSS 1.0 `rdf:about`.
    pub(super) rdf_about: Option<String>,
    pub(super) dc_title: Option<String>,
    pub(super) dc_description: Option<String>,
    pub(super) dc_language: Option<String>,
    /// `dc:creator`, `dc:author`, RSS `author` and `itunes:author` strings,
    /// as written (used when feed-rs found no author).
    pub(super) raw_authors: Vec<String>,
    pub(super) dc_subjects: Vec<String>,
    /// The absolute `xml:base` in effect at the content, if any was declared.
    pub(super) content_base: Option<Url>,
    /// The absolute `xml:base` in effect at the summary, if any was declared.
    pub(super) summary_base: Option<Url>,
    /// Text fields that contain elements: their inner XML.
    pub(super) markup: Vec<(MarkupField, String)>,
    /// RSS `<xhtml:body>`, `<body>` or `<fullitem>`: the full text as HTML.
    pub(super) full_body: Option<String>,
    /// `href`s of Atom alternate links inside an RSS item (`a10:link`).
    pub(super) atom_links: Vec<String>,
    /// RSS `<comments>`.
    pub(super) comments: Option<String>,
    /// RSS `<source url="...">title</source>`.
    pub(super) source: Option<crate::model::SourceDetail>,
    /// RSS `<enclosure>`s (feed-rs drops them beside `media:content`).
    pub(super) enclosures: Vec<RawEnclosure>,
    /// Byte offset of the entry's start tag.
    pub(super) start: usize,
    /// Byte offset right after the entry's start tag.
    pub(super) start_tag_end: usize,
    /// Byte offset right after the entry's end tag.
    pub(super) end: usize,
}

/// An RSS `<enclosure>` as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawEnclosure {
    pub(super) url: String,
    pub(super) mime_type: Option<String>,
    pub(super) length: Option<u64>,
}

/// What the second look found at the feed level.
#[derive(Debug, Default)]
pub(super) struct ScannedFeed {
    /// `managingEditor`, `author`, `dc:creator` of the channel / feed.
    pub(super) authors: Vec<String>,
    pub(super) dc_title: Option<String>,
    pub(super) dc_language: Option<String>,
    /// Atom 0.3 `tagline`.
    pub(super) tagline: Option<String>,
    /// Atom 0.3 (and RSS) `copyright`.
    pub(super) copyright: Option<String>,
    /// Atom 0.3 `modified`, `dc:date` of the feed.
    pub(super) updated: Option<String>,
}

/// The result of the second look.
#[derive(Debug, Default)]
pub(super) struct Scan {
    pub(super) root: Root,
    pub(super) entries: Vec<ScannedEntry>,
    pub(super) feed: ScannedFeed,
    /// Entries in the document, including those past the cap.
    pub(super) total_entries: usize,
    /// Where to cut the document (past the last entry kept) and the end
    /// tags that close it there.
    pub(super) cut: Option<(usize, String)>,
    /// The end tags of the entries' ancestors (`</channel></rss>`).
    pub(super) entry_closing: String,
}

/// Why the document needs the lenient parser.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(super) enum ScanError {
    /// Not well-formed XML.
    #[error("not well-formed XML: {0}")]
    Xml(String),
    /// Nested deeper than [`MAX_DEPTH`].
    #[error("elements nested deeper than {MAX_DEPTH} levels")]
    TooDeep,
}

/// Scans `text` (resolving `xml:base` against `base`), keeping at most
/// `max_entries` entries.
pub(super) fn scan(text: &str, base: &Url, max_entries: usize) -> Result<Scan, ScanError> {
    let mut reader = NsReader::from_str(text);
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.trim_markup_names_in_closing_tags = true;
    config.trim_text(false);

    let mut out = Scan::default();
    let mut depth = 0usize;
    let mut open_names: Vec<String> = Vec::new();
    let mut bases: Vec<(usize, Url)> = Vec::new();
    let mut channel_depth: Option<usize> = None;
    let mut entry_depth: Option<usize> = None;
    let mut capture: Option<Capture> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let (ns, event) = match reader.read_resolved_event() {
            Ok((resolved, event)) => (
                match resolved {
                    ResolveResult::Bound(uri) => ns_of(uri.as_ref()),
                    ResolveResult::Unbound | ResolveResult::Unknown(_) => Ns::Own,
                },
                event,
            ),
            Err(e) => {
                let near = reader.error_position();
                return Err(ScanError::Xml(format!("{e} (near byte {near})")));
            }
        };
        match event {
            Event::Start(start) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ScanError::TooDeep);
                }
                let qname = start.name().as_ref().to_string();
                let local = local_of(&qname).to_string();
                if depth <= 2 {
                    open_names.push(qname.clone());
                }
                if let Some(xml_base) = attr(&start, "xml:base") {
                    let parent = bases.last().map_or(base, |(_, b)| b);
                    if let Ok(resolved) = parent.join(xml_base.trim()) {
                        bases.push((depth, resolved));
                    }
                }
                if let Some(cap) = capture.as_mut() {
                    cap.has_children = true;
                    continue;
                }
                if depth == 1 {
                    out.root = match local.as_str() {
                        "rss" => Root::Rss,
                        "RDF" => Root::Rdf,
                        "feed" => Root::Atom,
                        "entry" => Root::AtomEntry,
                        _ => Root::Other,
                    };
                }
                if depth == 2 && local == "channel" && matches!(out.root, Root::Rss | Root::Rdf) {
                    channel_depth = Some(depth);
                }
                let is_entry = ns == Ns::Own
                    && match out.root {
                        Root::Rss => depth == 3 && channel_depth == Some(2) && local == "item",
                        Root::Rdf => depth == 2 && local == "item",
                        Root::Atom => depth == 2 && local == "entry",
                        Root::AtomEntry => depth == 1,
                        Root::Other => false,
                    };
                if is_entry {
                    out.total_entries += 1;
                    if out.total_entries == 1 {
                        out.entry_closing = open_names
                            .iter()
                            .take(depth - 1)
                            .rev()
                            .map(|n| format!("</{n}>"))
                            .collect();
                    }
                    if out.entries.len() >= max_entries {
                        if out.cut.is_none() {
                            let closing = open_names
                                .iter()
                                .take(depth - 1)
                                .rev()
                                .map(|n| format!("</{n}>"))
                                .collect();
                            out.cut = Some((before, closing));
                        }
                        // Keep counting what is left out, without reading it.
                        reader
                            .read_to_end(start.name())
                            .map_err(|e| ScanError::Xml(e.to_string()))?;
                        depth -= 1;
                        continue;
                    }
                    entry_depth = Some(depth);
                    out.entries.push(ScannedEntry {
                        rdf_about: attr_local(&start, "about"),
                        start: before,
                        start_tag_end: reader.buffer_position() as usize,
                        ..ScannedEntry::default()
                    });
                    continue;
                }
                let current_base = || bases.last().map(|(_, b)| b.clone());
                let target = match (entry_depth, out.entries.last_mut()) {
                    (Some(d), Some(entry)) if depth == d + 1 => {
                        entry_child(entry, ns, &local, &start, out.root, current_base)
                    }
                    _ if is_feed_head(out.root, depth, channel_depth) => feed_child(ns, &local),
                    _ => None,
                };
                if let Some(target) = target {
                    capture = Some(Capture {
                        depth,
                        target,
                        text: String::new(),
                        has_children: false,
                        inner_start: reader.buffer_position() as usize,
                        qname,
                    });
                }
            }
            Event::End(_) => {
                if let Some(cap) = capture.take_if(|c| c.depth == depth) {
                    finish_capture(&mut out, cap, text, before);
                }
                if entry_depth == Some(depth) {
                    entry_depth = None;
                    if let Some(entry) = out.entries.last_mut() {
                        entry.end = reader.buffer_position() as usize;
                    }
                }
                if channel_depth == Some(depth) {
                    channel_depth = None;
                }
                if bases.last().is_some_and(|(d, _)| *d == depth) {
                    bases.pop();
                }
                if depth <= 2 {
                    open_names.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) => {
                if let Some(cap) = capture.as_mut().filter(|c| c.collects_text()) {
                    cap.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(cap) = capture.as_mut().filter(|c| c.collects_text()) {
                    cap.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(cap) = capture.as_mut().filter(|c| c.collects_text()) {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => cap.text.push(c),
                        _ => {
                            let name = r.xml10_content();
                            match quick_xml::escape::resolve_predefined_entity(&name) {
                                Some(s) => cap.text.push_str(s),
                                None => {
                                    cap.text.push('&');
                                    cap.text.push_str(&name);
                                    cap.text.push(';');
                                }
                            }
                        }
                    }
                }
            }
            Event::Eof => {
                if depth > 0 {
                    let inside = open_names
                        .last()
                        .map(String::as_str)
                        .unwrap_or("an element");
                    return Err(ScanError::Xml(format!(
                        "the document ends inside <{inside}>"
                    )));
                }
                return Ok(out);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
