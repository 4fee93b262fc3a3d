//! The ISO 8601 / W3CDTF / RFC 3339 family: year first.
//!
//! Accepted: `2004-02-12`, `2004-02`, `2004`, `20040212`, `2004/02/12`,
//! `2004.02.12`, ordinal `2004-043` / `2004043`, `040212`, then optionally a time after `T` or a space (`10:30`,
//! `10:30:15`, `10:30:15.250`, `103015`), then optionally a zone right after
//! the time (`Z`, `+02:00`, `+0200`, `+02`) or after a space (`UTC`, `EST`,
//! `+0100`). Missing parts default like feedparser's W3CDTF reader: day and
//! month 1, time midnight, zone UTC (an unknown zone name also reads as UTC).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta, Utc};

use super::zones::{looks_like_unknown_zone, numeric_offset, zone_offset};

/// Parses a year-first date string, or `None` when it is not one.
pub(super) fn parse_iso(s: &str) -> Option<DateTime<Utc>> {
    let (date, pos) = match short_form(s) {
        Some(found) => found,
        None => calendar_date(s)?,
    };
    let rest = &s[pos..];
    let rest = match rest.as_bytes().first() {
        None => return Some(date.and_time(NaiveTime::MIN).and_utc()),
        Some(b'T' | b't') => &rest[1..],
        Some(b' ') => rest.trim_start(),
        _ => return None,
    };
    let mut cur = Cursor { s: rest, pos: 0 };
    let (hour, minute, second, nanos) = cur.time()?;
    let zone = zone_after_time(&rest[cur.pos..])?;
    assemble(date, hour, minute, second, nanos, zone)
}

/// The rarer ISO 8601 dates feedparser reads: ordinal `2003-335` and
/// `2003335`, and the 2-digit-year `031231` (read as 20xx). The date and
/// where it ends.
fn short_form(s: &str) -> Option<(NaiveDate, usize)> {
    let bytes = s.as_bytes();
    let run = |from: usize| {
        bytes[from.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let ends_date = |at: usize| matches!(bytes.get(at), None | Some(b'T' | b't' | b' '));
    let lead = run(0);
    if lead == 4 && bytes.get(4) == Some(&b'-') && run(5) == 3 && ends_date(8) {
        let date = NaiveDate::from_yo_opt(s[..4].parse().ok()?, s[5..8].parse().ok()?)?;
        return Some((date, 8));
    }
    if lead == 7 && ends_date(7) {
        let date = NaiveDate::from_yo_opt(s[..4].parse().ok()?, s[4..7].parse().ok()?)?;
        return Some((date, 7));
    }
    if lead == 6 && ends_date(6) {
        let year = 2000 + s[..2].parse::<i32>().ok()?;
        let date = NaiveDate::from_ymd_opt(year, s[2..4].parse().ok()?, s[4..6].parse().ok()?)?;
        return Some((date, 6));
    }
    None
}

/// `2004-02-12`, `2004-02`, `2004`, `20040212`, `2004/02/12`, `2004.02.12`:
/// the date and where it ends.
fn calendar_date(s: &str) -> Option<(NaiveDate, usize)> {
    let mut cur = Cursor { s, pos: 0 };
    let year = cur.digits(4, 4)? as i32;
    let (month, day) = match cur.peek() {
        Some(sep @ (b'-' | b'/' | b'.')) => {
            cur.pos += 1;
            let month = cur.digits(1, 2)?;
            let day = if cur.peek() == Some(sep) {
                cur.pos += 1;
                cur.digits(1, 2)?
            } else {
                1
            };
            (month, day)
        }
        Some(b'0'..=b'9') => {
            let month = cur.digits(2, 2)?;
            let day = cur.digits(2, 2)?;
            (month, day)
        }
        _ => (1, 1),
    };
    Some((NaiveDate::from_ymd_opt(year, month, day)?, cur.pos))
}

/// The zone written after a time: nothing (UTC), `Z`, a numeric offset,
/// or a name after a space (an unknown name reads as UTC).
fn zone_after_time(rest: &str) -> Option<FixedOffset> {
    let utc = FixedOffset::east_opt(0);
    let rest = rest.trim();
    if rest.is_empty() {
        return utc;
    }
    if let Some(offset) = numeric_offset(rest) {
        return Some(offset);
    }
    // "+0000 (UTC)", "GMT+1", "EST": the first word decides.
    let first = rest.split_whitespace().next()?;
    if let Some(offset) = zone_offset(first) {
        return Some(offset);
    }
    looks_like_unknown_zone(first).then_some(utc?)
}

/// A date, a wall-clock time and its zone as a UTC instant. `24:00:00` is
/// the midnight that ends the day; a leap second `:60` reads as `:59`.
pub(super) fn assemble(
    date: NaiveDate,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    zone: FixedOffset,
) -> Option<DateTime<Utc>> {
    let (date, hour) = if hour == 24 && minute == 0 && second == 0 {
        (date + TimeDelta::days(1), 0)
    } else {
        (date, hour)
    };
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second.min(59), nanos)?;
    let local = date.and_time(time);
    let utc = local.checked_sub_offset(zone)?;
    Some(utc.and_utc())
}

/// A position in an ASCII-led string.
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos).copied()
    }

    /// Between `min` and `max` ASCII digits as a number.
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let bytes = &self.s.as_bytes()[self.pos..];
        let len = bytes
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if len < min {
            return None;
        }
        let value = self.s[self.pos..self.pos + len].parse().ok()?;
        self.pos += len;
        Some(value)
    }

    /// `HH:MM[:SS[.frac]]` or `HHMM[SS]`: hour, minute, second, nanoseconds.
    fn time(&mut self) -> Option<(u32, u32, u32, u32)> {
        let hour = self.digits(1, 2)?;
        let colon = self.peek() == Some(b':');
        if colon {
            self.pos += 1;
        }
        let minute = self.digits(2, 2)?;
        let mut second = 0;
        if (colon && self.peek() == Some(b':'))
            || (!colon && self.peek().is_some_and(|b| b.is_ascii_digit()))
        {
            if colon {
                self.pos += 1;
            }
            second = self.digits(2, 2)?;
        }
        let mut nanos = 0;
        if matches!(self.peek(), Some(b'.' | b',')) {
            self.pos += 1;
            let start = self.pos;
            let fraction = self.s[start..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            if fraction == 0 {
                return None;
            }
            self.pos += fraction;
            let digits: String = self.s[start..start + fraction.min(9)].to_string();
            nanos = format!("{digits:0<9}").parse().ok()?;
        }
        (hour <= 24 && minute <= 59 && second <= 60).then_some((hour, minute, second, nanos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        parse_iso(s).map(|d| d.to_rfc3339())
    }

    #[test]
    fn rfc3339_and_w3cdtf() {
        assert_eq!(
            iso("2003-12-13T18:30:02Z").unwrap(),
            "2003-12-13T18:30:02+00:00"
        );
        assert_eq!(
            iso("2003-12-13T18:30:02.25+01:00").unwrap(),
            "2003-12-13T17:30:02.250+00:00"
        );
        assert_eq!(
            iso("2003-12-13T18:30+0100").unwrap(),
            "2003-12-13T17:30:00+00:00"
        );
        assert_eq!(
            iso("2003-12-13T18:30:02-05").unwrap(),
            "2003-12-13T23:30:02+00:00"
        );
    }

    #[test]
    fn partial_and_zoneless_dates_default_to_utc_midnight() {
        assert_eq!(iso("2003-12-13").unwrap(), "2003-12-13T00:00:00+00:00");
        assert_eq!(iso("2003-12").unwrap(), "2003-12-01T00:00:00+00:00");
        assert_eq!(iso("2003").unwrap(), "2003-01-01T00:00:00+00:00");
        assert_eq!(iso("20031213").unwrap(), "2003-12-13T00:00:00+00:00");
        assert_eq!(
            iso("2003-12-13T18:30:02").unwrap(),
            "2003-12-13T18:30:02+00:00"
        );
    }

    #[test]
    fn space_separator_slashes_and_zone_names() {
        assert_eq!(
            iso("2003-12-13 18:30:02").unwrap(),
            "2003-12-13T18:30:02+00:00"
        );
        assert_eq!(
            iso("2003/12/13 18:30:02 EST").unwrap(),
            "2003-12-13T23:30:02+00:00"
        );
        assert_eq!(
            iso("2006/09/15 08:19:53 +0200").unwrap(),
            "2006-09-15T06:19:53+00:00"
        );
        assert_eq!(
            iso("2003-12-13 18:30:02 +0000 (UTC)").unwrap(),
            "2003-12-13T18:30:02+00:00"
        );
        assert_eq!(
            iso("2003-12-13 18:30 CEST").unwrap(),
            "2003-12-13T16:30:00+00:00"
        );
        assert_eq!(iso("2003-1-3 8:05").unwrap(), "2003-01-03T08:05:00+00:00");
    }

    #[test]
    fn ordinal_and_two_digit_year_forms() {
        assert_eq!(iso("2003-335").unwrap(), "2003-12-01T00:00:00+00:00");
        assert_eq!(iso("2003335").unwrap(), "2003-12-01T00:00:00+00:00");
        assert_eq!(iso("2003-335T10:00Z").unwrap(), "2003-12-01T10:00:00+00:00");
        assert_eq!(iso("031231").unwrap(), "2003-12-31T00:00:00+00:00");
        assert_eq!(iso("2003-367"), None);
    }

    #[test]
    fn edge_times() {
        assert_eq!(
            iso("2003-12-13T24:00:00Z").unwrap(),
            "2003-12-14T00:00:00+00:00"
        );
        assert_eq!(
            iso("2016-12-31T23:59:60Z").unwrap(),
            "2016-12-31T23:59:59+00:00"
        );
    }

    #[test]
    fn not_iso() {
        for s in [
            "Tue, 10 Jun 2003",
            "2003-13-01",
            "2003-02-30",
            "12345678901",
            "2003-12-13X",
            "2003-12-13T",
            "2003-12-13Tnoon",
        ] {
            assert_eq!(iso(s), None, "{s}");
        }
    }
}
