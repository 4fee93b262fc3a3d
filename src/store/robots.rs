//! robots.txt files kept between runs, per origin, so `tidings once` from
//! cron does not fetch a site's robots.txt on every run (see
//! [`crate::fulltext::robots`] for how they are used).

use rusqlite::{named_params, OptionalExtension};

use super::{time, Store, StoreError};
use crate::model::{CachedRobots, RobotsFile};

impl Store {
    /// The stored robots.txt of `origin` (`https://host:port`), expired or not.
    pub fn robots(&self, origin: &str) -> Result<Option<CachedRobots>, StoreError> {
        let row: Option<(String, Option<String>, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT verdict, rules, fetched_at, expires_at FROM robots_txt
                 WHERE origin = :origin",
            )?
            .query_row(named_params! {":origin": origin}, |r| {
                Ok((
                    r.get("verdict")?,
                    r.get("rules")?,
                    r.get("fetched_at")?,
                    r.get("expires_at")?,
                ))
            })
            .optional()?;
        Ok(row.and_then(|(verdict, rules, fetched, expires)| {
            let file = match (verdict.as_str(), rules) {
                ("rules", Some(text)) => RobotsFile::Rules(text),
                ("allow_all", _) => RobotsFile::AllowAll,
                ("unreachable", _) => RobotsFile::Unreachable,
                _ => return None,
            };
            Some(CachedRobots {
                file,
                fetched_at: time::parse(&fetched)?,
                expires_at: time::parse(&expires)?,
            })
        }))
    }

    /// Keeps the robots.txt of `origin`, replacing what was there.
    pub fn save_robots(&mut self, origin: &str, robots: &CachedRobots) -> Result<(), StoreError> {
        let (verdict, rules) = match &robots.file {
            RobotsFile::Rules(text) => ("rules", Some(text.as_str())),
            RobotsFile::AllowAll => ("allow_all", None),
            RobotsFile::Unreachable => ("unreachable", None),
        };
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO robots_txt (origin, verdict, rules, fetched_at, expires_at)
                 VALUES (:origin, :verdict, :rules, :fetched_at, :expires_at)",
            )?
            .execute(named_params! {
                ":origin": origin,
                ":verdict": verdict,
                ":rules": rules,
                ":fetched_at": time::fmt(robots.fetched_at),
                ":expires_at": time::fmt(robots.expires_at),
            })?;
        Ok(())
    }
}
