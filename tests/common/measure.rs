//! Runs a child process to completion and reports its peak resident memory, as GNU time
//! (`/usr/bin/time -f %M`) reads it from the kernel when the child is reaped, so nothing has
//! to sample it while it runs. A memory *bound*, never a timing.
//!
//! Why GNU time and not `wait4` here: Linux carries a process's peak RSS across `fork` and
//! `exec`, so a child forked straight from the (large, multi-threaded) test process would
//! report the test process's own peak. `time` is small; what its child reports is its own.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::Duration;

/// A finished child: its output and its peak resident set size in KiB.
pub struct Measured {
    pub output: Output,
    pub peak_rss_kib: u64,
}

/// GNU time, which reports the peak RSS of the command it runs.
const GNU_TIME: &str = "/usr/bin/time";

/// Runs `program args` under GNU time in `dir` (stdout and stderr captured) for at most
/// `tries` × 20 ms, then kills it and panics; otherwise returns its output and peak RSS.
pub fn run_measured(program: &Path, args: &[&std::ffi::OsStr], dir: &Path, tries: u32) -> Measured {
    assert!(
        Path::new(GNU_TIME).exists(),
        "{GNU_TIME} is missing: install Debian's package `time` (.ci/run does)"
    );
    let report = tempfile::NamedTempFile::new().expect("a temp file for time's report");
    let mut cmd = Command::new(GNU_TIME);
    cmd.arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(report.path())
        .arg(program)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .env_remove("TIDINGS_CONFIG");
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawning the child");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let err = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.read_to_end(&mut buf);
        buf
    });
    let mut status = None;
    for _ in 0..tries {
        status = child.try_wait().expect("polling the child");
        if status.is_some() {
            break;
        }
        thread::sleep(Duration::from_millis(20));
    }
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        let stderr = err.join().unwrap_or_default();
        panic!(
            "child did not finish in time; killed it\n{}",
            String::from_utf8_lossy(&stderr)
        );
    };
    let text = std::fs::read_to_string(report.path()).unwrap_or_default();
    // The report's last line is the number; a line before it tells of a signal or an exit code.
    let peak_rss_kib = text
        .lines()
        .filter_map(|line| line.trim().parse::<u64>().ok())
        .next_back()
        .unwrap_or_else(|| panic!("no peak RSS in time's report: {text:?}"));
    Measured {
        output: Output {
            status,
            stdout: out.join().unwrap_or_default(),
            stderr: err.join().unwrap_or_default(),
        },
        peak_rss_kib,
    }
}
