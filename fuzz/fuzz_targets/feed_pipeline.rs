//! The `feed_pipeline` fuzz target: see `tests/common/fuzz_bodies.rs` (shared with the replay test
//! `tests/fuzz_regressions.rs`). Run: see fuzz/README.md.

#![no_main]

#[path = "../../tests/common/html_audit.rs"]
#[allow(dead_code)]
mod html_audit;
#[path = "../../tests/common/fuzz_bodies.rs"]
#[allow(dead_code)]
mod fuzz_bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_bodies::feed_pipeline(data));
