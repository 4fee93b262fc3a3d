//! Database faults: a file that is not tidings' database is refused and left byte for byte
//! as it was; a database that cannot be written (disk full, read-only) gives a clear error
//! and keeps its data; `tidings run` outlives a full disk and stores again once there is
//! room.
//!
//! "Disk full" is made real for one process with `RLIMIT_FSIZE` (writes past the limit fail
//! with EFBIG, as they fail with ENOSPC on a full disk: SQLite reports an I/O error and rolls
//! back), set and lifted on the running child with `prlimit`; SIGXFSZ is ignored in the
//! child so the failed write returns an error instead of killing it. "Read-only" runs the
//! binary as an unprivileged user when the tests run as root (root ignores file modes).

mod common;

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::thread;

use common::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn rss(count: usize) -> Vec<u8> {
    let items: String = (0..count)
        .map(|n| {
            format!(
                "<item><title>Story {n}</title><guid>story-{n}</guid>\
                 <description>Body of story {n}.</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>{items}</channel></rss>"
    )
    .into_bytes()
}

/// Serves `count` items at `/feed`, replacing what was served before.
async fn serve_items(server: &MockServer, count: usize) {
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/feed"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(rss(count), "application/rss+xml"))
        .mount(server)
        .await;
}

// --- files that are not tidings' database ----------------------------------------------------

fn expect_refused_untouched(ws: &Workspace, words: &[&str]) {
    let before = std::fs::read(ws.db_path()).unwrap();
    let out = ws.run(&["once"]);
    expect_exit(&out, 4, "once");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for word in words {
        assert!(stderr.contains(word), "{word:?} not in: {stderr}");
    }
    assert!(
        stderr.contains(&ws.db_path().display().to_string()),
        "the message names the file: {stderr}"
    );
    assert_eq!(
        std::fs::read(ws.db_path()).unwrap(),
        before,
        "the file was modified"
    );
    assert!(!ws.path().join("tidings.db-wal").exists());
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let ws = Workspace::new();
    ws.write_feeds_config("", &["https://example.com/feed.xml"]);
    ws.write_file(
        "tidings.db",
        &b"these are my notes, not a database\n".repeat(200),
    );
    expect_refused_untouched(&ws, &["file is not a database"]);
}

#[test]
fn another_programs_sqlite_database_is_refused_and_left_untouched() {
    let ws = Workspace::new();
    ws.write_feeds_config("", &["https://example.com/feed.xml"]);
    {
        let conn = rusqlite::Connection::open(ws.db_path()).unwrap();
        conn.execute_batch(
            "CREATE TABLE contacts (name TEXT, phone TEXT);
             INSERT INTO contacts VALUES ('Ada', '555-0100');",
        )
        .unwrap();
    }
    expect_refused_untouched(&ws, &["not a tidings database", "left untouched"]);
}

#[test]
fn a_database_stamped_by_another_application_is_refused() {
    let ws = Workspace::new();
    ws.write_feeds_config("", &["https://example.com/feed.xml"]);
    {
        let conn = rusqlite::Connection::open(ws.db_path()).unwrap();
        conn.execute_batch("PRAGMA application_id = 1234; PRAGMA user_version = 1;")
            .unwrap();
    }
    expect_refused_untouched(&ws, &["application id", "not a tidings database"]);
}

#[test]
fn a_tidings_database_is_stamped_and_opens_again() {
    let ws = Workspace::new();
    let feed = ws.write_file("feed.xml", &rss(2));
    ws.write_feeds_config("", &[feed.to_str().unwrap()]);
    assert_eq!(ws.once(&[]).new, 2);
    let id: i64 = ws.count("PRAGMA application_id");
    assert_eq!(id, i64::from(tidings::store::identity::APPLICATION_ID));
    let again = ws.once(&["--force"]);
    assert_eq!((again.polled, again.failed), (1, 0), "{again}");
}

// --- a database that cannot be written -------------------------------------------------------

/// Sets `RLIMIT_FSIZE` of process `pid` (its soft limit; the hard one stays).
fn set_file_size_limit(pid: u32, bytes: u64) {
    let mut old = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: reads the limit of a process of ours into a live local.
    let r = unsafe {
        libc::prlimit(
            pid as libc::pid_t,
            libc::RLIMIT_FSIZE,
            std::ptr::null(),
            &mut old,
        )
    };
    assert_eq!(r, 0, "reading RLIMIT_FSIZE");
    let new = libc::rlimit {
        rlim_cur: bytes.min(old.rlim_max),
        rlim_max: old.rlim_max,
    };
    // SAFETY: sets the soft limit of a process of ours from a live local.
    let r = unsafe {
        libc::prlimit(
            pid as libc::pid_t,
            libc::RLIMIT_FSIZE,
            &new,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(r, 0, "setting RLIMIT_FSIZE");
}

/// A `tidings` command whose failed writes past RLIMIT_FSIZE return EFBIG instead of
/// killing it with SIGXFSZ.
fn cmd_ignoring_sigxfsz(ws: &Workspace) -> std::process::Command {
    let mut cmd = ws.std_cmd();
    // SAFETY: only async-signal-safe calls (signal) between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    cmd
}

#[tokio::test]
async fn disk_full_during_once_is_a_clear_error_and_keeps_the_data() {
    let server = MockServer::start().await;
    serve_items(&server, 3).await;
    let url = format!("{}/feed", server.uri());
    let ws = Workspace::new();
    ws.write_feeds_config("", &[&url]);
    assert_eq!(ws.once(&[]).new, 3);

    serve_items(&server, 40).await;
    let mut cmd = cmd_ignoring_sigxfsz(&ws);
    cmd.arg("once").arg("--force");
    // SAFETY: setrlimit is async-signal-safe; it limits only the child.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 1,
                rlim_max: libc::RLIM_INFINITY,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
            Ok(())
        });
    }
    let out = cmd.output().expect("running once");
    expect_exit(&out, 4, "once on a full disk");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("disk I/O error") && stderr.contains(&ws.db_path().display().to_string()),
        "{stderr}"
    );
    assert_eq!(ws.integrity_check(), "ok");
    assert_eq!(
        ws.count("SELECT count(*) FROM articles"),
        3,
        "previous data kept"
    );

    // Room again: the next run stores what the failed one could not.
    assert_eq!(ws.once(&["--force"]).new, 37);
}

#[tokio::test]
async fn the_daemon_outlives_a_full_disk_and_recovers_when_space_returns() {
    let server = MockServer::start().await;
    serve_items(&server, 2).await;
    let url = format!("{}/feed", server.uri());
    let ws = Workspace::new();
    ws.write_feeds_config(
        "[schedule]\ninterval = \"1s\"\nadaptive = false\nmin_interval = \"1s\"\n",
        &[&url],
    );

    let mut child = cmd_ignoring_sigxfsz(&ws)
        .arg("run")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting tidings run");
    let log = Arc::new(Mutex::new(String::new()));
    let mut stderr = child.stderr.take().unwrap();
    let reader = {
        let log = Arc::clone(&log);
        thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                log.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        })
    };
    let count = |ws: &Workspace| -> i64 {
        if !ws.db_path().exists() {
            return 0;
        }
        rusqlite::Connection::open(ws.db_path())
            .and_then(|c| c.query_row("SELECT count(*) FROM articles", [], |r| r.get(0)))
            .unwrap_or(0)
    };
    assert!(poll_until(1500, || count(&ws) == 2), "first round stored");

    // The disk fills up; the feed brings more.
    set_file_size_limit(child.id(), 1);
    serve_items(&server, 30).await;
    let refused = poll_until(1500, || {
        log.lock().unwrap().contains("the database refused a write")
    });
    assert!(refused, "no refusal logged:\n{}", log.lock().unwrap());
    assert!(
        child.try_wait().unwrap().is_none(),
        "the daemon is still running"
    );
    assert_eq!(count(&ws), 2, "nothing half written");

    // Space returns: the daemon stores without a restart.
    set_file_size_limit(child.id(), u64::MAX);
    let recovered = poll_until(3000, || count(&ws) == 30);
    // SAFETY: SIGTERM to our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let status = child.wait().unwrap();
    reader.join().unwrap();
    let log = log.lock().unwrap().clone();
    assert!(recovered, "the daemon did not recover:\n{log}");
    assert!(status.success(), "exit after SIGTERM: {status}\n{log}");
    assert!(log.contains("disk I/O error"), "{log}");
    assert_eq!(ws.integrity_check(), "ok");
}

#[test]
fn a_read_only_database_is_a_clear_error_and_keeps_the_data() {
    let ws = Workspace::new();
    let feed = ws.write_file("feed.xml", &rss(2));
    ws.write_feeds_config("", &[feed.to_str().unwrap()]);
    assert_eq!(ws.once(&[]).new, 2);
    let before = std::fs::read(ws.db_path()).unwrap();
    ws.write_file("feed.xml", &rss(5));

    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap()
    };
    // Root ignores file modes, so as root the binary runs as `nobody`, from a copy in the
    // workspace (the build folder may sit where nobody cannot reach it).
    // SAFETY: geteuid has no preconditions.
    let as_root = unsafe { libc::geteuid() } == 0;
    let binary = if as_root {
        let copy = ws.path().join("bin/tidings");
        std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
        std::fs::copy(assert_cmd::cargo::cargo_bin("tidings"), &copy).unwrap();
        mode(copy.parent().unwrap(), 0o755);
        mode(&copy, 0o755);
        copy
    } else {
        assert_cmd::cargo::cargo_bin("tidings")
    };
    // The database and its folder read-only; the run lock still free to take, so the
    // failure is the database's own.
    mode(ws.path(), 0o555);
    mode(&ws.path().join("cwd"), 0o555);
    mode(&ws.db_path(), 0o444);
    mode(&ws.lock_path(), 0o666);
    let mut cmd = std::process::Command::new(&binary);
    cmd.env_remove("RUST_LOG")
        .env_remove("TIDINGS_CONFIG")
        .current_dir(ws.path().join("cwd"))
        .arg("--config")
        .arg(ws.config_path())
        .arg("once")
        .arg("--force");
    if as_root {
        cmd.uid(65534).gid(65534); // nobody: file modes apply to it
    }
    let out = cmd.output().expect("running once");
    mode(ws.path(), 0o755);
    mode(&ws.db_path(), 0o644);
    expect_exit(&out, 4, "once on a read-only database");
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("read-only database: {stderr}");
    assert!(
        stderr.contains("unable to open") || stderr.contains("readonly"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&ws.db_path().display().to_string()),
        "names the file: {stderr}"
    );
    assert_eq!(std::fs::read(ws.db_path()).unwrap(), before, "data kept");
}
