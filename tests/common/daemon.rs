//! Helpers for the daemon tests: `tidings run` as a child process that is
//! always stopped (SIGTERM, then a bounded wait, then SIGKILL), a config
//! builder with tiny intervals, and a wiremock responder that records when
//! each request arrived.
//!
//! Every wait here is bounded in count and time: `poll_until` polls a
//! condition every 20 ms at most a given number of times.

use std::fs::File;
use std::path::PathBuf;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use wiremock::{Request, Respond, ResponseTemplate};

use super::{poll_until, Workspace};

/// The RSS content type.
pub const RSS: &str = "application/rss+xml";

/// A `[schedule]` and `[fetch]` preamble for fast tests: 1 s floors, no
/// per-host delay, a short grace period.
pub const FAST: &str = "[schedule]\nmin_interval = \"1s\"\nshutdown_grace = \"5s\"\n\
                        [fetch]\nper_host_delay = \"0s\"\ntimeout = \"20s\"\n";

/// A config: `database = "tidings.db"`, `extra`, then one `[[feeds]]` per
/// `(url, interval)`; loopback allowed (see [`super::allow_loopback`]).
pub fn config(extra: &str, feeds: &[(&str, Option<&str>)]) -> String {
    let mut toml = String::from("database = \"tidings.db\"\n\n");
    toml.push_str(&super::allow_loopback(extra));
    for (url, interval) in feeds {
        toml.push_str(&format!("\n[[feeds]]\nurl = \"{url}\"\n"));
        if let Some(interval) = interval {
            toml.push_str(&format!("interval = \"{interval}\"\n"));
        }
    }
    toml
}

/// A running `tidings run`; its stderr goes to `run.log` in the workspace.
pub struct Daemon {
    child: Option<Child>,
    log: PathBuf,
}

impl Daemon {
    /// Starts `tidings --config <ws>/tidings.toml run`.
    pub fn start(ws: &Workspace) -> Daemon {
        Daemon::start_with(ws, &[])
    }

    /// Starts it with extra environment variables.
    pub fn start_with(ws: &Workspace, env: &[(&str, &str)]) -> Daemon {
        let log = ws.path().join(format!(
            "run-{}.log",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        let mut cmd = ws.std_cmd();
        cmd.arg("run")
            .env("RUST_LOG", "tidings=debug,info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(&log).expect("creating the run log"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("starting tidings run");
        Daemon {
            child: Some(child),
            log,
        }
    }

    /// The process id.
    pub fn pid(&self) -> Pid {
        Pid::from_raw(self.child.as_ref().expect("running").id() as i32)
    }

    /// Sends `signal`.
    pub fn signal(&self, signal: Signal) {
        kill(self.pid(), signal).expect("sending a signal");
    }

    /// What it logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Whether it is still running.
    pub fn running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| c.try_wait().expect("try_wait").is_none())
    }

    /// Waits (at most `tries` × 20 ms) until the log contains `needle`.
    pub fn wait_for_log(&self, needle: &str, tries: u32) -> bool {
        poll_until(tries, || self.log().contains(needle))
    }

    /// SIGTERM, then waits at most 15 s for it to exit; returns its status
    /// and log. Kills it and panics if it does not stop.
    pub fn stop(mut self) -> (ExitStatus, String) {
        self.signal(Signal::SIGTERM);
        self.wait(750)
    }

    /// Waits at most `tries` × 20 ms for it to exit on its own.
    pub fn wait(&mut self, tries: u32) -> (ExitStatus, String) {
        let mut child = self.child.take().expect("running");
        let exited = poll_until(tries, || child.try_wait().expect("try_wait").is_some());
        if !exited {
            let _ = child.kill();
            let _ = child.wait();
            panic!("tidings run did not stop; killed it\n{}", self.log());
        }
        (child.wait().expect("exit status"), self.log())
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Arrival times of the requests one route received.
#[derive(Clone, Default)]
pub struct Hits(Arc<Mutex<Vec<Instant>>>);

impl Hits {
    /// How many arrived.
    pub fn count(&self) -> usize {
        self.0.lock().unwrap().len()
    }

    /// The arrival times, in order.
    pub fn times(&self) -> Vec<Instant> {
        self.0.lock().unwrap().clone()
    }

    /// Gaps between consecutive arrivals.
    pub fn gaps(&self) -> Vec<Duration> {
        self.times().windows(2).map(|w| w[1] - w[0]).collect()
    }

    /// Waits (at most `tries` × 20 ms) for at least `n` arrivals.
    pub fn wait_for(&self, n: usize, tries: u32) -> bool {
        poll_until(tries, || self.count() >= n)
    }
}

/// A wiremock responder that records each arrival in `hits` and answers
/// with `respond(n)` for the n-th request (0-based).
pub struct Recorded<F> {
    /// Where arrivals are recorded.
    pub hits: Hits,
    /// The answer to the n-th request.
    pub respond: F,
}

impl<F> Respond for Recorded<F>
where
    F: Fn(usize) -> ResponseTemplate + Send + Sync,
{
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let n = {
            let mut hits = self.hits.0.lock().unwrap();
            hits.push(Instant::now());
            hits.len() - 1
        };
        (self.respond)(n)
    }
}

/// A small RSS feed with one item per title.
pub fn rss(titles: &[&str]) -> Vec<u8> {
    let items: String = titles
        .iter()
        .map(|t| {
            format!(
                "<item><title>{t}</title><link>https://example.com/{t}</link>\
                 <guid>https://example.com/{t}</guid><description>{t} body</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\
         <link>https://example.com/</link><description>d</description>{items}</channel></rss>"
    )
    .into_bytes()
}

/// 200 with a small RSS body.
pub fn ok_feed() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(rss(&["one", "two"]), RSS)
}
