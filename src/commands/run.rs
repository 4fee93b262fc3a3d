//! `tidings run`: the daemon, with its signals and its metrics listener.
//!
//! SIGHUP reloads the config; SIGTERM or SIGINT shut down gracefully (a
//! second one cancels polls in flight at once). The signal handlers are in
//! place before the daemon tells systemd it is ready, so an early signal
//! never kills it by default action.

use tracing::info;

use super::{runtime, CommandError};
use crate::config::Config;
use crate::lock::RunLock;
use crate::monitoring;
use crate::pipeline::{self, DaemonControl};
use crate::store::Store;

/// `tidings run`, until SIGTERM or SIGINT.
pub fn run(config: &Config) -> Result<(), CommandError> {
    let _lock = RunLock::acquire(&config.database)?;
    if config.feeds.is_empty() {
        tracing::warn!("{}; reload (SIGHUP) after adding", super::NO_FEEDS);
    }
    let store = Store::open(&config.database)?;
    let runtime = runtime()?;
    runtime.block_on(async {
        let control = DaemonControl::default();
        signals(control.clone())?;
        let server = match config.metrics.listen {
            Some(addr) => {
                let handle =
                    monitoring::install().map_err(|e| CommandError::Other(e.to_string()))?;
                let (bound, task) = monitoring::server::serve(
                    addr,
                    handle,
                    control.health.clone(),
                    control.shutdown.clone(),
                )
                .await
                .map_err(|e| CommandError::Other(e.to_string()))?;
                info!(listen = %bound, "serving /metrics and /healthz");
                Some(task)
            }
            None => None,
        };
        let result = pipeline::run_daemon(config.clone(), store, control.clone()).await;
        control.shutdown.cancel();
        if let Some(server) = server {
            let _ = server.await;
        }
        result?;
        Ok(())
    })
}

/// Installs the handlers now, then reacts to signals in a task.
#[cfg(unix)]
fn signals(control: DaemonControl) -> Result<(), CommandError> {
    use tokio::signal::unix::{signal, SignalKind};
    let install = |kind: SignalKind| {
        signal(kind)
            .map_err(|e| CommandError::Other(format!("cannot install signal handlers: {e}")))
    };
    let mut term = install(SignalKind::terminate())?;
    let mut int = install(SignalKind::interrupt())?;
    let mut hup = install(SignalKind::hangup())?;
    tokio::spawn(async move {
        loop {
            let name = tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = int.recv() => "SIGINT",
                _ = hup.recv() => {
                    info!("SIGHUP received: reloading the config");
                    control.reload.notify_one();
                    continue;
                }
            };
            if control.shutdown.is_cancelled() {
                info!(signal = name, "second signal: cancelling polls in flight");
                control.abort.cancel();
            } else {
                info!(signal = name, "shutting down");
                control.shutdown.cancel();
            }
        }
    });
    Ok(())
}

/// Ctrl-C stops the daemon where Unix signals are not available.
#[cfg(not(unix))]
fn signals(control: DaemonControl) -> Result<(), CommandError> {
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        control.shutdown.cancel();
    });
    Ok(())
}
