//! Language tags in the case BCP 47 recommends.
//!
//! Feeds write `en_US`, `EN-us`, `de-DE`, and feed-rs lower-cases RSS
//! `<language>`. [`language_tag`] writes every tag one way: subtags joined
//! by `-`, the language lower case, a 4-letter script title case
//! (`Latn`), a 2-letter region upper case (`US`), the rest lower case
//! (RFC 5646 §2.1.1). A value that is no tag at all (`English`) is kept,
//! only trimmed and lower-cased. Written by hand because the tag crates
//! refuse the malformed tags feeds write instead of mending them.

/// `raw` as a BCP 47 tag in canonical case; `None` when it is empty.
pub(crate) fn language_tag(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let subtags: Vec<String> = raw
        .split(['-', '_'])
        .enumerate()
        .map(|(i, sub)| {
            let alpha = sub.chars().all(|c| c.is_ascii_alphabetic());
            match sub.len() {
                2 if i > 0 && alpha => sub.to_ascii_uppercase(),
                4 if i > 0 && alpha => {
                    let lower = sub.to_ascii_lowercase();
                    lower[..1].to_ascii_uppercase() + &lower[1..]
                }
                _ => sub.to_ascii_lowercase(),
            }
        })
        .collect();
    Some(subtags.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_written_in_canonical_case() {
        for (raw, want) in [
            ("en_US", "en-US"),
            ("de-de", "de-DE"),
            ("de-DE", "de-DE"),
            (" EN ", "en"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("es-419", "es-419"),
            ("English", "english"),
        ] {
            assert_eq!(language_tag(raw).as_deref(), Some(want), "{raw}");
        }
        assert_eq!(language_tag("  "), None);
    }
}
