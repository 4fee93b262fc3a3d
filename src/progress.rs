//! Progress of long runs (`once`, `export`, `prune`): an indicatif bar when
//! stderr is a terminal, plain log lines otherwise (cron, systemd, pipes).
//!
//! Bars and log lines share stderr. [`LogWriter`] is the writer the tracing
//! subscriber uses: it hands each finished log line to indicatif's
//! `MultiProgress::suspend`, which clears the bars, prints the line and
//! draws them again, so logs never tear a bar. (The `tracing-indicatif`
//! crate does this too, but only together with its own span-driven bars;
//! this adapter is the twenty lines that part needs.)

use std::io::{self, IsTerminal, Write};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use tracing::info;

/// Every bar of the process, drawn on stderr.
static BARS: LazyLock<MultiProgress> =
    LazyLock::new(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));

/// Without a terminal: at most one progress log line this often.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// Progress of one long task: a bar or log lines.
pub struct Progress {
    what: &'static str,
    bar: Option<ProgressBar>,
    done: u64,
    total: u64,
    last_log: Instant,
}

impl Progress {
    /// Starts tracking `total` steps of `what` ("exporting", "pruning"):
    /// a bar when stderr is a terminal.
    pub fn new(what: &'static str, total: u64) -> Progress {
        let bar = io::stderr().is_terminal().then(|| {
            let bar = BARS.add(ProgressBar::new(total));
            bar.set_style(
                ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({eta} left)")
                    .expect("the template is valid")
                    .progress_chars("=> "),
            );
            bar.set_message(what);
            bar
        });
        Progress {
            what,
            bar,
            done: 0,
            total,
            last_log: Instant::now(),
        }
    }

    /// Changes the number of steps (once it is known).
    pub fn set_total(&mut self, total: u64) {
        self.total = total;
        if let Some(bar) = &self.bar {
            bar.set_length(total);
        }
    }

    /// Records `steps` more steps done.
    pub fn advance(&mut self, steps: u64) {
        self.set_done(self.done + steps);
    }

    /// Records that `done` steps are done.
    pub fn set_done(&mut self, done: u64) {
        self.done = done;
        match &self.bar {
            Some(bar) => bar.set_position(done),
            None if self.last_log.elapsed() >= LOG_EVERY => {
                self.last_log = Instant::now();
                info!(done, total = self.total, "{}", self.what);
            }
            None => {}
        }
    }
}

impl Drop for Progress {
    /// Removes the bar; the command prints its own summary.
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
            BARS.remove(&bar);
        }
    }
}

/// The tracing subscriber's writer: stderr, one whole log line at a time,
/// with the progress bars cleared while it is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogWriter;

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = LogLine;

    fn make_writer(&'a self) -> LogLine {
        LogLine(Vec::new())
    }
}

/// One log event being formatted; written out when dropped.
#[derive(Debug)]
pub struct LogLine(Vec<u8>);

impl Write for LogLine {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for LogLine {
    fn drop(&mut self) {
        if self.0.is_empty() {
            return;
        }
        let line = std::mem::take(&mut self.0);
        BARS.suspend(|| {
            // Nowhere left to report a failing stderr to.
            let _ = io::stderr().write_all(&line);
        });
    }
}
