//! The second look on its own.

use super::*;

fn base() -> Url {
    Url::parse("https://example.com/feed.xml").unwrap()
}

#[test]
fn counts_entries_like_feed_rs() {
    let rss = "<rss version=\"2.0\"><channel><item/><x><item/></x><item/></channel><item/></rss>";
    let scan = scan(rss, &base(), 10).unwrap();
    assert_eq!(scan.root, Root::Rss);
    assert_eq!(scan.entries.len(), 2);
}
