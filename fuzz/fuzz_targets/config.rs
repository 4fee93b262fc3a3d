//! Config text → validated `Config`. Never a panic: every bad input must be
//! a `ConfigError` that names what is wrong.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // A folder that does not exist: OPML files named by the input are not found (no I/O
    // beyond a failed open), and relative paths resolve without touching the disk.
    let path = std::path::Path::new("/nonexistent-tidings-fuzz/tidings.toml");
    if let Err(err) = tidings::config::Config::parse(&text, path) {
        let message = err.to_string();
        assert!(!message.is_empty());
    }
});
