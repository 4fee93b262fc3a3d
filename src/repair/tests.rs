//! The repair pass as a whole: what it changes, and what it leaves alone.

use std::borrow::Cow;

use super::repair;

#[test]
fn well_formed_text_is_borrowed_untouched() {
    let text = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>A &amp; B</title>\
        <item><description><![CDATA[<p>caf&eacute; & co</p>]]></description></item></channel></rss>";
    let repaired = repair(text);
    assert!(matches!(repaired.text, Cow::Borrowed(_)));
    assert!(repaired.warnings.is_empty(), "{:?}", repaired.warnings);
}

#[test]
fn entities_are_mended_in_text_and_attributes_not_in_cdata_or_comments() {
    let text = "<rss version=\"2.0\"><channel><title>Caf&eacute; & Bar</title><!-- &bogus; & -->\
        <link>http://x.example/?a=1&b=2</link><item><enclosure url=\"http://x.example/a?b=1&c=&eacute;\"/>\
        <description><![CDATA[&nbsp; & stays]]></description></item></channel></rss>";
    let repaired = repair(text);
    assert_eq!(
        repaired.text,
        "<rss version=\"2.0\"><channel><title>Café &amp; Bar</title><!-- &bogus; & -->\
        <link>http://x.example/?a=1&amp;b=2</link><item><enclosure url=\"http://x.example/a?b=1&amp;c=é\"/>\
        <description><![CDATA[&nbsp; & stays]]></description></item></channel></rss>"
    );
    assert_eq!(repaired.warnings.len(), 2, "{:?}", repaired.warnings);
}

#[test]
fn doctype_entities_are_expanded_and_the_doctype_dropped() {
    let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY who \"Joe &amp; Ann\"><!ENTITY x SYSTEM \"file:///etc/passwd\">]>\
        <rss version=\"2.0\"><channel><title>&who; &x;</title></channel></rss>";
    let repaired = repair(text);
    assert_eq!(
        repaired.text,
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Joe &amp; Ann &amp;x;</title></channel></rss>"
    );
    assert!(repaired
        .warnings
        .iter()
        .any(|w| w.contains("external entities")));
}

#[test]
fn netscape_doctype_html_entities_read() {
    let text = "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \
        \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n<rss version=\"0.91\"><channel>\
        <title>&copy; 2004 &mdash; news</title></channel></rss>";
    assert_eq!(
        repair(text).text,
        "\n<rss version=\"0.91\"><channel><title>© 2004 — news</title></channel></rss>"
    );
}

#[test]
fn stray_less_than_in_text_is_escaped() {
    let repaired =
        repair("<rss version=\"2.0\"><channel><title>1 < 2 <3 <= 4</title></channel></rss>");
    assert_eq!(
        repaired.text,
        "<rss version=\"2.0\"><channel><title>1 &lt; 2 &lt;3 &lt;= 4</title></channel></rss>"
    );
}

#[test]
fn rss_without_channel_gets_one() {
    let repaired = repair("<rss><title>t</title><item><title>i</title></item></rss>");
    assert_eq!(
        repaired.text,
        "<rss version=\"2.0\"><channel><title>t</title><item><title>i</title></item></channel></rss>"
    );
    assert_eq!(repaired.warnings.len(), 2);
}

#[test]
fn items_after_the_channel_are_moved_inside() {
    let repaired = repair(
        "<rss version=\"0.92\"><channel><title>t</title></channel><item><title>i</title></item></rss>",
    );
    assert_eq!(
        repaired.text,
        "<rss version=\"0.92\"><channel><title>t</title><item><title>i</title></item></channel></rss>"
    );
}

#[test]
fn channel_root_is_wrapped_in_rss() {
    let repaired = repair("<channel><title>t</title></channel>");
    assert_eq!(
        repaired.text,
        "<rss version=\"2.0\"><channel><title>t</title></channel></rss>"
    );
}

#[test]
fn atom_03_is_rewritten_for_feed_rs() {
    let text = "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title type=\"text/plain\" mode=\"escaped\">T</title>\
        <entry><content type=\"text/html\" mode=\"base64\">PGI+aGk8L2I+</content></entry></feed>";
    assert_eq!(
        repair(text).text,
        "<feed version=\"0.3\" xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"text\" mode=\"escaped\">T</title>\
        <entry><content type=\"html\">&lt;b&gt;hi&lt;/b&gt;</content></entry></feed>"
    );
}

#[test]
fn control_characters_and_leading_junk_are_dropped() {
    let text = "Warning: x\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>a\u{0}b\u{1b}c</title></channel></rss>";
    let repaired = repair(text);
    assert_eq!(
        repaired.text,
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>abc</title></channel></rss>"
    );
    assert_eq!(repaired.warnings.len(), 2, "{:?}", repaired.warnings);
}

#[test]
fn element_names_in_another_case_are_renamed_start_and_end() {
    let text = "<rss version=\"2.0\"><channel><TITLE>T</TITLE><item><TiTlE a=\"1\">x</TiTlE>\
        <PUBDATE>Tue, 10 Jun 2003 04:00:00 GMT</pubdate><Custom>c</Custom></item></channel></rss>";
    let repaired = repair(text);
    assert_eq!(
        repaired.text,
        "<rss version=\"2.0\"><channel><title>T</title><item><title a=\"1\">x</title>\
        <pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate><Custom>c</Custom></item></channel></rss>"
    );
    assert!(repaired.warnings.iter().any(|w| w.contains("another case")));
}

#[test]
fn prefixed_atom_text_constructs_get_atom_types() {
    let text = "<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\"><atom:title type=\"text/plain\">T</atom:title></atom:feed>";
    let repaired = repair(text);
    assert_eq!(
        repaired.text,
        "<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\"><atom:title type=\"text\">T</atom:title></atom:feed>"
    );
}
