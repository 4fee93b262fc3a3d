//! The DOCTYPE: its internal entity declarations, expanded within a budget.
//!
//! quick-xml (and so feed-rs) does not expand entities a document declares
//! for itself (`<!DOCTYPE rss [ <!ENTITY sig "Joe's blog"> ]>`), so the
//! repair pass does. Only internal general entities with a literal value
//! are expanded. External entities (`SYSTEM` / `PUBLIC`) are never
//! fetched, no file is read and no request is made: a reference to one
//! reads as its literal text. Parameter entities (`%name;`) are ignored.
//!
//! Expansion is bounded so a hostile document ("billion laughs") cannot
//! blow up memory or time: an entity may nest at most [`MAX_DEPTH`] deep,
//! one expansion may be at most [`MAX_ENTITY_LEN`] bytes, and all
//! expansions of a document together at most [`EXPANSION_BUDGET`] bytes.
//! Past any of these limits a reference expands to nothing, with a warning.

use std::collections::HashMap;
use std::ops::Range;

use super::entities::{escape_text, html_entity};

/// Deepest nesting of entities inside entity values.
pub(super) const MAX_DEPTH: usize = 8;
/// Largest expansion of one entity, in bytes.
pub(super) const MAX_ENTITY_LEN: usize = 64 * 1024;
/// All expansions of one document together, in bytes.
pub(super) const EXPANSION_BUDGET: usize = 1024 * 1024;

/// The entities a document declares for itself.
#[derive(Debug, Default)]
pub(super) struct Dtd {
    /// Internal entities: name → literal value as written.
    internal: HashMap<String, String>,
    /// Expansions computed so far.
    expanded: HashMap<String, Option<String>>,
    /// Bytes of expansion still allowed in this document.
    spent: usize,
    /// Whether some reference expanded to nothing because of a limit.
    pub(super) over_budget: bool,
    /// How many external entities were declared (and ignored).
    pub(super) external: usize,
}

impl Dtd {
    /// Reads the entity declarations of a DOCTYPE's internal subset.
    pub(super) fn parse(doctype: &str) -> Dtd {
        let mut dtd = Dtd::default();
        let mut rest = doctype;
        while let Some(at) = rest.find("<!ENTITY") {
            rest = &rest[at + "<!ENTITY".len()..];
            let Some(end) = declaration_end(rest) else {
                break;
            };
            let decl = rest[..end].trim();
            rest = &rest[end + 1..];
            if decl.starts_with('%') {
                continue;
            }
            let Some((name, definition)) = decl.split_once(char::is_whitespace) else {
                continue;
            };
            let definition = definition.trim();
            let quote = definition.chars().next();
            match quote {
                Some(q @ ('"' | '\'')) if definition.len() >= 2 && definition.ends_with(q) => {
                    dtd.internal
                        .entry(name.to_string())
                        .or_insert_with(|| definition[1..definition.len() - 1].to_string());
                }
                _ => dtd.external += 1,
            }
        }
        dtd
    }

    /// The expansion of a reference to `name`, if the document declared
    /// it internally: its value with nested references expanded (empty when
    /// a limit was reached).
    pub(super) fn expand(&mut self, name: &str) -> Option<String> {
        if !self.internal.contains_key(name) {
            return None;
        }
        let value = self.expansion(name, 0);
        match value {
            Some(value) if self.spent + value.len() <= EXPANSION_BUDGET => {
                self.spent += value.len();
                Some(value)
            }
            _ => {
                self.over_budget = true;
                Some(String::new())
            }
        }
    }

    /// The full expansion of entity `name` at nesting `depth` (memoized).
    fn expansion(&mut self, name: &str, depth: usize) -> Option<String> {
        if let Some(done) = self.expanded.get(name) {
            return done.clone();
        }
        if depth >= MAX_DEPTH {
            return None;
        }
        let raw = self.internal.get(name)?.clone();
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw.as_str();
        let mut ok = true;
        while let Some(at) = rest.find('&') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            let reference = reference_at(rest);
            match reference {
                Some(range) => {
                    let inner = &rest[1..range.end - 1];
                    if inner.starts_with('#')
                        || matches!(inner, "lt" | "gt" | "amp" | "quot" | "apos")
                    {
                        out.push_str(&rest[..range.end]);
                    } else if self.internal.contains_key(inner) {
                        match self.expansion(inner, depth + 1) {
                            Some(nested) => out.push_str(&nested),
                            None => ok = false,
                        }
                    } else if let Some(chars) = html_entity(&rest[1..range.end]) {
                        out.push_str(&escape_text(&chars));
                    } else {
                        out.push_str("&amp;");
                        out.push_str(&rest[1..range.end]);
                    }
                    rest = &rest[range.end..];
                }
                None => {
                    out.push_str("&amp;");
                    rest = &rest[1..];
                }
            }
            if !ok || out.len() > MAX_ENTITY_LEN {
                ok = false;
                break;
            }
        }
        out.push_str(rest);
        let result = (ok && out.len() <= MAX_ENTITY_LEN).then_some(out);
        // Failures may come from the depth this entity was reached at:
        // only successes are remembered.
        if let Some(value) = &result {
            self.expanded.insert(name.to_string(), Some(value.clone()));
        }
        result
    }
}

/// `&name;` or `&#...;` at the start of `text`: its byte range.
fn reference_at(text: &str) -> Option<Range<usize>> {
    let end = text[1..].find(';')? + 1;
    let inner = &text[1..end];
    let valid = !inner.is_empty()
        && inner.len() <= 64
        && inner
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'#' | b'_' | b'-' | b'.'));
    valid.then_some(0..end + 1)
}

/// Where a declaration ends: the first `>` outside quotes.
fn declaration_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The extent of a `<!DOCTYPE ...>` starting at `at`: past its internal
/// subset (`[...]`) if it has one. `None` when it never ends.
pub(super) fn doctype_end(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = at + "<!DOCTYPE".len();
    let mut quote: Option<u8> = None;
    let mut in_subset = false;
    while i < bytes.len() {
        let b = bytes[i];
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[') => in_subset = true,
            (None, b']') => in_subset = false,
            (None, b'>') if !in_subset => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCTYPE: &str = r#"<!DOCTYPE rss [
        <!ENTITY sig "Joe &amp; Ann">
        <!ENTITY full 'by &sig; &mdash; &unknown;'>
        <!ENTITY % param "ignored">
        <!ENTITY secret SYSTEM "file:///etc/passwd">
        <!ENTITY remote PUBLIC "-//X//EN" "http://example.com/x.ent">
    ]>"#;

    #[test]
    fn internal_entities_expand_external_ones_never() {
        let mut dtd = Dtd::parse(DOCTYPE);
        assert_eq!(dtd.external, 2);
        assert_eq!(dtd.expand("sig").as_deref(), Some("Joe &amp; Ann"));
        assert_eq!(
            dtd.expand("full").as_deref(),
            Some("by Joe &amp; Ann — &amp;unknown;")
        );
        assert_eq!(dtd.expand("secret"), None);
        assert_eq!(dtd.expand("param"), None);
        assert!(!dtd.over_budget);
        assert_eq!(doctype_end(DOCTYPE, 0), Some(DOCTYPE.len()));
    }

    #[test]
    fn billion_laughs_stays_within_budget() {
        let mut doctype = String::from("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for i in 1..=9 {
            let prev = if i == 1 {
                "lol".to_string()
            } else {
                format!("lol{}", i - 1)
            };
            doctype.push_str(&format!(
                "<!ENTITY lol{i} \"{}\">",
                format!("&{prev};").repeat(10)
            ));
        }
        doctype.push_str("]>");
        let mut dtd = Dtd::parse(&doctype);
        assert_eq!(dtd.expand("lol9").as_deref(), Some(""));
        assert!(dtd.over_budget);
        assert_eq!(dtd.expand("lol2").map(|s| s.len()), Some(300));
        for _ in 0..100 {
            dtd.expand("lol4");
        }
        assert!(dtd.spent <= EXPANSION_BUDGET);
    }

    #[test]
    fn self_reference_is_cut_off() {
        let mut dtd = Dtd::parse("<!DOCTYPE x [<!ENTITY a \"x&a;\">]>");
        assert_eq!(dtd.expand("a").as_deref(), Some(""));
    }
}
