//! Dates in every format, stable ids, JSON Feed.

use super::*;

// --- 5. dates ----------------------------------------------------------------------------

#[test]
fn dates_in_every_format_and_unreadable_ones_kept_raw() {
    let report = parse("dates.xml", &[]);
    for (title, date) in [
        ("rfc822 EST", "2016-12-08T15:00:00Z"),
        ("rfc822 CEST", "2016-12-08T08:00:00Z"),
        ("space for T, no zone", "2016-12-08T10:00:00Z"),
        ("date only", "2016-12-08T00:00:00Z"),
        ("asctime", "2016-12-08T10:00:00Z"),
        ("extra commas, long names, PM", "2016-12-08T17:00:00Z"),
        ("no weekday, no seconds", "2016-12-08T09:00:00Z"),
        ("ISO fractions and odd zone", "2016-12-08T04:30:00.123Z"),
        ("partial W3CDTF", "2016-12-01T00:00:00Z"),
        ("two-digit year", "2016-12-08T10:00:00Z"),
        ("wrong weekday, GMT offset", "2016-12-08T08:00:00Z"),
    ] {
        let a = article(&report, title);
        assert_eq!(
            (a["published"].as_str(), a["date_source"].as_str()),
            (Some(date), Some("published")),
            "{title}"
        );
        assert!(a["raw_date"].is_null(), "{title}");
    }
    let unreadable = article(&report, "unreadable");
    assert_eq!(unreadable["date_source"], "first_seen");
    assert_eq!(unreadable["raw_date"], "someday soon");
    assert!(unreadable["date"].is_null() && unreadable["published"].is_null());
    assert!(warned(
        &report,
        "1 entries have a date that cannot be read (such as \"someday soon\")"
    ));
}

// --- 6. stable ids -----------------------------------------------------------------------

#[test]
fn entries_without_ids_get_the_same_derived_id_on_every_parse() {
    let first = parse("no_ids.xml", &[]);
    let second = parse("no_ids.xml", &[]);
    let ids = |report: &Value| -> Vec<String> {
        articles(report)
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&first), ids(&second));
    let ids = ids(&first);
    assert_eq!(ids[0], "link:http://noids.example.com/1");
    assert!(
        ids[1].starts_with("title:") && ids[2].starts_with("content:"),
        "{ids:?}"
    );
    assert!(
        articles(&first).iter().all(|a| a["guid"].is_null()),
        "the feed gave no guid: none is invented"
    );
    for a in articles(&first) {
        assert_eq!(a["id"], a["entry_key"]);
    }
}

// --- 7. JSON Feed ------------------------------------------------------------------------

#[test]
fn json_feed_with_bom_numeric_id_and_nulls_is_read() {
    let report = parse("json_bom_nulls.json", &[]);
    assert_eq!(report["format"], "json");
    assert!(warned(&report, "JSON Feed values of the wrong type"));
    let a = article(&report, "Numeric id");
    assert_eq!(
        (a["id"].as_str(), a["published"].as_str()),
        (Some("1"), Some("2016-12-08T10:00:00Z"))
    );
    assert_eq!(a["body_text"], "One");
    let b = article(&report, "");
    assert_eq!(b["body_text"], "No title, null id");
    assert_eq!(
        (b["raw_date"].as_str(), b["date_source"].as_str()),
        (Some("not a date"), Some("first_seen"))
    );
    assert_eq!(b["id"], "link:https://json.example.com/2");
}
