//! Which of an entry's dates to trust, and which one files the article.
//!
//! feed-rs has already parsed and converted the dates to UTC. Here a date
//! more than [`FUTURE_TOLERANCE_DAYS`] after "now" is distrusted (clock skew
//! of a day is tolerated, a post dated next month is not), and the
//! [`DateSource`] is chosen: published, else updated, else first seen.
//! `now` is only ever a yardstick, never a date of the article.

use chrono::{DateTime, TimeDelta, Utc};

use crate::model::DateSource;

/// How far in the future a date may be and still be believed, in days.
pub(crate) const FUTURE_TOLERANCE_DAYS: i64 = 1;

/// An entry's trusted dates and the one it is filed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EntryDates {
    /// The publication date, if given and believable.
    pub(crate) published: Option<DateTime<Utc>>,
    /// The last-update date, if given and believable.
    pub(crate) updated: Option<DateTime<Utc>>,
    /// Which date the article is filed under.
    pub(crate) source: DateSource,
}

/// Chooses an entry's dates.
///
/// `updated_is_copy` says the feed never gave an update date and the parser
/// filled `updated` in from `published` (feed-rs does that for RSS 2.0 and
/// 0.9x items); such an `updated` is dropped rather than reported as the
/// feed's.
pub(crate) fn choose_dates(
    published: Option<DateTime<Utc>>,
    updated: Option<DateTime<Utc>>,
    updated_is_copy: bool,
    now: DateTime<Utc>,
) -> EntryDates {
    let latest_believable = now + TimeDelta::days(FUTURE_TOLERANCE_DAYS);
    let believable = |date: Option<DateTime<Utc>>| date.filter(|d| *d <= latest_believable);
    let published = believable(published);
    let updated = if updated_is_copy {
        None
    } else {
        believable(updated)
    };
    let source = match (published, updated) {
        (Some(_), _) => DateSource::Published,
        (None, Some(_)) => DateSource::Updated,
        (None, None) => DateSource::FirstSeen,
    };
    EntryDates {
        published,
        updated,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn now() -> DateTime<Utc> {
        at("2016-12-08T12:00:00Z")
    }

    #[test]
    fn published_wins_when_believable() {
        let d = choose_dates(
            Some(at("2016-12-08T09:00:00Z")),
            Some(at("2016-12-08T10:00:00Z")),
            false,
            now(),
        );
        assert_eq!(d.source, DateSource::Published);
        assert_eq!(d.published, Some(at("2016-12-08T09:00:00Z")));
        assert_eq!(d.updated, Some(at("2016-12-08T10:00:00Z")));
    }

    #[test]
    fn up_to_a_day_ahead_is_tolerated_beyond_is_not() {
        let d = choose_dates(Some(at("2016-12-09T12:00:00Z")), None, false, now());
        assert_eq!(d.source, DateSource::Published);
        let d = choose_dates(Some(at("2016-12-09T12:00:01Z")), None, false, now());
        assert_eq!((d.published, d.source), (None, DateSource::FirstSeen));
    }

    #[test]
    fn future_published_falls_back_to_updated() {
        let d = choose_dates(
            Some(at("2017-06-01T00:00:00Z")),
            Some(at("2016-12-01T00:00:00Z")),
            false,
            now(),
        );
        assert_eq!(d.published, None);
        assert_eq!(d.source, DateSource::Updated);
    }

    #[test]
    fn no_dates_means_first_seen_and_never_now() {
        let d = choose_dates(None, None, false, now());
        assert_eq!(
            d,
            EntryDates {
                published: None,
                updated: None,
                source: DateSource::FirstSeen
            }
        );
    }

    #[test]
    fn copied_updated_is_dropped() {
        let p = at("2016-12-08T09:00:00Z");
        let d = choose_dates(Some(p), Some(p), true, now());
        assert_eq!(
            (d.published, d.updated, d.source),
            (Some(p), None, DateSource::Published)
        );
    }
}
