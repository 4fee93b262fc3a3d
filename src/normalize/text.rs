//! HTML → plain text, with the html5ever tokenizer and no DOM.
//!
//! [`html_to_text`] turns an entry body into paragraphs separated by one
//! blank line; [`plain_title`] turns a headline into one line;
//! [`tidy_plain_text`] tidies a body that was plain text to begin with.
//! The tokenizer decodes entities (once: text that was escaped twice keeps
//! one level of escaping) and hands tags to [`TextSink`], which decides what
//! ends a paragraph and what is dropped; [`Paragraphs`] owns the whitespace
//! rules. Nothing here sanitizes or keeps markup: that is `sanitize`'s job.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::paragraphs::{Break, Paragraphs};
use super::tags::escape_unknown_tags;

/// Plain text of an HTML fragment or document.
///
/// Entities are decoded; tags are stripped; the contents of `script`,
/// `style`, `template`, `iframe`, `svg`, `math`, `title` and a leading
/// `head` are dropped (a `<head>` after text is a stray tag, ignored as an
/// HTML parser ignores it; `noscript` text is kept, as HTML shows it with
/// scripts off). Block elements (`p`, `div`, headings, list items,
/// table rows, `blockquote`, `pre`, `hr`, sectioning elements, ...) end a
/// paragraph, and so do two `<br>` in a row. Inside a paragraph every run of
/// whitespace, a single `<br>` included, becomes one space (`&nbsp;` too).
/// Paragraphs are trimmed, empty ones dropped, and the rest joined by exactly
/// one blank line (`\n\n`), with no trailing newline. Input without block
/// elements keeps the blank lines of its text as paragraph breaks, so plain
/// text passed through here keeps its paragraphs.
pub fn html_to_text(html: &str) -> String {
    run_tokenizer(html, false)
}

/// A headline as plain text: tags stripped, entities decoded, whitespace
/// collapsed to single spaces, trimmed (`Tom &amp; Jerry <b>live</b>` →
/// `Tom & Jerry live`).
///
/// Titles are often plain text that merely looks like markup, so only the
/// tags of HTML elements are stripped: `Vec<T> explained` keeps its `<T>`.
pub fn plain_title(raw: &str) -> String {
    let escaped = escape_unknown_tags(raw);
    run_tokenizer(&escaped, true)
}

/// A plain-text body tidied: paragraphs split on blank lines, whitespace
/// inside each folded to one space, empty paragraphs dropped, joined by
/// `\n\n`. Entities and angle brackets are left alone: it is text.
pub(crate) fn tidy_plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_paragraph = false;
    let mut blank_line_seen = false;
    for line in text.lines() {
        let mut words = line.split_whitespace().peekable();
        if words.peek().is_none() {
            blank_line_seen = true;
            continue;
        }
        if in_paragraph {
            out.push_str(if blank_line_seen { "\n\n" } else { " " });
        }
        for (i, word) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
        in_paragraph = true;
        blank_line_seen = false;
    }
    out
}

/// Tokenizes `html` into a [`TextSink`] and returns its text.
fn run_tokenizer(html: &str, single_line: bool) -> String {
    if html.is_empty() {
        return String::new();
    }
    let sink = TextSink {
        state: RefCell::new(SinkState::new(single_line, html.len())),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // Our sink never asks for a script pause or an encoding change, so one
    // feed consumes the whole input.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.state.into_inner().text.finish()
}

/// What the sink does with an element's tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Contents are raw text (never tags) and are dropped.
    DropRaw(RawKind),
    /// Contents are markup and are dropped, nesting counted.
    DropNested,
    /// Ends a paragraph (start and end tag alike).
    Block,
    /// A line break.
    LineBreak,
    /// A table cell: a space between neighbours.
    Cell,
    /// The document head: dropped until `</head>` or `<body>`.
    Head,
    /// The body: ends an unclosed head.
    Body,
    /// Everything else: the tag vanishes, its text stays.
    Inline,
}

/// Classifies an element by its (lowercase) tag name.
fn role(name: &str) -> Role {
    match name {
        "script" => Role::DropRaw(RawKind::ScriptData),
        "style" | "iframe" | "xmp" | "noembed" | "noframes" => Role::DropRaw(RawKind::Rawtext),
        "title" | "textarea" => Role::DropRaw(RawKind::Rcdata),
        "template" | "svg" | "math" => Role::DropNested,
        "br" => Role::LineBreak,
        "td" | "th" => Role::Cell,
        "head" => Role::Head,
        "body" => Role::Body,
        "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "ul" | "ol" | "dl"
        | "dt" | "dd" | "blockquote" | "pre" | "table" | "thead" | "tbody" | "tfoot" | "tr"
        | "caption" | "section" | "article" | "aside" | "header" | "footer" | "nav" | "main"
        | "figure" | "figcaption" | "hr" | "address" | "details" | "summary" | "dialog"
        | "fieldset" | "legend" | "form" | "center" | "hgroup" | "menu" | "dir" | "html"
        | "plaintext" | "listing" | "video" | "audio" | "picture" | "option" => Role::Block,
        _ => Role::Inline,
    }
}

/// Mutable state of the sink (the tokenizer hands it tokens through `&self`).
#[derive(Debug)]
struct SinkState {
    /// The text being written.
    text: Paragraphs,
    /// Inside an element whose raw contents are dropped (`script`, ...).
    in_raw: bool,
    /// Depth inside dropped markup containers (`svg`, `template`, `math`).
    nested_drop: u32,
    /// Inside `<head>`.
    in_head: bool,
    /// Whether any text was written (a `<head>` after it is stray).
    wrote_text: bool,
    /// Consecutive `<br>` with only whitespace between them.
    line_breaks: u32,
}

impl SinkState {
    fn new(single_line: bool, capacity: usize) -> SinkState {
        SinkState {
            text: Paragraphs::new(single_line, capacity),
            in_raw: false,
            nested_drop: 0,
            in_head: false,
            wrote_text: false,
            line_breaks: 0,
        }
    }

    fn dropping(&self) -> bool {
        self.in_raw || self.nested_drop > 0 || self.in_head
    }

    fn characters(&mut self, chars: &str) {
        if self.dropping() {
            return;
        }
        if chars.chars().any(|c| !c.is_whitespace()) {
            self.line_breaks = 0;
            self.wrote_text = true;
        }
        self.text.push_text(chars);
    }

    /// Handles a tag; returns the raw-text state to switch the tokenizer to.
    fn tag(&mut self, tag: &Tag) -> Option<RawKind> {
        let start = tag.kind == TagKind::StartTag;
        let role = role(&tag.name);
        if self.in_raw {
            // In raw text the tokenizer emits no tag but the matching end tag.
            self.in_raw = false;
            return None;
        }
        match role {
            Role::DropRaw(kind) if start && !tag.self_closing => {
                self.in_raw = true;
                return Some(kind);
            }
            Role::DropNested if !tag.self_closing => {
                self.nested_drop = if start {
                    self.nested_drop + 1
                } else {
                    self.nested_drop.saturating_sub(1)
                };
            }
            Role::Head => self.in_head = start && !tag.self_closing && !self.wrote_text,
            Role::Body => self.in_head = false,
            _ => {}
        }
        if self.dropping() {
            return None;
        }
        match role {
            Role::Block | Role::Body => {
                self.line_breaks = 0;
                self.text.end_paragraph(Break::Hard);
            }
            Role::LineBreak => {
                self.line_breaks += 1;
                if self.line_breaks >= 2 {
                    self.line_breaks = 0;
                    self.text.end_paragraph(Break::Hard);
                } else {
                    self.text.push_space();
                }
            }
            Role::Cell => {
                self.text.note_block();
                self.text.push_space();
            }
            _ => {}
        }
        None
    }
}

/// Receives tokens from the html5ever tokenizer and writes text.
struct TextSink {
    state: RefCell<SinkState>,
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::CharacterTokens(chars) => state.characters(&chars),
            Token::TagToken(tag) => {
                if let Some(kind) = state.tag(&tag) {
                    return TokenSinkResult::RawData(kind);
                }
            }
            // Comments, doctypes, NUL characters, parse errors, end of file.
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
