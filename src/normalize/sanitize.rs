//! Entry HTML made safe to store and show, with ammonia.
//!
//! ammonia's defaults (an allow-list of tags and attributes, no scripts,
//! styles, forms or event handlers, only safe URL schemes: no `javascript:`
//! or `data:`) plus: links get `rel="noopener noreferrer nofollow"`,
//! relative URLs are made absolute against the entry's base, and the
//! contents of `script`, `style`, `template`, `iframe`, `svg`,
//! `math` and `title` are dropped, not kept as text (the same elements
//! [`super::html_to_text`] drops).
//!
//! Building an ammonia `Builder` costs more than cleaning a short article,
//! so each thread builds one once and only swaps the base URL per call.

use std::cell::RefCell;

use ammonia::{Builder, UrlRelative};
use url::Url;

/// The `rel` every kept link gets.
const LINK_REL: &str = "noopener noreferrer nofollow";

/// Elements removed together with everything inside them.
const DROPPED_WITH_CONTENT: [&str; 7] = [
    "script", "style", "template", "iframe", "svg", "math", "title",
];

thread_local! {
    /// This thread's cleaner; `url_relative` is set before every use.
    static CLEANER: RefCell<Builder<'static>> = RefCell::new(new_cleaner());
}

/// Sanitizes `html` with ammonia: defaults, plus `rel="noopener noreferrer
/// nofollow"` on links and, when an `http(s)` `base` is given, relative URLs
/// rewritten to absolute ones against it (else they pass through unchanged).
pub fn sanitize_html(html: &str, base: Option<&Url>) -> String {
    CLEANER.with(|cleaner| {
        let mut cleaner = cleaner.borrow_mut();
        // A `file://` base (a feed read from disk) would turn relative
        // links into paths on this machine: they stay relative instead.
        cleaner.url_relative(match base {
            Some(base) if matches!(base.scheme(), "http" | "https") => {
                UrlRelative::RewriteWithBase(base.clone())
            }
            _ => UrlRelative::PassThrough,
        });
        cleaner.clean(html).to_string()
    })
}

/// ammonia's defaults with this module's additions.
fn new_cleaner() -> Builder<'static> {
    let mut builder = Builder::default();
    builder
        .link_rel(Some(LINK_REL))
        .add_clean_content_tags(DROPPED_WITH_CONTENT.iter().copied());
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://news.example.com/world/story.html").unwrap()
    }

    #[test]
    fn xss_vectors_are_neutralised() {
        let vectors = [
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
            "<script>alert(1)</script>",
            "<form action=\"https://evil.example/\"><input name=q></form>",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            "<p style=\"background:url(javascript:alert(1))\" onclick=\"alert(1)\">p</p>",
            "<svg onload=alert(1)><script>alert(1)</script></svg>",
            "<iframe src=\"https://evil.example/\"></iframe>",
        ];
        for vector in vectors {
            let clean = sanitize_html(vector, Some(&base())).to_ascii_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onclick",
                "onload",
                "javascript:",
                "data:",
                "<form",
                "<input",
                "style=",
                "<iframe",
                "<svg",
                "alert(1)</",
            ] {
                assert!(
                    !clean.contains(bad),
                    "{vector:?} → {clean:?} still has {bad:?}"
                );
            }
        }
    }

    #[test]
    fn image_with_handler_keeps_image_without_handler() {
        let clean = sanitize_html(
            "<img src=\"/a.png\" onerror=\"alert(1)\" alt=\"A\">",
            Some(&base()),
        );
        assert_eq!(
            clean,
            "<img src=\"https://news.example.com/a.png\" alt=\"A\">"
        );
    }

    #[test]
    fn relative_links_resolve_against_the_base() {
        let html = "<p><a href=\"next.html\">next</a> <a href=\"/top\">top</a> \
            <a href=\"https://other.example/x\">abs</a></p>";
        let clean = sanitize_html(html, Some(&base()));
        assert_eq!(
            clean,
            "<p><a href=\"https://news.example.com/world/next.html\" rel=\"noopener noreferrer nofollow\">next</a> \
             <a href=\"https://news.example.com/top\" rel=\"noopener noreferrer nofollow\">top</a> \
             <a href=\"https://other.example/x\" rel=\"noopener noreferrer nofollow\">abs</a></p>"
        );
    }

    #[test]
    fn without_a_base_relative_links_pass_through() {
        // Also proves the per-thread cleaner forgets the previous call's base.
        let _ = sanitize_html("<a href=\"x\">x</a>", Some(&base()));
        let clean = sanitize_html("<a href=\"x\">x</a>", None);
        assert_eq!(
            clean,
            "<a href=\"x\" rel=\"noopener noreferrer nofollow\">x</a>"
        );
    }

    #[test]
    fn a_file_base_leaves_relative_links_relative() {
        let file = Url::parse("file:///home/me/feed.xml").unwrap();
        let clean = sanitize_html("<a href=\"/post\">x</a><img src=\"i.png\">", Some(&file));
        assert!(!clean.contains("file:"), "{clean}");
        assert!(clean.contains("href=\"/post\""), "{clean}");
    }

    #[test]
    fn dropped_elements_leave_no_text_behind() {
        let clean = sanitize_html(
            "<p>a</p><style>p{}</style><template>t</template><p>b</p>",
            None,
        );
        assert_eq!(clean, "<p>a</p><p>b</p>");
    }

    #[test]
    fn ordinary_markup_survives() {
        let html = "<h2>T</h2><p>Some <b>bold</b> &amp; <em>em</em><br>x</p><ul><li>i</li></ul>";
        assert_eq!(sanitize_html(html, None), html);
    }
}
