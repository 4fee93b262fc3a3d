//! Telling the service manager (systemd, `Type=notify`) how the daemon is
//! doing, through the `sd-notify` crate: `READY=1` once the database is
//! migrated and the scheduler runs, `RELOADING=1` then `READY=1` around a
//! config reload, `STOPPING=1` at shutdown, and `WATCHDOG=1` pings from the
//! scheduler loop when the unit sets `WatchdogSec=`.
//!
//! Outside systemd (`NOTIFY_SOCKET` unset) every call is a no-op. A failed
//! send is logged at debug level and otherwise ignored: the daemon's work
//! does not depend on it.

use std::time::Duration;

use sd_notify::NotifyState;

fn send(states: &[NotifyState<'_>]) {
    if let Err(e) = sd_notify::notify(states) {
        tracing::debug!(error = %e, "cannot notify the service manager");
    }
}

/// The daemon is up: migrations done, the scheduler is about to run.
pub fn ready(status: &str) {
    send(&[NotifyState::Ready, NotifyState::Status(status)]);
}

/// A config reload starts.
pub fn reloading() {
    let mut states = vec![NotifyState::Reloading];
    if let Ok(now) = NotifyState::monotonic_usec_now() {
        states.push(now);
    }
    send(&states);
}

/// The daemon is shutting down.
pub fn stopping() {
    send(&[NotifyState::Stopping, NotifyState::Status("shutting down")]);
}

/// The scheduler loop is alive.
pub fn watchdog() {
    send(&[NotifyState::Watchdog]);
}

/// How often to ping the watchdog: half of `WATCHDOG_USEC`, when set for
/// this process.
pub fn watchdog_interval() -> Option<Duration> {
    sd_notify::watchdog_enabled().map(|timeout| timeout / 2)
}
