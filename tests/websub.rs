//! The WebSub subscriber of `tidings run`, as a real process against a hub
//! written here (wiremock on 127.0.0.1 taking the subscribe requests; the
//! test itself plays the hub's verifications and pushes on the callback).
//!
//! One scenario, in order: a poll finds the hub and tidings subscribes;
//! a verification it did not ask for is refused and the real one answered;
//! a signed fat ping is stored with no poll of the feed; a badly signed
//! one is rejected (nothing stored, a metric, a log line); a thin ping
//! polls the feed; a short lease is renewed; a feed removed from the
//! config is unsubscribed on SIGHUP. Every wait is bounded.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use common::daemon::{config, rss, Daemon, Hits, Recorded, FAST, RSS};
use common::*;
use nix::sys::signal::Signal;
use tidings::websub::signature::sign_sha256;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The hub's side: every subscribe / unsubscribe form it received.
#[derive(Clone, Default)]
struct HubLog(Arc<Mutex<Vec<HashMap<String, String>>>>);

impl Respond for HubLog {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let form = url::form_urlencoded::parse(&request.body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        self.0.lock().unwrap().push(form);
        ResponseTemplate::new(202)
    }
}

impl HubLog {
    fn requests(&self) -> Vec<HashMap<String, String>> {
        self.0.lock().unwrap().clone()
    }
    fn wait_for(&self, n: usize) -> bool {
        poll_until(500, || self.requests().len() >= n)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The test RSS of `titles`, announcing `hub` and its `self` URL `topic`.
fn feed_body(hub: &str, topic: &str, titles: &[&str]) -> Vec<u8> {
    String::from_utf8(rss(titles))
        .unwrap()
        .replacen(
            "<rss version=\"2.0\">",
            "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">",
            1,
        )
        .replacen(
            "<channel>",
            &format!(
                "<channel><atom:link rel=\"hub\" href=\"{hub}\"/>\
                 <atom:link rel=\"self\" href=\"{topic}\"/>"
            ),
            1,
        )
        .into_bytes()
}

fn titled(ws: &Workspace, title: &str) -> i64 {
    ws.count(&format!(
        "SELECT count(*) FROM articles WHERE title = '{title}'"
    ))
}

async fn push(
    client: &reqwest::Client,
    callback: &str,
    body: Vec<u8>,
    signature: Option<String>,
) -> u16 {
    let mut request = client.post(callback).header("content-type", RSS).body(body);
    if let Some(signature) = signature {
        request = request.header("x-hub-signature", signature);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test(flavor = "multi_thread")]
async fn subscribes_verifies_takes_pushes_renews_and_unsubscribes() {
    let hub_server = MockServer::start().await;
    let hub_log = HubLog::default();
    Mock::given(method("POST"))
        .and(path("/hub"))
        .respond_with(hub_log.clone())
        .mount(&hub_server)
        .await;
    let hub = format!("{}/hub", hub_server.uri());

    let feeds = MockServer::start().await;
    let topic = format!("{}/feed", feeds.uri());
    let hits = Hits::default();
    let body = feed_body(&hub, &topic, &["one"]);
    Mock::given(method("GET"))
        .and(path("/feed"))
        .respond_with(Recorded {
            hits: hits.clone(),
            respond: move |_| ResponseTemplate::new(200).set_body_raw(body.clone(), RSS),
        })
        .mount(&feeds)
        .await;

    let (port, metrics_port) = (free_port(), free_port());
    let base = format!("http://127.0.0.1:{port}/websub");
    let extra = format!(
        "{FAST}\n[websub]\ncallback_base = \"{base}\"\nlisten = \"127.0.0.1:{port}\"\n\
         poll_interval = \"1h\"\n\n[metrics]\nlisten = \"127.0.0.1:{metrics_port}\"\n"
    );
    let ws = Workspace::new();
    ws.write_config(&config(&extra, &[(&topic, Some("1h"))]));
    let daemon = Daemon::start(&ws);
    let client = reqwest::Client::new();

    // The first poll finds the hub; tidings asks it.
    assert!(
        hub_log.wait_for(1),
        "no subscribe request\n{}",
        daemon.log()
    );
    let asked = hub_log.requests().remove(0);
    assert_eq!(asked["hub.mode"], "subscribe");
    assert_eq!(asked["hub.topic"], topic);
    let callback = asked["hub.callback"].clone();
    let secret = asked["hub.secret"].clone();
    assert!(callback.starts_with(&format!("{base}/")), "{callback}");
    assert!(secret.len() >= 32, "a random secret: {secret}");
    assert!(asked["hub.lease_seconds"].parse::<u64>().unwrap() > 0);

    // Verifications tidings did not ask for: another token, another topic.
    let verify = |url: &str, topic: &str, mode: &str, lease: u32| {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("hub.mode", mode)
            .append_pair("hub.topic", topic)
            .append_pair("hub.challenge", "chal-42")
            .append_pair("hub.lease_seconds", &lease.to_string())
            .finish();
        client.get(format!("{url}?{query}")).send()
    };
    let forged = verify(&format!("{base}/not-a-token"), &topic, "subscribe", 3600)
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 404);
    let other = verify(&callback, "https://evil.example/feed", "subscribe", 3600)
        .await
        .unwrap();
    assert_eq!(other.status().as_u16(), 404);
    let unasked = verify(&callback, &topic, "unsubscribe", 3600)
        .await
        .unwrap();
    assert_eq!(unasked.status().as_u16(), 404);
    // The real one: the challenge is echoed.
    let real = verify(&callback, &topic, "subscribe", 3600).await.unwrap();
    assert_eq!(real.status().as_u16(), 200);
    assert_eq!(real.text().await.unwrap(), "chal-42");
    assert_eq!(
        ws.count("SELECT count(*) FROM websub WHERE state = 'live' AND lease_until IS NOT NULL"),
        1
    );
    let polls = hits.count();
    assert_eq!(polls, 1);

    // A signed fat ping: stored within a second, and the feed not polled.
    let fat = feed_body(&hub, &topic, &["one", "pushed"]);
    let signature = sign_sha256(secret.as_bytes(), &fat);
    assert_eq!(push(&client, &callback, fat, Some(signature)).await, 202);
    assert!(
        poll_until(50, || titled(&ws, "pushed") == 1),
        "fat ping not stored within a second\n{}",
        daemon.log()
    );
    assert_eq!(hits.count(), polls, "a fat ping must not poll the feed");

    // Badly signed and unsigned pings: rejected, nothing stored, counted, logged.
    let forged_body = feed_body(&hub, &topic, &["forged"]);
    let bad = format!("sha256={}", "0".repeat(64));
    assert_eq!(
        push(&client, &callback, forged_body.clone(), Some(bad)).await,
        202
    );
    assert_eq!(push(&client, &callback, forged_body, None).await, 202);
    assert!(
        daemon.wait_for_log("push rejected, not stored", 250),
        "{}",
        daemon.log()
    );
    let metrics = client
        .get(format!("http://127.0.0.1:{metrics_port}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("tidings_websub_pushes_total{result=\"rejected\"} 2"),
        "{metrics}"
    );
    assert!(
        metrics.contains("tidings_websub_pushes_total{result=\"fat\"} 1"),
        "{metrics}"
    );
    assert_eq!(titled(&ws, "forged"), 0);

    // A thin ping (signed, empty): the feed is polled at once.
    let signature = sign_sha256(secret.as_bytes(), b"");
    assert_eq!(
        push(&client, &callback, Vec::new(), Some(signature)).await,
        202
    );
    assert!(
        hits.wait_for(polls + 1, 250),
        "thin ping did not poll\n{}",
        daemon.log()
    );

    // `tidings feeds` shows the subscription.
    let out = ws.run(&["feeds"]);
    let shown = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        shown.contains(&format!("websub: live via {hub}")),
        "{shown}"
    );
    assert!(
        shown.contains("lease until") && shown.contains("last push"),
        "{shown}"
    );

    // The hub grants a short lease: tidings renews it before it ends.
    let short = verify(&callback, &topic, "subscribe", 2).await.unwrap();
    assert_eq!(short.status().as_u16(), 200);
    assert!(hub_log.wait_for(2), "lease not renewed\n{}", daemon.log());
    let renewal = hub_log.requests().remove(1);
    assert_eq!(renewal["hub.mode"], "subscribe");
    assert_eq!(
        renewal["hub.callback"], callback,
        "a renewal keeps its callback"
    );
    let renewed = verify(&callback, &topic, "subscribe", 3600).await.unwrap();
    assert_eq!(renewed.status().as_u16(), 200);

    // The feed leaves the config: on SIGHUP tidings unsubscribes.
    ws.write_config(&config(&extra, &[]));
    daemon.signal(Signal::SIGHUP);
    assert!(
        poll_until(500, || hub_log
            .requests()
            .iter()
            .any(|r| r["hub.mode"] == "unsubscribe")),
        "no unsubscribe\n{}",
        daemon.log()
    );
    let confirm = verify(&callback, &topic, "unsubscribe", 0).await.unwrap();
    assert_eq!(confirm.status().as_u16(), 200);
    assert_eq!(confirm.text().await.unwrap(), "chal-42");
    assert_eq!(ws.count("SELECT count(*) FROM websub"), 0);
    // A push after that is refused.
    let late = feed_body(&hub, &topic, &["late"]);
    let signature = sign_sha256(secret.as_bytes(), &late);
    assert_eq!(push(&client, &callback, late, Some(signature)).await, 410);

    let (status, log) = daemon.stop();
    assert!(status.success(), "{log}");
    assert_eq!(ws.integrity_check(), "ok");
}
