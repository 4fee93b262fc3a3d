//! Feed date strings → UTC instants, as forgiving as Python's feedparser.
//!
//! [`parse_date`] is the timestamp parser tidings plugs into feed-rs
//! (`Builder::timestamp_parser`) and uses for every date the second look
//! at the XML finds. It reads:
//! - the ISO 8601 / W3CDTF / RFC 3339 family, year first (`iso.rs`): with
//!   or without a zone, a space for the `T`, partial dates, compact forms,
//!   `2006/09/15` (Perforce);
//! - the RFC 822 family, month in words (`rfc822.rs`): with or without
//!   weekday, seconds or zone, extra commas, long names, swapped day and
//!   month, 2-digit years, AM/PM, asctime, date only;
//! - month names in other languages, weekdays in any (`names.rs`), and
//!   the Korean and Hungarian layouts feedparser reads;
//! - zones as offsets or names (`zones.rs`: `EST`, `PDT`, `CEST`, `GMT+2`).
//!
//! A string without a zone is read as UTC, as feedparser does. A string it
//! cannot read gives `None`: the entry is kept, filed under the time it was
//! first seen, and its raw date string is kept on the record.
//!
//! Why not a crate: `dateparser` reads bare times and numbers relative to
//! "now" or as Unix timestamps, falls back to the local zone and knows only
//! the RFC 822 zone names, so it turns bad feed dates into plausible wrong
//! ones; chrono's own `parse_from_rfc2822`/`rfc3339` (used by feed-rs)
//! refuse half of what feeds write. tidings keeps chrono for the calendar
//! arithmetic and reads the words itself.

mod iso;
mod names;
mod rfc822;
mod zones;

use chrono::{DateTime, Utc};

/// The longest date string worth reading; longer text is not a date.
const MAX_DATE_LEN: usize = 100;

/// Parses a feed date string into UTC, or `None` when it cannot be read.
pub fn parse_date(raw: &str) -> Option<DateTime<Utc>> {
    let text = raw.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    if text.is_empty() || text.len() > MAX_DATE_LEN {
        return None;
    }
    if text.as_bytes()[..text.len().min(4)]
        .iter()
        .all(u8::is_ascii_digit)
        && text.len() >= 4
    {
        return iso::parse_iso(text)
            .or_else(|| rfc822::parse_rfc822(text))
            .or_else(|| names::parse_korean(text))
            .or_else(|| names::parse_hungarian(text));
    }
    rfc822::parse_rfc822(text).or_else(|| {
        // "Fri, 2006/09/15 08:19:53 EDT": a weekday before a year-first date.
        let (_, rest) = text.split_once(|c: char| c == ',' || c.is_whitespace())?;
        let rest = rest.trim_start_matches([',', ' ']);
        rest.starts_with(|c: char| c.is_ascii_digit())
            .then(|| iso::parse_iso(rest))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Option<String> {
        parse_date(s).map(|d| d.to_rfc3339())
    }

    /// Strings of every family seen in real feeds, and what they mean.
    #[test]
    fn real_world_strings() {
        let cases = [
            (
                "Thu, 08 Dec 2016 10:00:00 +0000",
                "2016-12-08T10:00:00+00:00",
            ),
            ("Thu, 08 Dec 2016 10:00:00 EST", "2016-12-08T15:00:00+00:00"),
            ("Thu, 8 Dec 2016 10:00 PDT", "2016-12-08T17:00:00+00:00"),
            (
                "Thu, 08 Dec 2016 10:00:00 CEST",
                "2016-12-08T08:00:00+00:00",
            ),
            ("Thu, 08 Dec 2016 10:00:00", "2016-12-08T10:00:00+00:00"),
            ("Thu, 08 Dec 2016", "2016-12-08T00:00:00+00:00"),
            ("Thu Dec  8 10:00:00 2016", "2016-12-08T10:00:00+00:00"),
            ("2016-12-08T10:00:00Z", "2016-12-08T10:00:00+00:00"),
            ("2016-12-08T10:00:00+01:00", "2016-12-08T09:00:00+00:00"),
            ("2016-12-08 10:00:00", "2016-12-08T10:00:00+00:00"),
            ("2016-12-08", "2016-12-08T00:00:00+00:00"),
            ("2016-12", "2016-12-01T00:00:00+00:00"),
            ("Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53+00:00"),
            (
                " 'Thu, 08 Dec 2016 10:00:00 GMT' ",
                "2016-12-08T10:00:00+00:00",
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(utc(raw).as_deref(), Some(want), "{raw:?}");
        }
    }

    #[test]
    fn unreadable_strings_are_none() {
        for raw in [
            "",
            "   ",
            "soon",
            "2016-99-99",
            "Thu, 32 Dec 2016",
            &"9".repeat(200),
        ] {
            assert_eq!(utc(raw), None, "{raw:?}");
        }
    }
}
