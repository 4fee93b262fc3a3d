//! What a feed document asks of its pollers: `sy:updatePeriod` with
//! `sy:updateFrequency` (RSS 1.0 syndication module, also seen in RSS 2.0
//! and Atom), and the RSS 2.0 `<skipHours>` / `<skipDays>`.
//!
//! feed-rs reads `<ttl>` (it reaches us as [`crate::model::FeedMeta::ttl_minutes`])
//! but none of these, so [`scan`] reads them from the feed text with
//! quick-xml's namespace-aware pull reader (the XML reader feed-rs itself is
//! built on, so no second dependency): it walks the document head only and
//! stops at the first `<item>` or `<entry>`, so it costs a few microseconds
//! whatever the size of the feed, and never builds a tree. A channel
//! element written after the items (allowed, rare) is not seen; a document
//! quick-xml cannot read simply yields no hints.

use std::time::Duration;

use chrono::{DateTime, Datelike, Timelike, Utc, Weekday};
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

/// The RSS 1.0 syndication module's namespace (`sy:`).
const SY_NS: &[u8] = b"http://purl.org/rss/1.0/modules/syndication/";

/// Events read at most before giving up on finding the items.
const MAX_EVENTS: usize = 2_000;

/// The hours (UTC) and week days a feed asks not to be polled in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skip {
    /// Bit `h` set: do not poll during hour `h` (0-23, UTC).
    pub hours: u32,
    /// Bit `d` set: do not poll on day `d` (0 = Monday ... 6 = Sunday, UTC).
    pub days: u8,
}

impl Skip {
    /// Whether nothing is skipped.
    pub fn is_empty(self) -> bool {
        self.hours == 0 && self.days == 0
    }

    fn skips(self, t: DateTime<Utc>) -> bool {
        self.hours & (1 << t.hour()) != 0
            || self.days & (1 << t.weekday().num_days_from_monday()) != 0
    }

    /// `t`, or the start of the first hour after it that is not skipped. A
    /// feed that skips every hour of the week (a broken feed) is ignored.
    pub fn next_allowed(self, t: DateTime<Utc>) -> DateTime<Utc> {
        if !self.skips(t) {
            return t;
        }
        let hour_start = t
            .with_minute(0)
            .and_then(|h| h.with_second(0))
            .and_then(|h| h.with_nanosecond(0))
            .unwrap_or(t);
        (1..=24 * 7)
            .map(|h| hour_start + chrono::Duration::hours(h))
            .find(|candidate| !self.skips(*candidate))
            .unwrap_or(t)
    }
}

/// The scheduling hints of a feed document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocumentHints {
    /// `sy:updatePeriod` divided by `sy:updateFrequency`.
    pub update_period: Option<Duration>,
    /// `<skipHours>` and `<skipDays>`.
    pub skip: Skip,
}

/// Reads the hints from the head of a feed document (see the module doc).
pub fn scan(text: &str) -> DocumentHints {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut hints = DocumentHints::default();
    let mut period: Option<u64> = None;
    let mut frequency: Option<u64> = None;
    // The element whose text is being read, and the skip list it is in.
    let mut current: Vec<u8> = Vec::new();
    let mut in_sy = false;
    let mut list: Option<&'static str> = None;
    for _ in 0..MAX_EVENTS {
        let Ok((ns, event)) = reader.read_resolved_event() else {
            break;
        };
        let is_sy = matches!(ns, ResolveResult::Bound(Namespace(n)) if n == SY_NS);
        match event {
            Event::Start(e) => {
                let local = e.local_name().as_ref().to_ascii_lowercase();
                match local.as_slice() {
                    b"item" | b"entry" => break,
                    b"skiphours" if !is_sy => list = Some("hours"),
                    b"skipdays" if !is_sy => list = Some("days"),
                    _ => {}
                }
                in_sy = is_sy;
                current = local;
            }
            Event::Empty(e) => {
                if matches!(e.local_name().as_ref(), b"item" | b"entry") {
                    break;
                }
            }
            Event::End(e) => {
                let local = e.local_name().as_ref().to_ascii_lowercase();
                if matches!(local.as_slice(), b"skiphours" | b"skipdays") {
                    list = None;
                }
                current.clear();
            }
            Event::Text(t) => {
                let Ok(text) = t.decode() else { continue };
                let text = text.trim();
                match (in_sy, current.as_slice(), list) {
                    (true, b"updateperiod", _) => period = period_seconds(text),
                    (true, b"updatefrequency", _) => frequency = text.parse().ok(),
                    (false, b"hour", Some("hours")) => {
                        if let Ok(hour) = text.parse::<u32>() {
                            // Some feeds write 24 for midnight.
                            hints.skip.hours |= 1 << (hour % 24);
                        }
                    }
                    (false, b"day", Some("days")) => {
                        if let Ok(day) = text.parse::<Weekday>() {
                            hints.skip.days |= 1 << day.num_days_from_monday();
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(period) = period {
        let frequency = frequency.filter(|f| *f > 0).unwrap_or(1);
        hints.update_period = Some(Duration::from_secs((period / frequency).max(1)));
    }
    if hints.skip.hours == (1 << 24) - 1 && hints.skip.days == 0 {
        // Every hour skipped: a broken feed; polling it never would be worse.
        hints.skip.hours = 0;
    }
    hints
}

/// Seconds in an `sy:updatePeriod` (`hourly`, `daily`, `weekly`, `monthly`, `yearly`).
fn period_seconds(text: &str) -> Option<u64> {
    const HOUR: u64 = 3600;
    match text.to_ascii_lowercase().as_str() {
        "hourly" => Some(HOUR),
        "daily" => Some(24 * HOUR),
        "weekly" => Some(7 * 24 * HOUR),
        "monthly" => Some(30 * 24 * HOUR),
        "yearly" => Some(365 * 24 * HOUR),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sy_update_period_and_frequency() {
        let rss = r#"<?xml version="1.0"?>
            <rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
            <channel><title>t</title>
              <sy:updatePeriod> hourly </sy:updatePeriod>
              <sy:updateFrequency>2</sy:updateFrequency>
              <item><title>x</title></item>
            </channel></rss>"#;
        let hints = scan(rss);
        assert_eq!(hints.update_period, Some(Duration::from_secs(1800)));
        assert!(hints.skip.is_empty());
    }

    #[test]
    fn sy_elements_need_the_sy_namespace_whatever_the_prefix() {
        let other_prefix = r#"<rss xmlns:syn="http://purl.org/rss/1.0/modules/syndication/">
            <channel><syn:updatePeriod>daily</syn:updatePeriod></channel></rss>"#;
        assert_eq!(
            scan(other_prefix).update_period,
            Some(Duration::from_secs(86_400))
        );
        let no_namespace = "<rss><channel><updatePeriod>daily</updatePeriod></channel></rss>";
        assert_eq!(scan(no_namespace).update_period, None);
    }

    #[test]
    fn reads_skip_hours_and_days() {
        let rss = "<rss><channel>
            <skipHours><hour>0</hour><hour>1</hour><hour>24</hour><hour>x</hour></skipHours>
            <skipDays><day>Saturday</day><day>Sunday</day></skipDays>
            </channel></rss>";
        let skip = scan(rss).skip;
        assert_eq!(skip.hours, 0b11);
        assert_eq!(skip.days, 0b110_0000);
    }

    #[test]
    fn stops_at_the_first_item() {
        let rss = "<rss><channel><item><title>x</title></item>
            <skipHours><hour>3</hour></skipHours></channel></rss>";
        assert!(scan(rss).skip.is_empty());
        assert_eq!(scan("not xml at all <<<"), DocumentHints::default());
    }

    #[test]
    fn next_allowed_moves_past_skipped_hours_and_days() {
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let skip = Skip {
            hours: 0b111, // 00:00-02:59
            days: 1 << Weekday::Sun.num_days_from_monday(),
        };
        // Friday 01:30 → Friday 03:00.
        assert_eq!(
            skip.next_allowed(t("2024-03-01T01:30:00Z")),
            t("2024-03-01T03:00:00Z")
        );
        // Saturday 23:10 → Sunday skipped → Monday 03:00.
        assert_eq!(
            skip.next_allowed(t("2024-03-02T23:10:00Z")),
            t("2024-03-02T23:10:00Z")
        );
        assert_eq!(
            skip.next_allowed(t("2024-03-03T12:00:00Z")),
            t("2024-03-04T03:00:00Z")
        );
        let every_hour = Skip {
            hours: (1 << 24) - 1,
            days: 0,
        };
        assert_eq!(
            every_hour.next_allowed(t("2024-03-01T01:30:00Z")),
            t("2024-03-01T01:30:00Z")
        );
    }
}
