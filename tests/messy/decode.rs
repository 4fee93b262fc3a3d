//! Decoding: every encoding and byte order, header charsets, invalid bytes.

use super::*;

// --- 1. decode ---------------------------------------------------------------------------

#[test]
fn utf16_and_utf32_in_either_byte_order_are_decoded() {
    for (name, encoding) in [
        ("utf16be_bom.xml", "UTF-16BE"),
        ("utf16le_nobom.xml", "UTF-16LE"),
        ("utf32le_bom.xml", "UTF-32LE"),
        ("utf32be_nobom.xml", "UTF-32BE"),
    ] {
        let report = parse(name, &[]);
        assert_eq!(report["encoding"], encoding, "{name}");
        assert_eq!(
            report["feed"]["title"], "Zürich: 20 € — “quoted” 😀",
            "{name}"
        );
        let a = article(&report, "Ünïcödé item");
        assert_eq!(a["body_text"], "Crème brûlée, naïve café.", "{name}");
        assert_eq!(a["published"], "2016-12-08T10:00:00Z", "{name}");
    }
}

#[test]
fn charset_from_the_http_header_or_guessed_windows_1252() {
    let report = parse(
        "latin1_http_only.xml",
        &["--content-type", "application/rss+xml; charset=iso-8859-1"],
    );
    assert_eq!(
        (
            report["charset_source"].as_str(),
            report["encoding"].as_str()
        ),
        (Some("http"), Some("windows-1252"))
    );
    assert!(
        report["warnings"].as_array().unwrap().is_empty(),
        "{}",
        report["warnings"]
    );
    assert_eq!(
        article(&report, "Zürich café")["body_text"],
        "Müller © 2016"
    );

    let report = parse("cp1252_undeclared.xml", &[]);
    assert_eq!(report["charset_source"], "guess");
    assert!(warned(&report, "not valid UTF-8: read as windows-1252"));
    assert_eq!(
        article(&report, "“Curly” — dash")["body_text"],
        "Price: 5 €"
    );
}

#[test]
fn invalid_bytes_and_c1_controls_are_repaired_with_a_warning() {
    let report = parse("invalid_utf8.xml", &[]);
    assert!(warned(
        &report,
        "1 bytes invalid in UTF-8 were read as windows-1252"
    ));
    assert_eq!(
        article(&report, "Bad ÿ byte")["body_text"],
        "The rest is fine."
    );

    let report = parse("c1_controls.xml", &[]);
    assert!(warned(
        &report,
        "C1 control characters were read as windows-1252"
    ));
    assert_eq!(
        article(&report, "“Smart” – quotes")["body_text"],
        "It’s windows-1252 in disguise."
    );

    let report = parse("double_encoded.xml", &[]);
    assert!(warned(&report, "UTF-8 encoded twice"));
    assert_eq!(
        article(&report, "Café crème in Zürich")["body_text"],
        "Müller says hello."
    );
}
