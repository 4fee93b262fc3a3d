//! The lenient parser: unclosed tags, unescaped `<`, truncation.

use super::*;

// --- 3. recover --------------------------------------------------------------------------

#[test]
fn unclosed_tags_unescaped_less_than_and_truncation_are_recovered() {
    let report = parse("unclosed_tags.xml", &[]);
    assert!(warned(&report, "read with the lenient parser"));
    assert_eq!(
        article(&report, "First story")["body_text"],
        "Line one Line two\n\nNext paragraph"
    );
    assert_eq!(
        article(&report, "First story")["published"],
        "2016-12-08T07:00:00Z"
    );
    assert_eq!(
        article(&report, "Second story")["body_text"],
        "Plain text survives."
    );

    let report = parse("unescaped_lt.xml", &[]);
    assert!(warned(&report, "stray '<' in text escaped"));
    assert_eq!(
        article(&report, "When x < 3 and y <= 4")["body_text"],
        "Prices <$10 all week"
    );

    let report = parse("truncated.xml", &[]);
    assert!(warned(&report, "the document ends inside"));
    assert_eq!(titles_of(&report), ["Complete item", "Half an item"]);
    assert_eq!(
        article(&report, "Half an item")["body_text"],
        "This sentence never"
    );
}
