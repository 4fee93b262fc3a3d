//! File names of exported articles: `YYYY-MM-DD_<slug>.txt`, and
//! `YYYY-MM-DD_<slug>_<id>.txt` where that alone would not be unique.
//!
//! The date is the one the article is filed under (UTC, as on its first
//! line); the slug is its headline transliterated to ASCII (`slug` crate:
//! "Zürich: Ça va" → `zurich-ca-va`), lower case, words joined by `-`, cut
//! at a word boundary to at most [`MAX_SLUG`] bytes, `untitled` when
//! nothing is left. Names use only `[a-z0-9_.-]`, so they are safe on every
//! file system and need no quoting in a shell.
//!
//! Uniqueness without state: among the articles stored for one day, the
//! lowest id with a given slug gets the plain name and any later one adds
//! `_<id>` (a slug never contains `_`, so the two forms cannot collide).
//! New articles get higher ids, so a name once given does not change when
//! more news arrives; exporting the same database twice, into any folder,
//! gives the same names.

use chrono::NaiveDate;

/// Longest slug, in bytes.
pub const MAX_SLUG: usize = 80;

/// The slug of a headline.
pub fn slug(title: &str) -> String {
    let mut slug = slug::slugify(title);
    if slug.len() > MAX_SLUG {
        let cut = slug[..=MAX_SLUG].rfind('-').unwrap_or(MAX_SLUG);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug.push_str("untitled");
    }
    slug
}

/// The file name for an article filed on `day` with headline slug `slug`;
/// `id` is added when `with_id`.
pub fn file_name(day: NaiveDate, slug: &str, id: Option<i64>) -> String {
    match id {
        Some(id) => format!("{day}_{slug}_{id}.txt"),
        None => format!("{day}_{slug}.txt"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_lower_case_words() {
        assert_eq!(
            slug("Assad confident of Aleppo victory, ignores ceasefire appeals"),
            "assad-confident-of-aleppo-victory-ignores-ceasefire-appeals"
        );
        assert_eq!(
            slug("Zürich: Ça va — \"quotes\" / slashes"),
            "zurich-ca-va-quotes-slashes"
        );
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("   "), "untitled");
        assert_eq!(slug("¿?!"), "untitled");
    }

    #[test]
    fn long_headlines_are_cut_at_a_word() {
        let title = "word ".repeat(40);
        let s = slug(&title);
        assert!(s.len() <= MAX_SLUG, "{s}");
        assert!(s.ends_with("word"), "{s}");
    }

    #[test]
    fn names_carry_the_date_and_the_id_only_when_asked() {
        let day = NaiveDate::from_ymd_opt(2016, 12, 8).unwrap();
        assert_eq!(file_name(day, "a-b", None), "2016-12-08_a-b.txt");
        assert_eq!(file_name(day, "a-b", Some(42)), "2016-12-08_a-b_42.txt");
    }
}
