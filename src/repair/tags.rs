//! Start tags read off raw text: name, attributes, where the tag ends.
//!
//! Only what the repairs need: the qualified name, each attribute's name
//! and raw (still escaped) value with its byte range, and whether the tag
//! closes itself. A tag that does not end before the next `<` or the end of
//! the text is not read (the lenient parser deals with such documents).

use std::ops::Range;

/// A start tag found at a `<` in the text.
#[derive(Debug)]
pub(super) struct StartTag<'a> {
    /// The qualified name (`item`, `dc:date`).
    pub(super) name: &'a str,
    /// The attributes in document order.
    pub(super) attrs: Vec<Attr<'a>>,
    /// Byte offset just past the closing `>`.
    pub(super) end: usize,
    /// `<tag/>`.
    pub(super) self_closing: bool,
}

impl StartTag<'_> {
    /// The local part of the name (`date` for `dc:date`).
    pub(super) fn local_name(&self) -> &str {
        local(self.name)
    }

    /// The raw value of the attribute called `name`.
    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|a| a.name == name).map(|a| a.value)
    }
}

/// One attribute of a start tag.
#[derive(Debug, Clone)]
pub(super) struct Attr<'a> {
    /// The qualified name.
    pub(super) name: &'a str,
    /// The value as written, entities not decoded.
    pub(super) value: &'a str,
    /// Where the value sits in the text (inside the quotes).
    pub(super) value_range: Range<usize>,
}

/// The local part of a qualified name.
pub(super) fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Whether `b` may start an XML name.
pub(super) fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

/// Reads the start tag whose `<` is at `at`.
pub(super) fn parse_start_tag(text: &str, at: usize) -> Option<StartTag<'_>> {
    let bytes = text.as_bytes();
    let mut i = at + 1;
    if !is_name_start(*bytes.get(i)?) {
        return None;
    }
    let name_start = i;
    while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>' | b'<')
    {
        i += 1;
    }
    let name = &text[name_start..i];
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match *bytes.get(i)? {
            b'>' => {
                return Some(StartTag {
                    name,
                    attrs,
                    end: i + 1,
                    self_closing: false,
                })
            }
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                return Some(StartTag {
                    name,
                    attrs,
                    end: i + 2,
                    self_closing: true,
                })
            }
            b'<' | b'/' => return None,
            _ => {}
        }
        let attr_start = i;
        while i < bytes.len()
            && !matches!(
                bytes[i],
                b'=' | b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'<' | b'/'
            )
        {
            i += 1;
        }
        let attr_name = &text[attr_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') || attr_name.is_empty() {
            return None;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let quote = *bytes.get(i)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_start = i + 1;
        let value_len = memchr::memchr(quote, &bytes[value_start..])?;
        let value_range = value_start..value_start + value_len;
        if bytes[value_range.clone()].contains(&b'<') {
            return None;
        }
        attrs.push(Attr {
            name: attr_name,
            value: &text[value_range.clone()],
            value_range: value_range.clone(),
        });
        i = value_range.end + 1;
    }
}

/// Writes a start tag back, attributes in order (values as given, raw).
pub(super) fn write_start_tag(name: &str, attrs: &[(&str, String)], self_closing: bool) -> String {
    let mut out = format!("<{name}");
    for (attr, value) in attrs {
        out.push(' ');
        out.push_str(attr);
        out.push_str("=\"");
        out.push_str(&value.replace('"', "&quot;"));
        out.push('"');
    }
    out.push_str(if self_closing { "/>" } else { ">" });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_attributes_and_ends() {
        let text = r#"x<dc:date a="1" b = 'two &amp; 3'/>y"#;
        let tag = parse_start_tag(text, 1).unwrap();
        assert_eq!((tag.name, tag.local_name()), ("dc:date", "date"));
        assert_eq!(tag.attr("a"), Some("1"));
        assert_eq!(tag.attr("b"), Some("two &amp; 3"));
        assert!(tag.self_closing);
        assert_eq!(&text[tag.end..], "y");
        assert_eq!(&text[tag.attrs[1].value_range.clone()], "two &amp; 3");
    }

    #[test]
    fn broken_tags_are_not_read() {
        for text in [
            "<a b>",
            "<a b=c>",
            "<a b=\"1\"",
            "<a <b>",
            "< a>",
            "<a b='<'>",
        ] {
            assert!(parse_start_tag(text, 0).is_none(), "{text}");
        }
    }

    #[test]
    fn writes_tags_back() {
        let attrs = [("type", "html".to_string()), ("t", "a\"b".to_string())];
        assert_eq!(
            write_start_tag("content", &attrs, false),
            "<content type=\"html\" t=\"a&quot;b\">"
        );
    }
}
