//! An entry's body and summary: which feed field supplies them and how each
//! becomes text (and sanitized HTML).
//!
//! The body is the entry's content when it has one in a readable type, else
//! its summary (else a `media:description` / `itunes:summary`, as
//! feedparser reads them). HTML (declared `html` / `xhtml`, or plain text that contains
//! HTML tags) gives `body_text` through [`html_to_text`] and `body_html`
//! through [`sanitize_html`]; plain text only has its whitespace tidied.
//! Content given by reference only (Atom `src`) is not fetched: the summary
//! stands in. HTML nested deeper than `depth::MAX_HTML_DEPTH` keeps its text
//! but gets no `body_html` (sanitizing it would take quadratic time).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use feed_rs::model::{Content, Entry, Text};
use url::Url;

use super::depth;
use super::links::resolve;
use super::sanitize::sanitize_html;
use super::tags::contains_html_tag;
use super::text::{html_to_text, tidy_plain_text};

/// An entry's body and summary, ready for the article.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Body {
    /// The body as paragraphs of plain text.
    pub(crate) text: String,
    /// The body as sanitized HTML, when it was HTML and is not empty.
    pub(crate) html: Option<String>,
    /// The summary as text, when the body came from the content and the
    /// summary says something else.
    pub(crate) summary: Option<String>,
}

/// How a piece of feed text is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// HTML (or XML): tokenize for text, sanitize for HTML.
    Html,
    /// XHTML serialized by feed-rs: HTML, once `</br>` end tags are removed.
    Xhtml,
    /// Plain text.
    Plain,
    /// Not text (an inline image, base64 data, ...): ignored.
    Unreadable,
}

/// Extracts the body of `entry`.
///
/// `base` is the feed's final URL; relative URLs in the HTML are resolved
/// against the content's own `xml:base` when feed-rs (or the second look,
/// through `Entry::base`) reports one, else against `base`. A body taken
/// from the summary resolves against `summary_base` when given.
pub(crate) fn extract_body(entry: &Entry, summary_base: Option<&Url>, base: &Url) -> Body {
    let content = entry.content.as_ref().and_then(|content| {
        let raw = content.body.as_deref()?;
        let kind = content_kind(content, raw);
        (kind != Kind::Unreadable && !raw.trim().is_empty()).then_some((content, raw, kind))
    });
    // The summary, else a MediaRSS `media:description` or `itunes:summary`
    // (YouTube and podcast feeds carry their text only there).
    let summary = entry
        .summary
        .iter()
        .chain(entry.media.iter().filter_map(|m| m.description.as_ref()))
        .find(|s| !s.content.trim().is_empty());

    let Some((content, raw, kind)) = content else {
        return match summary {
            Some(summary) => {
                let (text, html) = convert(
                    text_kind(summary),
                    &summary.content,
                    summary_base.unwrap_or(base),
                );
                Body {
                    text,
                    html,
                    summary: None,
                }
            }
            None => Body::default(),
        };
    };
    let content_base = content_base(entry, content, base);
    let (text, html) = convert(kind, raw, &content_base);
    let summary = summary
        .map(|s| convert_text_only(text_kind(s), &s.content))
        .filter(|s| !s.is_empty() && *s != text);
    Body {
        text,
        html,
        summary,
    }
}

/// The base URL for relative references in `content`.
///
/// feed-rs reports the `xml:base` of an Atom `<content>` element in
/// `Entry::base` (possibly relative), and the absolute `xml:base` in effect
/// for an RSS `<content:encoded>` as the content's `src` (which, with a
/// body present, is never a link to fetch).
fn content_base(entry: &Entry, content: &Content, base: &Url) -> Url {
    let declared = entry
        .base
        .as_deref()
        .or_else(|| content.src.as_ref().map(|src| src.href.as_str()));
    declared
        .and_then(|b| resolve(b, base))
        .unwrap_or_else(|| base.clone())
}

/// Text and sanitized HTML of `raw` read as `kind`.
fn convert(kind: Kind, raw: &str, base: &Url) -> (String, Option<String>) {
    match kind {
        Kind::Html | Kind::Xhtml => {
            let html = match kind {
                Kind::Xhtml => without_br_end_tags(raw),
                _ => Cow::Borrowed(raw),
            };
            let html = one_reading(&html);
            let text = html_to_text(&html);
            if depth::too_deep(&html) {
                return (text, None);
            }
            let clean = sanitize_html(&html, Some(base));
            let clean = (!clean.trim().is_empty()).then_some(clean);
            (text, clean)
        }
        Kind::Plain => (tidy_plain_text(raw), None),
        Kind::Unreadable => (String::new(), None),
    }
}

/// Text only of `raw` read as `kind` (for summaries: no sanitizing).
fn convert_text_only(kind: Kind, raw: &str) -> String {
    match kind {
        Kind::Html => html_to_text(&one_reading(raw)),
        Kind::Xhtml => html_to_text(&one_reading(&without_br_end_tags(raw))),
        Kind::Plain => tidy_plain_text(raw),
        Kind::Unreadable => String::new(),
    }
}

/// How to read the body of `content`.
fn content_kind(content: &Content, body: &str) -> Kind {
    let t = &content.content_type;
    kind_of(
        t.ty().as_str(),
        t.subty().as_str(),
        t.suffix().map(|s| s.as_str()),
        body,
    )
}

/// How to read a feed-rs text construct (title, summary).
fn text_kind(text: &Text) -> Kind {
    let t = &text.content_type;
    kind_of(
        t.ty().as_str(),
        t.subty().as_str(),
        t.suffix().map(|s| s.as_str()),
        &text.content,
    )
}

/// Classifies a MIME type (`ty/subty+suffix`) and the text it labels.
///
/// feed-rs labels Atom `type="xhtml"` as `application/xhtml`, `html` as
/// `text/html`, `text` (and JSON Feed `content_text`, and most RSS text
/// other than descriptions) as `text/plain`. Plain text that contains tags
/// of HTML elements is read as HTML: such feeds mislabel their content.
fn kind_of(ty: &str, subty: &str, suffix: Option<&str>, body: &str) -> Kind {
    let is = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    if is(subty, "xhtml") {
        Kind::Xhtml
    } else if is(subty, "html") || is(subty, "xml") || suffix.is_some_and(|s| is(s, "xml")) {
        Kind::Html
    } else if is(ty, "text") {
        if contains_html_tag(body) {
            Kind::Html
        } else {
            Kind::Plain
        }
    } else {
        Kind::Unreadable
    }
}

/// `html` rewritten so that the text reader and the sanitizer read it the
/// same way: `<noscript>` tags are removed and their contents kept (a
/// tree builder with scripting on would read them as raw text), and a
/// self-closing `<iframe .../>` gets its end tag (else a tree builder reads
/// everything after it as the frame's fallback text and drops it).
fn one_reading(html: &str) -> Cow<'_, str> {
    static NOSCRIPT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)</?noscript\b[^>]*>").expect("valid regex"));
    static IFRAME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)<iframe\b([^>]*?)/>").expect("valid regex"));
    match NOSCRIPT.replace_all(html, "") {
        Cow::Borrowed(_) => IFRAME.replace_all(html, "<iframe$1></iframe>"),
        Cow::Owned(unwrapped) => Cow::Owned(
            IFRAME
                .replace_all(&unwrapped, "<iframe$1></iframe>")
                .into_owned(),
        ),
    }
}

/// `html` without `</br>` end tags.
///
/// feed-rs re-serializes Atom XHTML content with every empty element
/// written as a start and an end tag (`<br/>` becomes `<br></br>`), and an
/// HTML parser reads `</br>` as a second line break.
fn without_br_end_tags(html: &str) -> Cow<'_, str> {
    if html.contains("</br>") {
        Cow::Owned(html.replace("</br>", ""))
    } else {
        Cow::Borrowed(html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://site.example/feed").unwrap()
    }

    fn first_entry(doc: &str) -> Entry {
        let mut feed = feed_rs::parser::parse(doc.as_bytes()).expect("test document parses");
        feed.entries.remove(0)
    }

    fn rss_item(item: &str) -> Entry {
        first_entry(&format!(
            "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\
             <channel><title>t</title><item><title>x</title>{item}</item></channel></rss>"
        ))
    }

    fn atom_entry(entry: &str) -> Entry {
        first_entry(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>f</id>\
             <entry><id>e</id><title>x</title>{entry}</entry></feed>"
        ))
    }

    #[test]
    fn content_encoded_is_the_body_and_a_different_description_the_summary() {
        let entry = rss_item(
            "<description>Teaser &lt;b&gt;text&lt;/b&gt;</description>\
             <content:encoded><![CDATA[<p>Full</p><p>story</p>]]></content:encoded>",
        );
        let body = extract_body(&entry, None, &base());
        assert_eq!(body.text, "Full\n\nstory");
        assert_eq!(body.html.as_deref(), Some("<p>Full</p><p>story</p>"));
        assert_eq!(body.summary.as_deref(), Some("Teaser text"));
    }

    #[test]
    fn summary_saying_the_same_as_the_body_is_dropped() {
        let entry = rss_item(
            "<description>Full story</description>\
             <content:encoded><![CDATA[<div>Full   story</div>]]></content:encoded>",
        );
        assert_eq!(extract_body(&entry, None, &base()).summary, None);
    }

    #[test]
    fn xml_base_in_effect_for_content_encoded_resolves_its_urls() {
        let entry = rss_item(
            "<content:encoded xml:base=\"https://cdn.example/x/\"><![CDATA[<img src=\"a.png\">]]></content:encoded>",
        );
        let body = extract_body(&entry, None, &base());
        assert_eq!(
            body.html.as_deref(),
            Some("<img src=\"https://cdn.example/x/a.png\">")
        );
        assert_eq!(body.text, "");
    }

    #[test]
    fn content_by_reference_leaves_the_summary_as_body() {
        let entry = atom_entry(
            "<summary type=\"html\">&lt;p&gt;Only the summary&lt;/p&gt;</summary>\
             <content type=\"text/html\" src=\"https://site.example/full\"/>",
        );
        let body = extract_body(&entry, None, &base());
        assert_eq!(body.text, "Only the summary");
        assert_eq!(body.html.as_deref(), Some("<p>Only the summary</p>"));
        assert_eq!(body.summary, None);
    }

    #[test]
    fn binary_content_is_ignored() {
        let entry = atom_entry(
            "<summary>Caption</summary><content type=\"image/png\">iVBORw0KGgo=</content>",
        );
        let body = extract_body(&entry, None, &base());
        assert_eq!(
            (body.text.as_str(), body.html, body.summary),
            ("Caption", None, None)
        );
    }

    #[test]
    fn plain_text_with_html_tags_is_read_as_html() {
        let entry = atom_entry(
            "<content type=\"text\">&lt;p&gt;Mislabelled&lt;/p&gt; &amp;amp; more</content>",
        );
        let body = extract_body(&entry, None, &base());
        assert_eq!(body.text, "Mislabelled\n\n& more");
        assert!(body.html.is_some());
    }

    #[test]
    fn self_closing_iframe_and_noscript_read_alike_in_text_html_and_summary() {
        let html = "&lt;p&gt;a&lt;/p&gt;&lt;iframe src=\"https://v.example/x\"/&gt;\
            &lt;noscript&gt;no js&lt;/noscript&gt;&lt;p&gt;b&lt;/p&gt;";
        let entry = rss_item(&format!("<description>{html}</description>"));
        let body = extract_body(&entry, None, &base());
        assert_eq!(body.text, "a\n\nno js\n\nb");
        let clean = body.html.unwrap();
        assert!(
            clean.contains("no js") && clean.ends_with("<p>b</p>"),
            "{clean}"
        );
        let entry = rss_item(&format!(
            "<description>{html}</description><content:encoded>other</content:encoded>"
        ));
        let body = extract_body(&entry, None, &base());
        assert_eq!(body.summary.as_deref(), Some("a\n\nno js\n\nb"));
    }

    #[test]
    fn no_content_and_no_summary_is_an_empty_body() {
        assert_eq!(extract_body(&rss_item(""), None, &base()), Body::default());
    }
}
