//! How deep HTML nests, measured before it is given to a tree builder.
//!
//! html5ever's tree builder (behind ammonia) checks scopes by walking the
//! stack of open elements, so its time grows with the square of the
//! nesting: a hostile feed of deeply nested `<div>`s could stall a poll.
//! [`too_deep`] estimates the nesting with a linear scan; content deeper
//! than [`MAX_HTML_DEPTH`] keeps its text but gets no sanitized HTML (see
//! `body.rs`).

/// Deepest HTML nesting that is sanitized into `body_html`.
pub(crate) const MAX_HTML_DEPTH: usize = 512;

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements an HTML parser closes when the same element opens again.
const SELF_CLOSING_SIBLINGS: &[&str] = &["p", "li", "dt", "dd", "option", "tr", "td", "th"];

/// Whether `html` nests deeper than [`MAX_HTML_DEPTH`] elements.
pub(crate) fn too_deep(html: &str) -> bool {
    let bytes = html.as_bytes();
    // Cheap bound first: fewer start tags than the limit cannot nest deeper.
    if memchr::memchr_iter(b'<', bytes).count() <= MAX_HTML_DEPTH {
        return false;
    }
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + off;
        let rest = &html[at + 1..];
        if rest.starts_with("!--") {
            i = rest.find("-->").map_or(bytes.len(), |e| at + 1 + e + 3);
            continue;
        }
        let closing = rest.starts_with('/');
        let name: String = rest[usize::from(closing)..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let end = rest.find('>').map_or(bytes.len(), |e| at + 1 + e + 1);
        let self_closed = html[at..end].ends_with("/>");
        i = end.max(at + 1);
        if name.is_empty() || VOID.contains(&name.as_str()) || self_closed {
            continue;
        }
        if closing {
            if let Some(pos) = open.iter().rposition(|n| *n == name) {
                open.truncate(pos);
            }
            continue;
        }
        if SELF_CLOSING_SIBLINGS.contains(&name.as_str()) && open.last() == Some(&name) {
            open.pop();
        }
        open.push(name);
        if open.len() > MAX_HTML_DEPTH {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_detected() {
        let n = MAX_HTML_DEPTH + 1;
        assert!(too_deep(&format!(
            "{}x{}",
            "<div>".repeat(n),
            "</div>".repeat(n)
        )));
        assert!(too_deep(&"<span><b>".repeat(n)));
    }

    #[test]
    fn long_but_flat_html_is_not_deep() {
        let n = MAX_HTML_DEPTH * 4;
        assert!(!too_deep(&"<p>para<br><img src=x>".repeat(n)));
        assert!(!too_deep(&"<div>a</div>".repeat(n)));
        assert!(!too_deep(&"<li>item".repeat(n)));
        assert!(!too_deep(&"<!-- <div> -->".repeat(n)));
    }
}
