//! Repair before parsing: decoded feed text → text feed-rs accepts.
//!
//! feed-rs is a strict XML reader: one HTML entity, one bare `&`, an RSS
//! version it does not know or an Atom 0.3 `type` rejects the whole feed.
//! [`repair`] makes one pass over the text (memchr from `<` to `&`, no
//! parser, no copy when nothing needs fixing) and mends what real servers
//! send, the way feedparser's users expect:
//!
//! | file          | what it mends                                                   |
//! |---------------|-----------------------------------------------------------------|
//! | `mod.rs`      | the pass; control characters; a stray `<` in text (`a < b`)     |
//! | `root.rs`     | junk before the feed, RSS versions, namespace aliases           |
//! | `entities.rs` | HTML entities, bare `&`, broken character references           |
//! | `doctype.rs`  | entities declared in the DOCTYPE, expanded within a budget      |
//! | `atom.rs`     | Atom 0.3 / unknown `type`s, `mode="base64"` content             |
//! | `case.rs`     | RSS / Atom element names written in another case (`<TITLE>`)    |
//! | `tags.rs`     | reading start tags off the text                                 |
//!
//! Structural repairs are done here too: `<rss>` without `<channel>` gets
//! one, a `<channel>` root gets an `<rss>` around it, and items after
//! `</channel>` are moved inside it. CDATA sections, comments and
//! processing instructions are left alone; the DOCTYPE is removed once its
//! entities are read. Every kind of repair adds one warning with a count;
//! what is still broken after this (unclosed tags, a truncated end) is the
//! lenient parser's job ([`crate::parse`]).

mod atom;
mod case;
mod doctype;
mod entities;
mod root;
mod tags;

use std::borrow::Cow;
use std::ops::Range;

use doctype::Dtd;
use entities::{fix_reference, is_xml_char, EntityCounts};
use root::RootKind;

/// Repaired text and what was done to it.
#[derive(Debug)]
pub struct Repaired<'a> {
    /// The text to parse (borrowed when nothing needed repair).
    pub text: Cow<'a, str>,
    /// One line per kind of repair made.
    pub warnings: Vec<String>,
}

/// Repairs decoded XML feed text (JSON is not touched; see [`crate::parse`]).
pub fn repair(text: &str) -> Repaired<'_> {
    let mut warnings = Vec::new();
    let cleaned = strip_control_chars(text, &mut warnings);
    let scanned = Scan::new(&cleaned).run(&mut warnings);
    let text = match (scanned, cleaned) {
        (Some(edited), _) => Cow::Owned(edited),
        (None, cleaned) => cleaned,
    };
    Repaired { text, warnings }
}

/// Removes characters XML forbids (NUL, most C0 controls, U+FFFE/FFFF).
fn strip_control_chars<'a>(text: &'a str, warnings: &mut Vec<String>) -> Cow<'a, str> {
    let suspicious = text
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF);
    if !suspicious || text.chars().all(is_xml_char) {
        return Cow::Borrowed(text);
    }
    let before = text.chars().count();
    let kept: String = text.chars().filter(|c| is_xml_char(*c)).collect();
    warnings.push(format!(
        "{} characters not allowed in XML (control characters) removed",
        before - kept.chars().count()
    ));
    Cow::Owned(kept)
}

/// Builds the repaired text lazily: nothing is copied until a first edit.
struct Editor<'a> {
    src: &'a str,
    out: Option<String>,
    synced: usize,
}

impl Editor<'_> {
    /// Replaces `range` of the source (ranges come in increasing order).
    fn replace(&mut self, range: Range<usize>, with: &str) {
        debug_assert!(range.start >= self.synced);
        let src = self.src;
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(src.len() + src.len() / 16 + 64));
        out.push_str(&src[self.synced..range.start]);
        out.push_str(with);
        self.synced = range.end;
    }

    fn finish(mut self, trailer: &str) -> Option<String> {
        if !trailer.is_empty() {
            self.replace(self.src.len()..self.src.len(), trailer);
        }
        let mut out = self.out?;
        out.push_str(&self.src[self.synced..]);
        Some(out)
    }
}

/// The repair pass over one document.
struct Scan<'a> {
    src: &'a str,
    edit: Editor<'a>,
    dtd: Dtd,
    counts: EntityCounts,
    root: Option<RootKind>,
    stray_lt: usize,
    atom_types: usize,
    base64: usize,
    renamed: usize,
    /// The prefix of the root element's name (`atom` in `<atom:feed>`).
    root_prefix: String,
    /// `</rss>`: where a missing or moved `</channel>` goes.
    rss_close: Option<usize>,
    /// A `</channel>` with items after it, to move before `</rss>`.
    channel_close_to_move: Option<usize>,
    /// Close a `<channel>` that tidings opened.
    close_channel: bool,
    /// Text appended at the end (closing a wrapper tidings added).
    trailer: &'static str,
}

impl<'a> Scan<'a> {
    fn new(src: &'a str) -> Scan<'a> {
        Scan {
            src,
            edit: Editor {
                src,
                out: None,
                synced: 0,
            },
            dtd: Dtd::default(),
            counts: EntityCounts::default(),
            root: None,
            stray_lt: 0,
            atom_types: 0,
            base64: 0,
            renamed: 0,
            root_prefix: String::new(),
            rss_close: None,
            channel_close_to_move: None,
            close_channel: false,
            trailer: "",
        }
    }

    /// Runs the pass; `None` when the text needs no change.
    fn run(mut self, warnings: &mut Vec<String>) -> Option<String> {
        let (start, junk) = root::document_start(self.src);
        if start > 0 {
            self.edit.replace(0..start, "");
            if junk {
                warnings.push(format!("{start} bytes before the feed's start dropped"));
            }
        }
        let bytes = self.src.as_bytes();
        let mut i = start;
        while let Some(off) = memchr::memchr2(b'<', b'&', &bytes[i..]) {
            let at = i + off;
            i = if bytes[at] == b'&' {
                self.reference(at, false)
            } else {
                self.markup(at, warnings)
            };
        }
        self.summarize(warnings);
        let trailer = self.trailer;
        self.edit.finish(trailer)
    }

    /// Handles the `&` at `at`; returns where to continue.
    fn reference(&mut self, at: usize, in_attribute: bool) -> usize {
        let (end, replacement) =
            fix_reference(self.src, at, in_attribute, &mut self.dtd, &mut self.counts);
        if let Some(replacement) = replacement {
            self.edit.replace(at..end, &replacement);
        }
        end
    }

    /// Handles the `<` at `at`; returns where to continue.
    fn markup(&mut self, at: usize, warnings: &mut Vec<String>) -> usize {
        let src = self.src;
        let rest = &src[at..];
        let skip_past = |from: usize, terminator: &str| {
            src[from..]
                .find(terminator)
                .map_or(src.len(), |e| from + e + terminator.len())
        };
        if rest.starts_with("<!--") {
            return skip_past(at + 4, "-->");
        }
        if rest.starts_with("<![CDATA[") {
            return skip_past(at + 9, "]]>");
        }
        if rest.len() >= 9 && rest.as_bytes()[..9].eq_ignore_ascii_case(b"<!DOCTYPE") {
            let end = doctype::doctype_end(src, at).unwrap_or(src.len());
            self.dtd = Dtd::parse(&src[at..end]);
            self.edit.replace(at..end, "");
            return end;
        }
        if rest.starts_with("<!") {
            return at + 2;
        }
        if rest.starts_with("<?") {
            return skip_past(at + 2, "?>");
        }
        if let Some(closing) = rest.strip_prefix("</") {
            let end = rest.find('>').map_or(src.len(), |e| at + e + 1);
            let name_len = closing
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(0);
            if let Some(name) = case::canonical_name(&closing[..name_len]) {
                self.renamed += 1;
                self.edit.replace(at + 2..at + 2 + name_len, name);
            }
            self.end_tag(at, end);
            return end;
        }
        match tags::parse_start_tag(src, at) {
            Some(tag) => self.start_tag(at, &tag, warnings),
            None if !rest
                .as_bytes()
                .get(1)
                .is_some_and(|b| tags::is_name_start(*b)) =>
            {
                self.stray_lt += 1;
                self.edit.replace(at..at + 1, "&lt;");
                at + 1
            }
            // A broken tag: left for the lenient parser.
            None => at + 1,
        }
    }

    /// Handles a start tag; returns where to continue.
    fn start_tag(
        &mut self,
        at: usize,
        tag: &tags::StartTag<'_>,
        warnings: &mut Vec<String>,
    ) -> usize {
        if self.root.is_none() {
            return self.root_tag(at, tag, warnings);
        }
        if let Some(name) = case::canonical_name(tag.name) {
            self.renamed += 1;
            self.edit.replace(at + 1..at + 1 + tag.name.len(), name);
            self.attribute_references(tag);
            return tag.end;
        }
        let prefix = tag.name.rsplit_once(':').map_or("", |(p, _)| p);
        if self.root == Some(RootKind::Atom)
            && atom::TEXT_CONSTRUCTS.contains(&tag.local_name())
            && prefix == self.root_prefix
        {
            if let Some(fix) = atom::fix_text_construct(self.src, at, tag) {
                self.atom_types += 1;
                self.base64 += usize::from(fix.decoded_base64);
                self.edit.replace(fix.range.clone(), &fix.with);
                return fix.range.end;
            }
        }
        self.attribute_references(tag);
        tag.end
    }

    /// Mends the references in a start tag's attribute values.
    fn attribute_references(&mut self, tag: &tags::StartTag<'_>) {
        for attr in &tag.attrs {
            let mut i = attr.value_range.start;
            while let Some(off) =
                memchr::memchr(b'&', &self.src.as_bytes()[i..attr.value_range.end])
            {
                i = self.reference(i + off, true);
            }
        }
    }

    /// The root element: its fixes, and the structural repairs it implies.
    fn root_tag(
        &mut self,
        at: usize,
        tag: &tags::StartTag<'_>,
        warnings: &mut Vec<String>,
    ) -> usize {
        let kind = RootKind::of(tag.name);
        self.root = Some(kind);
        self.root_prefix = tag.name.rsplit_once(':').map_or("", |(p, _)| p).to_string();
        let rewritten = root::fix_root(tag, warnings);
        if kind == RootKind::Channel {
            warnings.push("<channel> without <rss> around it read as RSS 2.0".into());
            self.edit.replace(at..at, "<rss version=\"2.0\">");
            self.trailer = "</rss>";
        }
        if let Some(rewritten) = &rewritten {
            self.edit.replace(at..tag.end, rewritten);
        }
        if kind == RootKind::Rss {
            let src = self.src;
            self.rss_close = src.rfind("</rss").filter(|p| *p > tag.end);
            let body = &src[tag.end..self.rss_close.unwrap_or(src.len())];
            match body.find("</channel>") {
                None if !body.contains("<channel") => {
                    warnings
                        .push("<rss> without <channel>: its items read as the channel's".into());
                    self.edit.replace(tag.end..tag.end, "<channel>");
                    self.close_channel = true;
                    if self.rss_close.is_none() {
                        self.trailer = "</channel>";
                    }
                }
                Some(close) if body[close..].contains("<item") => {
                    warnings.push("items after </channel> moved inside it".into());
                    self.channel_close_to_move = Some(tag.end + close);
                    self.close_channel = true;
                }
                _ => {}
            }
        }
        if rewritten.is_none() {
            self.attribute_references(tag);
        }
        tag.end
    }

    /// An end tag from `at` to `end`: where moved or missing `</channel>`s go.
    fn end_tag(&mut self, at: usize, end: usize) {
        if Some(at) == self.channel_close_to_move {
            self.edit.replace(at..end, "");
        }
        if Some(at) == self.rss_close && self.close_channel {
            self.edit.replace(at..at, "</channel>");
        }
    }

    /// One warning per kind of repair.
    fn summarize(&self, warnings: &mut Vec<String>) {
        let c = self.counts;
        let mut say = |n: usize, what: &str| {
            if n > 0 {
                warnings.push(format!("{n} {what}"));
            }
        };
        say(
            c.html,
            "HTML named entities (such as &nbsp;) replaced by their characters",
        );
        say(c.bare, "bare '&' (or unknown entities) escaped as &amp;");
        say(c.char_refs, "invalid character references repaired");
        say(
            c.declared,
            "references to entities declared in the DOCTYPE expanded",
        );
        say(
            self.dtd.external,
            "external entities declared in the DOCTYPE ignored (never fetched)",
        );
        say(self.stray_lt, "stray '<' in text escaped as &lt;");
        say(
            self.atom_types,
            "Atom text constructs with a non-Atom-1.0 type read as Atom 1.0",
        );
        say(self.base64, "base64 content decoded");
        say(
            self.renamed,
            "element names in another case read as RSS / Atom names",
        );
        if self.dtd.over_budget {
            warnings.push(format!(
                "DOCTYPE entity expansion over its limits ({} bytes, {} levels): references dropped",
                doctype::EXPANSION_BUDGET,
                doctype::MAX_DEPTH
            ));
        }
    }
}

#[cfg(test)]
mod tests;
