//! JSON Feed, made acceptable to feed-rs's strict schema.
//!
//! feed-rs deserializes JSON Feed into fixed types: a numeric `id`, a
//! `null` where a string is expected, a missing `title`, a `version` it
//! does not know or an `author` written as a plain string reject the whole
//! feed. [`normalize`] reads the document as untyped JSON and rewrites it
//! into that schema: numbers and booleans where strings belong become
//! strings, nulls and values of the wrong kind are dropped, missing
//! required fields get empty defaults, attachments without a URL are
//! dropped, and the `version` is taken as JSON Feed 1.1 whatever it says.
//! A byte-order mark has already been removed by the decoder. At most
//! `max_entries` items are kept.

use serde_json::{Map, Value};

/// A JSON Feed rewritten for feed-rs.
pub(super) struct Normalized {
    /// The rewritten document.
    pub(super) text: String,
    /// Each kept item's date strings (`date_published`, `date_modified`).
    pub(super) raw_dates: Vec<Vec<String>>,
    /// Items in the document, kept or not.
    pub(super) total_items: usize,
}

/// String fields of the top-level object and of items.
const FEED_STRINGS: &[&str] = &[
    "home_page_url",
    "feed_url",
    "language",
    "description",
    "icon",
    "favicon",
];
const ITEM_STRINGS: &[&str] = &[
    "id",
    "url",
    "external_url",
    "title",
    "content_html",
    "content_text",
    "summary",
    "date_published",
    "date_modified",
];

/// Rewrites a JSON Feed; `Err` carries serde_json's message when the text
/// is not JSON at all, or not an object.
pub(super) fn normalize(
    text: &str,
    max_entries: usize,
    warnings: &mut Vec<String>,
) -> Result<Normalized, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let Value::Object(mut feed) = value else {
        return Err("not a JSON Feed: the document is not a JSON object".into());
    };
    let mut fixes = 0usize;
    match feed.get("version") {
        Some(Value::String(v)) if v.starts_with("https://jsonfeed.org/version/1") => {}
        _ => {
            feed.insert(
                "version".into(),
                Value::String("https://jsonfeed.org/version/1.1".into()),
            );
            fixes += 1;
        }
    }
    fixes += force_string(&mut feed, "title", true);
    for key in FEED_STRINGS {
        fixes += force_string(&mut feed, key, false);
    }
    fixes += fix_authors(&mut feed);
    let items = match feed.remove("items") {
        Some(Value::Array(items)) => items,
        Some(_) | None => {
            fixes += 1;
            Vec::new()
        }
    };
    let total_items = items.len();
    let mut raw_dates = Vec::new();
    let mut kept = Vec::new();
    for item in items.into_iter().take(max_entries) {
        let Value::Object(mut item) = item else {
            fixes += 1;
            continue;
        };
        for key in ITEM_STRINGS {
            fixes += force_string(&mut item, key, false);
        }
        fixes += fix_authors(&mut item);
        fixes += fix_tags(&mut item);
        fixes += fix_attachments(&mut item);
        raw_dates.push(
            ["date_published", "date_modified"]
                .iter()
                .filter_map(|k| item.get(*k).and_then(Value::as_str).map(str::to_string))
                .collect(),
        );
        kept.push(Value::Object(item));
    }
    feed.insert("items".into(), Value::Array(kept));
    if fixes > 0 {
        warnings.push(format!(
            "{fixes} JSON Feed values of the wrong type or missing were mended"
        ));
    }
    Ok(Normalized {
        text: Value::Object(feed).to_string(),
        raw_dates,
        total_items,
    })
}

/// Makes `object[key]` a string (or removes it); `required` inserts "".
/// Returns how many changes were made.
fn force_string(object: &mut Map<String, Value>, key: &str, required: bool) -> usize {
    let fixed = match object.get(key) {
        Some(Value::String(_)) => return 0,
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        None if !required => return 0,
        _ => None,
    };
    match (fixed, required) {
        (Some(s), _) => {
            object.insert(key.into(), Value::String(s));
        }
        (None, true) => {
            object.insert(key.into(), Value::String(String::new()));
        }
        (None, false) => {
            object.remove(key);
        }
    }
    1
}

/// `author` / `authors` as objects with string `name` and `url`.
fn fix_authors(object: &mut Map<String, Value>) -> usize {
    let mut fixes = 0;
    if let Some(author) = object.remove("author") {
        match author_object(author, &mut fixes) {
            Some(a) => {
                object.insert("author".into(), a);
            }
            None => fixes += 1,
        }
    }
    if let Some(authors) = object.remove("authors") {
        match authors {
            Value::Array(list) => {
                let list: Vec<Value> = list
                    .into_iter()
                    .filter_map(|a| author_object(a, &mut fixes))
                    .collect();
                object.insert("authors".into(), Value::Array(list));
            }
            other => {
                fixes += 1;
                if let Some(a) = author_object(other, &mut fixes) {
                    object.insert("authors".into(), Value::Array(vec![a]));
                }
            }
        }
    }
    fixes
}

fn author_object(value: Value, fixes: &mut usize) -> Option<Value> {
    match value {
        Value::Object(mut a) => {
            if let Some(Value::String(name)) = a.get_mut("name") {
                *name = safe_person_name(name);
            }
            *fixes += force_string(&mut a, "name", false)
                + force_string(&mut a, "url", false)
                + force_string(&mut a, "avatar", false);
            Some(Value::Object(a))
        }
        Value::String(name) => {
            *fixes += 1;
            let mut a = Map::new();
            a.insert("name".into(), Value::String(safe_person_name(&name)));
            Some(Value::Object(a))
        }
        _ => {
            *fixes += 1;
            None
        }
    }
}

/// `name` with a space between an e-mail address and a non-ASCII character
/// next to it: feed-rs 3.0 slices inside that character and panics
/// (`jane@x.com\u{a0}(Jane)`). Spaces do not change the name tidings reads.
pub(super) fn safe_person_name(name: &str) -> String {
    let local = |c: &char| c.is_ascii_alphanumeric() || "._%+-".contains(*c);
    let host = |c: &char| c.is_ascii_alphanumeric() || ".-".contains(*c);
    let mut out = String::with_capacity(name.len() + 4);
    let mut rest = name;
    while let Some(at) = rest.find('@') {
        let (head, tail) = rest.split_at(at);
        let local_len: usize = head
            .chars()
            .rev()
            .take_while(local)
            .map(char::len_utf8)
            .sum();
        let (before, user) = head.split_at(head.len() - local_len);
        out.push_str(before);
        if before.chars().next_back().is_some_and(|c| !c.is_ascii()) {
            out.push(' ');
        }
        out.push_str(user);
        let host_len: usize = tail[1..].chars().take_while(host).map(char::len_utf8).sum();
        out.push_str(&tail[..1 + host_len]);
        rest = &tail[1 + host_len..];
        if rest.chars().next().is_some_and(|c| !c.is_ascii()) {
            out.push(' ');
        }
    }
    out.push_str(rest);
    out
}

/// `tags` as an array of strings.
fn fix_tags(item: &mut Map<String, Value>) -> usize {
    let Some(tags) = item.remove("tags") else {
        return 0;
    };
    let (list, fixed) = match tags {
        Value::Array(list) => {
            let before = list.len();
            let strings: Vec<Value> = list
                .into_iter()
                .filter_map(|t| match t {
                    Value::String(s) => Some(Value::String(s)),
                    Value::Number(n) => Some(Value::String(n.to_string())),
                    _ => None,
                })
                .collect();
            let fixed = usize::from(strings.len() != before);
            (strings, fixed)
        }
        Value::String(s) => (vec![Value::String(s)], 1),
        _ => (Vec::new(), 1),
    };
    item.insert("tags".into(), Value::Array(list));
    fixed
}

/// `attachments` with string `url` and `mime_type`, numeric size.
fn fix_attachments(item: &mut Map<String, Value>) -> usize {
    let Some(attachments) = item.remove("attachments") else {
        return 0;
    };
    let Value::Array(list) = attachments else {
        return 1;
    };
    let mut fixes = 0;
    let list: Vec<Value> = list
        .into_iter()
        .filter_map(|a| {
            let Value::Object(mut a) = a else {
                fixes += 1;
                return None;
            };
            fixes += force_string(&mut a, "url", false) + force_string(&mut a, "title", false);
            if !a.contains_key("url") {
                fixes += 1;
                return None;
            }
            if force_string(&mut a, "mime_type", false) > 0 || !a.contains_key("mime_type") {
                fixes += 1;
                a.insert(
                    "mime_type".into(),
                    Value::String("application/octet-stream".into()),
                );
            }
            match a.get("size_in_bytes") {
                None | Some(Value::Number(_)) => {}
                Some(Value::String(s)) if s.trim().parse::<u64>().is_ok() => {
                    let n: u64 = s.trim().parse().expect("checked");
                    a.insert("size_in_bytes".into(), Value::from(n));
                    fixes += 1;
                }
                Some(_) => {
                    a.remove("size_in_bytes");
                    fixes += 1;
                }
            }
            if a.get("size_in_bytes").is_some_and(|v| v.as_u64().is_none()) {
                a.remove("size_in_bytes");
                fixes += 1;
            }
            Some(Value::Object(a))
        })
        .collect();
    item.insert("attachments".into(), Value::Array(list));
    fixes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_types_and_nulls_are_mended() {
        let text = r#"{"version":"https://jsonfeed.org/version/1","title":null,"home_page_url":null,
            "author":"Feed Author","items":[
              {"id":42,"title":null,"content_text":"x","date_published":"2020-01-02 10:00","tags":["a",1,null],
               "attachments":[{"url":"https://x.example/a.mp3","size_in_bytes":"99"},{"title":"no url"}]},
              "junk",
              {"id":true,"authors":["Ann",{"name":null}]}]}"#;
        let mut warnings = Vec::new();
        let n = normalize(text, 10, &mut warnings).unwrap();
        let v: Value = serde_json::from_str(&n.text).unwrap();
        assert_eq!(v["title"], "");
        assert!(v.get("home_page_url").is_none());
        assert_eq!(v["author"]["name"], "Feed Author");
        assert_eq!(v["items"].as_array().unwrap().len(), 2);
        assert_eq!(v["items"][0]["id"], "42");
        assert_eq!(v["items"][0]["tags"], serde_json::json!(["a", "1"]));
        assert_eq!(v["items"][0]["attachments"][0]["size_in_bytes"], 99);
        assert_eq!(
            v["items"][0]["attachments"][0]["mime_type"],
            "application/octet-stream"
        );
        assert_eq!(v["items"][0]["attachments"].as_array().unwrap().len(), 1);
        assert_eq!(v["items"][1]["id"], "true");
        assert_eq!(n.raw_dates[0], ["2020-01-02 10:00"]);
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn person_names_feed_rs_would_crash_on_get_a_space() {
        assert_eq!(
            safe_person_name("jane@x.com\u{a0}(Jane)"),
            "jane@x.com \u{a0}(Jane)"
        );
        assert_eq!(
            safe_person_name("Jané\u{ff08}jane@x.com\u{ff09}"),
            "Jané\u{ff08} jane@x.com \u{ff09}"
        );
        assert_eq!(safe_person_name("Joe <joe@x.com>"), "Joe <joe@x.com>");
    }

    #[test]
    fn missing_version_and_items_get_defaults() {
        let n = normalize(r#"{"title":"t"}"#, 10, &mut Vec::new()).unwrap();
        let v: Value = serde_json::from_str(&n.text).unwrap();
        assert_eq!(v["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(v["items"], serde_json::json!([]));
    }

    #[test]
    fn not_json_is_an_error() {
        assert!(normalize("{nope", 10, &mut Vec::new()).is_err());
        assert!(normalize("[1,2]", 10, &mut Vec::new()).is_err());
    }
}
