//! Who wrote an entry and what it is filed under, as short display labels.
//!
//! Both lists keep the feed's order and drop repeats.

use feed_rs::model::{Category, Entry, Feed, Person};

/// Author labels: each person's name, else their e-mail; the feed's authors
/// (the RSS channel's `managingEditor`, `dc:creator`, the Atom feed's
/// `author`) when the entry names none.
///
/// Author strings come in many shapes, and the name is read out of each:
/// `joe@example.com (Joe)`, `Joe <joe@example.com>`, `Joe (joe@example.com)`,
/// `<joe@example.com>`, `mailto:joe@example.com`, `(Joe)`. feed-rs splits
/// some of them into an e-mail and a name like `(Joe)`; the rest arrive whole.
pub(crate) fn authors(entry: &Entry, feed: &Feed) -> Vec<String> {
    let people = if entry.authors.is_empty() {
        &feed.authors
    } else {
        &entry.authors
    };
    let mut labels: Vec<String> = Vec::with_capacity(people.len());
    for label in people.iter().filter_map(person_label) {
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    labels
}

/// Category labels: each category's term, else its label, trimmed; repeats
/// that differ only in case are dropped (the first spelling stays).
pub(crate) fn categories(categories: &[Category]) -> Vec<String> {
    let mut labels: Vec<String> = Vec::with_capacity(categories.len());
    for category in categories {
        let term = category.term.trim();
        let term = if term.is_empty() {
            category.label.as_deref().unwrap_or("").trim()
        } else {
            term
        };
        if !term.is_empty() && !labels.iter().any(|l| l.eq_ignore_ascii_case(term)) {
            labels.push(term.to_string());
        }
    }
    labels
}

/// A person's name without e-mail, brackets or quotes, else their e-mail.
fn person_label(person: &Person) -> Option<String> {
    let (name, email_in_name) = person.name.as_deref().map(split_author).unwrap_or_default();
    let email = person
        .email
        .as_deref()
        .map(split_author)
        .and_then(|(n, e)| e.or(n));
    let label = name.or(email_in_name).or(email)?;
    Some(label.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The name and the e-mail address in an author string of any common shape.
pub(crate) fn split_author(raw: &str) -> (Option<String>, Option<String>) {
    let email = raw
        .split(|c: char| c.is_whitespace() || "<>()[]\"',;".contains(c))
        .map(|word| word.strip_prefix("mailto:").unwrap_or(word))
        .find(|word| {
            word.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty() && host.contains('.') && !host.ends_with('.')
            })
        })
        .map(str::to_string);
    let mut rest = raw.to_string();
    if let Some(email) = &email {
        rest = rest
            .replace(&format!("mailto:{email}"), "")
            .replace(email.as_str(), "");
        for empty in ["()", "<>", "[]", "&lt;&gt;"] {
            rest = rest.replace(empty, "");
        }
    }
    // "John Doe http://www.example.com/": the home page is no part of the name.
    let rest: Vec<&str> = rest
        .split_whitespace()
        .filter(|word| !is_web_address(word))
        .collect();
    let name = unwrap_name(&rest.join(" ")).to_string();
    ((!name.is_empty()).then_some(name), email)
}

/// Whether `word` is an `http(s)` address (possibly in brackets).
pub(crate) fn is_web_address(word: &str) -> bool {
    let word = word.trim_matches(|c: char| "<>()[]\"'".contains(c));
    word.starts_with("http://") || word.starts_with("https://")
}

/// `name` trimmed, without one pair of wrapping `()`, `<>`, `[]` or quotes.
fn unwrap_name(name: &str) -> &str {
    let name = name.trim();
    for (open, close) in [('(', ')'), ('<', '>'), ('[', ']'), ('"', '"')] {
        if let Some(inner) = name.strip_prefix(open).and_then(|n| n.strip_suffix(close)) {
            return inner.trim();
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rss(channel_extra: &str, item: &str) -> Feed {
        let xml = format!(
            "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>\
             <title>t</title>{channel_extra}<item><title>x</title>{item}</item></channel></rss>"
        );
        feed_rs::parser::parse(xml.as_bytes()).unwrap()
    }

    #[test]
    fn a_home_page_after_the_name_is_not_part_of_it() {
        let feed = rss(
            "",
            "<author>John Doe http://www.example.com/</author><author>Ann (https://ann.example/)</author>",
        );
        assert_eq!(authors(&feed.entries[0], &feed), ["John Doe", "Ann"]);
    }

    #[test]
    fn rss_author_forms_become_names() {
        let feed = rss(
            "",
            "<author>joe@example.com (Joe Bloggs)</author><author>ann@example.com</author>\
             <dc:creator>Joe Bloggs</dc:creator><dc:creator>  Mary   Major </dc:creator>",
        );
        assert_eq!(
            authors(&feed.entries[0], &feed),
            ["Joe Bloggs", "ann@example.com", "Mary Major"]
        );
    }

    #[test]
    fn name_with_email_in_angle_brackets_keeps_the_name() {
        let feed = rss("", "<author>Joe Bloggs &lt;joe@example.com&gt;</author>");
        assert_eq!(authors(&feed.entries[0], &feed), ["Joe Bloggs"]);
    }

    #[test]
    fn author_strings_of_every_shape() {
        for (raw, want) in [
            ("joe@example.com (Joe Bloggs)", "Joe Bloggs"),
            ("Joe Bloggs <joe@example.com>", "Joe Bloggs"),
            ("Joe Bloggs (joe@example.com)", "Joe Bloggs"),
            ("<joe@example.com>", "joe@example.com"),
            ("mailto:joe@example.com", "joe@example.com"),
            ("(Joe Bloggs)", "Joe Bloggs"),
            ("  \"Joe   Bloggs\" ", "Joe Bloggs"),
            ("Joe Bloggs", "Joe Bloggs"),
        ] {
            let person = Person {
                name: Some(raw.into()),
                uri: None,
                email: None,
                role: None,
            };
            assert_eq!(person_label(&person).as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn feed_authors_are_the_fallback() {
        let xml = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>f</id>\
            <author><name>Feed Author</name></author>\
            <entry><id>1</id><title>a</title></entry>\
            <entry><id>2</id><title>b</title><author><email>x@example.com</email></author></entry></feed>";
        let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
        assert_eq!(authors(&feed.entries[0], &feed), ["Feed Author"]);
        assert_eq!(authors(&feed.entries[1], &feed), ["x@example.com"]);
    }

    #[test]
    fn categories_are_trimmed_and_deduplicated() {
        let feed = rss("", "<category> World </category><category>world</category><category/><category>Syria</category>");
        assert_eq!(categories(&feed.entries[0].categories), ["World", "Syria"]);
    }

    #[test]
    fn category_label_stands_in_for_an_empty_term() {
        let mut category = Category::new("  ");
        category.label = Some(" Politics ".into());
        assert_eq!(
            categories(&[category, Category::new("Politics")]),
            ["Politics"]
        );
    }
}
