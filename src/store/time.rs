//! Timestamps as stored: TEXT in UTC, `YYYY-MM-DDTHH:MM:SSZ`, which sorts
//! as it reads and is what SQLite's own date functions accept.

use chrono::{DateTime, NaiveDateTime, Utc};

const FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

/// Formats a time for a TEXT column.
pub(crate) fn fmt(time: DateTime<Utc>) -> String {
    time.format(FORMAT).to_string()
}

/// Formats an optional time for a TEXT column.
pub(crate) fn fmt_opt(time: Option<DateTime<Utc>>) -> Option<String> {
    time.map(fmt)
}

/// Reads a stored time back; `None` for anything not in the stored format.
pub(crate) fn parse(text: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text, FORMAT)
        .ok()
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trips_to_the_second() {
        let t = chrono::DateTime::from_timestamp(1_481_191_200, 0).unwrap();
        assert_eq!(super::fmt(t), "2016-12-08T10:00:00Z");
        assert_eq!(super::parse("2016-12-08T10:00:00Z"), Some(t));
        assert_eq!(super::parse("yesterday"), None);
    }
}
