//! Tests for `text.rs`: exact paragraphs out of real-world HTML shapes.

use super::*;

/// The sample article: its headline line, then paragraphs separated by one
/// blank line.
const ARTICLE: &str = include_str!("testdata/article.txt");

/// The paragraphs of the sample article (everything after the first line
/// and the blank line that follows it).
fn article_paragraphs() -> Vec<&'static str> {
    let (_headline, body) = ARTICLE
        .split_once("\n\n")
        .expect("sample has a headline line");
    let paragraphs: Vec<&str> = body.trim_end().split("\n\n").collect();
    assert!(paragraphs.len() > 10, "sample article lost its paragraphs");
    paragraphs
}

/// Writes one paragraph the way feeds do: quotes sometimes as `&quot;`,
/// apostrophes sometimes as `&#39;`, lines wrapped and indented.
fn as_feed_html(i: usize, paragraph: &str) -> String {
    let mut html = paragraph.to_string();
    if i % 2 == 0 {
        html = html.replace('"', "&quot;");
    }
    if i % 3 == 0 {
        html = html.replace('\'', "&#39;");
    }
    if i % 4 == 1 {
        html = html.replacen(", ", ",\n        ", 2);
    }
    html
}

#[test]
fn sample_article_paragraphs_come_back_exactly() {
    let paragraphs = article_paragraphs();
    let mut html = String::from("<div class=\"story\">\n");
    for (i, paragraph) in paragraphs.iter().enumerate() {
        html.push_str(&format!(
            "  <p>\n    {}\n  </p>\n",
            as_feed_html(i, paragraph)
        ));
    }
    html.push_str("</div>\n");
    assert!(html.contains("&quot;") && html.contains("\"immediate five-day"));
    assert_eq!(html_to_text(&html), paragraphs.join("\n\n"));
}

#[test]
fn sample_article_from_br_separated_paragraphs() {
    let paragraphs = article_paragraphs();
    let html: Vec<String> = paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| as_feed_html(i, p))
        .collect();
    let html = html.join("<br />\n<br />\n");
    assert_eq!(html_to_text(&html), paragraphs.join("\n\n"));
}

#[test]
fn sample_article_as_plain_text_keeps_its_paragraphs() {
    let paragraphs = article_paragraphs();
    let text = paragraphs.join("\n\n");
    assert_eq!(html_to_text(&text), text);
    assert_eq!(
        tidy_plain_text(&format!("\n  {}\n\n", text.replace("\n\n", "\n \n\n"))),
        text
    );
}

#[test]
fn single_br_folds_to_a_space_and_double_br_ends_a_paragraph() {
    assert_eq!(html_to_text("one<br>two"), "one two");
    assert_eq!(html_to_text("one <br/>\n two"), "one two");
    assert_eq!(html_to_text("one<br><br>two"), "one\n\ntwo");
    assert_eq!(
        html_to_text("one<br>\n  <br />two<br><br><br>three"),
        "one\n\ntwo\n\nthree"
    );
    assert_eq!(html_to_text("<p>one<br></p><p><br>two</p>"), "one\n\ntwo");
    // Text between the two breaks keeps them apart.
    assert_eq!(html_to_text("one<br>two<br>three"), "one two three");
}

#[test]
fn scripts_styles_and_friends_are_dropped() {
    let html = "<head><title>Page</title><style>p { color: red }</style></head>\
        <body><p>Kept<script>if (a < b) { document.write('<p>gone</p>'); }</script> text</p>\
        <noscript><p>enable js</p></noscript><template><p>tpl</p></template>\
        <iframe src=\"x\">frame text</iframe><svg><title>icon</title><text>svg</text></svg>\
        <p>after</p></body>";
    assert_eq!(html_to_text(html), "Kept text\n\nenable js\n\nafter");
}

#[test]
fn a_stray_head_after_text_cuts_nothing() {
    assert_eq!(
        html_to_text("<p>before</p><head><p>after head</p>"),
        "before\n\nafter head"
    );
    assert_eq!(
        html_to_text("<head><title>t</title></head><p>body</p>"),
        "body"
    );
}

#[test]
fn self_closing_script_does_not_swallow_the_rest() {
    assert_eq!(
        html_to_text("<p>a<iframe src=\"v\"/></p><p>b</p>"),
        "a\n\nb"
    );
}

#[test]
fn unclosed_head_ends_at_body() {
    assert_eq!(
        html_to_text("<html><head><meta charset=utf-8><body><p>x</p>"),
        "x"
    );
}

#[test]
fn entities_are_decoded_once() {
    assert_eq!(
        html_to_text("<p>caf&eacute; &amp; bar &#8217;s &#x2014; &lt;b&gt; &amp;amp;</p>"),
        "café & bar ’s — <b> &amp;"
    );
    assert_eq!(html_to_text("a&nbsp;&nbsp;b&nbsp;"), "a b");
    assert_eq!(html_to_text("AT&T"), "AT&T");
}

#[test]
fn nested_divs_make_no_empty_paragraphs() {
    let html = "<div><div>\n <div><p>one</p></div>\n</div><div></div>\n\n<div> </div>\
        <div><div><span>two</span></div></div></div>";
    assert_eq!(html_to_text(html), "one\n\ntwo");
}

#[test]
fn list_items_and_headings_are_paragraphs() {
    let html = "<h2>Heading</h2><ul>\n<li>first <b>item</b></li>\n<li>second</li></ul>\
        <ol><li><p>third</p></li></ol><hr>tail";
    assert_eq!(
        html_to_text(html),
        "Heading\n\nfirst item\n\nsecond\n\nthird\n\ntail"
    );
}

#[test]
fn table_cells_are_spaced_and_rows_are_paragraphs() {
    let html = "<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><td>d</td></tr></table>";
    assert_eq!(html_to_text(html), "a b\n\nc d");
}

#[test]
fn inline_tags_do_not_split_words() {
    assert_eq!(
        html_to_text("un<b>believ</b><i>able</i> <a href=\"x\">link</a>."),
        "unbelievable link."
    );
}

#[test]
fn blank_lines_inside_block_html_are_only_whitespace() {
    assert_eq!(
        html_to_text("<p>one\n\ntwo</p><p>three</p>"),
        "one two\n\nthree"
    );
}

#[test]
fn blank_lines_in_tagless_or_inline_html_are_paragraphs() {
    assert_eq!(
        html_to_text("First para with <a href=\"/x\">a link</a>.\n\nSecond &amp; last.\n"),
        "First para with a link.\n\nSecond & last."
    );
}

#[test]
fn empty_and_whitespace_inputs_give_empty_text() {
    assert_eq!(html_to_text(""), "");
    assert_eq!(html_to_text(" \n<p> </p><br><br>&nbsp;"), "");
    assert_eq!(plain_title(""), "");
    assert_eq!(tidy_plain_text(" \n \n"), "");
}

#[test]
fn comments_and_cdata_vanish() {
    assert_eq!(html_to_text("a<!-- note -->b<![CDATA[x]]>c"), "abc");
}

#[test]
fn plain_title_strips_tags_and_decodes_entities() {
    assert_eq!(
        plain_title("Tom &amp; Jerry <b>live</b>"),
        "Tom & Jerry live"
    );
    assert_eq!(
        plain_title("  Breaking:\n  <em>news</em>&nbsp;today "),
        "Breaking: news today"
    );
    assert_eq!(plain_title("<p>One</p><p>Two</p>"), "One Two");
    assert_eq!(plain_title("It&#8217;s caf&eacute;"), "It’s café");
}

#[test]
fn plain_title_keeps_angle_brackets_that_are_not_html() {
    assert_eq!(
        plain_title("Vec<T> and Option<u8> explained"),
        "Vec<T> and Option<u8> explained"
    );
    assert_eq!(plain_title("1 < 2 > 0"), "1 < 2 > 0");
    assert_eq!(plain_title("a <script>alert(1)</script>b"), "a b");
}

#[test]
fn tidy_plain_text_splits_on_blank_lines_only() {
    assert_eq!(
        tidy_plain_text("  one\n   two  \r\n\r\n\n three <b>&amp;</b>\n"),
        "one two\n\nthree <b>&amp;</b>"
    );
}
