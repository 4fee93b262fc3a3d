//! A fetched article page → its main text, the way a feed body becomes text.
//!
//! The main content is found by [`dom_smoothie`], a Rust port of Mozilla's
//! Readability (the algorithm behind Firefox's reader view): it scores the
//! page's blocks by text, commas and link density, drops navigation, ads,
//! share bars, comments, related links and footers, and returns the
//! article's HTML. That HTML then goes through the same steps as a feed
//! body: [`html_to_text`] for the text, [`sanitize_html`] for the stored
//! HTML (relative URLs made absolute against the page's final URL), and
//! [`extract_dateline`].
//!
//! Why dom_smoothie: it follows readability.js closely and is kept up to
//! date with it, is pure Rust on html5ever (the HTML parser tidings already
//! uses, one copy in the build), does no I/O of its own (the page comes
//! through tidings' fetcher), and has a cap on the elements it parses. The
//! other candidates either fetch pages with their own HTTP client and
//! OpenSSL (`readability`, `article_scraper`), or are unmaintained
//! (`readable-readability`).
//!
//! Pure and blocking: the pipeline calls it on the blocking thread pool.

use url::Url;

pub use crate::model::PageBody;

use super::clean;
use crate::normalize::{extract_dateline, html_to_text, sanitize_html};

/// At most this many elements are parsed; a bigger page is not an article.
pub const MAX_ELEMENTS: usize = 50_000;

/// Ad containers removed before extraction, by CSS selector.
///
/// Readability scores blocks but keeps what sits *inside* the article
/// block, so an ad slot between two paragraphs would leave its label
/// ("Advertisement") in the text. These selectors name the usual ad
/// containers by whole class tokens or id prefixes (never substrings of
/// words: `class="header-add"` or `class="shadow"` are not ads).
const AD_SELECTORS: &str = "[class~=ad], [class~=ads], [class~=advert], [class~=adverts], \
    [class~=advertisement], [class~=advertising], [class~=ad-slot], [class~=ad-unit], \
    [class~=ad-container], [class~=ad-wrapper], [class~=adsbygoogle], [class~=sponsored], \
    [id^=ad-], [id^=google_ads], [aria-label=advertisement], [aria-label=Advertisement]";

/// Why no main content came out of a page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The extractor found no readable block.
    #[error("no article text found on the page ({0})")]
    NotFound(String),
    /// It found one, but it holds no text.
    #[error("the page's main content holds no text")]
    Empty,
}

/// Extracts the main content of `html`, fetched from `url` (its final URL,
/// after redirects: relative links resolve against it).
pub fn extract_page(html: &str, url: &Url) -> Result<PageBody, ExtractError> {
    let config = dom_smoothie::Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Default::default()
    };
    let document = dom_query::Document::from(html);
    document.select(AD_SELECTORS).remove();
    clean::strip_page(&document);
    let mut readability =
        dom_smoothie::Readability::with_document(document, Some(url.as_str()), Some(config))
            .map_err(|e| ExtractError::NotFound(e.to_string()))?;
    let article = readability
        .parse()
        .map_err(|e| ExtractError::NotFound(e.to_string()))?;
    let content = clean::dedup_blocks(&article.content);
    let content = content.as_str();
    let text = html_to_text(content);
    if text.is_empty() {
        return Err(ExtractError::Empty);
    }
    let clean = sanitize_html(content, Some(url));
    Ok(PageBody {
        dateline: extract_dateline(&text),
        word_count: crate::normalize::word_count(&text),
        html: (!clean.trim().is_empty()).then_some(clean),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_story_comes_out_of_its_cluttered_page() {
        let page = include_str!("../../tests/fixtures/article_page.html");
        let sample = include_str!("../../tests/fixtures/article.txt");
        let paragraphs = sample.split_once("\n\n").unwrap().1;
        let url = Url::parse("https://news.example.com/world/2016/12/08/assad").unwrap();
        let body = extract_page(page, &url).unwrap();
        assert_eq!(body.text, paragraphs);
        assert_eq!(body.dateline.as_deref(), Some("DAMASCUS"));
        let html = body.html.unwrap();
        assert!(
            !html.contains("ads.example") && !html.contains("<script"),
            "{html}"
        );
    }

    #[test]
    fn a_page_without_text_is_an_error_not_a_body() {
        let url = Url::parse("https://news.example.com/empty").unwrap();
        let page = "<html><head><title>t</title></head><body><img src=x.png></body></html>";
        assert!(extract_page(page, &url).is_err());
    }
}
