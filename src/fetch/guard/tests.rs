//! The address classification and URL checks, without any network traffic:
//! nothing here connects anywhere.

use super::*;

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

const DENY: NetworkPolicy = NetworkPolicy {
    allow_private_networks: false,
    allow_files: true,
};

#[test]
fn non_public_ipv4_ranges_are_refused() {
    for (addr, range) in [
        ("127.0.0.1", "loopback"),
        ("127.255.0.9", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.254", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("100.127.255.254", "carrier-grade NAT"),
        ("0.0.0.0", "unspecified"),
        ("0.1.2.3", "this network"),
        ("255.255.255.255", "broadcast"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("192.0.2.10", "documentation"),
        ("198.51.100.10", "documentation"),
        ("203.0.113.10", "documentation"),
        ("198.18.0.1", "benchmarking"),
        ("192.0.0.8", "IETF"),
        ("240.0.0.1", "reserved"),
    ] {
        let found = forbidden_range(ip(addr));
        assert!(
            found.is_some_and(|name| name.contains(range)),
            "{addr}: {found:?}, want {range}"
        );
    }
}

#[test]
fn non_public_ipv6_ranges_are_refused() {
    for (addr, range) in [
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fc00::1", "unique-local"),
        ("fd12:3456::1", "unique-local"),
        ("fe80::1", "link-local"),
        ("fec0::1", "site-local"),
        ("ff02::1", "multicast"),
        ("2001:db8::1", "documentation"),
        ("3fff::1", "documentation"),
        ("100::1", "discard"),
        ("2001:0:4136:e378::1", "Teredo"),
        ("64:ff9b:1::a", "NAT64"),
        // IPv4 inside IPv6 is judged as the IPv4 address it carries.
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "link-local"),
        ("::ffff:10.0.0.1", "private"),
        ("::127.0.0.1", "loopback"),
        ("::10.0.0.1", "private"),
        ("64:ff9b::10.0.0.1", "private"),
        ("64:ff9b::a9fe:a9fe", "link-local"),
        ("2002:7f00:1::1", "loopback"),
        ("2002:a00:1::1", "private"),
        ("2002:c0a8:101::1", "private"),
    ] {
        let found = forbidden_range(ip(addr));
        assert!(
            found.is_some_and(|name| name.contains(range)),
            "{addr}: {found:?}, want {range}"
        );
    }
}

#[test]
fn public_addresses_pass() {
    for addr in [
        "1.1.1.1",
        "8.8.8.8",
        "93.184.216.34",
        "172.32.0.1",
        "100.128.0.1",
        "169.255.0.1",
        "2606:4700:4700::1111",
        "2a00:1450:4001:82a::200e",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
        "2002:808:808::1",
    ] {
        assert_eq!(forbidden_range(ip(addr)), None, "{addr}");
    }
}

#[test]
fn ip_literal_urls_are_checked_by_address() {
    for url in [
        "http://127.0.0.1:8080/feed",
        "http://169.254.169.254/latest/meta-data/",
        "https://[::1]/feed",
        "http://[::ffff:7f00:1]/",
        "http://10.0.0.1/",
        "http://0x7f000001/", // the URL parser reads hex and octal IPv4 forms
        "http://2130706433/",
        "http://0177.0.0.1/",
    ] {
        let url = Url::parse(url).unwrap();
        let err = check_url(&url, DENY, false).expect_err(url.as_str());
        assert!(
            err.to_string().contains(ALLOW_PRIVATE_KEY),
            "{url}: the refusal names the key: {err}"
        );
    }
    let public = Url::parse("http://93.184.216.34/feed").unwrap();
    assert_eq!(check_url(&public, DENY, true), Ok(()));
}

#[test]
fn allow_private_networks_lets_every_address_through() {
    let allow = NetworkPolicy {
        allow_private_networks: true,
        allow_files: false,
    };
    let url = Url::parse("http://127.0.0.1:8080/feed").unwrap();
    assert_eq!(check_url(&url, allow, false), Ok(()));
    assert_eq!(check_url(&url, allow, true), Ok(()));
}

#[test]
fn host_names_are_left_to_the_resolver() {
    let url = Url::parse("https://localhost/feed").unwrap();
    assert_eq!(check_url(&url, DENY, false), Ok(()));
}

#[test]
fn only_http_https_and_configured_files_are_fetched() {
    let file = Url::parse("file:///etc/passwd").unwrap();
    assert_eq!(check_url(&file, DENY, false), Ok(()));
    assert!(
        matches!(check_url(&file, DENY, true), Err(Blocked::Scheme { .. })),
        "a redirect never leads to a file"
    );
    let no_files = NetworkPolicy {
        allow_private_networks: true,
        allow_files: false,
    };
    assert!(matches!(
        check_url(&file, no_files, false),
        Err(Blocked::Scheme { .. })
    ));
    for other in [
        "ftp://example.com/feed",
        "gopher://example.com/",
        "data:text/xml,<rss/>",
    ] {
        let url = Url::parse(other).unwrap();
        assert!(
            matches!(check_url(&url, DENY, false), Err(Blocked::Scheme { .. })),
            "{other}"
        );
    }
}

#[test]
fn resolved_addresses_are_filtered_not_just_the_first() {
    let addr = |s: &str| SocketAddr::new(ip(s), 0);
    let mixed = [addr("10.0.0.1"), addr("93.184.216.34"), addr("::1")];
    let (kept, refused) = filter_addrs(&mixed, false);
    assert_eq!(kept, vec![addr("93.184.216.34")]);
    assert_eq!(refused, Some((ip("10.0.0.1"), "private (RFC 1918)")));

    let inward = [addr("127.0.0.1"), addr("::1")];
    let (kept, refused) = filter_addrs(&inward, false);
    assert!(kept.is_empty());
    assert_eq!(refused.map(|r| r.0), Some(ip("127.0.0.1")));

    let (kept, refused) = filter_addrs(&inward, true);
    assert_eq!(kept.len(), 2);
    assert_eq!(refused, None);
}

#[tokio::test]
async fn the_resolver_refuses_localhost_unless_allowed() {
    let name: Name = "localhost".parse().unwrap();
    let err = match (GuardedResolver {
        allow_private_networks: false,
    })
    .resolve(name)
    .await
    {
        Ok(_) => panic!("localhost resolved to an allowed address"),
        Err(err) => err,
    };
    let blocked = err.downcast_ref::<Blocked>().expect("a Blocked error");
    assert!(matches!(blocked, Blocked::Resolved { .. }), "{blocked}");

    let name: Name = "localhost".parse().unwrap();
    let addrs: Vec<SocketAddr> = (GuardedResolver {
        allow_private_networks: true,
    })
    .resolve(name)
    .await
    .expect("localhost resolves")
    .collect();
    assert!(addrs.iter().all(|a| a.ip().is_loopback()), "{addrs:?}");
}
