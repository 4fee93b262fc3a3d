//! The cleanup pass around the main-content finder: what sits *inside* an
//! article's block but is not the article.
//!
//! Readability finds the right block but keeps what lives within it:
//! captions and photo credits, gallery furniture, bylines and timestamps,
//! related-story rows and newsletter promos, share bars, tag lists, comment
//! notices, hover cards, and blocks printed twice. [`strip_page`] removes
//! those from the whole page before the block is chosen, by general signals
//! only: hidden elements (`hidden`, `aria-hidden="true"`, inline
//! `display:none` / `visibility:hidden`), the words in class and id names
//! ([`clutter_name`]), element kinds (`figcaption`), and short blocks whose
//! text is a furniture label ([`clutter_label`]). [`dedup_blocks`] then drops
//! a block of the chosen content whose text was already given (a standfirst
//! repeated as the first paragraph, an intro in both the desktop and mobile
//! markup).
//!
//! What it keeps on purpose: quotes and embedded posts in `blockquote` (the
//! people quoted are the story: their text and attribution line stay),
//! tables (rows become lines of text), code blocks, and the standfirst (once).
//! An element that holds half of the page's text or more is never removed,
//! whatever its name says, so a page whose `<body>` or article is named
//! `gallery-page` keeps its article.

use std::collections::hash_map::{Entry, HashMap};

use dom_query::{Document, NodeRef};

/// Elements never removed by name or label: the page's structure, and the
/// kinds of block whose content is the article's own (quotes, tables, code).
const KEPT_ELEMENTS: &[&str] = &[
    "html",
    "head",
    "body",
    "main",
    "article",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "pre",
    "code",
];

/// Words in a class or id name that mark clutter wherever they occur in it
/// (`imageCaption`, `photo-credit`, `share-tools`, `sharedaddy`). Names are
/// lowercased with `-` and `_` removed before the match.
const CLUTTER_SUBSTRINGS: &[&str] = &[
    "caption",
    "credit",
    "copyright",
    "gallery",
    "carousel",
    "slideshow",
    "slidecount",
    "lightbox",
    "byline",
    "timestamp",
    "dateline",
    "publishdate",
    "readingtime",
    "share",
    "social",
    "newsletter",
    "signup",
    "subscri",
    "promo",
    "related",
    "recommend",
    "mostread",
    "mostpopular",
    "mostviewed",
    "trending",
    "readmore",
    "readnext",
    "alsolike",
    "linksblock",
    "richlink",
    "affiliate",
    "productcard",
    "buybox",
    "betting",
    "hovercard",
    "authorcard",
    "personcard",
    "profilecard",
    "contributorcard",
    "tooltip",
    "popover",
    "pullquote",
    "keyevents",
    "visuallyhidden",
    "sronly",
    "screenreader",
    "comment",
    "authorbio",
    "taglist",
    "catlinks",
    "outbrain",
    "taboola",
    "clicktotweet",
];

/// Words that mark clutter only as a whole part of a name split at `-`,
/// `_` and spaces (`entry-meta`, `post-time`, `tags`; not `metadata`,
/// `timeline` or `stage`).
const CLUTTER_PARTS: &[&str] = &[
    "meta",
    "date",
    "time",
    "tags",
    "topics",
    "keywords",
    "author",
    "bio",
    "kicker",
    "eyebrow",
    "deal",
    "deals",
    "epic",
    "likes",
    "respond",
    "counter",
    "navigation",
    "nav",
    "stamp",
    "writer",
    "by",
    "posted",
    "quiz",
    "poll",
    "rating",
    "button",
];

/// Texts that are furniture when they are a short block's whole text.
const LABELS: &[&str] = &[
    "advertisement",
    "advert",
    "sponsored",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share this page",
    "caption",
    "close",
    "gallery",
    "view gallery",
    "next",
    "previous",
    "copy link",
    "play video",
    "subscribe",
    "subscribe now",
    "click to tweet",
    "pinned",
];

/// Openings that make a short block furniture: promo rows, timestamps,
/// credits, notices.
const LABEL_PREFIXES: &[&str] = &[
    "read more:",
    "see more:",
    "see also:",
    "more:",
    "related:",
    "don't miss",
    "don’t miss",
    "you may also like",
    "you might also like",
    "more on this story",
    "sign up",
    "published:",
    "updated:",
    "last modified",
    "last updated",
    "posted on",
    "image:",
    "(image:",
    "photo:",
    "(photo:",
    "photograph:",
    "picture:",
    "pictures:",
    "credit:",
    "image source",
    "image caption",
    "©",
    "comments are",
    "reuse this content",
    "reporting by",
    "story continues below",
    "loading",
    "view this post on",
    "watch:",
    "foto:",
    "bild:",
];

/// A block longer than this many words is text, whatever it starts with.
const LABEL_MAX_WORDS: usize = 16;

/// A repeated block shorter than this many words may be a refrain, not a copy.
const DEDUP_MIN_WORDS: usize = 6;

/// Removes clutter from the whole page, before the main block is chosen.
pub fn strip_page(document: &Document) {
    // The headline: the entry has its title apart.
    document.select("h1").first().remove();
    let root = document.root();
    let total = root.text().chars().count();
    let mut doomed = Vec::new();
    collect(&root, total, &mut doomed);
    for node in doomed {
        node.remove_from_parent();
    }
    for input in document.select("input[type=email]").nodes() {
        if let Some(widget) = sign_up_box(input) {
            widget.remove_from_parent();
        }
    }
    // An embedded post is links around text; as plain quoted text its
    // link density no longer reads as a link list to the content finder.
    for link in document.select("blockquote a").nodes() {
        link.unwrap_node();
    }
}

/// The box around an e-mail field: its largest ancestor that is still short
/// (a newsletter sign-up, whatever its class names say).
fn sign_up_box<'a>(input: &NodeRef<'a>) -> Option<NodeRef<'a>> {
    let mut found = None;
    for ancestor in input.ancestors_it(None) {
        let name = ancestor.node_name()?;
        if KEPT_ELEMENTS.contains(&name.as_ref())
            || ancestor.text().split_whitespace().count() > SIGN_UP_MAX_WORDS
        {
            break;
        }
        found = Some(ancestor);
    }
    found
}

/// A sign-up box says at most this many words around its e-mail field.
const SIGN_UP_MAX_WORDS: usize = 40;

fn collect<'a>(node: &NodeRef<'a>, total: usize, doomed: &mut Vec<NodeRef<'a>>) {
    for child in node.children() {
        if !child.is_element() {
            continue;
        }
        if is_clutter(&child, total) {
            doomed.push(child);
        } else {
            if is_hidden(&child) {
                // Half the page's text, hidden: the article, hidden until
                // the page's scripts run. Shown, so the finder reads it.
                child.remove_attrs(&["hidden", "aria-hidden", "style"]);
            }
            collect(&child, total, doomed);
        }
    }
}

fn is_clutter(node: &NodeRef, total: usize) -> bool {
    let Some(name) = node.node_name() else {
        return false;
    };
    let name = name.as_ref();
    let marked = is_hidden(node)
        || (!KEPT_ELEMENTS.contains(&name)
            && (name == "figcaption"
                || (name == "figure" && is_media_figure(node))
                || [node.class(), node.id_attr()]
                    .into_iter()
                    .flatten()
                    .any(|n| clutter_name(&n))));
    if marked {
        // Never the article itself, whatever its name or style says (a
        // page hidden until its scripts run, a body named `gallery-page`).
        return node.text().chars().count() * 2 < total;
    }
    !KEPT_ELEMENTS.contains(&name)
        && LABEL_HOSTS.contains(&name)
        && has_inline_content_only(node)
        && clutter_label(&node.text())
}

/// A figure of a picture, a video or a chart, whose text is a caption;
/// figures around tables, quotes and code are the article's own.
fn is_media_figure(node: &NodeRef) -> bool {
    node.descendants_it()
        .filter_map(|d| d.node_name())
        .all(|n| !matches!(n.as_ref(), "table" | "blockquote" | "pre" | "code"))
}

/// Elements a furniture label can stand in whole: blocks and buttons, never
/// a word or link inside running text.
const LABEL_HOSTS: &[&str] = &[
    "p", "div", "li", "ul", "ol", "dt", "dd", "h2", "h3", "h4", "h5", "h6", "figure", "section",
    "aside", "header", "footer", "button",
];

/// Hidden from every reader: `hidden`, `aria-hidden="true"`, or an inline
/// style of `display: none` or `visibility: hidden`.
fn is_hidden(node: &NodeRef) -> bool {
    if node.has_attr("hidden") {
        return true;
    }
    if node
        .attr("aria-hidden")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    node.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Does a class or id attribute name clutter?
pub fn clutter_name(attr: &str) -> bool {
    attr.split_whitespace().any(|token| {
        let token = token.to_lowercase();
        let joined: String = token.chars().filter(|c| *c != '-' && *c != '_').collect();
        CLUTTER_SUBSTRINGS.iter().any(|w| joined.contains(w))
            || token
                .split(['-', '_'])
                .any(|part| CLUTTER_PARTS.contains(&part))
    })
}

/// Is this short text a furniture label ("Advertisement", "Image 3 of 8",
/// "READ MORE: …", "Published: 12:01 BST")?
pub fn clutter_label(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > LABEL_MAX_WORDS {
        return false;
    }
    let line = words.join(" ").to_lowercase();
    let bare = line.trim_matches(|c: char| !c.is_alphanumeric());
    LABELS.contains(&bare)
        || LABEL_PREFIXES.iter().any(|p| line.starts_with(p))
        || is_counter(bare)
        || (words.len() <= BYLINE_MAX_WORDS && line.starts_with("by "))
        || FURNITURE.is_match(&line)
}

/// A byline ("By Jane Roe", "By JANE ROE Associated Press") is this short.
const BYLINE_MAX_WORDS: usize = 7;

/// A clock time alone ("08:55", "Pinned 10.42 BST", "2 hours ago"), or a
/// text that ends in a photo credit ("… (AP Photo/Carlos Gil)").
static FURNITURE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?x)^(pinned\s+|updated\s+|posted\s+)?(\d{1,2}[:.]\d{2}\s*(am|pm|a\.m\.|p\.m\.)?(\s+[a-z]{2,4})?
           |\d+\s+(minutes?|hours?|days?)\s+ago)$
          |\((\w+\s+)?(photo|photograph|image|picture|foto)s?\b[^)]*\)$",
    )
    .expect("the furniture pattern is valid")
});

/// A slide counter: "3/8", "3 of 8", "Image 3 of 8", "Slide 1 of 5".
fn is_counter(text: &str) -> bool {
    let rest = ["image ", "slide ", "photo ", "picture "]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text);
    let parts: Vec<&str> = rest
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty() && *p != "of")
        .collect();
    parts.len() == 2 && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
}

/// Elements that hold only text and inline markup (a paragraph, a label, a
/// link row): the ones a label can describe whole.
fn has_inline_content_only(node: &NodeRef) -> bool {
    const BLOCKS: &[&str] = &[
        "div",
        "p",
        "ul",
        "ol",
        "section",
        "article",
        "aside",
        "table",
        "figure",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "footer",
        "main",
        "form",
        "pre",
    ];
    node.element_children()
        .iter()
        .all(|c| c.node_name().is_none_or(|n| !BLOCKS.contains(&n.as_ref())))
}

/// Drops every block of `html` whose text was already given by an earlier
/// block, and returns the HTML left.
pub fn dedup_blocks(html: &str) -> String {
    let fragment = Document::fragment(html);
    let mut seen = HashMap::new();
    let mut doomed = Vec::new();
    for block in fragment
        .select("p, li, h2, h3, h4, h5, h6, blockquote")
        .nodes()
    {
        let key: Vec<String> = block
            .text()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if key.len() < DEDUP_MIN_WORDS {
            continue;
        }
        match seen.entry(key) {
            Entry::Vacant(slot) => {
                slot.insert(block.id);
            }
            // A quote's paragraph says what its quote says: not a copy.
            Entry::Occupied(first) => {
                if !block.ancestors_it(None).any(|a| a.id == *first.get()) {
                    doomed.push(*block);
                }
            }
        }
    }
    if doomed.is_empty() {
        return html.to_string();
    }
    for node in doomed {
        node.remove_from_parent();
    }
    fragment.html().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_clutter_are_matched_by_word_not_by_accident() {
        for name in [
            "imageCaption",
            "photo-credit",
            "share-tools",
            "sharedaddy sd-block",
            "entry-meta",
            "post-time",
            "tags",
            "person-hovercard",
            "mol-para read-more",
        ] {
            assert!(clutter_name(name), "{name}");
        }
        for name in [
            "article-body",
            "entry-content",
            "metadata",
            "timeline",
            "story",
            "post type-post status-publish",
        ] {
            assert!(!clutter_name(name), "{name}");
        }
    }

    #[test]
    fn labels_are_short_and_whole() {
        for text in [
            "Advertisement",
            "Image 3 of 8",
            "3/8",
            "READ MORE: The biggest wins",
            "Published: 12:01 BST, 4 May 2024",
            "(Image: Getty)",
            "Share this article",
        ] {
            assert!(clutter_label(text), "{text}");
        }
        for text in [
            "Sign up now, the union said, was the message of the day, and thousands of members did so within the hour.",
            "Close to the river, the water rose.",
            "3 of the 8 were found.",
        ] {
            assert!(!clutter_label(text), "{text}");
        }
    }

    #[test]
    fn a_repeated_block_is_kept_once() {
        let html = "<p>The first new line in thirty years opens on Saturday.</p>\
                    <p>It runs seven kilometres.</p>\
                    <p>The first new line in thirty years opens on Saturday.</p>";
        let out = dedup_blocks(html);
        assert_eq!(out.matches("thirty years").count(), 1, "{out}");
        assert!(out.contains("seven kilometres"));
    }
}

#[cfg(test)]
#[path = "clean_tests.rs"]
mod page_tests;
