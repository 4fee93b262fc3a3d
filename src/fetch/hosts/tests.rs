use super::*;

fn url(s: &str) -> Url {
    Url::parse(s).unwrap()
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

#[test]
fn hosts_are_grouped_by_registrable_domain() {
    let key = |s| host_key(&url(s));
    assert_eq!(
        key("https://a.example.com/feed").as_deref(),
        Some("example.com")
    );
    assert_eq!(
        key("http://b.example.com:8080/x").as_deref(),
        Some("example.com")
    );
    assert_eq!(
        key("https://EXAMPLE.com./x").as_deref(),
        Some("example.com")
    );
    assert_eq!(
        key("https://feeds.bbci.co.uk/news").as_deref(),
        Some("bbci.co.uk")
    );
    assert_ne!(key("https://a.github.io/"), key("https://b.github.io/"));
    assert_eq!(key("http://127.0.0.1:4000/f").as_deref(), Some("127.0.0.1"));
    assert_eq!(key("http://[::1]:4000/f").as_deref(), Some("::1"));
    assert_eq!(key("http://localhost:4000/f").as_deref(), Some("localhost"));
    assert_eq!(key("file:///tmp/feed.xml"), None);
}

#[tokio::test(start_paused = true)]
async fn starts_to_one_host_are_spaced_by_the_delay() {
    let polite = Arc::new(Politeness::new(8, 4, secs(2)));
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for u in [
        "https://a.example.com/1",
        "https://b.example.com/2",
        "https://example.com/3",
        "https://other.org/4",
    ] {
        let polite = Arc::clone(&polite);
        tasks.spawn(async move {
            let permit = polite.acquire(&url(u)).await.unwrap();
            let began = start.elapsed();
            tokio::time::sleep(secs(10)).await; // hold the slot a while
            drop(permit);
            (u, began)
        });
    }
    let mut starts: Vec<(&str, Duration)> = tasks.join_all().await;
    starts.sort_by_key(|(_, began)| *began);
    let example: Vec<Duration> = starts
        .iter()
        .filter(|(u, _)| u.contains("example.com"))
        .map(|(_, began)| *began)
        .collect();
    assert_eq!(example, vec![secs(0), secs(2), secs(4)]);
    let other = starts
        .iter()
        .find(|(u, _)| u.contains("other.org"))
        .unwrap();
    assert_eq!(other.1, secs(0));
}

#[tokio::test(start_paused = true)]
async fn one_slot_per_host_means_one_request_at_a_time() {
    let polite = Politeness::new(8, 1, Duration::ZERO);
    let first = polite
        .acquire(&url("https://a.example.com/1"))
        .await
        .unwrap();
    let b = url("https://b.example.com/2");
    let second = tokio::time::timeout(secs(60), polite.acquire(&b));
    assert!(
        second.await.is_err(),
        "a second slot on the same host while the first is held"
    );
    // Another host is not held up.
    polite.acquire(&url("https://other.org/")).await.unwrap();
    drop(first);
    polite
        .acquire(&url("https://b.example.com/2"))
        .await
        .unwrap();
}

#[tokio::test(start_paused = true)]
async fn the_global_limit_holds_across_hosts() {
    let polite = Politeness::new(1, 1, Duration::ZERO);
    let first = polite.acquire(&url("https://one.org/")).await.unwrap();
    let two = url("https://two.org/");
    let blocked = tokio::time::timeout(secs(60), polite.acquire(&two));
    assert!(blocked.await.is_err());
    drop(first);
    polite.acquire(&url("https://two.org/")).await.unwrap();
    polite.acquire(&url("file:///tmp/x")).await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_postponed_host_is_refused_until_its_time() {
    let polite = Politeness::new(8, 1, Duration::ZERO);
    let until = Instant::now() + secs(120);
    polite.postpone(&url("https://a.example.com/feed"), until);
    // An earlier postponement never shortens a later one.
    polite.postpone(&url("https://a.example.com/feed"), Instant::now() + secs(5));
    assert_eq!(
        polite
            .acquire(&url("https://b.example.com/x"))
            .await
            .unwrap_err(),
        Postponed { until }
    );
    assert_eq!(
        polite.postponed_until(&url("https://example.com/")),
        Some(until)
    );
    polite.acquire(&url("https://other.org/")).await.unwrap();
    tokio::time::advance(secs(120)).await;
    assert_eq!(polite.postponed_until(&url("https://example.com/")), None);
    polite
        .acquire(&url("https://b.example.com/x"))
        .await
        .unwrap();
}
