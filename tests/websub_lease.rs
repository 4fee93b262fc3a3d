//! Lease renewal timing with paused tokio time: the WebSub service asks
//! the hub again a tenth of the lease before it ends, not sooner; when the
//! renewal is never verified the lease runs out, the subscription fails
//! and the feed goes back to normal polling (it is handed to the daemon to
//! poll at once). The hub is a raw HTTP server on 127.0.0.1 in the test.
//!
//! The service reads the time from tokio's clock here. Waits for real
//! I/O go through `spawn_blocking`, which keeps the paused clock from
//! jumping while the service talks to the database and the hub.

use std::sync::mpsc as std_mpsc;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tidings::config::Config;
use tidings::store::{Store, SubState, Writer};
use tidings::websub::hub::HubClient;
use tidings::websub::service::Service;
use tidings::websub::Handle;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// A hub that answers every request 202 and sends each request's body,
/// with the (paused) time it arrived since `start`, to `seen`.
async fn raw_hub(start: Instant, seen: std_mpsc::Sender<(Duration, String)>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Headers, then as much body as Content-Length says (bounded).
                for _ in 0..64 {
                    let Ok(n) = socket.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buf).to_string();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text[..end]
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if buf.len() >= end + 4 + length {
                            let _ = seen.send((start.elapsed(), text[end + 4..].to_string()));
                            break;
                        }
                    }
                }
                let _ = socket
                    .write_all(
                        b"HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                    )
                    .await;
            });
        }
    });
    format!("http://{addr}/hub")
}

/// Waits in real time (the paused clock held still) for the hub's next request.
async fn next_request(
    seen: &Arc<std::sync::Mutex<std_mpsc::Receiver<(Duration, String)>>>,
) -> Option<(Duration, String)> {
    let seen = Arc::clone(seen);
    tokio::task::spawn_blocking(move || {
        seen.lock()
            .unwrap()
            .recv_timeout(Duration::from_secs(10))
            .ok()
    })
    .await
    .unwrap()
}

#[tokio::test(start_paused = true)]
async fn a_lease_is_renewed_a_tenth_before_its_end_and_an_unverified_renewal_falls_back() {
    let start = Instant::now();
    let wall0 = Utc::now();
    let clock_start = start;
    let clock: tidings::websub::service::Clock =
        Arc::new(move || wall0 + chrono::Duration::from_std(clock_start.elapsed()).unwrap());
    let (seen_tx, seen_rx) = std_mpsc::channel();
    let seen = Arc::new(std::sync::Mutex::new(seen_rx));
    let hub = raw_hub(start, seen_tx).await;

    let dir = tempfile::tempdir().unwrap();
    let toml = String::from(
        "database = \"t.db\"\n[fetch]\nallow_private_networks = true\ntimeout = \"1day\"\n\
         [websub]\ncallback_base = \"https://t.example/websub\"\nlisten = \"127.0.0.1:1\"\n\
         poll_interval = \"6h\"\n[[feeds]]\nurl = \"https://a.example/feed\"\n",
    );
    let config = Config::parse(&toml, &dir.path().join("t.toml")).unwrap();
    let mut store = Store::open(&config.database).unwrap();
    store.sync_feeds(&config.feeds, wall0).unwrap();
    let feed = store.feeds().unwrap()[0].id;
    store
        .websub_note_hub(feed, &hub, "https://a.example/feed")
        .unwrap();
    let mut sub = store.websub_subscriptions().unwrap().remove(0);
    let asked: DateTime<Utc> = clock();
    sub.state = SubState::Live;
    sub.token = Some("token".into());
    sub.secret = Some("secret".into());
    sub.requested_at = Some(asked);
    sub.lease_until = Some(asked + chrono::Duration::seconds(1000));
    sub.lease_secs = Some(1000);
    store.websub_save(&sub).unwrap();
    let (writer, thread) = Writer::spawn(store);

    let (poll_tx, mut poll_rx) = tokio::sync::mpsc::unbounded_channel();
    let websub = config.websub.clone().unwrap();
    let handle = Handle::new(writer.clone(), websub.poll_interval, poll_tx);
    let service = Service {
        config: websub,
        handle: handle.clone(),
        hub: HubClient::new(&config.fetch).unwrap(),
        clock: clock.clone(),
    };
    let stop = CancellationToken::new();
    let task = tokio::spawn(service.run(stop.clone()));
    // Let its first look happen with the clock held still (real time).
    tokio::task::spawn_blocking(|| std::thread::sleep(Duration::from_millis(300)))
        .await
        .unwrap();

    // Well before the renewal point: nothing asked, and the feed's polls
    // are spaced out to the poll interval while the subscription is live.
    tokio::time::sleep(Duration::from_secs(899)).await;
    let early = seen.lock().unwrap().try_recv();
    assert!(early.is_err(), "asked the hub too early: {early:?}");
    let now = clock();
    assert_eq!(
        handle.next_due(feed, now, now + chrono::Duration::minutes(10)),
        now + chrono::Duration::hours(6)
    );

    // At 900 s of a 1000 s lease the service renews, with the same callback.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (at, body) = next_request(&seen).await.expect("no renewal request");
    assert!(
        at >= Duration::from_secs(900) && at < Duration::from_secs(1000),
        "renewed at {at:?}"
    );
    let form: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(body.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    assert_eq!(form["hub.mode"], "subscribe");
    assert_eq!(form["hub.callback"], "https://t.example/websub/token");
    assert_eq!(form["hub.secret"], "secret");

    // The hub never verifies: at the lease's end the subscription fails
    // and the feed is handed back to be polled at once.
    tokio::time::sleep(Duration::from_secs(100)).await;
    let mut fell_back = None;
    for _ in 0..250 {
        if let Ok(id) = poll_rx.try_recv() {
            fell_back = Some(id);
            break;
        }
        tokio::task::spawn_blocking(|| std::thread::sleep(Duration::from_millis(20)))
            .await
            .unwrap();
    }
    assert_eq!(
        fell_back,
        Some(feed),
        "the feed was not handed back to polling"
    );
    let subs = writer.call(|s| s.websub_subscriptions()).await.unwrap();
    assert_eq!(subs[0].state, SubState::Failed);
    assert!(subs[0].retry_at.is_some() && subs[0].last_error.is_some());
    let now = clock();
    let planned = now + chrono::Duration::minutes(10);
    assert_eq!(
        handle.next_due(feed, now, planned),
        planned,
        "normal polling again"
    );
    // No second renewal was sent while waiting for the first.
    assert!(seen.lock().unwrap().try_recv().is_err());

    stop.cancel();
    task.await.unwrap();
    drop((handle, writer));
    tokio::task::spawn_blocking(move || thread.join())
        .await
        .unwrap();
}
