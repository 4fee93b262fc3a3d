//! Replays every input a fuzz target ever failed on (`tests/fixtures/fuzz/<target>/`, one
//! file per finding, named after what it found) through the same code the target runs
//! (`tests/common/fuzz_bodies.rs`), so a fixed finding stays fixed.

mod common;

use std::path::Path;

use common::fuzz_bodies;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = common::repo_root().join("tests/fixtures/fuzz").join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.file_name().and_then(|n| n.to_str()) == Some(".gitkeep") {
            continue;
        }
        let data = std::fs::read(&path).expect("reading a fuzz input");
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{target}: {} fails again", show(&path));
        count += 1;
    }
    count
}

fn show(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn feed_pipeline_findings_stay_fixed() {
    assert!(replay("feed_pipeline", fuzz_bodies::feed_pipeline) >= 1);
}

#[test]
fn config_findings_stay_fixed() {
    replay("config", fuzz_bodies::config);
}

#[test]
fn sanitize_findings_stay_fixed() {
    replay("sanitize", fuzz_bodies::sanitize);
}
