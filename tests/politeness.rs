//! Politeness against real HTTP servers on 127.0.0.1: one request at a
//! time per host, Retry-After for every feed of a host, and permanent
//! redirects that move a feed only when they repeat.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::Router;
use common::daemon::{config, ok_feed, rss, Daemon, Hits, Recorded, FAST, RSS};
use common::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What the counting server saw: requests, and the most in flight at once.
#[derive(Default)]
struct Seen {
    delay_ms: AtomicUsize,
    connections: AtomicUsize,
    requests: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

/// A server on 127.0.0.1 that answers every `/feed/{n}` with a feed after
/// `delay` and counts connections and how many requests are in flight at once.
async fn counting_server(delay: Duration) -> (String, Arc<Seen>) {
    async fn feed(
        State(seen): State<Arc<Seen>>,
        Path(n): Path<u32>,
    ) -> impl axum::response::IntoResponse {
        seen.requests.fetch_add(1, Ordering::SeqCst);
        let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        seen.max_in_flight.fetch_max(now, Ordering::SeqCst);
        tokio::time::sleep(seen_delay(&seen)).await;
        seen.in_flight.fetch_sub(1, Ordering::SeqCst);
        (
            [(axum::http::header::CONTENT_TYPE, RSS)],
            rss(&[&format!("item{n}")]),
        )
    }
    let seen = Arc::new(Seen::default());
    seen.delay_ms
        .store(delay.as_millis() as usize, Ordering::SeqCst);
    let app = Router::new()
        .route("/feed/{n}", get(feed))
        .with_state(Arc::clone(&seen));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let counter = Arc::clone(&seen);
    let listener = listener.tap_io(move |_| {
        counter.connections.fetch_add(1, Ordering::SeqCst);
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

fn seen_delay(seen: &Seen) -> Duration {
    Duration::from_millis(seen.delay_ms.load(Ordering::SeqCst) as u64)
}

/// `once` over `feeds` feeds of one host with the given per-host
/// concurrency; returns the most requests the server saw in flight at
/// once, and how many connections it accepted.
async fn max_in_flight_for(count: usize, per_host: usize, delay: Duration) -> (usize, usize) {
    let (base, seen) = counting_server(delay).await;
    let urls: Vec<String> = (0..count).map(|n| format!("{base}/feed/{n}")).collect();
    let feeds: Vec<(&str, Option<&str>)> = urls.iter().map(|u| (u.as_str(), None)).collect();
    let ws = Workspace::new();
    let extra = format!(
        "[fetch]\nconcurrency = 8\nper_host_concurrency = {per_host}\nper_host_delay = \"0s\"\n"
    );
    ws.write_config(&config(&extra, &feeds));
    let out = tokio::task::spawn_blocking(move || {
        let out = ws.run(&["once"]);
        (out, ws)
    })
    .await
    .unwrap();
    let (out, ws) = out;
    expect_success(&out, "once");
    let summary = summary_of(&out);
    let n = count as u64;
    assert_eq!((summary.fetched, summary.new), (n, n), "{summary}");
    assert_eq!(seen.requests.load(Ordering::SeqCst), count);
    assert_eq!(ws.integrity_check(), "ok");
    (
        seen.max_in_flight.load(Ordering::SeqCst),
        seen.connections.load(Ordering::SeqCst),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_feeds_on_one_host_never_see_two_requests_at_once() {
    let (max_in_flight, connections) = max_in_flight_for(20, 1, Duration::from_millis(50)).await;
    assert_eq!(max_in_flight, 1);
    // One request at a time reuses one kept-alive connection.
    assert_eq!(connections, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_host_concurrency_above_one_does_overlap_requests() {
    // The control for the test above: the server can see overlap.
    let (max, connections) = max_in_flight_for(20, 4, Duration::from_millis(50)).await;
    assert!((2..=4).contains(&max), "max in flight {max}");
    assert!((2..=4).contains(&connections), "connections {connections}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_feeds_on_one_host_share_one_connection() {
    let (max_in_flight, connections) = max_in_flight_for(1000, 1, Duration::ZERO).await;
    assert_eq!((max_in_flight, connections), (1, 1));
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_postpones_every_feed_of_the_host() {
    let server = MockServer::start().await;
    let busy = Hits::default();
    Mock::given(method("GET"))
        .and(path("/busy"))
        .respond_with(Recorded {
            hits: busy.clone(),
            respond: |n| {
                if n == 0 {
                    ResponseTemplate::new(429).insert_header("Retry-After", "3")
                } else {
                    ok_feed()
                }
            },
        })
        .mount(&server)
        .await;
    let sibling = Hits::default();
    Mock::given(method("GET"))
        .and(path("/sibling"))
        .respond_with(Recorded {
            hits: sibling.clone(),
            respond: |_| ok_feed(),
        })
        .mount(&server)
        .await;
    let busy_url = format!("{}/busy", server.uri());
    let sibling_url = format!("{}/sibling", server.uri());
    let ws = Workspace::new();
    // One request at a time to the host, each feed due every second.
    ws.write_config(&config(
        FAST,
        &[(&busy_url, Some("1s")), (&sibling_url, Some("1s"))],
    ));

    let daemon = Daemon::start(&ws);
    // The sibling may win the host's one slot before the 429 or not; what
    // matters is that nothing of the host is fetched between the 429 and
    // the end of its Retry-After.
    let sibling_after_429 = || {
        let refused_at = busy.times().first().copied();
        refused_at.and_then(|r| sibling.times().into_iter().find(|t| *t > r))
    };
    let both = poll_until(500, || busy.count() >= 2 && sibling_after_429().is_some());
    let (status, log) = daemon.stop();
    assert!(both, "{log}");
    assert!(status.success(), "{status}\n{log}");
    let refused_at = busy.times()[0];
    let busy_again = busy.times()[1] - refused_at;
    let sibling_next = sibling_after_429().unwrap() - refused_at;
    assert!(
        busy_again >= Duration::from_millis(2900),
        "the 429 feed came back after {busy_again:?}\n{log}"
    );
    assert!(
        sibling_next >= Duration::from_millis(2900),
        "the other feed of the host was fetched {sibling_next:?} after the 429\n{log}"
    );
    assert_eq!(ws.integrity_check(), "ok");
    assert_eq!(
        ws.count("SELECT count(*) FROM fetch_history WHERE status = 429"),
        1
    );
}

/// Mounts `from` answering `status` with `Location: to`, and `to` with a feed.
async fn redirect(server: &MockServer, from: &str, status: u16, to: &str) -> (Hits, Hits) {
    let from_hits = Hits::default();
    let location = format!("{}{to}", server.uri());
    Mock::given(method("GET"))
        .and(path(from))
        .respond_with(Recorded {
            hits: from_hits.clone(),
            respond: move |_| {
                ResponseTemplate::new(status).insert_header("Location", location.as_str())
            },
        })
        .mount(server)
        .await;
    let to_hits = Hits::default();
    Mock::given(method("GET"))
        .and(path(to))
        .respond_with(Recorded {
            hits: to_hits.clone(),
            respond: |_| ok_feed(),
        })
        .mount(server)
        .await;
    (from_hits, to_hits)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_301_moves_the_feed_only_after_it_repeats_and_a_302_never_does() {
    let server = MockServer::start().await;
    let (old, new) = redirect(&server, "/old", 301, "/new").await;
    let (temp, temp_target) = redirect(&server, "/temp", 302, "/elsewhere").await;
    let old_url = format!("{}/old", server.uri());
    let new_url = format!("{}/new", server.uri());
    let temp_url = format!("{}/temp", server.uri());
    let ws = Workspace::new();
    ws.write_config(&config(
        "[schedule]\nredirect_threshold = 3\n[fetch]\nper_host_delay = \"0s\"\n",
        &[(&old_url, None), (&temp_url, None)],
    ));

    for round in 1..=2 {
        let summary = ws.once(&["--force"]);
        assert_eq!(summary.fetched, 2, "round {round}: {summary}");
        assert_eq!(ws.feed_column(&old_url, "moved_to"), None, "round {round}");
        assert_eq!(
            ws.count(&format!(
                "SELECT redirect_count FROM feeds WHERE url = '{old_url}'"
            )),
            round
        );
    }
    let out = ws.run(&["once", "--force"]);
    expect_success(&out, "once (third)");
    assert_eq!(
        ws.feed_column(&old_url, "moved_to").as_deref(),
        Some(new_url.as_str())
    );
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains("moved permanently") && log.contains("config"),
        "the move is logged with advice to update the config\n{log}"
    );
    assert_eq!(old.count(), 3);

    // From now on the new URL is fetched directly; the config URL stays the identity.
    ws.once(&["--force"]);
    assert_eq!(old.count(), 3, "the old URL was fetched after the move");
    assert_eq!(new.count(), 4);
    assert_eq!(
        ws.count(&format!(
            "SELECT count(*) FROM feeds WHERE url = '{old_url}'"
        )),
        1
    );
    let out = ws.run(&["feeds"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("moved to: {new_url}")),
        "{}",
        show(&out)
    );

    // The temporary redirect was followed every time and never moved its feed.
    assert_eq!((temp.count(), temp_target.count()), (4, 4));
    assert_eq!(ws.feed_column(&temp_url, "moved_to"), None);
    assert_eq!(ws.feed_column(&temp_url, "redirect_to"), None);
    assert_eq!(ws.integrity_check(), "ok");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_permanent_redirect_that_stops_repeating_does_not_move_the_feed() {
    let server = MockServer::start().await;
    let hits = Hits::default();
    let location = format!("{}/new", server.uri());
    Mock::given(method("GET"))
        .and(path("/flip"))
        .respond_with(Recorded {
            hits: hits.clone(),
            // 301, 301, then the feed itself, then 301 again.
            respond: move |n| {
                if n == 2 {
                    ok_feed()
                } else {
                    ResponseTemplate::new(301).insert_header("Location", location.as_str())
                }
            },
        })
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/new"))
        .respond_with(ok_feed())
        .mount(&server)
        .await;
    let url = format!("{}/flip", server.uri());
    let ws = Workspace::new();
    ws.write_config(&config(
        "[schedule]\nredirect_threshold = 3\n",
        &[(&url, None)],
    ));
    for _ in 0..4 {
        ws.once(&["--force"]);
    }
    assert_eq!(hits.count(), 4);
    assert_eq!(ws.feed_column(&url, "moved_to"), None);
    assert_eq!(
        ws.count(&format!(
            "SELECT redirect_count FROM feeds WHERE url = '{url}'"
        )),
        1
    );
}

/// One server on 127.0.0.1 that answers `/{host}/{n}` with a feed after a
/// short pause and records the order of arrivals.
async fn ordering_server() -> (std::net::SocketAddr, Arc<std::sync::Mutex<Vec<String>>>) {
    type Log = Arc<std::sync::Mutex<Vec<String>>>;
    async fn feed(
        State(log): State<Log>,
        Path((host, n)): Path<(String, u32)>,
    ) -> impl axum::response::IntoResponse {
        log.lock().unwrap().push(host);
        tokio::time::sleep(Duration::from_millis(5)).await;
        (
            [(axum::http::header::CONTENT_TYPE, RSS)],
            rss(&[&format!("item{n}")]),
        )
    }
    let log: Log = Arc::default();
    let app = Router::new()
        .route("/{host}/{n}", get(feed))
        .with_state(Arc::clone(&log));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, log)
}

/// A workspace whose config lists 300 feeds of one host (127.0.0.1, one
/// request at a time), then 3 of another (localhost: another host to
/// tidings, the same server): more feeds than poll tasks run at once.
fn one_busy_host_then_another(addr: std::net::SocketAddr) -> Workspace {
    let mut urls: Vec<String> = (0..300)
        .map(|n| format!("http://127.0.0.1:{}/a/{n}", addr.port()))
        .collect();
    urls.extend((0..3).map(|n| format!("http://localhost:{}/b/{n}", addr.port())));
    let feeds: Vec<(&str, Option<&str>)> = urls.iter().map(|u| (u.as_str(), Some("1h"))).collect();
    let ws = Workspace::new();
    let extra = format!("{FAST}concurrency = 1\nper_host_concurrency = 1\n");
    ws.write_config(&config(&extra, &feeds));
    ws
}

/// Every feed was polled once, and the second host's first request came
/// among the first few, not after the first host's 300.
fn assert_second_host_not_kept_waiting(log: &[String]) {
    assert_eq!(log.len(), 303);
    let first_b = log.iter().position(|host| host == "b").unwrap();
    assert!(
        first_b < 4,
        "the second host's first request came {first_b}th"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn once_does_not_keep_a_host_waiting_behind_many_feeds_of_another() {
    let (addr, log) = ordering_server().await;
    let ws = one_busy_host_then_another(addr);
    let (out, ws) = tokio::task::spawn_blocking(move || (ws.run(&["once"]), ws))
        .await
        .unwrap();
    expect_success(&out, "once");
    assert_eq!(summary_of(&out).fetched, 303);
    assert_second_host_not_kept_waiting(&log.lock().unwrap());
    assert_eq!(ws.integrity_check(), "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_polls_every_feed_beyond_its_task_window_host_by_host() {
    let (addr, log) = ordering_server().await;
    let ws = one_busy_host_then_another(addr);
    let daemon = Daemon::start(&ws);
    let polled = poll_until(1500, || log.lock().unwrap().len() >= 303);
    // Give a stray second poll time to show up before stopping.
    std::thread::sleep(Duration::from_millis(200));
    let (status, out) = daemon.stop();
    assert!(polled, "not every feed was polled\n{out}");
    assert!(status.success(), "tidings run exited with {status}\n{out}");
    assert_second_host_not_kept_waiting(&log.lock().unwrap());
    assert_eq!(
        ws.count("SELECT count(*) FROM feeds WHERE last_polled_at IS NOT NULL"),
        303
    );
    assert_eq!(ws.integrity_check(), "ok");
}
