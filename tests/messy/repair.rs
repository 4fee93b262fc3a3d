//! The repair pass: entities, the DOCTYPE, versions, structure, junk.

use super::*;

// --- 2. repair ---------------------------------------------------------------------------

#[test]
fn html_entities_bare_ampersands_and_bad_references_are_mended() {
    let report = parse("html_entities.xml", &[]);
    assert_eq!(report["feed"]["title"], "Café Society & Friends");
    let a = article(&report, "Crème brûlée — a how-to …");
    assert_eq!(
        a["link"],
        "http://entities.example.com/recipes?id=7&lang=fr"
    );
    assert_eq!(
        a["body_text"],
        "Heat the cream & sugar. Salt & pepper not required — trust us."
    );
    let b = article(&report, "AT&T and R&D budgets © 2016");
    assert_eq!(
        b["body_text"],
        "Smart quotes as C1 references: “quoted” – done."
    );
    for needle in [
        "HTML named entities",
        "bare '&'",
        "character references repaired",
    ] {
        assert!(warned(&report, needle), "{needle}: {}", report["warnings"]);
    }
}

#[test]
fn doctype_entities_expand_within_budget_and_external_ones_are_never_fetched() {
    let report = parse("doctype_entities.xml", &[]);
    assert_eq!(report["feed"]["title"], "Doctype Daily");
    let a = article(&report, "News from Doctype Daily");
    assert_eq!(
        a["body_text"],
        "Signed: Doctype Daily — the desk. Secrets: [&secret;] [&remote;]"
    );
    assert!(warned(
        &report,
        "2 external entities declared in the DOCTYPE ignored (never fetched)"
    ));

    let report = parse("billion_laughs.xml", &[]);
    let a = &articles(&report)[0];
    assert_eq!(a["title"], format!("Still here {}", "lol".repeat(100)));
    assert_eq!(a["body_text"], "");
    assert!(warned(&report, "DOCTYPE entity expansion over its limits"));
}

#[test]
fn unknown_rss_versions_namespaces_missing_channels_and_leading_junk_are_accepted() {
    let report = parse("rss_versions.xml", &[]);
    assert_eq!(report["format"], "rss2");
    let a = article(&report, "Read anyway");
    assert_eq!(
        (a["authors"][0].as_str(), a["published"].as_str()),
        (Some("Dee Sea"), Some("2016-12-06T12:00:00Z"))
    );
    assert!(warned(&report, "RSS version \"0.94\" read as 2.0"));
    assert!(warned(
        &report,
        "\"http://backend.userland.com/rss2\" read as"
    ));

    let report = parse("rss_no_channel.xml", &[]);
    assert_eq!(titles_of(&report), ["Orphan item one", "Orphan item two"]);
    assert_eq!(report["feed"]["title"], "No version, no channel");
    assert!(warned(&report, "without <channel>"));

    let report = parse("php_warning.xml", &[]);
    assert_eq!(
        article(&report, "Still readable")["published"],
        "2016-12-07T08:00:00Z"
    );
    assert!(warned(&report, "bytes before the feed's start dropped"));
}
