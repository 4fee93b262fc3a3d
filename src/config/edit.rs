//! Editing the config file's text without losing what a person wrote in it.
//!
//! [`append_feeds`] adds `[[feeds]]` tables at the end of the file with
//! `toml_edit`, which keeps every comment, blank line, key order and quoting
//! style of the rest untouched. It works on text only; reading and writing
//! the file is the caller's job (`tidings feeds import-opml`).

use toml_edit::{value, Array, ArrayOfTables, DocumentMut, Item, Table};

use super::FeedConfig;

/// Why the config text could not be edited.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The text is not TOML (the loader would have said so first).
    #[error("the config is not valid TOML: {0}")]
    Toml(#[from] toml_edit::TomlError),
    /// `feeds` is written in a form tables cannot be appended to.
    #[error("`feeds` is not written as [[feeds]] tables; add the feeds by hand")]
    NotTables,
}

/// Appends one `[[feeds]]` table per feed (url, title when set, tags when
/// any), the first preceded by the comment `# {note}`. They go right after
/// the last `[[feeds]]` table already there (toml_edit's placement, keeping
/// the feeds together), or at the end of a file that has none.
/// Feeds are written as given: the caller leaves out those already present.
pub fn append_feeds(text: &str, feeds: &[FeedConfig], note: &str) -> Result<String, EditError> {
    let mut document: DocumentMut = text.parse()?;
    let tables = document
        .entry("feeds")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or(EditError::NotTables)?;
    for (i, feed) in feeds.iter().enumerate() {
        let mut table = Table::new();
        table["url"] = value(feed.url.as_str());
        if let Some(title) = &feed.title {
            table["title"] = value(title.as_str());
        }
        if !feed.tags.is_empty() {
            table["tags"] = value(feed.tags.iter().collect::<Array>());
        }
        let prefix = if i == 0 {
            format!("\n# {note}\n")
        } else {
            "\n".to_string()
        };
        table.decor_mut().set_prefix(prefix);
        tables.push(table);
    }
    let mut out = document.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::{Config, FeedOrigin};

    fn feed(url: &str, title: Option<&str>, tags: &[&str]) -> FeedConfig {
        FeedConfig {
            url: url.parse().unwrap(),
            title: title.map(String::from),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            interval: None,
            origin: FeedOrigin::Config { line: 0 },
        }
    }

    #[test]
    fn appends_after_everything_and_keeps_comments_and_layout() {
        let original = "# my feeds, hand-kept\ndatabase = \"x.db\"   # where\n\n\
                        [[feeds]]\nurl = \"https://a.example.com/rss\"  # first\n\n\
                        [fetch]\n# be gentle\nconcurrency = 2\n";
        let added = [
            feed(
                "https://b.example.com/feed",
                Some("B \"news\""),
                &["x", "y"],
            ),
            feed("https://c.example.com/feed", None, &[]),
        ];
        let edited = append_feeds(original, &added, "imported from subs.opml").unwrap();
        // Every byte of the original stays; the new tables join the other
        // feeds, before the tables that follow them.
        let (feeds_part, rest) = original.split_at(original.find("[fetch]").unwrap());
        let expected = format!(
            "{feeds_part}# imported from subs.opml\n[[feeds]]\nurl = \"https://b.example.com/feed\"\n\
             title = 'B \"news\"'\ntags = [\"x\", \"y\"]\n\n\
             [[feeds]]\nurl = \"https://c.example.com/feed\"\n\n{rest}"
        );
        assert_eq!(edited, expected);
        let config = Config::parse(&edited, Path::new("/tmp/t.toml")).unwrap();
        let urls: Vec<&str> = config.feeds.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://a.example.com/rss",
                "https://b.example.com/feed",
                "https://c.example.com/feed"
            ]
        );
        assert_eq!(config.feeds[1].title.as_deref(), Some("B \"news\""));
        assert_eq!(config.feeds[1].tags, ["x", "y"]);
        assert_eq!(config.fetch.concurrency.get(), 2);
    }

    #[test]
    fn an_empty_file_gets_its_first_feeds() {
        let edited = append_feeds("", &[feed("https://a.example.com/", None, &[])], "n").unwrap();
        let config = Config::parse(&edited, Path::new("/tmp/t.toml")).unwrap();
        assert_eq!(config.feeds.len(), 1);
    }

    #[test]
    fn inline_feeds_are_refused_not_mangled() {
        let text = "feeds = [{ url = \"https://a.example.com/\" }]\n";
        let err = append_feeds(text, &[feed("https://b.example.com/", None, &[])], "n");
        assert!(matches!(err, Err(EditError::NotTables)), "{err:?}");
    }
}
