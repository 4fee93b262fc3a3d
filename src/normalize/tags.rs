//! Telling HTML tags from angle brackets in text that may not be HTML.
//!
//! Titles and "plain text" bodies are often text that merely looks like
//! markup (`Vec<T>`, `1 < 2`) and sometimes HTML mislabelled as text. Only
//! the tags of a fixed list of common HTML elements count as markup here.

use std::borrow::Cow;

/// Whether `text` contains a tag of a known HTML element (`<p>`, `</b>`,
/// `<br/>`, `<a href=...>`), as opposed to stray angle brackets.
pub(crate) fn contains_html_tag(text: &str) -> bool {
    let bytes = text.as_bytes();
    positions_of(bytes, b'<').any(|at| opens_known_tag(bytes, at))
}

/// Escapes every `<` that does not open a tag of a known HTML element, so
/// the tokenizer reads it as text.
pub(crate) fn escape_unknown_tags(raw: &str) -> Cow<'_, str> {
    let bytes = raw.as_bytes();
    if positions_of(bytes, b'<').all(|at| opens_known_tag(bytes, at)) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len() + 8);
    let mut from = 0;
    for at in positions_of(bytes, b'<') {
        if !opens_known_tag(bytes, at) {
            out.push_str(&raw[from..at]);
            out.push_str("&lt;");
            from = at + 1;
        }
    }
    out.push_str(&raw[from..]);
    Cow::Owned(out)
}

/// Positions of `needle` in `haystack`.
fn positions_of(haystack: &[u8], needle: u8) -> impl Iterator<Item = usize> + '_ {
    haystack
        .iter()
        .enumerate()
        .filter(move |&(_, &b)| b == needle)
        .map(|(i, _)| i)
}

/// Whether a tag of a known HTML element (or a comment) opens at `at`.
fn opens_known_tag(bytes: &[u8], at: usize) -> bool {
    let rest = &bytes[at + 1..];
    if rest.starts_with(b"!--") {
        return true;
    }
    let rest = rest.strip_prefix(b"/").unwrap_or(rest);
    let name_len = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = &rest[..name_len];
    let name_ends_tag = matches!(
        rest.get(name_len),
        Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
    );
    name_ends_tag
        && KNOWN_TAGS
            .iter()
            .any(|known| known.as_bytes().eq_ignore_ascii_case(name))
}

/// HTML elements whose tags [`super::plain_title`] strips and whose presence makes
/// a "plain text" body count as HTML.
#[rustfmt::skip]
const KNOWN_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "blockquote", "br", "center", "cite", "code", "dd",
    "del", "dfn", "div", "dl", "dt", "em", "figure", "font", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "iframe", "img", "ins", "kbd", "li", "mark", "nobr", "ol", "p", "pre", "q", "s",
    "samp", "script", "small", "span", "strike", "strong", "style", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr",
    // Elements that run, embed or submit something: never left as text in a title.
    "applet", "audio", "base", "body", "button", "canvas", "details", "embed", "fieldset",
    "form", "frame", "frameset", "head", "html", "input", "isindex", "label", "link", "marquee",
    "math", "meta", "noscript", "object", "option", "param", "picture", "select", "source",
    "summary", "svg", "template", "textarea", "title", "track", "video",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_tags_are_recognised() {
        assert!(contains_html_tag("hello <p>world"));
        assert!(contains_html_tag("a<br/>b"));
        assert!(contains_html_tag("<A HREF=\"x\">y</A>"));
        assert!(!contains_html_tag("Vec<T> or a < b or <unknown> or <3"));
    }

    #[test]
    fn unknown_tags_are_escaped_known_ones_kept() {
        assert_eq!(escape_unknown_tags("<b>Vec<T></b>"), "<b>Vec&lt;T></b>");
        assert!(matches!(escape_unknown_tags("<i>x</i>"), Cow::Borrowed(_)));
    }
}
