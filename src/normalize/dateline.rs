//! The dateline: the location lead a news story opens with.
//!
//! `DAMASCUS -- Syrian President ...`, `WASHINGTON (AP) — The ...`,
//! `LONDON, Dec 8 (Reuters) - ...`: an uppercase place, perhaps a region or a
//! date after a comma, perhaps an agency in parentheses, then a dash. Plain
//! string scanning, no regex; it reads only the first ~120 bytes of the first
//! paragraph. The body text itself keeps its dateline: this only reports it.

/// How far into the first paragraph the separator may be, in bytes.
const MAX_LEAD_BYTES: usize = 120;
/// Longest place name accepted, in bytes.
const MAX_PLACE_BYTES: usize = 40;
/// Longest agency name accepted inside the parentheses, in bytes.
const MAX_AGENCY_BYTES: usize = 24;
/// Longest comma-separated part after the place (`Dec 8`, `Calif.`), in bytes.
const MAX_QUALIFIER_BYTES: usize = 20;

/// The place named by the dateline the body opens with, if it opens with one.
///
/// The first paragraph must start with an uppercase place name (letters,
/// spaces, dots, apostrophes, hyphens; at least three letters, mostly
/// uppercase; at most 40 bytes), optionally followed by comma-separated
/// qualifiers (an uppercase region such as `D.C.` is kept with the place; a
/// date or a mixed-case state name such as `Dec 8` or `Calif.` is dropped),
/// optionally followed by a parenthesised agency (`(AP)`, `(Reuters)`), then
/// by `--`, `—`, `–` or a spaced ` - `.
///
/// ```
/// use tidings::normalize::extract_dateline;
/// assert_eq!(extract_dateline("DAMASCUS -- Syrian President ..."), Some("DAMASCUS".into()));
/// assert_eq!(extract_dateline("LONDON, Dec 8 (Reuters) - Shares ..."), Some("LONDON".into()));
/// assert_eq!(extract_dateline("The US -- and others -- agreed"), None);
/// ```
pub fn extract_dateline(body_text: &str) -> Option<String> {
    let first = body_text.trim_start();
    let first = first.split_once("\n\n").map_or(first, |(p, _)| p);
    let lead = &first[..floor_char_boundary(first, MAX_LEAD_BYTES)];
    let head = lead[..find_separator(lead)?].trim_end();
    let head = strip_agency(head)?;
    place_of(head)
}

/// Byte offset of the first dateline separator in `lead`.
fn find_separator(lead: &str) -> Option<usize> {
    let bytes = lead.as_bytes();
    for (i, c) in lead.char_indices() {
        match c {
            '—' | '–' => return Some(i),
            '-' if bytes.get(i + 1) == Some(&b'-') => return Some(i),
            '-' if i > 0 && bytes[i - 1] == b' ' && bytes.get(i + 1) == Some(&b' ') => {
                return Some(i);
            }
            _ => {}
        }
    }
    None
}

/// `head` without a trailing `(Agency)`; `None` if the parentheses are not
/// an agency's.
fn strip_agency(head: &str) -> Option<&str> {
    let Some(inner) = head.strip_suffix(')') else {
        return Some(head);
    };
    let open = inner.rfind('(')?;
    let agency = inner[open + 1..].trim();
    let agency_like = !agency.is_empty()
        && agency.len() <= MAX_AGENCY_BYTES
        && agency.starts_with(char::is_uppercase)
        && agency
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '&' | '-' | '/'));
    agency_like.then(|| inner[..open].trim_end())
}

/// The place (with an uppercase region, if any) from what precedes the
/// agency and separator.
fn place_of(head: &str) -> Option<String> {
    let mut parts = head.split(',');
    let place = parts.next()?.trim();
    if !is_place(place) {
        return None;
    }
    let mut name = place.to_string();
    let mut regions_done = false;
    for part in parts {
        let part = part.trim();
        if part.is_empty()
            || part.len() > MAX_QUALIFIER_BYTES
            || part.split_whitespace().count() > 3
        {
            // A sentence, not a dateline qualifier.
            return None;
        }
        if !regions_done && is_place_chars(part) && part.chars().all(|c| !c.is_lowercase()) {
            name.push_str(", ");
            name.push_str(part);
        } else {
            regions_done = true;
        }
    }
    Some(name)
}

/// Whether `s` looks like an uppercase place name (see [`extract_dateline`]).
fn is_place(s: &str) -> bool {
    if s.len() > MAX_PLACE_BYTES || !s.starts_with(char::is_uppercase) || !is_place_chars(s) {
        return false;
    }
    let (upper, lower) = count_case(s);
    if upper + lower < 3 || upper * 5 < (upper + lower) * 4 {
        return false;
    }
    // Every word of two letters or more is more upper- than lowercase, so
    // `McALLEN` passes and `By JOHN SMITH` does not.
    s.split([' ', '-']).all(|word| {
        let (upper, lower) = count_case(word);
        upper + lower < 2 || upper > lower
    })
}

/// Whether `s` has only characters a place name may have.
fn is_place_chars(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '’' | '-'))
}

/// Numbers of upper- and lowercase letters in `s`.
fn count_case(s: &str) -> (usize, usize) {
    s.chars().fold((0, 0), |(upper, lower), c| {
        if c.is_uppercase() {
            (upper + 1, lower)
        } else if c.is_lowercase() {
            (upper, lower + 1)
        } else {
            (upper, lower)
        }
    })
}

/// The largest char boundary of `s` not past `at`.
fn floor_char_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    (0..=at).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dateline(text: &str) -> Option<String> {
        extract_dateline(text)
    }

    #[test]
    fn recognises_common_datelines() {
        let cases = [
            (
                "DAMASCUS -- Syrian President Bashar al-Assad said",
                "DAMASCUS",
            ),
            ("WASHINGTON (AP) — The Senate voted", "WASHINGTON"),
            ("LONDON, Dec 8 (Reuters) - Shares fell", "LONDON"),
            ("WASHINGTON, D.C. — Officials said", "WASHINGTON, D.C."),
            ("SAN FRANCISCO – Tech firms", "SAN FRANCISCO"),
            ("BOISE, Idaho (AP) — A wildfire", "BOISE"),
            ("WINSTON-SALEM, N.C. (AP) -- A man", "WINSTON-SALEM, N.C."),
            ("McALLEN, Texas (AP) — Border", "McALLEN"),
            ("SÃO PAULO (AFP) - Brazil's", "SÃO PAULO"),
            ("PARIS—The French government", "PARIS"),
            ("  \n  ROME -- Pope", "ROME"),
            ("BEIJING, Dec. 8, 2016 (Xinhua) -- China", "BEIJING"),
        ];
        for (text, place) in cases {
            assert_eq!(dateline(text).as_deref(), Some(place), "{text:?}");
        }
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        let cases = [
            "The US -- and others -- agreed",
            "I -- for one -- disagree",
            "By JOHN SMITH -- The market",
            "U.S. -- officials said",
            "Shares fell sharply on Monday, traders said - citing",
            "NEW YORK Stocks rose without any separator at all",
            "ATHENS (this is not an agency, it is a long aside) -- x",
            "LONDON 2016 -- numbers are not a place",
            "",
            "   ",
        ];
        for text in cases {
            assert_eq!(dateline(text), None, "{text:?}");
        }
    }

    #[test]
    fn only_the_first_paragraph_counts() {
        assert_eq!(dateline("Intro paragraph here.\n\nLONDON -- Later"), None);
        assert_eq!(
            dateline("LONDON -- First\n\nPARIS -- Second").as_deref(),
            Some("LONDON")
        );
    }

    #[test]
    fn separator_far_into_the_paragraph_is_ignored() {
        let text = format!("NEW YORK {} -- late", "word ".repeat(30));
        assert_eq!(dateline(&text), None);
    }

    #[test]
    fn hyphenated_words_are_not_separators() {
        assert_eq!(dateline("WINSTON-SALEM stays whole - yes").as_deref(), None);
        assert_eq!(
            dateline("WINSTON-SALEM - yes").as_deref(),
            Some("WINSTON-SALEM")
        );
    }

    #[test]
    fn multibyte_text_at_the_window_edge_does_not_panic() {
        let text = "É".repeat(200);
        assert_eq!(dateline(&text), None);
    }
}
