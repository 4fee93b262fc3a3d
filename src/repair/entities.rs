//! Entity and character references that an XML parser would reject.
//!
//! At every `&` of the document (outside CDATA sections, comments and
//! processing instructions) [`fix_reference`] decides:
//! - `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and valid character references
//!   stay as they are;
//! - entities declared in the document's internal DOCTYPE subset are
//!   expanded (see `doctype.rs`);
//! - HTML named entities (`&eacute;`, `&nbsp;`, `&hellip;`: html5ever's
//!   table of all 2,231 names) become their characters, escaped again when
//!   the character is markup (`&LT;` → `&lt;`);
//! - character references to C1 controls (`&#150;`) become their
//!   windows-1252 characters, references to characters XML forbids
//!   (`&#0;`, surrogates) become U+FFFD, and references missing their `;`
//!   (`&#8217`) are completed;
//! - anything else (a bare `&`, an unknown name, an external entity) is
//!   escaped as `&amp;`, so the text reads exactly as written.

use std::borrow::Cow;

use html5ever::data::NAMED_ENTITIES;

use super::doctype::Dtd;

/// How many references of each kind were repaired.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct EntityCounts {
    /// HTML named entities turned into characters.
    pub(super) html: usize,
    /// Bare `&` and unknown names escaped.
    pub(super) bare: usize,
    /// Character references rewritten (C1, forbidden, missing `;`).
    pub(super) char_refs: usize,
    /// Internal DOCTYPE entities expanded.
    pub(super) declared: usize,
}

/// The repair of the reference at `at` (where `text[at] == b'&'`): the end
/// of what it covers and its replacement, or `None` to keep it as written.
pub(super) fn fix_reference(
    text: &str,
    at: usize,
    in_attribute: bool,
    dtd: &mut Dtd,
    counts: &mut EntityCounts,
) -> (usize, Option<Cow<'static, str>>) {
    let bytes = &text.as_bytes()[at + 1..];
    if bytes.first() == Some(&b'#') {
        return char_ref(bytes, at, counts);
    }
    let name_len = bytes
        .iter()
        .take(64)
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        .count();
    let named =
        name_len > 0 && bytes[0].is_ascii_alphabetic() && bytes.get(name_len) == Some(&b';');
    if !named {
        counts.bare += 1;
        return (at + 1, Some(Cow::Borrowed("&amp;")));
    }
    let name = &text[at + 1..at + 1 + name_len];
    let end = at + name_len + 2;
    if matches!(name, "lt" | "gt" | "amp" | "quot" | "apos") {
        return (end, None);
    }
    if let Some(expansion) = dtd.expand(name) {
        counts.declared += 1;
        let expansion = if in_attribute {
            expansion.replace('<', "&lt;").replace('"', "&quot;")
        } else {
            expansion
        };
        return (end, Some(Cow::Owned(expansion)));
    }
    if let Some(chars) = html_entity(&text[at + 1..end]) {
        counts.html += 1;
        return (end, Some(Cow::Owned(escape_text(&chars))));
    }
    counts.bare += 1;
    (at + 1, Some(Cow::Borrowed("&amp;")))
}

/// The characters of an HTML named entity (`name` includes the `;`).
pub(super) fn html_entity(name_with_semicolon: &str) -> Option<String> {
    let &(first, second) = NAMED_ENTITIES.get(name_with_semicolon)?;
    if first == 0 {
        return None;
    }
    let mut chars = String::new();
    chars.push(char::from_u32(first)?);
    if second != 0 {
        chars.push(char::from_u32(second)?);
    }
    Some(chars)
}

/// `&#...;` and `&#x...;` (with `bytes` starting at the `#`).
fn char_ref(
    bytes: &[u8],
    at: usize,
    counts: &mut EntityCounts,
) -> (usize, Option<Cow<'static, str>>) {
    let hex = matches!(bytes.get(1), Some(b'x' | b'X'));
    let digits_start = if hex { 2 } else { 1 };
    let digits = bytes[digits_start..]
        .iter()
        .take(9)
        .take_while(|b| {
            if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            }
        })
        .count();
    if digits == 0 {
        counts.bare += 1;
        return (at + 1, Some(Cow::Borrowed("&amp;")));
    }
    let digits_text =
        std::str::from_utf8(&bytes[digits_start..digits_start + digits]).unwrap_or("0");
    let code = u32::from_str_radix(digits_text, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
    let has_semicolon = bytes.get(digits_start + digits) == Some(&b';');
    let end = at + 1 + digits_start + digits + usize::from(has_semicolon);
    let replacement = match char::from_u32(code) {
        Some(c) if (0x80..=0x9F).contains(&code) => c1_char(c),
        Some(c) if is_xml_char(c) => {
            if has_semicolon {
                return (end, None);
            }
            c
        }
        _ => '\u{FFFD}',
    };
    counts.char_refs += 1;
    (end, Some(Cow::Owned(escape_text(&replacement.to_string()))))
}

/// A C1 control read as the windows-1252 character of the same byte.
fn c1_char(c: char) -> char {
    let mut s = c.to_string();
    crate::fetch::utf32::map_c1_controls(&mut s);
    s.chars().next().unwrap_or(c)
}

/// Characters XML 1.0 allows.
pub(super) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// `text` with `<`, `&`, `>`, `"` escaped for XML.
pub(super) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(text: &str) -> (String, EntityCounts) {
        let mut dtd = Dtd::default();
        let mut counts = EntityCounts::default();
        let mut out = String::new();
        let mut i = 0;
        while i < text.len() {
            if text.as_bytes()[i] == b'&' {
                let (end, replacement) = fix_reference(text, i, false, &mut dtd, &mut counts);
                match replacement {
                    Some(r) => out.push_str(&r),
                    None => out.push_str(&text[i..end]),
                }
                i = end;
            } else {
                let c = text[i..].chars().next().unwrap();
                out.push(c);
                i += c.len_utf8();
            }
        }
        (out, counts)
    }

    #[test]
    fn xml_references_stay() {
        let text = "&lt;&gt;&amp;&quot;&apos;&#233;&#xE9;";
        assert_eq!(fix(text).0, text);
    }

    #[test]
    fn html_entities_become_characters() {
        let (out, counts) = fix("caf&eacute;&nbsp;&hellip; &LT;b&GT; &NotEqualTilde;");
        assert_eq!(out, "café\u{a0}… &lt;b&gt; \u{2242}\u{338}");
        assert_eq!(counts.html, 6);
    }

    #[test]
    fn bare_ampersands_and_unknown_names_are_escaped() {
        let (out, counts) = fix("AT&T & Co &foo; &copy &#; a&&b");
        assert_eq!(
            out,
            "AT&amp;T &amp; Co &amp;foo; &amp;copy &amp;#; a&amp;&amp;b"
        );
        assert_eq!(counts.bare, 7);
    }

    #[test]
    fn character_references_are_mended() {
        let (out, counts) = fix("&#150;&#x93;&#0;&#xD800;&#8217 &#38");
        assert_eq!(out, "–\u{201C}\u{FFFD}\u{FFFD}\u{2019} &amp;");
        assert_eq!(counts.char_refs, 6);
    }
}
