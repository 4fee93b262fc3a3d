//! The lenient fallback: a document that is still not well-formed after
//! repair is rebuilt as well-formed XML, then parsed as usual.
//!
//! xml5ever's tokenizer implements XML5, an error-tolerant way to read
//! XML: it never fails, and reads `a < b` as text, unquoted attributes,
//! stray end tags and a truncated end as best it can. [`rebuild`] feeds its
//! tokens into a tree-less writer that
//! - starts at the first element that can be a feed root (`rss`, `RDF`,
//!   `feed`, `channel`), or the first element when there is none;
//! - closes elements left open when an end tag for an ancestor arrives
//!   (`<p>a<br></p>` → `<p>a<br></br></p>`), and ignores end tags with no
//!   open element to close;
//! - closes everything still open at the end (a truncated document keeps
//!   every entry it had, the last one possibly cut short);
//! - drops elements nested deeper than [`super::scan::MAX_DEPTH`] (their
//!   text stays), duplicate attributes, comments, processing instructions
//!   and the DOCTYPE, and stops at the end of the root element.
//!
//! What comes out is parsed by feed-rs like any feed; the poll carries a
//! warning saying the document had to be recovered.

use std::cell::RefCell;

use xml5ever::buffer_queue::BufferQueue;
use xml5ever::tendril::StrTendril;
use xml5ever::tokenizer::{
    ProcessResult, TagKind, Token, TokenSink, XmlTokenizer, XmlTokenizerOpts,
};

use super::scan::MAX_DEPTH;

/// Local names of elements that can be the root of a feed.
const FEED_ROOTS: &[&str] = &["rss", "RDF", "feed", "channel"];

/// Rebuilds `text` as well-formed XML.
pub(super) fn rebuild(text: &str) -> String {
    let start = feed_root_start(text);
    let sink = Rebuilder {
        state: RefCell::new(State {
            out: String::with_capacity(text.len() + 1024),
            open: Vec::new(),
            done: false,
        }),
    };
    let tokenizer = XmlTokenizer::new(sink, XmlTokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&text[start..]));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut state = tokenizer.sink.state.into_inner();
    while let Some(name) = state.open.pop() {
        close(&mut state.out, &name);
    }
    state.out
}

/// Where the feed's root element starts, when a feed root appears at all.
fn feed_root_start(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + off;
        let name: String = text[at + 1..]
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/' | '<'))
            .collect();
        let local = name.rsplit(':').next().unwrap_or("");
        if FEED_ROOTS.contains(&local) {
            return at;
        }
        i = at + 1;
    }
    0
}

/// The writer's state.
struct State {
    out: String,
    /// Names of the open elements, outermost first.
    open: Vec<String>,
    /// The root element has ended: everything after is ignored.
    done: bool,
}

/// A token sink that writes well-formed XML.
struct Rebuilder {
    state: RefCell<State>,
}

impl TokenSink for Rebuilder {
    type Handle = ();

    fn process_token(&self, token: Token) -> ProcessResult<()> {
        let mut state = self.state.borrow_mut();
        if state.done {
            return ProcessResult::Continue;
        }
        match token {
            Token::Tag(tag) => {
                let name = qualified(&tag.name);
                match tag.kind {
                    TagKind::StartTag | TagKind::EmptyTag => {
                        if state.open.len() >= MAX_DEPTH {
                            return ProcessResult::Continue;
                        }
                        let mut seen: Vec<String> = Vec::new();
                        let out = &mut state.out;
                        out.push('<');
                        out.push_str(&name);
                        for attr in &tag.attrs {
                            let attr_name = qualified(&attr.name);
                            if attr_name.is_empty() || seen.contains(&attr_name) {
                                continue;
                            }
                            out.push(' ');
                            out.push_str(&attr_name);
                            out.push_str("=\"");
                            escape_into(out, &attr.value, true);
                            out.push('"');
                            seen.push(attr_name);
                        }
                        if tag.kind == TagKind::EmptyTag {
                            out.push_str("/>");
                            if state.open.is_empty() {
                                state.done = true;
                            }
                        } else {
                            out.push('>');
                            state.open.push(name);
                        }
                    }
                    TagKind::EndTag | TagKind::ShortTag => {
                        let target = if tag.kind == TagKind::ShortTag {
                            state.open.len().checked_sub(1)
                        } else {
                            state.open.iter().rposition(|open| *open == name)
                        };
                        if let Some(target) = target {
                            while state.open.len() > target {
                                let open = state.open.pop().expect("length checked");
                                close(&mut state.out, &open);
                            }
                            if state.open.is_empty() {
                                state.done = true;
                            }
                        }
                    }
                }
            }
            Token::Characters(text) if !state.open.is_empty() => {
                escape_into(&mut state.out, &text, false);
            }
            _ => {}
        }
        ProcessResult::Continue
    }
}

/// `prefix:local` (or `local`) of a name as written.
fn qualified(name: &xml5ever::QualName) -> String {
    let local: &str = &name.local;
    let valid = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && s.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    };
    if !valid(local) {
        return String::new();
    }
    match &name.prefix {
        Some(prefix) if valid(prefix) => format!("{}:{local}", &**prefix),
        _ => local.to_string(),
    }
}

fn close(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Appends `text` escaped for XML content (or an attribute value).
fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' if attribute => out.push_str("&quot;"),
            '\u{0}' => {}
            other => out.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_tags_are_closed_where_an_ancestor_ends() {
        let out = rebuild("<rss version=\"2.0\"><channel><item><description><p>a<br></p></description></item></channel></rss>");
        assert_eq!(
            out,
            "<rss version=\"2.0\"><channel><item><description><p>a<br></br></p></description></item></channel></rss>"
        );
    }

    #[test]
    fn a_truncated_document_keeps_what_it_has() {
        let out = rebuild("<rss><channel><item><title>one</title></item><item><title>tw");
        assert_eq!(out, "<rss><channel><item><title>one</title></item><item><title>tw</title></item></channel></rss>");
    }

    #[test]
    fn stray_end_tags_and_junk_are_dropped() {
        let out = rebuild("<html><b>PHP warning</b></html><rss a=b a=c></i><channel>x & y</channel></rss><!-- after --><x/>");
        assert_eq!(out, "<rss a=\"b\"><channel>x &amp; y</channel></rss>");
    }

    #[test]
    fn depth_is_capped() {
        let deep = format!(
            "<rss>{}x{}</rss>",
            "<d>".repeat(MAX_DEPTH + 10),
            "</d>".repeat(MAX_DEPTH + 10)
        );
        let out = rebuild(&deep);
        assert_eq!(out.matches("<d>").count(), MAX_DEPTH - 1);
        assert!(out.contains('x'));
    }
}
