#[path = "../../../quality/score.rs"]
#[allow(dead_code)]
mod score;
fn main() {
    let pages = score::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../pages")));
    let per = std::env::args().any(|a| a == "--pages");
    for cand in std::env::args().skip(1).filter(|a| !a.starts_with("--")) {
        let mut all = vec![];
        for p in &pages {
            let t = std::fs::read_to_string(format!("{cand}/{}.txt", p.name)).unwrap_or_default();
            let s = score::score(&t, &p.truth);
            if per { println!("{:<32} P {:.3} R {:.3} F {:.3}", p.name, s.precision, s.recall, s.f1); }
            all.push(s);
        }
        let (p, r, f, e) = score::mean(&all);
        println!("{cand}: P {p:.3} R {r:.3} F1 {f:.3} empty {e}");
    }
}
