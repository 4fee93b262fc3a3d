//! `--feed`, `--tag`, `--since`, `--until` of `search` and `export`, turned
//! into an [`ArticleQuery`].

use chrono::{DateTime, NaiveDate, Utc};

use super::articles::parse_since;
use super::{feed_arg, CommandError};
use crate::cli::ArchiveFilter;
use crate::config::Config;
use crate::store::ArticleQuery;

/// The query for `filter` with at most `limit` records.
pub(super) fn article_query(
    config: &Config,
    filter: &ArchiveFilter,
    limit: Option<u64>,
) -> Result<ArticleQuery, CommandError> {
    Ok(ArticleQuery {
        feed: filter
            .feed
            .as_deref()
            .map(|f| feed_arg(config, f))
            .transpose()?
            .map(String::from),
        tag: filter.tag.clone(),
        since: filter.since.as_deref().map(parse_since).transpose()?,
        until: filter.until.as_deref().map(parse_until).transpose()?,
        limit,
        ..ArticleQuery::default()
    })
}

/// Parses `--until` into an exclusive bound: a day includes the whole day
/// (up to the next midnight UTC); an RFC 3339 time is the bound itself.
fn parse_until(text: &str) -> Result<DateTime<Utc>, CommandError> {
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let next = day.succ_opt().unwrap_or(day);
        return Ok(next
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc());
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            CommandError::Config(format!(
                "--until {text:?}: expected YYYY-MM-DD or an RFC 3339 time"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn until_a_day_includes_that_whole_day() {
        let bound = parse_until("2016-12-08").unwrap();
        assert_eq!(bound.to_rfc3339(), "2016-12-09T00:00:00+00:00");
        let bound = parse_until("2016-12-08T10:00:00+01:00").unwrap();
        assert_eq!(bound.to_rfc3339(), "2016-12-08T09:00:00+00:00");
        assert!(parse_until("last week").is_err());
    }
}
