//! Feeds from and to OPML files.
//!
//! Reading (`opml = ["feeds.opml"]` in the config, `tidings feeds
//! import-opml`): every outline with an `xmlUrl` becomes a feed; its title is
//! the outline's `title`, else its `text` unless that is only the URL again;
//! its tags are the `category` attribute's terms plus the texts of the folders
//! (parent outlines) it sits in.
//!
//! Writing ([`feeds_to_opml`], `tidings feeds export-opml`): one flat outline
//! per feed with `text` (the title, else the URL), `title`, `type="rss"`,
//! `xmlUrl` and the tags, comma-separated, in `category`; so what is written
//! reads back as the same feeds (a tag containing a comma would not).

use std::path::Path;

use super::{feed_url, ConfigError, FeedConfig, FeedOrigin};

/// Reads every feed of the OPML file at `path`.
pub fn read_feeds(path: &Path) -> Result<Vec<FeedConfig>, ConfigError> {
    let fail = |message: String| ConfigError::Opml {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    let document = opml::OPML::from_str(&text).map_err(|e| fail(e.to_string()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut feeds = Vec::new();
    let mut folders = Vec::new();
    collect(&document.body.outlines, &mut folders, dir, path, &mut feeds).map_err(fail)?;
    Ok(feeds)
}

fn collect(
    outlines: &[opml::Outline],
    folders: &mut Vec<String>,
    dir: &Path,
    path: &Path,
    feeds: &mut Vec<FeedConfig>,
) -> Result<(), String> {
    for outline in outlines {
        if let Some(xml_url) = outline.xml_url.as_deref().filter(|u| !u.trim().is_empty()) {
            let url = feed_url(xml_url, dir)
                .map_err(|e| format!("outline {:?}: xmlUrl {e}", outline.text))?;
            let mut tags: Vec<String> = folders.clone();
            if let Some(category) = &outline.category {
                for term in category.split(',') {
                    let term = term.trim().trim_start_matches('/');
                    if !term.is_empty() && !tags.iter().any(|t| t == term) {
                        tags.push(term.to_string());
                    }
                }
            }
            let title = outline
                .title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .or_else(|| {
                    Some(outline.text.clone())
                        .filter(|t| !t.trim().is_empty() && t.trim() != xml_url.trim())
                });
            feeds.push(FeedConfig {
                url,
                title,
                tags,
                interval: None,
                origin: FeedOrigin::Opml {
                    path: path.to_path_buf(),
                },
            });
        }
        if !outline.outlines.is_empty() {
            let pushed = !outline.text.trim().is_empty();
            if pushed {
                folders.push(outline.text.trim().to_string());
            }
            collect(&outline.outlines, folders, dir, path, feeds)?;
            if pushed {
                folders.pop();
            }
        }
    }
    Ok(())
}

/// The feeds as an OPML 2.0 document (with an XML declaration and a final
/// newline), titled `title`.
pub fn feeds_to_opml(feeds: &[FeedConfig], title: &str) -> Result<String, String> {
    let mut document = opml::OPML::default();
    if let Some(head) = document.head.as_mut() {
        head.title = Some(title.to_string());
    }
    for feed in feeds {
        let url = feed.url.to_string();
        document.body.outlines.push(opml::Outline {
            text: feed.title.clone().unwrap_or_else(|| url.clone()),
            title: feed.title.clone(),
            r#type: Some("rss".into()),
            xml_url: Some(url),
            category: Some(feed.tags.join(",")).filter(|c| !c.is_empty()),
            ..opml::Outline::default()
        });
    }
    let xml = document.to_string().map_err(|e| e.to_string())?;
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{xml}\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_feeds_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let feeds = vec![
            FeedConfig {
                url: "https://a.example.com/rss?x=1&y=2".parse().unwrap(),
                title: Some("A & \"B\" <news>".into()),
                tags: vec!["world".into(), "europe".into()],
                interval: None,
                origin: FeedOrigin::Config { line: 1 },
            },
            FeedConfig {
                url: "https://b.example.com/feed".parse().unwrap(),
                title: None,
                tags: vec![],
                interval: None,
                origin: FeedOrigin::Config { line: 2 },
            },
        ];
        let xml = feeds_to_opml(&feeds, "t").unwrap();
        let path = dir.path().join("f.opml");
        std::fs::write(&path, &xml).unwrap();
        let read = read_feeds(&path).unwrap();
        let view = |f: &[FeedConfig]| -> Vec<(String, Option<String>, Vec<String>)> {
            f.iter()
                .map(|f| (f.url.to_string(), f.title.clone(), f.tags.clone()))
                .collect()
        };
        assert_eq!(view(&read), view(&feeds), "{xml}");
    }
}
