//! `tidings stories`: stories with their source count and outlets.

use std::io::Write;

use super::articles::parse_since;
use super::{ignore_broken_pipe, CommandError};
use crate::cli::StoriesFormat;
use crate::config::Config;
use crate::output;
use crate::store::{Store, StoryQuery};

/// `tidings stories`.
pub fn stories(
    config: &Config,
    since: Option<&str>,
    min_sources: u64,
    limit: Option<u64>,
    format: StoriesFormat,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let query = StoryQuery {
        since: since.map(parse_since).transpose()?,
        min_sources,
        limit,
    };
    let store = Store::open(&config.database)?;
    let stories = store.stories(&query)?;
    let written = match format {
        StoriesFormat::Text => output::write_stories_text(out, &stories),
        StoriesFormat::Jsonl => output::write_jsonl(out, &stories),
    };
    written.or_else(ignore_broken_pipe)
}
