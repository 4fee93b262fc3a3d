//! Fill what feed-rs left out, from what the second look found.
//!
//! Entries are matched by position: the second look counts entries exactly
//! as feed-rs does (and RSS 1.0 items without a link, which feed-rs drops,
//! get a placeholder link that is removed here). If the counts still
//! differ, only feed-level fields are filled, so nothing is ever attached
//! to the wrong entry.
//!
//! Per entry, only fields feed-rs left empty are filled: the publication
//! date from `pubDate`/`published`/`issued`/`dcterms:issued`, then
//! `dc:date`, then `created`; the update date from `updated`/`modified`/
//! `dcterms:modified`; the id from RSS 1.0's `rdf:about`; title,
//! description, language, creators and subjects from Dublin Core. Fields
//! whose content held unescaped HTML elements (which feed-rs cuts at the
//! first element) take their whole inner markup as HTML. The content's
//! `xml:base` becomes `Entry::base`. At the feed level: authors from
//! `managingEditor`/`author`/`dc:creator`, Atom 0.3's `tagline`,
//! `copyright` and `modified`, Dublin Core title and language.

use feed_rs::model::{
    Category, Content, Entry, Feed, Link, MediaContent, MediaObject, Person, Text,
};
use mediatype::{names, MediaTypeBuf};
use url::Url;

use super::scan::{DateField, MarkupField, RawEnclosure, Root, Scan, ScannedEntry};
use super::EntryExtras;
use crate::dates::parse_date;

/// The link given to RSS 1.0 items without one so feed-rs keeps them.
pub(super) const NO_LINK: &str = "tidings:no-link";

/// Fills `feed` (a piece of the document holding `entries`, in order)
/// from `scan`; returns each entry's extras, in order.
pub(super) fn fill(feed: &mut Feed, scan: &Scan, entries: &[ScannedEntry]) -> Vec<EntryExtras> {
    fill_feed(feed, scan);
    if feed.entries.len() != entries.len() {
        tracing::debug!(
            feed_rs = feed.entries.len(),
            scanned = entries.len(),
            "entry counts differ: entries not filled"
        );
        return vec![EntryExtras::default(); feed.entries.len()];
    }
    feed.entries
        .iter_mut()
        .zip(entries)
        .map(|(entry, scanned)| fill_entry(entry, scanned, scan.root))
        .collect()
}

fn fill_entry(entry: &mut Entry, scanned: &ScannedEntry, root: Root) -> EntryExtras {
    entry.links.retain(|link| link.href != NO_LINK);
    let date = |field: DateField| {
        scanned
            .dates
            .iter()
            .filter(|(f, _)| *f == field)
            .find_map(|(_, raw)| parse_date(raw))
    };
    // The format's own publication date wins over `dc:date` whatever their
    // order (feed-rs keeps whichever came last). In RSS feed-rs also copies
    // it into `updated`; the copy follows.
    if let Some(own) = date(DateField::Published) {
        let rss = root != Root::Atom && root != Root::AtomEntry;
        if rss && entry.published.is_some() && entry.updated == entry.published {
            entry.updated = Some(own);
        }
        entry.published = Some(own);
    }
    if entry.published.is_none() {
        entry.published = date(DateField::DcDate).or_else(|| date(DateField::Created));
    }
    if entry.updated.is_none() {
        entry.updated = date(DateField::Updated);
    }
    let raw_date = (entry.published.is_none() && entry.updated.is_none())
        .then(|| scanned.dates.first().map(|(_, raw)| raw.clone()))
        .flatten();

    if root == Root::Rdf {
        if let Some(about) = &scanned.rdf_about {
            // feed-rs keeps `rdf:about` with its entities undecoded.
            let undecoded = quick_xml::escape::unescape(&entry.id)
                .is_ok_and(|decoded| decoded.trim() == about && entry.id.contains('&'));
            if entry.id.trim().is_empty() || undecoded {
                entry.id = about.clone();
            }
        }
    }
    if entry.links.is_empty() {
        entry.links = scanned.atom_links.iter().map(|href| link(href)).collect();
    }
    add_enclosures(entry, &scanned.enclosures);
    if entry.title.is_none() {
        entry.title = scanned.dc_title.clone().map(plain);
    }
    if entry.summary.is_none() && entry.content.is_none() {
        entry.summary = scanned.dc_description.clone().map(plain);
    }
    if entry.language.is_none() {
        entry.language = scanned.dc_language.clone();
    }
    if entry.authors.is_empty() {
        entry.authors = scanned
            .raw_authors
            .iter()
            .map(|name| person(name))
            .collect();
    }
    for subject in &scanned.dc_subjects {
        if !entry.categories.iter().any(|c| c.term == *subject) {
            entry.categories.push(Category::new(subject));
        }
    }
    for (field, inner) in &scanned.markup {
        match field {
            MarkupField::Title => entry.title = Some(html(inner.clone())),
            MarkupField::Summary => entry.summary = Some(html(inner.clone())),
            MarkupField::Content => {
                let src = entry.content.take().and_then(|c| c.src);
                entry.content = Some(Content {
                    body: Some(inner.clone()),
                    content_type: MediaTypeBuf::new(names::TEXT, names::HTML),
                    length: None,
                    src,
                });
            }
        }
    }
    if entry.content.is_none() {
        if let Some(body) = &scanned.full_body {
            entry.content = Some(Content {
                body: Some(body.clone()),
                content_type: MediaTypeBuf::new(names::TEXT, names::HTML),
                length: None,
                src: None,
            });
        }
    }
    if let Some(base) = &scanned.content_base {
        entry.base = Some(base.to_string());
    }
    EntryExtras {
        raw_date,
        permalink: scanned.permalink,
        summary_base: scanned.summary_base.clone(),
        comments: scanned.comments.clone(),
        source: scanned.source.clone(),
    }
}

fn fill_feed(feed: &mut Feed, scan: &Scan) {
    let scanned = &scan.feed;
    if feed.authors.is_empty() {
        feed.authors = scanned.authors.iter().map(|name| person(name)).collect();
    }
    if feed.title.is_none() {
        feed.title = scanned.dc_title.clone().map(plain);
    }
    if feed.description.is_none() {
        feed.description = scanned.tagline.clone().map(plain);
    }
    if feed.rights.is_none() {
        feed.rights = scanned.copyright.clone().map(plain);
    }
    if feed.language.is_none() {
        feed.language = scanned.dc_language.clone();
    }
    if feed.updated.is_none() {
        feed.updated = scanned.updated.as_deref().and_then(parse_date);
    }
}

/// RSS `<enclosure>`s feed-rs dropped (it keeps only the `media:content`
/// of an item that has both), added as media content after the rest.
fn add_enclosures(entry: &mut Entry, enclosures: &[RawEnclosure]) {
    for raw in enclosures {
        let Ok(url) = Url::parse(&raw.url) else {
            continue;
        };
        let known = entry
            .media
            .iter()
            .flat_map(|m| &m.content)
            .any(|c| c.url.as_ref() == Some(&url))
            || entry.links.iter().any(|l| l.href == raw.url);
        if known {
            continue;
        }
        let content = MediaContent {
            url: Some(url),
            content_type: raw.mime_type.as_deref().and_then(|t| t.parse().ok()),
            height: None,
            width: None,
            duration: None,
            size: raw.length,
            rating: None,
        };
        let mut object = MediaObject::default();
        object.content.push(content);
        entry.media.push(object);
    }
}

/// A link known only by its address.
fn link(href: &str) -> Link {
    Link {
        href: href.to_string(),
        rel: None,
        media_type: None,
        href_lang: None,
        title: None,
        length: None,
        target: None,
    }
}

/// A person known only by the string the feed wrote (`normalize` reads
/// names and e-mail addresses out of it).
fn person(raw: &str) -> Person {
    Person {
        name: Some(raw.to_string()),
        uri: None,
        email: None,
        role: None,
    }
}

/// Plain text (which `normalize` still reads as HTML when it has tags).
fn plain(content: String) -> Text {
    Text {
        content_type: MediaTypeBuf::new(names::TEXT, names::PLAIN),
        src: None,
        content,
    }
}

fn html(content: String) -> Text {
    Text {
        content_type: MediaTypeBuf::new(names::TEXT, names::HTML),
        src: None,
        content,
    }
}
