use std::time::Instant;
#[path = "../../../src/fulltext/clean.rs"]
#[allow(dead_code)]
mod clean;
const AD: &str = "[class~=ad], [class~=ads], [class~=advert], [class~=adverts], [class~=advertisement], [class~=advertising], [class~=ad-slot], [class~=ad-unit], [class~=ad-container], [class~=ad-wrapper], [class~=adsbygoogle], [class~=sponsored], [id^=ad-], [id^=google_ads], [aria-label=advertisement], [aria-label=Advertisement]";
fn smoothie(html: &str, cleanup: bool) -> String {
    let doc = dom_query::Document::from(html);
    doc.select(AD).remove();
    if cleanup { clean::strip_page(&doc); }
    let mut r = dom_smoothie::Readability::with_document(doc, Some("https://example.com/a"), None).unwrap();
    match r.parse() {
        Ok(a) => {
            let html = if cleanup { clean::dedup_blocks(&a.content) } else { a.content.to_string() };
            let re = regex::Regex::new(r"(?i)</?(p|div|li|h\d|tr|td|th|blockquote|br|ul|ol|table|section|figure)\b[^>]*>").unwrap();
            let t = re.replace_all(&html, "\n");
            let tags = regex::Regex::new(r"<[^>]*>").unwrap();
            tags.replace_all(&t, "").replace("&amp;", "&").replace("&nbsp;", " ")
        }
        Err(_) => String::new(),
    }
}
fn cleaned(html: &str) -> String {
    let doc = dom_query::Document::from(html);
    doc.select(AD).remove();
    clean::strip_page(&doc);
    doc.html().to_string()
}
fn main() {
    let dir = std::env::args().nth(1).expect("pages dir");
    let out = std::env::args().nth(2).expect("out dir");
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(|e| {
        let p = e.unwrap().path();
        (p.extension().map(|x| x == "html").unwrap_or(false)).then_some(p)
    }).collect();
    names.sort();
    for cand in ["rs-trafilatura", "trafilatura", "smoothie-now", "smoothie+clean", "trafilatura+clean"] {
        std::fs::create_dir_all(format!("{out}/{cand}")).unwrap();
        let mut total = std::time::Duration::ZERO;
        for p in &names {
            let html = std::fs::read_to_string(p).unwrap();
            let stem = p.file_stem().unwrap().to_str().unwrap();
            let reps = 5;
            let mut text = String::new();
            let t = Instant::now();
            for _ in 0..reps {
                text = match cand {
                    "rs-trafilatura" => rs_trafilatura::extract(&html).map(|r| r.content_text).unwrap_or_default(),
                    "trafilatura" => trafilatura::extract(&html, &trafilatura::Options::default()).map(|r| r.content_text).unwrap_or_default(),
                    "smoothie-now" => smoothie(&html, false),
                    "smoothie+clean" => smoothie(&html, true),
                    _ => trafilatura::extract(&cleaned(&html), &trafilatura::Options::default()).map(|r| r.content_text).unwrap_or_default(),
                };
            }
            total += t.elapsed() / reps;
            std::fs::write(format!("{out}/{cand}/{stem}.txt"), text).unwrap();
        }
        println!("{cand}: mean {:?} per page over {} pages", total / names.len() as u32, names.len());
    }
}
