//! Bytes to UTF-8 text, before any parsing.
//!
//! The character set is taken from, in order: a byte-order mark, the
//! `charset` parameter of the HTTP `Content-Type`, the XML prolog's
//! `encoding` (or UTF-16/32 recognised from how `<?` is laid out), and
//! finally a guess: UTF-8 when the bytes are valid UTF-8 (or nearly, see
//! below), else what `chardetng` (the detector Firefox uses for unlabeled
//! pages) makes of them: windows-1252 for most Western text (which also
//! maps stray C1 controls the way browsers do; encoding_rs treats the
//! label ISO-8859-1 as windows-1252 for that reason), windows-1251,
//! Shift_JIS, GBK, EUC-KR and the rest for text that plainly is not.
//! UTF-32 in either byte order is handled by [`super::utf32`]. Nothing
//! fails the feed: bytes invalid in UTF-8 are read as windows-1252 one by
//! one (a mostly-UTF-8 feed with a few latin-1 bytes reads right), bytes
//! invalid in other encodings become U+FFFD, C1 control characters
//! left in the text are read as windows-1252 (as feedparser does), and
//! every such repair is reported as a warning.
//!
//! After decoding, the XML prolog is rewritten to say `UTF-8`, so the XML
//! parser does not decode the text a second time.
//!
//! HTML pages (full text, [`decode_html`]) follow the same order with the
//! page's `<meta charset>` (or `<meta http-equiv="Content-Type">`) that
//! starts in its first 1024 bytes, read whole, in place of the XML prolog. That look-up is a regular
//! expression over those bytes, a simplification of the WHATWG prescan
//! (which also skips comments and tracks attribute states) that finds the
//! declarations real pages write.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use super::utf32::{self, Utf32};

/// Where the character set was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    /// A byte-order mark.
    Bom,
    /// The HTTP `Content-Type` header.
    Http,
    /// The XML declaration.
    XmlProlog,
    /// An HTML `<meta>` declaration.
    HtmlMeta,
    /// Nothing said: valid UTF-8 was assumed, else `chardetng` guessed.
    Guess,
}

impl CharsetSource {
    /// A short name for reports (`bom`, `http`, `xml_prolog`, `guess`).
    pub fn as_str(self) -> &'static str {
        match self {
            CharsetSource::Bom => "bom",
            CharsetSource::Http => "http",
            CharsetSource::XmlProlog => "xml_prolog",
            CharsetSource::HtmlMeta => "html_meta",
            CharsetSource::Guess => "guess",
        }
    }
}

/// Text decoded from a feed body.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The body as UTF-8, with its XML prolog saying so.
    pub text: String,
    /// The encoding used (`UTF-8`, `windows-1252`, `UTF-32LE`, ...).
    pub encoding: &'static str,
    /// Where that encoding came from.
    pub source: CharsetSource,
    /// Repairs made on the way (invalid bytes replaced, a label not understood).
    pub warnings: Vec<String>,
}

/// A character set tidings can decode.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Charset {
    /// One of the WHATWG encodings of encoding_rs.
    Whatwg(&'static Encoding),
    /// UTF-32, which encoding_rs leaves out.
    Utf32(Utf32),
}

/// Decodes `bytes` to UTF-8, given the HTTP `Content-Type` header if any.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    decode_as(bytes, content_type, false)
}

/// Decodes an HTML page to UTF-8, given the HTTP `Content-Type` header if any.
pub fn decode_html(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    decode_as(bytes, content_type, true)
}

fn decode_as(bytes: &[u8], content_type: Option<&str>, html: bool) -> Decoded {
    let mut warnings = Vec::new();
    let (charset, source) = detect(bytes, content_type, html, &mut warnings);
    let (mut text, had_errors, name) = match charset {
        Charset::Utf32(order) => {
            let (text, had_errors) = utf32::decode(bytes, order);
            (text, had_errors, order.name())
        }
        Charset::Whatwg(encoding) if encoding == UTF_8 => {
            let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            let lenient = utf8_lenient(without_bom);
            if lenient.invalid > 0 {
                warnings.push(format!(
                    "{} bytes invalid in UTF-8 were read as windows-1252",
                    lenient.invalid
                ));
            }
            (lenient.text, false, encoding.name())
        }
        Charset::Whatwg(encoding) => {
            let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
            (text.into_owned(), had_errors, encoding.name())
        }
    };
    if had_errors {
        warnings.push(format!("bytes invalid in {name} were replaced with U+FFFD"));
    }
    let c1 = utf32::map_c1_controls(&mut text);
    if c1 > 0 {
        warnings.push(format!(
            "{c1} C1 control characters were read as windows-1252"
        ));
    }
    Decoded {
        text: if html { text } else { rewrite_prolog(text) },
        encoding: name,
        source,
        warnings,
    }
}

fn detect(
    bytes: &[u8],
    content_type: Option<&str>,
    html: bool,
    warnings: &mut Vec<String>,
) -> (Charset, CharsetSource) {
    // The UTF-32LE mark starts with the UTF-16LE one: look for it first.
    if let Some(order) = utf32::from_bom(bytes) {
        return (Charset::Utf32(order), CharsetSource::Bom);
    }
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return (Charset::Whatwg(encoding), CharsetSource::Bom);
    }
    if let Some(label) = content_type.and_then(http_charset) {
        match label_charset(&label, bytes) {
            Some(charset) => return (charset, CharsetSource::Http),
            None => warnings.push(format!("unknown charset {label:?} in Content-Type ignored")),
        }
    }
    if html {
        if let Some(label) = meta_charset(bytes) {
            match label_charset(&label, bytes) {
                Some(charset) => return (charset, CharsetSource::HtmlMeta),
                None => warnings.push(format!("unknown charset {label:?} in <meta> ignored")),
            }
        }
        return guess(bytes, warnings);
    }
    if let Some(order) = utf32::sniff(bytes) {
        return (Charset::Utf32(order), CharsetSource::XmlProlog);
    }
    // UTF-16 without a BOM still starts with "<?" as two-byte units.
    if bytes.starts_with(&[b'<', 0, b'?', 0]) {
        return (Charset::Whatwg(UTF_16LE), CharsetSource::XmlProlog);
    }
    if bytes.starts_with(&[0, b'<', 0, b'?']) {
        return (Charset::Whatwg(UTF_16BE), CharsetSource::XmlProlog);
    }
    if let Some(label) = prolog_encoding(bytes) {
        match label_charset(&label, bytes) {
            Some(charset) => return (charset, CharsetSource::XmlProlog),
            None => warnings.push(format!("unknown encoding {label:?} in XML prolog ignored")),
        }
    }
    guess(bytes, warnings)
}

/// Nothing declared: UTF-8 when the bytes are (mostly) UTF-8, else the
/// guess of `chardetng` over the whole body.
fn guess(bytes: &[u8], warnings: &mut Vec<String>) -> (Charset, CharsetSource) {
    let lenient = utf8_lenient(bytes);
    if lenient.invalid == 0 || lenient.multibyte > lenient.invalid {
        // UTF-8, perhaps with a few stray bytes (read one by one below):
        // more valid multi-byte characters than stray bytes is UTF-8 with
        // a slip, which chardetng (seeing invalid UTF-8) would rule out.
        return (Charset::Whatwg(UTF_8), CharsetSource::Guess);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    warnings.push(format!(
        "no charset declared and not valid UTF-8: read as {} (guessed)",
        encoding.name()
    ));
    (Charset::Whatwg(encoding), CharsetSource::Guess)
}

/// UTF-8 read leniently: what it decoded to and how it went.
struct Lenient {
    text: String,
    /// Bytes that were not valid UTF-8 (each read as windows-1252).
    invalid: usize,
    /// Valid multi-byte characters (evidence the text really is UTF-8).
    multibyte: usize,
}

/// Decodes UTF-8, reading each invalid byte as its windows-1252 character
/// (as the WHATWG reads it: its five holes become C1 controls), the way
/// feedparser ends up reading a mostly-UTF-8 document with a few latin-1
/// bytes in it.
fn utf8_lenient(bytes: &[u8]) -> Lenient {
    let mut out = Lenient {
        text: String::with_capacity(bytes.len()),
        invalid: 0,
        multibyte: 0,
    };
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.multibyte += valid.chars().filter(|c| !c.is_ascii()).count();
                out.text.push_str(valid);
                return out;
            }
            Err(error) => {
                let (valid, after) = rest.split_at(error.valid_up_to());
                let valid = std::str::from_utf8(valid).expect("valid up to here");
                out.multibyte += valid.chars().filter(|c| !c.is_ascii()).count();
                out.text.push_str(valid);
                let bad = error.error_len().unwrap_or(after.len());
                for &byte in &after[..bad] {
                    out.text.push(cp1252_char(byte));
                }
                out.invalid += bad;
                rest = &after[bad..];
            }
        }
    }
}

/// The windows-1252 character of a byte.
fn cp1252_char(byte: u8) -> char {
    let bytes = [byte];
    let (text, _, _) = WINDOWS_1252.decode(&bytes);
    text.chars().next().unwrap_or('\u{FFFD}')
}

/// The charset a label names, UTF-32 included; a declared 16- or 32-bit
/// encoding on text that is plainly 8-bit (a common lie) is read as UTF-8.
fn label_charset(label: &str, bytes: &[u8]) -> Option<Charset> {
    if let Some(order) = utf32::from_label(label, bytes) {
        let eight_bit = !bytes.iter().take(64).any(|b| *b == 0);
        return Some(if eight_bit {
            Charset::Whatwg(UTF_8)
        } else {
            Charset::Utf32(order)
        });
    }
    Encoding::for_label(label.as_bytes())
        .map(|encoding| Charset::Whatwg(utf16_family(encoding, bytes)))
}

/// A declared UTF-16 on text that is plainly 8-bit (a common lie) is read as UTF-8.
fn utf16_family(encoding: &'static Encoding, bytes: &[u8]) -> &'static Encoding {
    if (encoding == UTF_16LE || encoding == UTF_16BE) && !bytes.iter().take(64).any(|b| *b == 0) {
        UTF_8
    } else {
        encoding
    }
}

/// The `charset` parameter of a `Content-Type` value.
fn http_charset(content_type: &str) -> Option<String> {
    super::media::ContentType::parse(content_type)?.charset
}

/// The prescan looks for a `<meta>` that starts in this many first bytes.
const META_WINDOW: usize = 1024;

/// A `<meta>` tag that starts in the window is read whole, up to this many
/// bytes past the window's end.
const META_TAG_MAX: usize = 1024;

/// The charset a `<meta>` starting in the first [`META_WINDOW`] bytes of an
/// HTML page declares.
///
/// The tag is read whole even when it runs past the window, and a label the
/// bytes cut short (`charset="ut` at the end of a truncated body) is no
/// label: a declaration is taken only when its tag closes.
fn meta_charset(bytes: &[u8]) -> Option<String> {
    static META: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?i)<meta\s[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)[^>]*>"#)
            .expect("the meta charset pattern is valid")
    });
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(META_WINDOW + META_TAG_MAX)]);
    META.captures_iter(&head)
        .take_while(|c| c.get(0).is_some_and(|m| m.start() < META_WINDOW))
        .map(|c| c[1].to_string())
        .next()
}

/// The `encoding` pseudo-attribute of an XML declaration at the start of `bytes`.
fn prolog_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(512)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    pseudo_attribute(decl, "encoding").map(|(value, _)| value.to_string())
}

/// Finds `name="value"` in an XML declaration: the value and its byte range.
fn pseudo_attribute<'a>(decl: &'a str, name: &str) -> Option<(&'a str, std::ops::Range<usize>)> {
    let at = decl.find(name)?;
    let rest = &decl[at + name.len()..];
    let eq = rest.find('=')?;
    if !rest[..eq].trim().is_empty() {
        return None;
    }
    let after_eq = &rest[eq + 1..];
    let quote_at = after_eq.find(['"', '\''])?;
    let quote = after_eq.as_bytes()[quote_at] as char;
    let value_start = at + name.len() + eq + 1 + quote_at + 1;
    let value_len = decl[value_start..].find(quote)?;
    Some((
        &decl[value_start..value_start + value_len],
        value_start..value_start + value_len,
    ))
}

/// Makes the XML declaration (if any) say UTF-8, since the text now is.
fn rewrite_prolog(mut text: String) -> String {
    let start = text.len() - text.trim_start().len();
    if !text[start..].starts_with("<?xml") {
        return text;
    }
    let Some(end) = text[start..].find("?>") else {
        return text;
    };
    let decl = &text[start..start + end];
    if let Some((value, range)) = pseudo_attribute(decl, "encoding") {
        if !value.eq_ignore_ascii_case("utf-8") {
            text.replace_range(start + range.start..start + range.end, "UTF-8");
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_header_and_prolog() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(
            "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>é</a>".as_bytes(),
        );
        let d = decode(&bytes, Some("text/xml; charset=windows-1251"));
        assert_eq!(d.source, CharsetSource::Bom);
        assert_eq!(d.text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>é</a>");
    }

    #[test]
    fn http_charset_beats_prolog() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><a>\xE9</a>";
        let d = decode(bytes, Some("application/rss+xml; charset=\"ISO-8859-1\""));
        assert_eq!(d.source, CharsetSource::Http);
        assert_eq!(d.text, "<?xml version=\"1.0\" encoding=\"utf-8\"?><a>é</a>");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn prolog_windows_1252_maps_smart_quotes() {
        let bytes = b"<?xml version='1.0' encoding='windows-1252'?><a>\x93hi\x94 \x80</a>";
        let d = decode(bytes, Some("text/xml"));
        assert_eq!(d.source, CharsetSource::XmlProlog);
        assert_eq!(
            d.text,
            "<?xml version='1.0' encoding='UTF-8'?><a>\u{201c}hi\u{201d} €</a>"
        );
    }

    #[test]
    fn invalid_utf8_without_declaration_is_guessed_western_with_a_warning() {
        let d = decode(b"<rss>caf\xE9 cr\xE8me br\xFBl\xE9e</rss>", None);
        assert_eq!(d.text, "<rss>café crème brûlée</rss>");
        assert_eq!(
            (d.source, d.encoding),
            (CharsetSource::Guess, "windows-1252")
        );
        assert_eq!(
            d.warnings,
            ["no charset declared and not valid UTF-8: read as windows-1252 (guessed)"]
        );
    }

    #[test]
    fn undeclared_cyrillic_greek_and_japanese_are_guessed_by_chardetng() {
        let cases: [(&'static encoding_rs::Encoding, &str); 3] = [
            (
                encoding_rs::WINDOWS_1251,
                "<rss><title>Новости дня: правительство утвердило новый бюджет</title></rss>",
            ),
            (
                encoding_rs::WINDOWS_1253,
                "<rss><title>Η κυβέρνηση ενέκρινε τον νέο προϋπολογισμό της χώρας</title></rss>",
            ),
            (
                encoding_rs::SHIFT_JIS,
                "<rss><title>政府は新しい予算案を閣議決定した。国会で審議される予定だ。</title></rss>",
            ),
        ];
        for (encoding, text) in cases {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable);
            let d = decode(&bytes, None);
            assert_eq!(d.source, CharsetSource::Guess);
            assert_eq!(d.encoding, encoding.name(), "{text}");
            assert_eq!(d.text, text);
        }
    }

    #[test]
    fn invalid_bytes_in_declared_utf8_are_read_as_windows_1252_not_fatal() {
        let d = decode(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>caf\u{e9} x\u{FF}y \u{81}</a>"
                .as_bytes()
                .iter()
                .copied()
                .chain(b"<b>\xE9\xFF\x81</b>".iter().copied())
                .collect::<Vec<u8>>()
                .as_slice(),
            None,
        );
        assert!(
            d.text.ends_with("<a>café xÿy \u{81}</a><b>éÿ\u{81}</b>"),
            "{}",
            d.text
        );
        assert_eq!(
            d.warnings,
            ["3 bytes invalid in UTF-8 were read as windows-1252"]
        );
    }

    #[test]
    fn undeclared_mostly_utf8_with_a_stray_byte_stays_utf8() {
        let d = decode(
            "<a>café ü — ok \u{2019}</a>"
                .as_bytes()
                .iter()
                .copied()
                .chain([0xE9])
                .collect::<Vec<_>>()
                .as_slice(),
            None,
        );
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, "<a>café ü — ok \u{2019}</a>é");
    }

    #[test]
    fn utf16be_with_bom_is_decoded() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>ü</a>";
        let mut bytes = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        let d = decode(&bytes, None);
        assert_eq!(d.text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>ü</a>");
    }

    #[test]
    fn html_meta_charset_is_read_when_the_header_says_nothing() {
        let page = b"<!doctype html><html><head><meta http-equiv=\"Content-Type\" \
                     content=\"text/html; charset=windows-1252\"><title>\x93q\x94</title>";
        let d = decode_html(page, Some("text/html"));
        assert_eq!(d.source, CharsetSource::HtmlMeta);
        assert!(d.text.contains("\u{201c}q\u{201d}"), "{}", d.text);
        let d = decode_html(b"<meta charset='utf-8'><p>caf\xC3\xA9", None);
        assert_eq!(
            (d.source, d.text.contains("café")),
            (CharsetSource::HtmlMeta, true)
        );
        let d = decode_html(
            b"<meta charset=x><p>\xE9",
            Some("text/html; charset=iso-8859-1"),
        );
        assert_eq!(
            (d.source, d.text.as_str()),
            (CharsetSource::Http, "<meta charset=x><p>é")
        );
    }

    #[test]
    fn a_meta_declaration_across_the_window_edge_is_read_whole() {
        let pad = "x".repeat(META_WINDOW - 40);
        let page = format!("<!doctype html><!-- {pad} --><meta charset=\"utf-8\"><p>caf\u{e9}");
        let at = page.find("<meta").unwrap();
        assert!(
            at < META_WINDOW && at + 20 > META_WINDOW,
            "the tag straddles the edge"
        );
        let d = decode_html(page.as_bytes(), None);
        assert_eq!(
            (d.source, d.warnings.as_slice()),
            (CharsetSource::HtmlMeta, &[][..])
        );
        assert!(d.text.ends_with("café"), "{}", d.text);
        // Cut short by the end of the bytes: no declaration, no "ut" warning.
        let cut = b"<html><head><meta charset=\"ut";
        let d = decode_html(cut, None);
        assert_eq!(
            (d.source, d.warnings.len()),
            (CharsetSource::Guess, 0),
            "{:?}",
            d.warnings
        );
        // A tag that starts after the window is not read.
        let late = format!(
            "<!-- {} --><meta charset=\"windows-1252\">",
            "x".repeat(META_WINDOW)
        );
        assert_ne!(
            decode_html(late.as_bytes(), None).source,
            CharsetSource::HtmlMeta
        );
    }

    #[test]
    fn json_passes_through() {
        let d = decode(
            br#"{"version":"https://jsonfeed.org/version/1.1"}"#,
            Some("application/feed+json"),
        );
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.starts_with('{'));
    }
}
