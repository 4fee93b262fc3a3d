//! Atom text constructs written the Atom 0.3 way, or wrongly.
//!
//! feed-rs rejects the whole feed when a `title`, `subtitle`, `summary` or
//! `rights` has a `type` other than `text`, `html` or `xhtml`, and reads
//! `content` of type `application/xhtml+xml` (Atom 0.3's default mode
//! `xml`) as missing. Atom 0.3 writes MIME types (`text/plain`,
//! `text/html`, `application/xhtml+xml`) plus a `mode` (`xml`, `escaped`,
//! `base64`). [`fix_text_construct`] rewrites such a start tag to the Atom
//! 1.0 keyword that means the same, and decodes base64 content of a
//! textual type in place (escaped again for XML). Unknown types read as
//! `text` (tidings still reads text that contains HTML tags as HTML).

use std::ops::Range;

use base64::Engine;

use super::entities::escape_text;
use super::tags::{write_start_tag, StartTag};

/// Element names (local) that are Atom text constructs, 1.0 and 0.3.
pub(super) const TEXT_CONSTRUCTS: &[&str] = &[
    "title",
    "subtitle",
    "tagline",
    "summary",
    "content",
    "rights",
    "copyright",
    "info",
];

/// A rewrite of the document: replace `range` with `with`.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Fix {
    /// What to replace: the start tag, or the start tag and the content.
    pub(super) range: Range<usize>,
    /// The replacement.
    pub(super) with: String,
    /// Whether base64 content was decoded.
    pub(super) decoded_base64: bool,
}

/// What an Atom `type` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Html,
    Xhtml,
    /// Another MIME type (only meaningful on `content`).
    Other,
}

impl Kind {
    fn keyword(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Html | Kind::Other => "html",
            Kind::Xhtml => "xhtml",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            Kind::Text => "text/plain",
            Kind::Html | Kind::Other => "text/html",
            Kind::Xhtml => "application/xhtml+xml",
        }
    }
}

/// Reads an Atom `type` value (1.0 keyword or 0.3 MIME type).
fn kind_of(ty: &str, escaped: bool) -> Kind {
    match ty.trim().to_ascii_lowercase().as_str() {
        "text" | "plain" | "text/plain" => Kind::Text,
        "html" | "text/html" => Kind::Html,
        "xhtml" | "application/xhtml+xml" | "text/xhtml" if escaped => Kind::Html,
        "xhtml" | "application/xhtml+xml" | "text/xhtml" => Kind::Xhtml,
        other if other.starts_with("text/") => Kind::Text,
        other if other.contains('/') => Kind::Other,
        _ => Kind::Text,
    }
}

/// The rewrite a text construct's start tag (at `at`) needs, if any.
pub(super) fn fix_text_construct(text: &str, at: usize, tag: &StartTag<'_>) -> Option<Fix> {
    let is_content = tag.local_name() == "content";
    let ty = tag.attr("type");
    let mode = tag.attr("mode").map(|m| m.trim().to_ascii_lowercase());
    let escaped = mode.as_deref() == Some("escaped");
    let kind = ty.map(|t| kind_of(t, escaped));

    if mode.as_deref() == Some("base64") && !tag.self_closing && kind != Some(Kind::Other) {
        if let Some(fix) = decode_base64(text, at, tag, kind.unwrap_or(Kind::Text)) {
            return Some(fix);
        }
    }
    // `src` with a body: feed-rs refuses it; feedparser reads the body.
    let src_with_body = is_content && tag.attr("src").is_some() && has_body(text, tag);
    let ty = match ty {
        Some(ty) => ty,
        None if src_with_body => "",
        None => return None,
    };
    let kind = kind.unwrap_or(Kind::Html);
    let wanted = if is_content && tag.attr("src").is_some() && !src_with_body {
        // With `src`, feed-rs wants a MIME type, not a keyword.
        kind.mime()
    } else if is_content && kind == Kind::Other && !src_with_body {
        return None;
    } else {
        kind.keyword()
    };
    if ty == wanted && !src_with_body {
        return None;
    }
    let mut attrs: Vec<(&str, String)> = tag
        .attrs
        .iter()
        .filter(|a| !(src_with_body && a.name == "src"))
        .map(|a| {
            let value = if a.name == "type" {
                wanted.to_string()
            } else {
                a.value.to_string()
            };
            (a.name, value)
        })
        .collect();
    if tag.attr("type").is_none() {
        attrs.push(("type", wanted.to_string()));
    }
    Some(Fix {
        range: at..tag.end,
        with: write_start_tag(tag.name, &attrs, tag.self_closing),
        decoded_base64: false,
    })
}

/// Whether an element has something other than whitespace before its end tag.
fn has_body(text: &str, tag: &StartTag<'_>) -> bool {
    if tag.self_closing {
        return false;
    }
    let close = format!("</{}", tag.name);
    text[tag.end..]
        .find(&close)
        .is_some_and(|end| !text[tag.end..tag.end + end].trim().is_empty())
}

/// Base64 content of a textual type, decoded and escaped in place.
fn decode_base64(text: &str, at: usize, tag: &StartTag<'_>, kind: Kind) -> Option<Fix> {
    let close = format!("</{}", tag.name);
    let content_end = tag.end + text[tag.end..].find(&close)?;
    let encoded: String = text[tag.end..content_end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded.as_bytes())
        .ok()?;
    let decoded = String::from_utf8(bytes).ok()?;
    let kind = if kind == Kind::Xhtml {
        Kind::Html
    } else {
        kind
    };
    let attrs: Vec<(&str, String)> = tag
        .attrs
        .iter()
        .filter(|a| a.name != "mode" && a.name != "type")
        .map(|a| (a.name, a.value.to_string()))
        .chain(std::iter::once(("type", kind.keyword().to_string())))
        .collect();
    let mut with = write_start_tag(tag.name, &attrs, false);
    with.push_str(&escape_text(&decoded));
    Some(Fix {
        range: at..content_end,
        with,
        decoded_base64: true,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tags::parse_start_tag;
    use super::*;

    fn fix(text: &str) -> Option<String> {
        let tag = parse_start_tag(text, 0).unwrap();
        fix_text_construct(text, 0, &tag).map(|f| {
            let mut out = text.to_string();
            out.replace_range(f.range, &f.with);
            out
        })
    }

    #[test]
    fn atom03_mime_types_become_keywords() {
        assert_eq!(
            fix("<title type=\"text/plain\" mode=\"escaped\">T</title>").unwrap(),
            "<title type=\"text\" mode=\"escaped\">T</title>"
        );
        assert_eq!(
            fix("<content type=\"application/xhtml+xml\" mode=\"xml\"><div/></content>").unwrap(),
            "<content type=\"xhtml\" mode=\"xml\"><div/></content>"
        );
        assert_eq!(
            fix("<content type=\"application/xhtml+xml\" mode=\"escaped\">&lt;b&gt;</content>")
                .unwrap(),
            "<content type=\"html\" mode=\"escaped\">&lt;b&gt;</content>"
        );
        assert_eq!(
            fix("<summary type=\"TEXT\">s</summary>").unwrap(),
            "<summary type=\"text\">s</summary>"
        );
        assert_eq!(
            fix("<title type=\"bogus\">s</title>").unwrap(),
            "<title type=\"text\">s</title>"
        );
        assert_eq!(fix("<title type=\"html\">s</title>"), None);
        assert_eq!(fix("<content type=\"image/png\">iVBO</content>"), None);
        assert_eq!(
            fix("<content src=\"/a\" type=\"html\"/>").unwrap(),
            "<content src=\"/a\" type=\"text/html\"/>"
        );
        assert_eq!(
            fix("<content src=\"/a\" type=\"text/html\">body</content>").unwrap(),
            "<content type=\"html\">body</content>"
        );
        assert_eq!(
            fix("<content src=\"/a\">body</content>").unwrap(),
            "<content type=\"html\">body</content>"
        );
    }

    #[test]
    fn base64_content_is_decoded_in_place() {
        // "<p>Hi & bye</p>"
        let text = "<content type=\"text/html\" mode=\"base64\">PHA+SGkgJiBieWU8L3A+</content>";
        assert_eq!(
            fix(text).unwrap(),
            "<content type=\"html\">&lt;p&gt;Hi &amp; bye&lt;/p&gt;</content>"
        );
        let plain = "<content mode=\"base64\">\n  SGVsbG8=\n</content>";
        assert_eq!(
            fix(plain).unwrap(),
            "<content type=\"text\">Hello</content>"
        );
        let broken = "<content type=\"text/html\" mode=\"base64\">!!!</content>";
        assert_eq!(
            fix(broken).unwrap(),
            "<content type=\"html\" mode=\"base64\">!!!</content>"
        );
    }
}
