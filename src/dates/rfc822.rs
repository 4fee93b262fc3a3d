//! The RFC 822 / RFC 2822 family and its relatives: month names in words.
//!
//! The string is read word by word, the way feedparser's RFC 822 reader
//! does, but without its fixed positions: a weekday anywhere is ignored
//! (right or wrong, long or short, with or without a comma), the month is
//! the word that names one (`Jun`, `June`, `Sept.`), the time is the word
//! with colons (`4:05`, `04:05:09`, `4:05PM`), a 4-digit number is the
//! year and a 1-2 digit number the day first, then a 2-digit year
//! (`< 90` → 20xx, else 19xx, as feedparser reads them). After the time
//! comes the zone: a numeric offset, a name, or a comment in parentheses.
//! This covers RFC 822 with and without seconds, zone or weekday, swapped
//! day and month (`Jun 10 2003`), extra commas, date-only strings and
//! asctime (`Sun Nov  6 08:49:37 1994`).

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::iso::assemble;
use super::names::month_number;
use super::zones::{looks_like_unknown_zone, zone_offset};

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// What has been read so far.
#[derive(Default)]
struct Parts {
    day: Option<u32>,
    month: Option<u32>,
    year: Option<i32>,
    time: Option<(u32, u32, u32)>,
    pm: Option<bool>,
    zone: Option<FixedOffset>,
}

/// Parses a date with its month in words, or `None`.
pub(super) fn parse_rfc822(s: &str) -> Option<DateTime<Utc>> {
    let mut parts = Parts::default();
    // A leading word followed by a comma is a weekday, in any language
    // ("mer,", "Mi,", "dim.,", "Κυρ,").
    let s = match s.split_once(',') {
        Some((first, rest)) if is_word(first.trim().trim_end_matches('.')) => rest,
        _ => s,
    };
    let cleaned = s.replace(',', " ");
    let mut in_comment = false;
    for word in cleaned.split_whitespace().flat_map(split_dashed_date) {
        if in_comment {
            in_comment = !word.ends_with(')');
            continue;
        }
        if word.starts_with('(') {
            if parts.zone.is_none() && word.ends_with(')') {
                parts.zone = zone_offset(word);
            }
            in_comment = !word.ends_with(')');
            continue;
        }
        read_word(&mut parts, word)?;
    }
    let (day, month) = (parts.day?, parts.month?);
    let year = parts.year?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let (mut hour, minute, second) = parts.time.unwrap_or((0, 0, 0));
    match parts.pm {
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    let zone = parts.zone.unwrap_or(FixedOffset::east_opt(0)?);
    assemble(date, hour, minute, second, 0, zone)
}

/// Reads one word into `parts`; `None` when the word cannot be part of a date.
fn read_word(parts: &mut Parts, word: &str) -> Option<()> {
    let lower = word.trim_end_matches('.').to_lowercase();
    let alphabetic = is_word(&lower);
    let english_weekday = lower
        .get(..3)
        .is_some_and(|prefix| lower.is_ascii() && WEEKDAYS.contains(&prefix));
    if alphabetic && english_weekday && parts.time.is_none() {
        return Some(());
    }
    if alphabetic && parts.month.is_none() {
        if let Some(month) = month_number(&lower) {
            parts.month = Some(month);
            return Some(());
        }
    }
    if matches!(lower.as_str(), "am" | "a.m" | "pm" | "p.m") {
        parts.pm = Some(lower.starts_with('p'));
        return Some(());
    }
    if lower == "at" && parts.time.is_none() {
        return Some(());
    }
    if word.contains(':') && word.starts_with(|c: char| c.is_ascii_digit()) && parts.time.is_none()
    {
        return read_time(parts, word);
    }
    if parts.time.is_some() && parts.zone.is_none() {
        if let Some(zone) = zone_offset(word) {
            parts.zone = Some(zone);
            return Some(());
        }
        if looks_like_unknown_zone(word) {
            // feedparser reads an unknown zone name as UTC; so does tidings.
            parts.zone = FixedOffset::east_opt(0);
            return Some(());
        }
    }
    read_number(parts, &lower)
}

/// A day, a year, or an ordinal day (`1st`, `22nd`).
fn read_number(parts: &mut Parts, lower: &str) -> Option<()> {
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &lower[digits.len()..];
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || !matches!(suffix, "" | "st" | "nd" | "rd" | "th")
    {
        return None;
    }
    let value: u32 = digits.parse().ok()?;
    match digits.len() {
        4 if parts.year.is_none() && suffix.is_empty() => parts.year = Some(value as i32),
        1 | 2 if parts.day.is_none() => parts.day = Some(value),
        2 if parts.year.is_none() && suffix.is_empty() => {
            parts.year = Some(value as i32 + if value < 90 { 2000 } else { 1900 })
        }
        _ => return None,
    }
    Some(())
}

/// Whether `word` is letters only (in any script), and not empty.
fn is_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(char::is_alphabetic)
}

/// `H:MM[:SS[.frac]]`, optionally glued to `AM`/`PM` or a zone (`10:00Z`).
fn read_time(parts: &mut Parts, word: &str) -> Option<()> {
    let end = word
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(word.len());
    let (clock, glued) = word.split_at(end);
    let mut fields = clock.split(':');
    let hour: u32 = fields.next()?.parse().ok()?;
    let minute: u32 = fields.next()?.parse().ok()?;
    let second: u32 = match fields.next() {
        Some(s) => s.split('.').next()?.parse().ok()?,
        None => 0,
    };
    if fields.next().is_some() || hour > 24 || minute > 59 || second > 60 {
        return None;
    }
    parts.time = Some((hour, minute, second));
    if !glued.is_empty() {
        read_word(parts, glued)?;
    }
    Some(())
}

/// `13-Dec-2003` as three words; anything else as itself.
fn split_dashed_date(word: &str) -> Vec<&str> {
    let dashed = word.starts_with(|c: char| c.is_ascii_digit())
        && word.contains('-')
        && word.contains(|c: char| c.is_ascii_alphabetic());
    if dashed {
        word.split('-').filter(|p| !p.is_empty()).collect()
    } else {
        vec![word]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc(s: &str) -> Option<String> {
        parse_rfc822(s).map(|d| d.to_rfc3339())
    }

    #[test]
    fn rfc822_standard_and_obsolete_forms() {
        assert_eq!(
            rfc("Tue, 10 Jun 2003 04:00:00 GMT").unwrap(),
            "2003-06-10T04:00:00+00:00"
        );
        assert_eq!(
            rfc("Tue, 10 Jun 2003 04:00:00 +0200").unwrap(),
            "2003-06-10T02:00:00+00:00"
        );
        assert_eq!(
            rfc("Tue, 10 Jun 03 04:00 EST").unwrap(),
            "2003-06-10T09:00:00+00:00"
        );
        assert_eq!(
            rfc("10 Jun 99 04:00:00 -0000").unwrap(),
            "1999-06-10T04:00:00+00:00"
        );
        assert_eq!(
            rfc("Tue, 10 Jun 2003 04:00:00").unwrap(),
            "2003-06-10T04:00:00+00:00"
        );
    }

    #[test]
    fn wrong_and_long_weekdays_swapped_fields_and_commas() {
        assert_eq!(
            rfc("Thurs, 13 Jul 2011 07:38:00 GMT").unwrap(),
            "2011-07-13T07:38:00+00:00"
        );
        assert_eq!(
            rfc("Sat, 25 Aug 2012 10:00:00 PDT").unwrap(),
            "2012-08-25T17:00:00+00:00"
        );
        assert_eq!(
            rfc("Wednesday, June 4, 2008 3:05 PM CEST").unwrap(),
            "2008-06-04T13:05:00+00:00"
        );
        assert_eq!(
            rfc("Tue,, 10 Jun, 2003, 04:00:00 GMT").unwrap(),
            "2003-06-10T04:00:00+00:00"
        );
        assert_eq!(
            rfc("Jun 10 2003 12:15 AM").unwrap(),
            "2003-06-10T00:15:00+00:00"
        );
        assert_eq!(rfc("June 1st, 2008").unwrap(), "2008-06-01T00:00:00+00:00");
        assert_eq!(
            rfc("Sept. 3, 2008 4:05pm").unwrap(),
            "2008-09-03T16:05:00+00:00"
        );
        assert_eq!(
            rfc("13-Dec-2003 10:00").unwrap(),
            "2003-12-13T10:00:00+00:00"
        );
    }

    #[test]
    fn zones_written_every_way() {
        assert_eq!(
            rfc("Tue, 10 Jun 2003 04:00:00 GMT+2").unwrap(),
            "2003-06-10T02:00:00+00:00"
        );
        assert_eq!(
            rfc("Tue, 10 Jun 2003 04:00:00 +05:30").unwrap(),
            "2003-06-09T22:30:00+00:00"
        );
        assert_eq!(
            rfc("Tue, 10 Jun 2003 04:00:00 -0700 (PDT)").unwrap(),
            "2003-06-10T11:00:00+00:00"
        );
        assert_eq!(
            rfc("Tue, 10 Jun 2003 04:00:00 (PDT)").unwrap(),
            "2003-06-10T11:00:00+00:00"
        );
        assert_eq!(
            rfc("Tue, 10 Jun 2003 04:00:00 Z").unwrap(),
            "2003-06-10T04:00:00+00:00"
        );
        assert_eq!(
            rfc("Tue, 10 Jun 2003 04:00:00 XYZT").unwrap(),
            "2003-06-10T04:00:00+00:00"
        );
    }

    #[test]
    fn asctime_and_date_only() {
        assert_eq!(
            rfc("Sun Nov  6 08:49:37 1994").unwrap(),
            "1994-11-06T08:49:37+00:00"
        );
        assert_eq!(
            rfc("Sun Nov 6 08:49:37 +0100 1994").unwrap(),
            "1994-11-06T07:49:37+00:00"
        );
        assert_eq!(rfc("10 Jun 2003").unwrap(), "2003-06-10T00:00:00+00:00");
        assert_eq!(
            rfc("Tue, 10 Jun 2003 24:00:00 GMT").unwrap(),
            "2003-06-11T00:00:00+00:00"
        );
    }

    #[test]
    fn weekdays_and_months_in_other_languages() {
        for (raw, want) in [
            (
                "mer, 16 nov 2022 00:38:15 +0100",
                "2022-11-15T23:38:15+00:00",
            ),
            (
                "Mi, 06 Mär 2024 10:00:00 +0100",
                "2024-03-06T09:00:00+00:00",
            ),
            ("dim., 13 nov. 2022", "2022-11-13T00:00:00+00:00"),
            ("mar., 15 févr. 2022 08:00 GMT", "2022-02-15T08:00:00+00:00"),
            (
                "Κυρ, 11 Ιούλ 2004 12:00:00 EST",
                "2004-07-11T17:00:00+00:00",
            ),
            ("Mar 10 2003 10:00", "2003-03-10T10:00:00+00:00"),
        ] {
            assert_eq!(rfc(raw).as_deref(), Some(want), "{raw:?}");
        }
    }

    #[test]
    fn nonsense_is_refused() {
        for s in [
            "",
            "yesterday",
            "Tue, 31 Feb 2003",
            "10/06/2003",
            "Jun 2003",
            "Posted 10 Jun 2003 by Joe",
            "10 Jun 2003 99:00",
        ] {
            assert_eq!(rfc(s), None, "{s:?}");
        }
    }
}
