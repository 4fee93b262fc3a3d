//! Which elements the second look reads, and where their text goes.
//!
//! [`entry_child`] and [`feed_child`] map an element (its namespace and
//! local name) to a [`Target`]; [`finish_capture`] stores the text read
//! for it in the [`Scan`]. The namespaces are told apart by [`ns_of`].

use quick_xml::events::BytesStart;
use url::Url;

use super::{DateField, MarkupField, RawEnclosure, Root, Scan, ScannedEntry};

/// Namespaces the second look tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ns {
    /// The format's own vocabulary (RSS or Atom, bound or by default).
    Own,
    Dc,
    DcTerms,
    Content,
    Itunes,
    Xhtml,
    Other,
}

pub(super) fn ns_of(uri: &str) -> Ns {
    match uri {
        "http://purl.org/rss/1.0/" | "http://www.w3.org/2005/Atom" => Ns::Own,
        "http://purl.org/dc/elements/1.1/" => Ns::Dc,
        "http://purl.org/dc/terms/" => Ns::DcTerms,
        "http://purl.org/rss/1.0/modules/content/" => Ns::Content,
        "http://www.itunes.com/dtds/podcast-1.0.dtd" => Ns::Itunes,
        "http://www.w3.org/1999/xhtml" => Ns::Xhtml,
        _ => Ns::Other,
    }
}

/// A field being read (its text is collected until it ends).
pub(super) struct Capture {
    pub(super) depth: usize,
    pub(super) target: Target,
    pub(super) text: String,
    pub(super) has_children: bool,
    pub(super) inner_start: usize,
    /// The element's qualified name.
    pub(super) qname: String,
}

impl Capture {
    /// Markup fields only matter when they hold elements: their text is
    /// not collected (feed-rs reads it).
    pub(super) fn collects_text(&self) -> bool {
        !matches!(self.target, Target::Markup(_) | Target::AtomSource)
    }

    /// The prefix of the captured element's name (`xhtml` in `xhtml:body`).
    pub(super) fn prefix(&self) -> &str {
        self.qname.rsplit_once(':').map_or("", |(p, _)| p)
    }
}

/// Where a captured field goes.
#[derive(Clone, Copy)]
pub(super) enum Target {
    Date(DateField),
    DcTitle,
    DcDescription,
    DcLanguage,
    RawAuthor,
    DcSubject,
    Markup(MarkupField),
    /// RSS `<xhtml:body>`, `<body>`, `<fullitem>`: the full text.
    FullBody,
    /// RSS `<comments>`.
    Comments,
    /// The text of RSS `<source>`.
    SourceTitle,
    /// Atom `<source>`: its inner XML.
    AtomSource,
    FeedAuthor,
    FeedDcTitle,
    FeedDcLanguage,
    FeedTagline,
    /// Atom 0.3 / RSS `copyright`.
    FeedCopyright,
    FeedUpdated,
}

/// Whether an element at `depth` is a direct child of the feed's head
/// (the RSS channel, or the Atom feed).
pub(super) fn is_feed_head(root: Root, depth: usize, channel_depth: Option<usize>) -> bool {
    match root {
        Root::Rss | Root::Rdf => channel_depth.is_some_and(|d| depth == d + 1),
        Root::Atom => depth == 2,
        _ => false,
    }
}

/// What to capture of an entry's direct child, noting attributes on the way.
pub(super) fn entry_child(
    entry: &mut ScannedEntry,
    ns: Ns,
    local: &str,
    start: &BytesStart<'_>,
    root: Root,
    current_base: impl Fn() -> Option<Url>,
) -> Option<Target> {
    let rss = matches!(root, Root::Rss | Root::Rdf);
    match (ns, local) {
        (Ns::Own, "guid") => {
            entry.permalink = attr(start, "isPermaLink").map(|v| v.trim() == "true");
            None
        }
        (Ns::Own, "link") => {
            entry.has_link = true;
            // An Atom `<link href>` inside an RSS item (`a10:link`, `atom:link`).
            let alternate = attr(start, "rel").is_none_or(|r| r.trim() == "alternate");
            if let (true, true, Some(href)) = (rss, alternate, attr(start, "href")) {
                entry.atom_links.push(href.trim().to_string());
            }
            None
        }
        (Ns::Own, "enclosure") if rss => {
            if let Some(url) = attr(start, "url").filter(|u| !u.trim().is_empty()) {
                entry.enclosures.push(RawEnclosure {
                    url: url.trim().to_string(),
                    mime_type: attr(start, "type").filter(|t| !t.trim().is_empty()),
                    length: attr(start, "length").and_then(|l| l.trim().parse().ok()),
                });
            }
            None
        }
        (Ns::Xhtml | Ns::Own | Ns::Other, "body" | "fullitem") if rss => Some(Target::FullBody),
        (Ns::Own, "comments") if rss => Some(Target::Comments),
        (Ns::Own, "source") if !rss => Some(Target::AtomSource),
        (Ns::Own, "source") if rss => {
            entry.source = Some(crate::model::SourceDetail {
                title: None,
                href: attr(start, "url").map(|u| u.trim().to_string()),
            });
            Some(Target::SourceTitle)
        }
        (Ns::Own, "pubDate" | "published" | "issued") | (Ns::DcTerms, "issued") => {
            Some(Target::Date(DateField::Published))
        }
        (Ns::Own, "updated" | "modified") | (Ns::DcTerms, "modified") => {
            Some(Target::Date(DateField::Updated))
        }
        (Ns::Own, "created") | (Ns::DcTerms, "created") => Some(Target::Date(DateField::Created)),
        (Ns::Dc | Ns::DcTerms, "date") => Some(Target::Date(DateField::DcDate)),
        (Ns::Dc | Ns::DcTerms, "title") => Some(Target::DcTitle),
        (Ns::Dc | Ns::DcTerms, "description" | "abstract") => Some(Target::DcDescription),
        (Ns::Dc | Ns::DcTerms, "language") => Some(Target::DcLanguage),
        (Ns::Dc, "creator" | "author") => Some(Target::RawAuthor),
        (Ns::Own, "author") if rss => Some(Target::RawAuthor),
        (Ns::Itunes, "author") => Some(Target::RawAuthor),
        (Ns::Itunes, "category") => {
            if let Some(text) = attr(start, "text").filter(|t| !t.trim().is_empty()) {
                entry.dc_subjects.push(text.trim().to_string());
            }
            None
        }
        (Ns::Dc | Ns::DcTerms, "subject") => Some(Target::DcSubject),
        (Ns::Own, "title") if rss || atom_text_type(start) => {
            Some(Target::Markup(MarkupField::Title))
        }
        (Ns::Own, "description") if rss => {
            entry.summary_base = current_base();
            Some(Target::Markup(MarkupField::Summary))
        }
        (Ns::Own, "summary") if !rss => {
            entry.summary_base = current_base();
            atom_text_type(start).then_some(Target::Markup(MarkupField::Summary))
        }
        (Ns::Content, "encoded") => {
            entry.content_base = current_base();
            Some(Target::Markup(MarkupField::Content))
        }
        (Ns::Own, "content") if !rss => {
            entry.content_base = current_base();
            atom_text_type(start).then_some(Target::Markup(MarkupField::Content))
        }
        _ => None,
    }
}

/// What to capture of a direct child of the channel / feed.
pub(super) fn feed_child(ns: Ns, local: &str) -> Option<Target> {
    match (ns, local) {
        (Ns::Own, "managingEditor" | "author") | (Ns::Dc, "creator" | "author") => {
            Some(Target::FeedAuthor)
        }
        (Ns::Dc | Ns::DcTerms, "title") => Some(Target::FeedDcTitle),
        (Ns::Dc | Ns::DcTerms, "language") => Some(Target::FeedDcLanguage),
        (Ns::Own, "tagline") => Some(Target::FeedTagline),
        (Ns::Own, "copyright") => Some(Target::FeedCopyright),
        (Ns::Own, "modified") | (Ns::Dc, "date") | (Ns::DcTerms, "modified") => {
            Some(Target::FeedUpdated)
        }
        _ => None,
    }
}

/// Whether an Atom text construct's content is text or HTML (not XHTML,
/// whose elements feed-rs serializes itself).
pub(super) fn atom_text_type(start: &BytesStart<'_>) -> bool {
    attr(start, "type").is_none_or(|t| !t.trim().eq_ignore_ascii_case("xhtml"))
}

/// Stores a captured field whose end tag starts at `end_tag` in `text`.
pub(super) fn finish_capture(out: &mut Scan, cap: Capture, doc: &str, end_tag: usize) {
    let text = cap.text.trim().to_string();
    let entry = out.entries.last_mut();
    let first = |slot: &mut Option<String>, value: String| {
        if slot.is_none() && !value.is_empty() {
            *slot = Some(value);
        }
    };
    match (cap.target, entry) {
        (Target::Markup(field), Some(entry)) if cap.has_children => {
            let inner = doc[cap.inner_start..end_tag.max(cap.inner_start)]
                .trim()
                .to_string();
            entry.markup.push((field, inner));
        }
        (Target::Markup(_), _) => {}
        (Target::FullBody, Some(entry)) if entry.full_body.is_none() => {
            let body = if cap.has_children {
                let inner = doc[cap.inner_start..end_tag.max(cap.inner_start)].trim();
                unprefixed(inner, cap.prefix())
            } else {
                text
            };
            entry.full_body = (!body.is_empty()).then_some(body);
        }
        (Target::Date(field), Some(entry)) if !text.is_empty() => entry.dates.push((field, text)),
        (Target::Comments, Some(entry)) => first(&mut entry.comments, text),
        (Target::AtomSource, Some(entry)) if cap.has_children => {
            let inner = &doc[cap.inner_start..end_tag.max(cap.inner_start)];
            entry.source = atom_source(inner);
        }
        (Target::SourceTitle, Some(entry)) => {
            if let Some(source) = entry.source.as_mut() {
                source.title = (!text.is_empty()).then_some(text);
            }
        }
        (Target::DcTitle, Some(entry)) => first(&mut entry.dc_title, text),
        (Target::DcDescription, Some(entry)) => first(&mut entry.dc_description, text),
        (Target::DcLanguage, Some(entry)) => first(&mut entry.dc_language, text),
        (Target::RawAuthor, Some(entry)) if !text.is_empty() => entry.raw_authors.push(text),
        (Target::DcSubject, Some(entry)) if !text.is_empty() => entry.dc_subjects.push(text),
        (Target::FeedAuthor, _) if !text.is_empty() => out.feed.authors.push(text),
        (Target::FeedDcTitle, _) => first(&mut out.feed.dc_title, text),
        (Target::FeedDcLanguage, _) => first(&mut out.feed.dc_language, text),
        (Target::FeedTagline, _) => first(&mut out.feed.tagline, text),
        (Target::FeedCopyright, _) => first(&mut out.feed.copyright, text),
        (Target::FeedUpdated, _) => first(&mut out.feed.updated, text),
        _ => {}
    }
}

/// The title and the link (else the id) of an Atom `<source>`'s inner XML.
fn atom_source(inner: &str) -> Option<crate::model::SourceDetail> {
    let mut reader = quick_xml::Reader::from_str(inner);
    reader.config_mut().expand_empty_elements = true;
    let (mut title, mut link, mut id) = (None, None, None);
    let mut in_field: Option<&'static str> = None;
    let mut depth = 0usize;
    loop {
        match reader.read_event().ok()? {
            quick_xml::events::Event::Start(start) => {
                depth += 1;
                let qname = start.name().as_ref().to_string();
                in_field = match (depth, local_of(&qname)) {
                    (1, "title") => Some("title"),
                    (1, "id") => Some("id"),
                    _ => None,
                };
                let alternate = attr(&start, "rel").is_none_or(|r| r.trim() == "alternate");
                if depth == 1 && local_of(&qname) == "link" && alternate && link.is_none() {
                    link = attr(&start, "href").map(|h| h.trim().to_string());
                }
            }
            quick_xml::events::Event::Text(t) => {
                let text = Some(t.xml10_content().trim().to_string());
                match in_field {
                    Some("title") => title = title.or(text),
                    Some("id") => id = id.or(text),
                    _ => {}
                }
            }
            quick_xml::events::Event::End(_) => {
                depth = depth.saturating_sub(1);
                in_field = None;
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    let title = title.filter(|t| !t.is_empty());
    let href = link.or(id).filter(|h| !h.is_empty());
    (title.is_some() || href.is_some()).then_some(crate::model::SourceDetail { title, href })
}

/// XHTML markup written with a prefix (`<xhtml:p>`) as plain HTML (`<p>`).
fn unprefixed(inner: &str, prefix: &str) -> String {
    if prefix.is_empty() {
        return inner.to_string();
    }
    inner
        .replace(&format!("<{prefix}:"), "<")
        .replace(&format!("</{prefix}:"), "</")
}

/// The local part of a qualified name.
pub(super) fn local_of(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

/// An attribute's unescaped value, by qualified name.
pub(super) fn attr(start: &BytesStart<'_>, name: &str) -> Option<String> {
    start
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| match quick_xml::escape::unescape(&a.value) {
            Ok(value) => value.into_owned(),
            Err(_) => a.value.into_owned(),
        })
}

/// An attribute's unescaped, trimmed value by local name (any prefix).
pub(super) fn attr_local(start: &BytesStart<'_>, local: &str) -> Option<String> {
    start
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| local_of(a.key.as_ref()) == local)
        .map(|a| match quick_xml::escape::unescape(&a.value) {
            Ok(value) => value.trim().to_string(),
            Err(_) => a.value.trim().to_string(),
        })
}
