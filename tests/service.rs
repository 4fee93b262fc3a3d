//! `tidings run` as a service: the Prometheus endpoint (scraped and parsed
//! as Prometheus text), `/healthz`, and the systemd notifications (READY,
//! WATCHDOG, STOPPING) sent to a notify socket the test listens on.

mod common;

use std::os::unix::net::UnixDatagram;
use std::time::Duration;

use common::daemon::{config, ok_feed, Daemon, FAST};
use common::*;
use prometheus_parse::{Sample, Scrape, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The address the daemon logged for its metrics listener.
fn listen_address(log: &str) -> Option<String> {
    let line = log.lines().find(|l| l.contains("serving /metrics"))?;
    let start = line.find("listen=")? + "listen=".len();
    Some(line[start..].split_whitespace().next()?.to_string())
}

fn sample<'a>(scrape: &'a Scrape, name: &str, labels: &[(&str, &str)]) -> Option<&'a Sample> {
    scrape.samples.iter().find(|s| {
        s.metric == name
            && labels
                .iter()
                .all(|(k, v)| s.labels.get(k).is_some_and(|l| l == *v))
    })
}

fn number(sample: Option<&Sample>) -> f64 {
    match sample.map(|s| &s.value) {
        Some(Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v)) => *v,
        other => panic!("not a number: {other:?}"),
    }
}

async fn scrape(client: &reqwest::Client, url: &str) -> Scrape {
    let body = client.get(url).send().await.unwrap().text().await.unwrap();
    let lines = body.lines().map(|l| Ok(l.to_string()));
    Scrape::parse(lines).unwrap_or_else(|e| panic!("not Prometheus text: {e}\n{body}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_endpoint_serves_prometheus_text_and_healthz() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/feed"))
        .respond_with(ok_feed())
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/broken"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let ok_url = format!("{}/feed", server.uri());
    let broken_url = format!("{}/broken", server.uri());
    let ws = Workspace::new();
    let extra = format!("{FAST}[metrics]\nlisten = \"127.0.0.1:0\"\n");
    ws.write_config(&config(
        &extra,
        &[(&ok_url, Some("1h")), (&broken_url, Some("1h"))],
    ));

    let daemon = Daemon::start(&ws);
    let listening = daemon.wait_for_log("serving /metrics", 500);
    let addr = listen_address(&daemon.log());
    let polled = poll_until(500, || {
        ws.db_path().exists() && ws.count("SELECT count(*) FROM fetch_history") == 2
    });
    assert!(listening && polled, "{}", daemon.log());
    let addr = addr.expect("the listen address is logged");
    let client = reqwest::Client::new();
    // Metrics are recorded just after each poll is stored, and the feeds gauge
    // after its task ends: scrape until both polls and both states show.
    let settled = |m: &Scrape| {
        let has = |name, labels: &[(&str, &str)]| {
            sample(m, name, labels)
                .is_some_and(|s| matches!(s.value, Value::Counter(v) | Value::Gauge(v) if v == 1.0))
        };
        has("tidings_polls_total", &[("outcome", "fetched")])
            && has("tidings_polls_total", &[("outcome", "failed")])
            && has("tidings_feeds", &[("state", "ok")])
            && has("tidings_feeds", &[("state", "failing")])
    };
    let mut metrics = scrape(&client, &format!("http://{addr}/metrics")).await;
    for _ in 0..100 {
        if settled(&metrics) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        metrics = scrape(&client, &format!("http://{addr}/metrics")).await;
    }
    let health = client
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .unwrap();
    let health_status = health.status().as_u16();
    let health_body = health.text().await.unwrap();
    let (status, log) = daemon.stop();
    assert!(status.success(), "{status}\n{log}");

    let polls = |outcome, class| {
        number(sample(
            &metrics,
            "tidings_polls_total",
            &[("outcome", outcome), ("status_class", class)],
        ))
    };
    assert_eq!(polls("fetched", "2xx"), 1.0);
    assert_eq!(polls("failed", "5xx"), 1.0);
    assert_eq!(
        number(sample(
            &metrics,
            "tidings_articles_total",
            &[("change", "new")]
        )),
        2.0
    );
    assert!(number(sample(&metrics, "tidings_fetched_bytes_total", &[])) > 0.0);
    assert_eq!(
        number(sample(&metrics, "tidings_feeds", &[("state", "ok")])),
        1.0
    );
    assert_eq!(
        number(sample(&metrics, "tidings_feeds", &[("state", "failing")])),
        1.0
    );
    for histogram in [
        "tidings_fetch_duration_seconds",
        "tidings_scheduler_lag_seconds",
    ] {
        match sample(&metrics, histogram, &[]).map(|s| &s.value) {
            Some(Value::Histogram(buckets)) => {
                let total = buckets.last().map(|b| b.count).unwrap_or_default();
                assert_eq!(total, 2.0, "{histogram}: {buckets:?}");
            }
            other => panic!("{histogram} is not a histogram: {other:?}"),
        }
    }
    assert_eq!((health_status, health_body.trim()), (200, "ok"));
}

#[test]
fn run_tells_systemd_ready_then_pings_the_watchdog_then_stopping() {
    let ws = Workspace::new();
    let sample = ws.write_file("sample.xml", &fixture("rss20_sample.xml"));
    ws.write_config(&config(FAST, &[(sample.to_str().unwrap(), Some("1h"))]));
    let socket_path = ws.path().join("notify.sock");
    let socket = UnixDatagram::bind(&socket_path).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let daemon = Daemon::start_with(
        &ws,
        &[
            ("NOTIFY_SOCKET", socket_path.to_str().unwrap()),
            // 400 ms: a ping at least every 200 ms.
            ("WATCHDOG_USEC", "400000"),
        ],
    );
    let mut messages: Vec<String> = Vec::new();
    let mut buf = [0u8; 4096];
    let read = |messages: &mut Vec<String>, buf: &mut [u8]| match socket.recv(buf) {
        Ok(n) => messages.push(String::from_utf8_lossy(&buf[..n]).into_owned()),
        Err(e) => panic!("no notification within 10 s ({e}); got {messages:?}"),
    };
    // READY, then at least three watchdog pings.
    while messages.iter().filter(|m| m.contains("WATCHDOG=1")).count() < 3 {
        read(&mut messages, &mut buf);
        assert!(messages.len() < 200, "{messages:?}");
    }
    daemon.signal(nix::sys::signal::Signal::SIGTERM);
    while !messages.iter().any(|m| m.contains("STOPPING=1")) {
        read(&mut messages, &mut buf);
        assert!(messages.len() < 400, "{messages:?}");
    }
    let mut daemon = daemon;
    let (status, log) = daemon.wait(750);
    assert!(status.success(), "{status}\n{log}");
    let ready = messages
        .iter()
        .position(|m| m.lines().any(|l| l == "READY=1"))
        .expect("READY=1 was sent");
    let first_ping = messages
        .iter()
        .position(|m| m.contains("WATCHDOG=1"))
        .unwrap();
    assert!(ready < first_ping, "{messages:?}");
    assert!(ws.count("SELECT count(*) FROM articles") > 0);
}
