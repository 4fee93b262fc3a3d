//! What response headers ask of a poller: `Retry-After` (how long to stay
//! away) and `Cache-Control: max-age` / `Expires` (how long the answer stays
//! fresh, which the scheduler takes as the least time until the next poll).
//!
//! Only these two directives matter to a poller, so they are read here
//! directly rather than through a full HTTP cache-semantics crate (which
//! models shared caches, request directives and storage rules tidings has
//! no use for). HTTP dates are read with `httpdate`, which takes the three
//! forms HTTP allows (IMF-fixdate, RFC 850, asctime); a date with a
//! numeric zone (`+0000`), which some servers send though HTTP says GMT,
//! is read as RFC 2822 by chrono.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{self, HeaderMap};

fn text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name)?.to_str().ok().map(str::trim)
}

fn http_date(value: &str) -> Option<DateTime<Utc>> {
    match httpdate::parse_http_date(value) {
        Ok(time) => Some(DateTime::<Utc>::from(time)),
        Err(_) => DateTime::parse_from_rfc2822(value)
            .ok()
            .map(|t| t.with_timezone(&Utc)),
    }
}

/// The `Retry-After` header as a delay from `now`: seconds, or an HTTP date.
pub(super) fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let value = text(headers, header::RETRY_AFTER)?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let delay = http_date(value)? - now;
    Some(delay.to_std().unwrap_or(Duration::ZERO))
}

/// How long the response stays fresh: `Cache-Control: max-age`, else
/// `Expires` minus the response's `Date` (or `now`). `None` when the
/// server said nothing, or `no-cache` / `no-store`, or the time is past.
pub(super) fn freshness(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    if let Some(cache_control) = text(headers, header::CACHE_CONTROL) {
        let mut max_age = None;
        for directive in cache_control.split(',') {
            let directive = directive.trim().to_ascii_lowercase();
            if directive == "no-cache" || directive == "no-store" {
                return None;
            }
            if let Some(seconds) = directive.strip_prefix("max-age=") {
                max_age = seconds.trim_matches('"').parse::<u64>().ok();
            }
        }
        if let Some(seconds) = max_age {
            return (seconds > 0).then(|| Duration::from_secs(seconds));
        }
    }
    let expires = http_date(text(headers, header::EXPIRES)?)?;
    let date = text(headers, header::DATE)
        .and_then(http_date)
        .unwrap_or(now);
    (expires - date).to_std().ok().filter(|d| !d.is_zero())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn now() -> DateTime<Utc> {
        "2016-12-07T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let h = headers(&[("retry-after", "120")]);
        assert_eq!(retry_after(&h, now()), Some(Duration::from_secs(120)));
        let h = headers(&[("retry-after", "Wed, 07 Dec 2016 10:05:00 GMT")]);
        assert_eq!(retry_after(&h, now()), Some(Duration::from_secs(300)));
        let h = headers(&[("retry-after", "Wed, 07 Dec 2016 09:00:00 GMT")]);
        assert_eq!(retry_after(&h, now()), Some(Duration::ZERO));
        assert_eq!(
            retry_after(&headers(&[("retry-after", "soon")]), now()),
            None
        );
    }

    #[test]
    fn http_dates_in_all_three_forms_and_with_a_numeric_zone() {
        let five_past: DateTime<Utc> = "2016-12-07T10:05:00Z".parse().unwrap();
        for form in [
            "Wed, 07 Dec 2016 10:05:00 GMT",     // IMF-fixdate
            "Wednesday, 07-Dec-16 10:05:00 GMT", // RFC 850
            "Wed Dec  7 10:05:00 2016",          // asctime
            "Wed, 07 Dec 2016 11:05:00 +0100",   // not HTTP, but sent
        ] {
            assert_eq!(http_date(form), Some(five_past), "{form}");
        }
        let mut h = HeaderMap::new();
        h.insert(
            "retry-after",
            HeaderValue::from_static("Wednesday, 07-Dec-16 10:05:00 GMT"),
        );
        assert_eq!(retry_after(&h, now()), Some(Duration::from_secs(300)));
        let h = headers(&[
            ("date", "Wed Dec  7 10:00:00 2016"),
            ("expires", "Wed Dec  7 10:30:00 2016"),
        ]);
        assert_eq!(freshness(&h, now()), Some(Duration::from_secs(1800)));
        assert_eq!(http_date("yesterday"), None);
    }

    #[test]
    fn max_age_wins_over_expires() {
        let h = headers(&[
            ("cache-control", "public, max-age=600"),
            ("expires", "Wed, 07 Dec 2016 12:00:00 GMT"),
        ]);
        assert_eq!(freshness(&h, now()), Some(Duration::from_secs(600)));
    }

    #[test]
    fn expires_counts_from_the_date_header() {
        let h = headers(&[
            ("date", "Wed, 07 Dec 2016 11:00:00 GMT"),
            ("expires", "Wed, 07 Dec 2016 11:30:00 GMT"),
        ]);
        assert_eq!(freshness(&h, now()), Some(Duration::from_secs(1800)));
        let h = headers(&[("expires", "Wed, 07 Dec 2016 10:10:00 GMT")]);
        assert_eq!(freshness(&h, now()), Some(Duration::from_secs(600)));
    }

    #[test]
    fn no_cache_zero_past_or_garbage_ask_nothing() {
        for h in [
            headers(&[("cache-control", "no-cache, max-age=600")]),
            headers(&[("cache-control", "max-age=0")]),
            headers(&[("expires", "0")]),
            headers(&[("expires", "Wed, 07 Dec 2016 09:00:00 GMT")]),
            headers(&[]),
        ] {
            assert_eq!(freshness(&h, now()), None, "{h:?}");
        }
    }
}
