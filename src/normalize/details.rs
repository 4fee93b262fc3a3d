//! The fields feedparser and feed-rs users expect beyond the article's
//! own: people with e-mail and home page, every link with its attributes,
//! categories with scheme and label, rights, generator, images, the content
//! type of each text field, the comments page and the source feed.
//!
//! Text fields (subtitle, rights) are plain text, as [`plain_title`] makes
//! them; URLs are absolute `http(s)` when they resolve against the base,
//! else kept as written (an opaque `urn:` stays a `urn:`).

use feed_rs::model::{Category, Entry, Feed, Link, Person, Text};
use url::Url;

use super::labels::{is_web_address, split_author};
use super::links::resolve;
use super::text::plain_title;
use crate::model::{
    CategoryDetail, EntryDetails, FeedDetails, GeneratorDetail, ImageDetail, LinkDetail,
    PersonDetail, SourceDetail,
};
use crate::parse::EntryExtras;

/// The entry's fields beyond [`crate::model::Article`]'s.
pub(crate) fn entry_details(entry: &Entry, extras: &EntryExtras, base: &Url) -> EntryDetails {
    let source = extras.source.clone().or_else(|| {
        entry.source.as_deref().map(|href| SourceDetail {
            title: None,
            href: Some(url_or_as_written(href, base)),
        })
    });
    EntryDetails {
        author_details: people(&entry.authors, base),
        contributors: people(&entry.contributors, base),
        links: links(&entry.links, base),
        tags: categories(&entry.categories),
        rights: entry.rights.as_ref().and_then(text),
        comments: extras
            .comments
            .as_deref()
            .map(|href| url_or_as_written(href, base)),
        source,
        title_type: entry.title.as_ref().map(mime),
        summary_type: entry.summary.as_ref().map(mime),
        content_type: entry
            .content
            .as_ref()
            .filter(|c| c.body.is_some() || c.src.is_some())
            .map(|c| c.content_type.to_string()),
    }
}

/// The feed's fields beyond [`crate::model::FeedMeta`]'s.
pub(crate) fn feed_details(feed: &Feed, base: &Url) -> FeedDetails {
    FeedDetails {
        id: Some(feed.id.trim().to_string()).filter(|id| !id.is_empty()),
        subtitle: feed.description.as_ref().and_then(text),
        rights: feed.rights.as_ref().and_then(text),
        authors: people(&feed.authors, base),
        contributors: people(&feed.contributors, base),
        links: links(&feed.links, base),
        updated: feed.updated,
        published: feed.published,
        generator: feed.generator.as_ref().and_then(|g| {
            let name = g.content.trim();
            (!name.is_empty()).then(|| GeneratorDetail {
                name: name.to_string(),
                uri: g.uri.as_deref().map(|u| url_or_as_written(u, base)),
                version: g.version.clone(),
            })
        }),
        image: feed.logo.as_ref().and_then(|image| {
            let url = resolve(&image.uri, base)?;
            Some(ImageDetail {
                url: url.into(),
                title: image.title.clone(),
                link: image
                    .link
                    .as_ref()
                    .map(|l| url_or_as_written(&l.href, base)),
                width: image.width,
                height: image.height,
            })
        }),
        icon: feed
            .icon
            .as_ref()
            .and_then(|icon| resolve(&icon.uri, base))
            .map(String::from),
        categories: categories(&feed.categories),
    }
}

/// People as written, with the e-mail and home page read out of an RSS
/// string (`joe@example.com (Joe)`, `Joe http://joe.example/`) when the
/// feed gave them no field of their own.
fn people(people: &[Person], base: &Url) -> Vec<PersonDetail> {
    people
        .iter()
        .filter_map(|person| {
            let (name, email_in_name) =
                person.name.as_deref().map(split_author).unwrap_or_default();
            let uri_in_name = person
                .name
                .iter()
                .flat_map(|n| n.split_whitespace())
                .find(|w| is_web_address(w))
                .map(|w| {
                    w.trim_matches(|c: char| "<>()[]\"'".contains(c))
                        .to_string()
                });
            let email = person
                .email
                .as_deref()
                .map(|e| e.trim().trim_start_matches("mailto:").to_string())
                .filter(|e| !e.is_empty())
                .or(email_in_name);
            let uri = person
                .uri
                .as_deref()
                .map(|u| url_or_as_written(u, base))
                .or(uri_in_name);
            let detail = PersonDetail { name, email, uri };
            (detail != PersonDetail::default()).then_some(detail)
        })
        .collect()
}

fn links(links: &[Link], base: &Url) -> Vec<LinkDetail> {
    links
        .iter()
        .filter(|link| !link.href.trim().is_empty())
        .map(|link| LinkDetail {
            href: url_or_as_written(&link.href, base),
            rel: link.rel.clone(),
            mime_type: link.media_type.clone(),
            title: link.title.clone(),
            hreflang: link.href_lang.clone(),
            length: link.length,
        })
        .collect()
}

fn categories(categories: &[Category]) -> Vec<CategoryDetail> {
    categories
        .iter()
        .filter(|c| !c.term.trim().is_empty() || c.label.is_some())
        .map(|c| CategoryDetail {
            term: c.term.trim().to_string(),
            scheme: c.scheme.clone(),
            label: c.label.clone(),
        })
        .collect()
}

/// A text construct as plain text, if anything is left.
fn text(t: &Text) -> Option<String> {
    let plain = plain_title(&t.content);
    (!plain.is_empty()).then_some(plain)
}

/// A text construct's MIME type.
fn mime(t: &Text) -> String {
    t.content_type.to_string()
}

/// `href` absolute against `base` when it is an `http(s)` URL or a
/// relative one, else as written (`urn:`, `tag:`, `mailto:` stay).
fn url_or_as_written(href: &str, base: &Url) -> String {
    resolve(href, base).map_or_else(|| href.trim().to_string(), String::from)
}
