//! An independent check of sanitized HTML: tokenizes it with html5ever (the way a browser's
//! tokenizer would read it) and lists everything that could run script or submit data.
//!
//! Used by the XSS tests (`tests/hostile.rs`) and by the `sanitize` fuzz target
//! (`fuzz/fuzz_targets/sanitize.rs`, which includes this file by path), so both judge
//! ammonia's output by the same rules. It must not use tidings' own code: it is the second
//! opinion.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Elements that run script, load active content or submit data.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "textarea", "select", "style", "link", "meta", "base", "svg", "math", "template",
];

/// Attributes holding a URL that a click or a load follows.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "background",
    "poster",
    "srcset",
    "data",
    "cite",
    "longdesc",
    "lowsrc",
    "dynsrc",
];

/// Everything in `html` that could run script or submit data, one line each; empty when safe.
pub fn audit(html: &str) -> Vec<String> {
    let sink = AuditSink {
        problems: RefCell::new(Vec::new()),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.problems.into_inner()
}

/// A URL scheme that runs script or embeds a document, after the normalisation browsers do
/// (control characters and whitespace removed, case folded).
fn dangerous_url(value: &str) -> bool {
    let folded: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    ["javascript:", "vbscript:", "data:", "livescript:", "mocha:"]
        .iter()
        .any(|scheme| folded.starts_with(scheme) || folded.contains(&format!(",{scheme}")))
}

struct AuditSink {
    problems: RefCell<Vec<String>>,
}

impl TokenSink for AuditSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            if tag.kind == TagKind::EndTag {
                return TokenSinkResult::Continue;
            }
            let mut problems = self.problems.borrow_mut();
            let name = (*tag.name).to_ascii_lowercase();
            if ACTIVE_ELEMENTS.contains(&name.as_str()) {
                problems.push(format!("element <{name}>"));
            }
            for attr in &tag.attrs {
                let attr_name = (*attr.name.local).to_ascii_lowercase();
                if attr_name.starts_with("on") {
                    problems.push(format!("event handler {attr_name} on <{name}>"));
                }
                if attr_name == "style" {
                    problems.push(format!("style attribute on <{name}>"));
                }
                if URL_ATTRIBUTES.contains(&attr_name.as_str()) && dangerous_url(&attr.value) {
                    problems.push(format!("{attr_name}={:?} on <{name}>", &*attr.value));
                }
            }
        }
        TokenSinkResult::Continue
    }
}
