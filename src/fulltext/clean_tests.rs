//! The cleanup on cluttered pages: one clutter class per page, the true text
//! asserted exactly. Each page is the same three-paragraph story in the same
//! site chrome, with one kind of clutter inside the article block.

use url::Url;

use crate::fulltext::extract_page;

const P1: &str = "The harbour authority approved a new ferry terminal on Tuesday, ending a decade of argument about where the boats should dock.";
const P2: &str = "The terminal will have space for two ferries at once and a waiting hall for 400 passengers, and it should open in the spring of 2027.";
const P3: &str = "“This is the most important decision the board has made in a generation,” said its chair, Ruth Amani, after the vote.";

/// A page with `inside` placed between the first and second paragraphs of
/// the article block, and `after` after the last one.
fn page(inside: &str, after: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ferry terminal approved | Harbour News</title></head>
<body><header class="site-header"><a href="/">Harbour News</a><nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article class="story"><h1>Ferry terminal approved after decade of argument</h1>
<div class="story-body"><p>{P1}</p>{inside}<p>{P2}</p><p>{P3}</p>{after}</div></article></main>
<footer class="site-footer"><p>&copy; 2024 Harbour News</p><a href="/privacy">Privacy</a></footer></body></html>"#
    )
}

fn text_of(html: &str) -> String {
    let url = Url::parse("https://news.example.com/2024/ferry").unwrap();
    extract_page(html, &url).expect("the story is found").text
}

fn story() -> String {
    [P1, P2, P3].join("\n\n")
}

#[test]
fn captions_figures_and_credits_are_dropped() {
    let inside = r#"<figure><img src="/t.jpg" alt=""><figcaption>The site of the new terminal. <span class="credit">Photograph: Jo Hart/PA</span></figcaption></figure>
        <div class="media"><img src="/u.jpg" alt=""><p class="imageCaption">Boats at the old quay on Monday</p></div>
        <p><em>The old quay in 1990. (AP Photo/Carlos Gil)</em></p>"#;
    assert_eq!(text_of(&page(inside, "")), story());
}

#[test]
fn gallery_furniture_is_dropped() {
    let inside = r#"<div class="gallery-carousel"><span class="slide-counter">Image 1 of 8</span><p>The quay at dawn</p><button>Close</button><button>Caption</button></div>
        <div class="photos"><span>3/8</span></div>"#;
    assert_eq!(text_of(&page(inside, "")), story());
}

#[test]
fn bylines_and_timestamps_are_dropped() {
    let inside = r#"<p class="byline">By <a rel="author" href="/staff/ann">Ann Kerr</a>, harbour correspondent</p>
        <p>Published: 12:01 BST, 4 May 2024 | Updated: 14:22 BST, 4 May 2024</p>
        <div><time>08:55</time></div><p>By Ann Kerr</p>"#;
    assert_eq!(text_of(&page(inside, "")), story());
}

#[test]
fn in_article_widgets_and_promos_are_dropped() {
    let inside = r#"<div class="related-links"><h3>You may also like</h3><ul><li><a href="/a">Ferry fares to rise</a></li><li><a href="/b">The quay through the years</a></li></ul></div>
        <p><strong>READ MORE:</strong> <a href="/c">Why the terminal took ten years</a></p>
        <div class="box"><h4>Sign up for our morning briefing</h4><p>The day's news by email.</p><form><input type="email"><button>Go</button></form></div>"#;
    assert_eq!(text_of(&page(inside, "")), story());
}

#[test]
fn hidden_elements_are_dropped() {
    let inside = r#"<div hidden><p>Hidden copy of the ferry story for the mobile layout of the page.</p></div>
        <div aria-hidden="true"><p>A second hidden block, for screen readers never to read.</p></div>
        <div style="display: none"><p>A third hidden block, styled away inline by the page.</p></div>"#;
    assert_eq!(text_of(&page(inside, "")), story());
}

#[test]
fn hover_cards_behind_names_are_dropped() {
    let p = r#"<p>The chair, <a class="person" href="/p/ruth">Ruth Amani</a><span class="person-hovercard"><span>Ruth Amani</span><a href="/x">Amani named board chair</a><a href="/y">Amani on the port's future</a></span>, spoke after the vote.</p>"#;
    let text = text_of(&page(p, ""));
    assert_eq!(
        text,
        [P1, "The chair, Ruth Amani, spoke after the vote.", P2, P3].join("\n\n")
    );
}

#[test]
fn a_block_printed_twice_is_kept_once() {
    let inside = format!(r#"<div class="intro-mobile"><p>{P1}</p></div>"#);
    assert_eq!(text_of(&page(&inside, "")), story());
}

#[test]
fn share_bars_tag_lists_and_comment_notices_are_dropped() {
    let after = r#"<div class="share-tools"><span>Share this article</span><a href="/share/fb">Facebook</a><a href="/share/mail">Email</a></div>
        <ul class="tags"><li><a href="/t/ferries">Ferries</a></li><li><a href="/t/harbour">Harbour</a></li></ul>
        <p class="comment-notice">Comments are moderated and may take time to appear.</p>"#;
    assert_eq!(text_of(&page("", after)), story());
}

#[test]
fn embedded_posts_are_kept_with_their_attribution() {
    let inside = r#"<blockquote class="twitter-tweet"><p lang="en">A new terminal at last. Well done to everyone who fought for it.</p>&mdash; Port Users (@portusers) <a href="https://twitter.example/p/1">May 4, 2024</a></blockquote>"#;
    assert_eq!(
        text_of(&page(inside, "")),
        [
            P1,
            "A new terminal at last. Well done to everyone who fought for it.",
            "— Port Users (@portusers) May 4, 2024",
            P2,
            P3
        ]
        .join("\n\n")
    );
}

#[test]
fn tables_are_kept_as_rows_of_text() {
    let inside = r#"<table><thead><tr><th>Year</th><th>Passengers</th></tr></thead><tbody><tr><td>2022</td><td>1.2m</td></tr><tr><td>2023</td><td>1.4m</td></tr></tbody></table>"#;
    assert_eq!(
        text_of(&page(inside, "")),
        [P1, "Year Passengers", "2022 1.2m", "2023 1.4m", P2, P3].join("\n\n")
    );
}

#[test]
fn the_standfirst_is_kept_once() {
    let standfirst =
        "A new terminal for two ferries will open in 2027 after the harbour board’s vote.";
    let html = page(&format!("<p>{standfirst}</p>"), "").replace(
        "<div class=\"story-body\">",
        &format!("<p class=\"standfirst\">{standfirst}</p><div class=\"story-body\">"),
    );
    let text = text_of(&html);
    assert_eq!(text.matches(standfirst).count(), 1, "{text}");
    assert!(text.ends_with(&[P2, P3].join("\n\n")), "{text}");
}

#[test]
fn a_page_hidden_until_its_scripts_run_keeps_its_article() {
    let html = page("", "").replace(
        "<main>",
        r#"<main style="display:none" aria-hidden="true">"#,
    );
    assert_eq!(text_of(&html), story());
}
