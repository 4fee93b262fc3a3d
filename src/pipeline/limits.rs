//! Bounds on what one entry may store, whatever the feed sends.
//!
//! The feed as a whole is bounded by `fetch.max_feed_size`; inside it, a
//! hostile or broken feed can still put megabytes where a headline belongs.
//! A title longer than [`MAX_TITLE_CHARS`] is cut at the last word boundary
//! before the limit and ends in `…`; the cut is reported as a warning of the
//! poll (never silent), and the entry is kept. Bodies are not cut: they are
//! the content, and the feed's size cap bounds them.

use crate::model::Article;

/// Longest title kept, in characters. Real headlines are far shorter (a few
/// hundred characters at most, even for feeds that put a whole post in the
/// title); past this it is not a headline.
pub const MAX_TITLE_CHARS: usize = 2_000;

/// Cuts over-long titles in place; returns one warning per cut title.
pub fn apply(articles: &mut [Article]) -> Vec<String> {
    let mut warnings = Vec::new();
    for article in articles {
        if let Some(cut) = cut_title(&article.title) {
            warnings.push(format!(
                "a title of {} characters was cut to {MAX_TITLE_CHARS} (entry {})",
                article.title.chars().count(),
                article
                    .guid
                    .as_deref()
                    .or(article.link.as_deref())
                    .unwrap_or("without guid or link"),
            ));
            article.title = cut;
        }
    }
    warnings
}

/// The title cut to at most [`MAX_TITLE_CHARS`] characters (the last one
/// `…`), at a word boundary when one is near; `None` when it fits.
fn cut_title(title: &str) -> Option<String> {
    let (end, _) = title.char_indices().nth(MAX_TITLE_CHARS)?;
    let keep = title[..end]
        .char_indices()
        .nth(MAX_TITLE_CHARS - 1)
        .map_or(end, |(i, _)| i);
    let head = &title[..keep];
    // Prefer a word boundary in the last tenth, else cut inside the word.
    let at_space = head
        .rfind(char::is_whitespace)
        .filter(|&i| i >= keep - keep / 10);
    let head = at_space.map_or(head, |i| &head[..i]).trim_end();
    Some(format!("{head}…"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_titles_are_untouched() {
        assert_eq!(cut_title("Assad confident of Aleppo victory"), None);
        assert_eq!(cut_title(&"é".repeat(MAX_TITLE_CHARS)), None);
    }

    #[test]
    fn long_titles_are_cut_at_a_word_and_marked() {
        let title = "word ".repeat(1_000);
        let cut = cut_title(&title).unwrap();
        assert!(cut.chars().count() <= MAX_TITLE_CHARS, "{}", cut.len());
        assert!(cut.ends_with("word…"), "{}", &cut[cut.len() - 20..]);
    }

    #[test]
    fn one_huge_word_is_cut_inside_it_on_a_char_boundary() {
        let cut = cut_title(&"ü".repeat(5 * 1024 * 1024)).unwrap();
        assert_eq!(cut.chars().count(), MAX_TITLE_CHARS);
        assert!(cut.ends_with("ü…"));
    }
}
