//! The root element: feed format, RSS version, namespace names, junk before it.
//!
//! feed-rs recognises a document by its root and a handful of exact
//! strings: `<rss>` only with `version` 2.0, 0.91 or 0.92, and namespaces
//! only under their canonical URIs. Real feeds write `version="0.94"`,
//! `version="2.01"` or no version at all, Atom 0.3's
//! `http://purl.org/atom/ns#`, RSS 0.90's Netscape namespace, Userland's and
//! Harvard's RSS namespaces, and module URIs without their trailing slash.
//! [`fix_root`] rewrites the root's start tag so feed-rs reads all of them
//! (any RSS version as 2.0, which the 0.9x and 2.0 parser reads alike);
//! [`document_start`] finds where the feed starts when something (a PHP
//! warning, a blank line, HTML) was printed before it.

use super::tags::{local, parse_start_tag, write_start_tag, StartTag};

/// The RSS 1.0 namespace, which feed-rs takes as RSS in every version.
const RSS: &str = "http://purl.org/rss/1.0/";
/// The Atom 1.0 namespace.
const ATOM: &str = "http://www.w3.org/2005/Atom";

/// Namespace URIs as feeds write them (lowercase) → the URI feed-rs knows.
const NAMESPACE_ALIASES: &[(&str, &str)] = &[
    ("http://purl.org/rss/1.0", RSS),
    ("http://my.netscape.com/rdf/simple/0.9/", RSS),
    ("http://my.netscape.com/rdf/simple/0.9", RSS),
    ("http://backend.userland.com/rss", RSS),
    ("http://backend.userland.com/rss2", RSS),
    ("http://blogs.law.harvard.edu/tech/rss", RSS),
    ("http://purl.org/rss/2.0/", RSS),
    ("http://purl.org/rss/2.0", RSS),
    ("http://purl.org/atom/ns#", ATOM),
    ("http://purl.org/atom/ns", ATOM),
    ("http://www.w3.org/2005/atom", ATOM),
    ("https://www.w3.org/2005/atom", ATOM),
    ("http://www.w3.org/2005/atom/", ATOM),
    (
        "http://purl.org/dc/elements/1.1",
        "http://purl.org/dc/elements/1.1/",
    ),
    (
        "https://purl.org/dc/elements/1.1/",
        "http://purl.org/dc/elements/1.1/",
    ),
    ("http://purl.org/dc/terms", "http://purl.org/dc/terms/"),
    (
        "http://purl.org/rss/1.0/modules/content",
        "http://purl.org/rss/1.0/modules/content/",
    ),
    (
        "https://purl.org/rss/1.0/modules/content/",
        "http://purl.org/rss/1.0/modules/content/",
    ),
    (
        "http://search.yahoo.com/mrss",
        "http://search.yahoo.com/mrss/",
    ),
    (
        "https://search.yahoo.com/mrss/",
        "http://search.yahoo.com/mrss/",
    ),
    (
        "https://www.itunes.com/dtds/podcast-1.0.dtd",
        "http://www.itunes.com/dtds/podcast-1.0.dtd",
    ),
];

/// The kind of document a root element starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RootKind {
    /// `<rss>`: RSS 0.9x / 2.0.
    Rss,
    /// `<rdf:RDF>`: RSS 0.90 / 1.0.
    Rdf,
    /// `<feed>` or a lone `<entry>`: Atom.
    Atom,
    /// `<channel>` without `<rss>` around it.
    Channel,
    /// Anything else (not a feed feed-rs knows).
    Other,
}

impl RootKind {
    /// The kind a root element's local name says.
    pub(super) fn of(name: &str) -> RootKind {
        match local(name) {
            "rss" => RootKind::Rss,
            "RDF" => RootKind::Rdf,
            "feed" | "entry" => RootKind::Atom,
            "channel" => RootKind::Channel,
            _ => RootKind::Other,
        }
    }
}

/// The root's start tag rewritten so feed-rs accepts it, if it must be.
pub(super) fn fix_root(tag: &StartTag<'_>, warnings: &mut Vec<String>) -> Option<String> {
    let kind = RootKind::of(tag.name);
    let mut changed = false;
    let mut attrs: Vec<(&str, String)> = Vec::with_capacity(tag.attrs.len() + 1);
    for attr in &tag.attrs {
        let mut value = attr.value.to_string();
        if attr.name == "xmlns" || attr.name.starts_with("xmlns:") {
            let lower = attr.value.trim().to_ascii_lowercase();
            let alias = NAMESPACE_ALIASES
                .iter()
                .find(|(alias, canonical)| *alias == lower && *canonical != attr.value);
            if let Some((_, canonical)) = alias {
                warnings.push(format!("namespace {:?} read as {canonical:?}", attr.value));
                value = canonical.to_string();
                changed = true;
            }
        }
        if kind == RootKind::Rss
            && attr.name == "version"
            && !matches!(attr.value, "2.0" | "0.91" | "0.92")
        {
            warnings.push(format!("RSS version {:?} read as 2.0", attr.value));
            value = "2.0".into();
            changed = true;
        }
        attrs.push((attr.name, value));
    }
    if kind == RootKind::Rss && tag.attr("version").is_none() {
        warnings.push("RSS without a version read as 2.0".into());
        attrs.push(("version", "2.0".into()));
        changed = true;
    }
    changed.then(|| write_start_tag(tag.name, &attrs, tag.self_closing))
}

/// Where the document starts: past leading whitespace, and past anything
/// printed before the feed (`junk` is true when that was more than
/// whitespace).
pub(super) fn document_start(text: &str) -> (usize, bool) {
    let start = text.len()
        - text
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
            .len();
    if text[start..].starts_with("<?xml") || first_element_is_feed(text, start) {
        return (start, false);
    }
    // Something else comes first: a PHP warning, an HTML page, stray text.
    let candidates = ["<?xml", "<rss", "<feed", "<rdf:RDF", "<RDF", "<channel"];
    let found = candidates
        .iter()
        .filter_map(|needle| find_tag(text, start, needle))
        .min();
    match found {
        Some(at) if at > start => (at, true),
        _ => (start, false),
    }
}

/// Whether the first element at or after `from` is a feed root, with only
/// whitespace, comments and declarations before it.
fn first_element_is_feed(text: &str, from: usize) -> bool {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + off;
        if !bytes[i..at].iter().all(u8::is_ascii_whitespace) {
            return false;
        }
        let rest = &text[at..];
        let skip_to = if rest.starts_with("<!--") {
            rest.find("-->").map(|e| at + e + 3)
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest.find('>').map(|e| at + e + 1)
        } else {
            return parse_start_tag(text, at)
                .is_some_and(|tag| RootKind::of(tag.name) != RootKind::Other);
        };
        match skip_to {
            Some(next) => i = next,
            None => return false,
        }
    }
    false
}

/// The first `needle` (a tag opening) at or after `from` that is followed
/// by whitespace, `>` or `/` (so `<rss` does not match `<rsstuff`).
fn find_tag(text: &str, from: usize, needle: &str) -> Option<usize> {
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(off) = finder.find(&bytes[i..]) {
        let at = i + off;
        let next = bytes.get(at + needle.len()).copied();
        if needle == "<?xml" || matches!(next, Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/')) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(tag: &str) -> (Option<String>, Vec<String>) {
        let mut warnings = Vec::new();
        let parsed = parse_start_tag(tag, 0).unwrap();
        (fix_root(&parsed, &mut warnings), warnings)
    }

    #[test]
    fn rss_versions_become_ones_feed_rs_reads() {
        assert_eq!(fixed("<rss version=\"2.0\">").0, None);
        assert_eq!(fixed("<rss version=\"0.91\">").0, None);
        assert_eq!(
            fixed("<rss version=\"0.94\">").0.as_deref(),
            Some("<rss version=\"2.0\">")
        );
        assert_eq!(fixed("<rss>").0.as_deref(), Some("<rss version=\"2.0\">"));
        assert_eq!(fixed("<rss>").1, ["RSS without a version read as 2.0"]);
    }

    #[test]
    fn namespace_aliases_are_canonicalised() {
        let (tag, warnings) = fixed("<feed xmlns=\"http://purl.org/atom/ns#\" version=\"0.3\">");
        assert_eq!(
            tag.as_deref(),
            Some("<feed xmlns=\"http://www.w3.org/2005/Atom\" version=\"0.3\">")
        );
        assert_eq!(warnings.len(), 1);
        let (tag, _) = fixed("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://my.netscape.com/rdf/simple/0.9/\">");
        assert!(tag.unwrap().contains("xmlns=\"http://purl.org/rss/1.0/\""));
        assert_eq!(
            fixed("<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1\">")
                .0
                .as_deref(),
            Some("<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">")
        );
    }

    #[test]
    fn junk_before_the_feed_is_skipped() {
        assert_eq!(document_start("  <?xml version=\"1.0\"?><rss>"), (2, false));
        assert_eq!(
            document_start("<!-- hi --><rss version=\"2.0\">"),
            (0, false)
        );
        let php =
            "<br />\n<b>Warning</b>: oops in <b>x.php</b><br />\n<?xml version=\"1.0\"?>\n<rss>";
        assert_eq!(document_start(php), (php.find("<?xml").unwrap(), true));
        let html = "<html><body>feed:</body></html><rss version=\"2.0\">";
        assert_eq!(document_start(html), (html.find("<rss ").unwrap(), true));
        assert_eq!(
            document_start("<html><body>no feed</body></html>"),
            (0, false)
        );
    }
}
