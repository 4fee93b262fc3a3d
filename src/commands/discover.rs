//! `tidings discover URL` (the feeds a page offers) and `tidings add URL`
//! (the best of them into the config file, as `[[feeds]]`).

use std::io::Write;

use url::Url;

use super::{ignore_broken_pipe, runtime, CommandError};
use crate::config::{Config, FeedConfig, FeedOrigin};
use crate::discover::{self, Discovery};
use crate::fetch::Fetcher;

fn find(config: &Config, url: &Url) -> Result<Discovery, CommandError> {
    let fetcher = Fetcher::new(&config.fetch).map_err(|e| CommandError::Other(e.to_string()))?;
    runtime()?
        .block_on(discover::discover(&fetcher, url))
        .map_err(|e| CommandError::Other(e.to_string()))
}

fn entries(n: usize) -> String {
    if n == 1 {
        "1 entry".into()
    } else {
        format!("{n} entries")
    }
}

/// `tidings discover URL`: one line per feed found (URL, title, entries),
/// then the candidates that were not feeds. Fails when none is found.
pub fn discover(config: &Config, url: &Url, out: &mut impl Write) -> Result<(), CommandError> {
    let found = find(config, url)?;
    let mut text = String::new();
    for feed in &found.feeds {
        text.push_str(&format!(
            "{}\t{}\t{}\n",
            feed.url,
            feed.title.as_deref().unwrap_or("(untitled)"),
            entries(feed.entries)
        ));
    }
    for refused in &found.refused {
        text.push_str(&format!(
            "not a feed: {} ({})\n",
            refused.url, refused.error
        ));
    }
    out.write_all(text.as_bytes()).or_else(ignore_broken_pipe)?;
    if found.feeds.is_empty() {
        return Err(CommandError::Other(no_feed(url, &found)));
    }
    Ok(())
}

fn no_feed(url: &Url, found: &Discovery) -> String {
    if found.guessed {
        format!(
            "{url} links no feed, and none of the usual paths ({}) is one",
            discover::USUAL_PATHS.join(", ")
        )
    } else {
        format!("{url} links feeds, but none of them could be read as a feed")
    }
}

/// `tidings add URL [--title T] [--tag X]...`: appends the best feed
/// `url` offers (the URL itself when it is a feed) to the config file,
/// keeping its comments and layout; refuses a feed already configured.
pub fn add(
    config: &Config,
    url: &Url,
    title: Option<String>,
    tags: Vec<String>,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let configured = |u: &Url| config.feeds.iter().any(|f| &f.url == u);
    if configured(url) {
        return Err(CommandError::Config(format!(
            "{url} is already configured in {}",
            config.path.display()
        )));
    }
    let found = find(config, url)?;
    let Some(best) = found.feeds.first() else {
        return Err(CommandError::Other(no_feed(url, &found)));
    };
    if configured(&best.url) {
        return Err(CommandError::Config(format!(
            "{url} offers {}, which is already configured in {}",
            best.url,
            config.path.display()
        )));
    }
    let feed = FeedConfig {
        url: best.url.clone(),
        title: title.or_else(|| best.title.clone()),
        tags,
        interval: None,
        full_text: None,
        http: Default::default(),
        origin: FeedOrigin::Config { line: 0 },
    };
    let note = format!("Added by `tidings add {url}`.");
    super::opml::write_config(config, &note, std::slice::from_ref(&feed))?;
    writeln!(
        out,
        "added {} ({}, {}) to {}",
        feed.url,
        feed.title.as_deref().unwrap_or("untitled"),
        entries(best.entries),
        config.path.display()
    )
    .or_else(ignore_broken_pipe)
}
