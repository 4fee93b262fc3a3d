//! Month names in the languages feeds write them in, and the two local
//! date layouts feedparser reads (Korean blog engines, Hungarian W3CDTF).
//!
//! The RFC 822 reader (`rfc822.rs`) asks [`month_number`] for every word
//! that is not a number: English names and their abbreviations by their
//! first three letters, the others from [`FOREIGN_MONTHS`] by the whole
//! word (lower-cased, without a trailing dot). Weekdays need no table: the
//! RFC 822 reader drops a leading word followed by a comma in any language.

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use regex::Regex;

use super::iso::assemble;

const ENGLISH: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Month names and abbreviations, lower case, in French, German, Spanish,
/// Italian, Dutch, Portuguese, Greek (feedparser's list) and Hungarian.
#[rustfmt::skip]
const FOREIGN_MONTHS: &[(&str, u32)] = &[
    // French
    ("janvier", 1), ("janv", 1), ("février", 2), ("fevrier", 2), ("févr", 2), ("fevr", 2),
    ("fév", 2), ("fev", 2), ("mars", 3), ("avril", 4), ("avr", 4), ("mai", 5), ("juin", 6),
    ("juillet", 7), ("juil", 7), ("août", 8), ("aout", 8), ("aoû", 8), ("septembre", 9),
    ("sept", 9), ("octobre", 10), ("novembre", 11), ("décembre", 12), ("decembre", 12),
    ("déc", 12),
    // German
    ("januar", 1), ("jänner", 1), ("jän", 1), ("februar", 2), ("märz", 3), ("maerz", 3),
    ("mär", 3), ("mrz", 3), ("juni", 6), ("juli", 7), ("oktober", 10), ("okt", 10),
    ("dezember", 12), ("dez", 12),
    // Spanish
    ("enero", 1), ("ene", 1), ("febrero", 2), ("marzo", 3), ("abril", 4), ("abr", 4),
    ("mayo", 5), ("junio", 6), ("julio", 7), ("agosto", 8), ("ago", 8), ("septiembre", 9),
    ("setiembre", 9), ("set", 9), ("octubre", 10), ("noviembre", 11), ("diciembre", 12),
    ("dic", 12),
    // Italian
    ("gennaio", 1), ("gen", 1), ("febbraio", 2), ("aprile", 4), ("maggio", 5), ("mag", 5),
    ("giugno", 6), ("giu", 6), ("luglio", 7), ("lug", 7), ("settembre", 9), ("ottobre", 10),
    ("ott", 10), ("dicembre", 12),
    // Dutch
    ("januari", 1), ("februari", 2), ("maart", 3), ("mrt", 3), ("mei", 5), ("augustus", 8),
    // Portuguese
    ("janeiro", 1), ("fevereiro", 2), ("março", 3), ("marco", 3), ("maio", 5), ("junho", 6),
    ("julho", 7), ("setembro", 9), ("outubro", 10), ("out", 10), ("novembro", 11),
    ("dezembro", 12),
    // Greek
    ("ιαν", 1), ("ιανουαρίου", 1), ("φεβ", 2), ("φεβρουαρίου", 2), ("μάώ", 3), ("μαώ", 3),
    ("μαρ", 3), ("μαρτίου", 3), ("απρ", 4), ("απριλίου", 4), ("μάι", 5), ("μαϊ", 5),
    ("μαι", 5), ("μαΐου", 5), ("ιούν", 6), ("ιον", 6), ("ιουνίου", 6), ("ιούλ", 7),
    ("ιολ", 7), ("ιουλίου", 7), ("αύγ", 8), ("αυγ", 8), ("αυγούστου", 8), ("σεπ", 9),
    ("σεπτεμβρίου", 9), ("οκτ", 10), ("οκτωβρίου", 10), ("νοέ", 11), ("νοε", 11),
    ("νοεμβρίου", 11), ("δεκ", 12), ("δεκεμβρίου", 12),
    // Hungarian
    ("január", 1), ("február", 2), ("március", 3), ("április", 4), ("május", 5),
    ("máujus", 5), ("június", 6), ("július", 7), ("augusztus", 8), ("szeptember", 9),
    ("október", 10), ("november", 11), ("december", 12), ("jún", 6), ("júl", 7),
    ("szept", 9), ("márc", 3), ("ápr", 4), ("máj", 5), ("febr", 2),
];

/// The month a word names (`Jun`, `June`, `juin`, `Mär`, `Ιούλ`), or `None`.
/// `lower` is the word lower-cased, without a trailing dot.
pub(super) fn month_number(lower: &str) -> Option<u32> {
    if let Some((_, month)) = FOREIGN_MONTHS.iter().find(|(name, _)| *name == lower) {
        return Some(*month);
    }
    let prefix = lower.get(..3).filter(|_| lower.is_ascii())?;
    ENGLISH
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u32 + 1)
}

/// Korean Standard Time, which both Korean layouts are written in.
fn kst() -> Option<FixedOffset> {
    FixedOffset::east_opt(9 * 3600)
}

static ONBLOG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일\s+(\d{1,2}):(\d{2}):(\d{2})$")
        .expect("valid regex")
});
static NATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})-(\d{2})-(\d{2})\s+(오전|오후)\s+(\d{1,2}):(\d{1,2}):(\d{1,2})$")
        .expect("valid regex")
});
static HUNGARIAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{4})-([^-\d]+)-(\d{1,2})T(\d{1,2}):(\d{2})(?::(\d{2}))?([+-]\d{1,2}:?\d{2}|Z)?$",
    )
    .expect("valid regex")
});

/// `2004년 05월 28일 01:31:15` (OnBlog) and `2004-05-25 오후 11:23:17`
/// (Nate), both in Korean Standard Time.
pub(super) fn parse_korean(s: &str) -> Option<DateTime<Utc>> {
    let n = |c: &regex::Captures<'_>, i: usize| c.get(i)?.as_str().parse::<u32>().ok();
    if let Some(c) = ONBLOG.captures(s) {
        let date = NaiveDate::from_ymd_opt(n(&c, 1)? as i32, n(&c, 2)?, n(&c, 3)?)?;
        return assemble(date, n(&c, 4)?, n(&c, 5)?, n(&c, 6)?, 0, kst()?);
    }
    let c = NATE.captures(s)?;
    let date = NaiveDate::from_ymd_opt(n(&c, 1)? as i32, n(&c, 2)?, n(&c, 3)?)?;
    let mut hour = n(&c, 5)?;
    if &c[4] == "오후" && hour < 12 {
        hour += 12;
    }
    assemble(date, hour, n(&c, 6)?, n(&c, 7)?, 0, kst()?)
}

/// `2004-július-13T9:15-05:00`: W3CDTF with the month in Hungarian words.
pub(super) fn parse_hungarian(s: &str) -> Option<DateTime<Utc>> {
    let c = HUNGARIAN.captures(s)?;
    let n = |i: usize| c.get(i).map_or(Some(0), |m| m.as_str().parse::<u32>().ok());
    let month = month_number(&c[2].to_lowercase())?;
    let date = NaiveDate::from_ymd_opt(n(1)? as i32, month, n(3)?)?;
    let zone = match c.get(7).map(|m| m.as_str()) {
        None | Some("Z") => FixedOffset::east_opt(0)?,
        Some(offset) => super::zones::numeric_offset(offset)?,
    };
    assemble(date, n(4)?, n(5)?, n(6)?, 0, zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_many_languages() {
        for (word, month) in [
            ("jun", 6),
            ("september", 9),
            ("sept", 9),
            ("mär", 3),
            ("juil", 7),
            ("déc", 12),
            ("ιούλ", 7),
            ("május", 5),
            ("dez", 12),
        ] {
            assert_eq!(month_number(word), Some(month), "{word}");
        }
        assert_eq!(month_number("mi"), None);
        assert_eq!(month_number("posted"), None);
    }

    #[test]
    fn korean_layouts_are_kst() {
        assert_eq!(
            parse_korean("2004년 05월 28일 01:31:15").map(|d| d.to_rfc3339()),
            Some("2004-05-27T16:31:15+00:00".into())
        );
        assert_eq!(
            parse_korean("2004-05-25 오후 11:23:17").map(|d| d.to_rfc3339()),
            Some("2004-05-25T14:23:17+00:00".into())
        );
    }

    #[test]
    fn hungarian_month_words() {
        assert_eq!(
            parse_hungarian("2004-július-13T9:15-05:00").map(|d| d.to_rfc3339()),
            Some("2004-07-13T14:15:00+00:00".into())
        );
        assert_eq!(parse_hungarian("2004-nincs-13T9:15-05:00"), None);
        assert_eq!(parse_hungarian("2004-július-13T9:15+05í0"), None);
    }
}
