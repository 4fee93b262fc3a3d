//! Time zones as feeds write them: numeric offsets and zone names.
//!
//! Numeric offsets come as `+0200`, `+02:00`, `+02`, `-5`, with or without a
//! `GMT`/`UTC` prefix (`GMT+2`, `UTC-05:00`). Names are the usual North
//! American, European and Asia-Pacific abbreviations, plus the RFC 822
//! military letters feedparser knows. A few names are ambiguous (`CST`,
//! `IST`, `BST`): the reading most common in feeds is used and written in
//! [`ZONE_NAMES`].

use chrono::FixedOffset;

/// Zone abbreviations and their offsets east of UTC, in minutes.
///
/// Ambiguous names take the reading most feeds mean: `CST` is US Central
/// (as in RFC 822), `IST` India, `BST` British Summer Time. Python's
/// feedparser knows only the RFC 822 names and reads any other name as UTC;
/// tidings reads these correctly instead.
pub(crate) const ZONE_NAMES: &[(&str, i32)] = &[
    ("ut", 0),
    ("utc", 0),
    ("gmt", 0),
    ("z", 0),
    ("wet", 0),
    ("west", 60),
    ("bst", 60),
    ("cet", 60),
    ("met", 60),
    ("mez", 60),
    ("cest", 120),
    ("mest", 120),
    ("mesz", 120),
    ("eet", 120),
    ("eest", 180),
    ("msk", 180),
    ("ist", 330),
    ("hkt", 480),
    ("sgt", 480),
    ("awst", 480),
    ("jst", 540),
    ("kst", 540),
    ("acst", 570),
    ("aest", 600),
    ("acdt", 630),
    ("aedt", 660),
    ("nzst", 720),
    ("nzdt", 780),
    ("ast", -240),
    ("adt", -180),
    ("at", -240),
    ("nst", -210),
    ("ndt", -150),
    ("est", -300),
    ("edt", -240),
    ("et", -300),
    ("cst", -360),
    ("cdt", -300),
    ("ct", -360),
    ("mst", -420),
    ("mdt", -360),
    ("mt", -420),
    ("pst", -480),
    ("pdt", -420),
    ("pt", -480),
    ("akst", -540),
    ("akdt", -480),
    ("hst", -600),
    // RFC 822 military letters, with the signs feedparser gives them.
    ("a", -60),
    ("n", 60),
    ("m", -720),
    ("y", 720),
];

/// The offset a zone token names, if it names one.
///
/// `token` is one word of a date string: `+0200`, `-05:00`, `GMT+2`,
/// `(PDT)`, `CEST`, `Etc/GMT`. Case does not matter.
pub(crate) fn zone_offset(token: &str) -> Option<FixedOffset> {
    let token = token.trim_matches(|c| c == '(' || c == ')' || c == ',');
    let lower = token.to_ascii_lowercase();
    let lower = lower.strip_prefix("etc/").unwrap_or(&lower);
    if let Some(minutes) = ZONE_NAMES
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, m)| *m)
    {
        return FixedOffset::east_opt(minutes * 60);
    }
    let numeric = ["gmt", "utc", "ut"]
        .iter()
        .find_map(|prefix| lower.strip_prefix(prefix))
        .unwrap_or(lower);
    numeric_offset(numeric)
}

/// `+0200`, `+02:00`, `+02`, `-5`, `+5:30` as an offset.
pub(crate) fn numeric_offset(text: &str) -> Option<FixedOffset> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    if !digits.is_ascii() {
        return None;
    }
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() > 2 => digits.split_at(digits.len() - 2),
        None => (digits, "0"),
    };
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hours) || !all_digits(minutes) {
        return None;
    }
    let hours: i32 = hours.parse().ok()?;
    let minutes: i32 = minutes.parse().ok()?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// Whether `token` looks like a zone name tidings does not know (letters only).
pub(crate) fn looks_like_unknown_zone(token: &str) -> bool {
    let token = token.trim_matches(|c| c == '(' || c == ')');
    (1..=5).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(token: &str) -> Option<i32> {
        zone_offset(token).map(|o| o.local_minus_utc() / 60)
    }

    #[test]
    fn numeric_forms() {
        assert_eq!(minutes("+0200"), Some(120));
        assert_eq!(minutes("+05í0"), None, "not ASCII: no offset, no panic");
        assert_eq!(minutes("-05:00"), Some(-300));
        assert_eq!(minutes("+05:30"), Some(330));
        assert_eq!(minutes("+02"), Some(120));
        assert_eq!(minutes("-5"), Some(-300));
        assert_eq!(minutes("GMT+2"), Some(120));
        assert_eq!(minutes("UTC-0430"), Some(-270));
        assert_eq!(minutes("+2500"), None);
        assert_eq!(minutes("+02x0"), None);
    }

    #[test]
    fn names_in_any_case_and_wrapping() {
        assert_eq!(minutes("EST"), Some(-300));
        assert_eq!(minutes("pdt"), Some(-420));
        assert_eq!(minutes("CEST"), Some(120));
        assert_eq!(minutes("(CET)"), Some(60));
        assert_eq!(minutes("Etc/GMT"), Some(0));
        assert_eq!(minutes("GMT"), Some(0));
        assert_eq!(minutes("Z"), Some(0));
        assert_eq!(minutes("XYZT"), None);
        assert!(looks_like_unknown_zone("XYZT"));
        assert!(!looks_like_unknown_zone("2004"));
    }
}
