//! Network safety: which URLs and addresses a feed may make tidings fetch.
//!
//! Feeds come from strangers, and so do their redirects. Without a guard, a
//! feed that redirects to `http://169.254.169.254/latest/meta-data/` (a cloud
//! metadata service) or `http://127.0.0.1:8080/admin` would make tidings read
//! the operator's internal network and store the answer in its database.
//!
//! Unless `fetch.allow_private_networks` is on, this module refuses:
//! - every address in a range that is not the public internet (see
//!   [`forbidden_range`]: loopback, private, link-local, CGNAT, unique-local,
//!   multicast, unspecified, broadcast, documentation and other reserved
//!   ranges, IPv4 and IPv6, with IPv4 addresses embedded in IPv6 ones
//!   (v4-mapped, v4-compatible, NAT64, 6to4) judged as the IPv4 they carry);
//! - **after DNS resolution**: [`GuardedResolver`] is the HTTP client's
//!   resolver, so a public-looking name that resolves to `10.0.0.5` is
//!   refused, on the first request and on every redirect hop (each hop to a
//!   new host resolves again);
//! - URLs whose host is an IP literal, which the HTTP client never resolves:
//!   [`check_url`] runs before each request and on each redirect hop (the
//!   fetcher follows redirects itself, hop by hop: see `Fetcher::follow`).
//!
//! Schemes: only `http` and `https` are fetched over the network; `file` only
//! for feeds the operator configured (when `fetch.allow_files` is on), never
//! as a redirect target.
//!
//! The address ranges are written out below as CIDR prefixes parsed by the
//! `ipnet` crate, next to what `std` already classifies, because `std`'s
//! `is_global` is still unstable; each prefix names its RFC.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::LazyLock;

use ipnet::{Ipv4Net, Ipv6Net};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// The config key that lifts the address checks, named in every refusal.
pub const ALLOW_PRIVATE_KEY: &str = "fetch.allow_private_networks";

/// A URL or address the network policy refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Blocked {
    /// The address is in a range that is not the public internet.
    #[error(
        "{}a {range} address: refused (set {ALLOW_PRIVATE_KEY} = true to allow it)",
        if host.trim_matches(['[', ']']) == ip.to_string() { format!("{ip} is ") } else { format!("{host} is {ip}, ") }
    )]
    Address {
        /// The host as written in the URL.
        host: String,
        /// The address it is or resolved to.
        ip: IpAddr,
        /// Which range it falls in.
        range: &'static str,
    },
    /// Every address a name resolved to was refused (the first one is named).
    #[error("{host} resolves only to addresses that are not public ({first}, a {range} address): refused (set {ALLOW_PRIVATE_KEY} = true to allow it)")]
    Resolved {
        /// The host name.
        host: String,
        /// The first refused address.
        first: IpAddr,
        /// Its range.
        range: &'static str,
    },
    /// A scheme tidings does not fetch (here: on a redirect, or not at all).
    #[error("the URL scheme {scheme:?} is not allowed here (only http and https{})", if *.files { ", and file for configured feeds" } else { "" })]
    Scheme {
        /// The refused scheme.
        scheme: String,
        /// Whether `file` would have been allowed for a configured feed.
        files: bool,
    },
}

/// What the operator allows: the `fetch.allow_*` keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkPolicy {
    /// Allow loopback, private, link-local and other non-public addresses.
    pub allow_private_networks: bool,
    /// Allow `file://` feeds from the config.
    pub allow_files: bool,
}

/// Checks a URL before it is requested, or when a redirect leads to it.
///
/// `redirect` is true for a redirect target: those are only ever `http` or
/// `https`, whatever the policy says about files. For an IP-literal host the
/// address itself is checked; host names are checked later, by
/// [`GuardedResolver`], on the addresses they resolve to.
pub fn check_url(url: &Url, policy: NetworkPolicy, redirect: bool) -> Result<(), Blocked> {
    match url.scheme() {
        "http" | "https" => {}
        "file" if policy.allow_files && !redirect => return Ok(()),
        other => {
            return Err(Blocked::Scheme {
                scheme: other.to_string(),
                files: policy.allow_files,
            })
        }
    }
    if policy.allow_private_networks {
        return Ok(());
    }
    let ip = match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip),
        Some(Host::Domain(_)) | None => return Ok(()),
    };
    match forbidden_range(ip) {
        Some(range) => Err(Blocked::Address {
            host: url.host_str().unwrap_or_default().to_string(),
            ip,
            range,
        }),
        None => Ok(()),
    }
}

/// The name of the non-public range `ip` is in, or `None` for a public
/// (globally routable unicast) address.
pub fn forbidden_range(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(ip) => forbidden_v4(ip),
        IpAddr::V6(ip) => forbidden_v6(ip),
    }
}

/// IPv4 ranges that are not the public internet, beyond what `std` names.
static V4_RANGES: LazyLock<Vec<(Ipv4Net, &'static str)>> = LazyLock::new(|| {
    [
        ("0.0.0.0/8", "\"this network\" (RFC 791)"),
        ("100.64.0.0/10", "carrier-grade NAT (RFC 6598)"),
        ("192.0.0.0/24", "IETF protocol assignment (RFC 6890)"),
        ("198.18.0.0/15", "benchmarking (RFC 2544)"),
        ("240.0.0.0/4", "reserved (RFC 1112)"),
    ]
    .into_iter()
    .map(|(net, name)| (net.parse().expect("valid CIDR"), name))
    .collect()
});

/// IPv6 ranges that are not the public internet, beyond what `std` names.
static V6_RANGES: LazyLock<Vec<(Ipv6Net, &'static str)>> = LazyLock::new(|| {
    [
        ("100::/64", "discard-only (RFC 6666)"),
        ("2001::/32", "Teredo tunnel (RFC 4380)"),
        ("2001:db8::/32", "documentation (RFC 3849)"),
        ("3fff::/20", "documentation (RFC 9637)"),
        ("64:ff9b:1::/48", "local-use NAT64 (RFC 8215)"),
        ("fec0::/10", "site-local (RFC 3879)"),
    ]
    .into_iter()
    .map(|(net, name)| (net.parse().expect("valid CIDR"), name))
    .collect()
});

fn forbidden_v4(ip: Ipv4Addr) -> Option<&'static str> {
    if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_private() {
        Some("private (RFC 1918)")
    } else if ip.is_link_local() {
        Some("link-local")
    } else if ip.is_broadcast() {
        Some("broadcast")
    } else if ip.is_multicast() {
        Some("multicast")
    } else if ip.is_documentation() {
        Some("documentation (RFC 5737)")
    } else if ip.is_unspecified() {
        Some("unspecified")
    } else {
        V4_RANGES
            .iter()
            .find(|(net, _)| net.contains(&ip))
            .map(|(_, name)| *name)
    }
}

fn forbidden_v6(ip: Ipv6Addr) -> Option<&'static str> {
    if ip.is_loopback() {
        return Some("loopback");
    }
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if let Some(v4) = embedded_v4(ip) {
        return forbidden_v4(v4);
    }
    if ip.is_multicast() {
        Some("multicast")
    } else if ip.is_unique_local() {
        Some("unique-local (RFC 4193)")
    } else if ip.is_unicast_link_local() {
        Some("link-local")
    } else {
        V6_RANGES
            .iter()
            .find(|(net, _)| net.contains(&ip))
            .map(|(_, name)| *name)
    }
}

/// The IPv4 address an IPv6 address carries and stands for: v4-mapped
/// (`::ffff:a.b.c.d`), v4-compatible (`::a.b.c.d`, deprecated), NAT64
/// (`64:ff9b::a.b.c.d`) and 6to4 (`2002:AABB:CCDD::/48`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = ip.segments();
    let low = |a: u16, b: u16| Ipv4Addr::new((a >> 8) as u8, a as u8, (b >> 8) as u8, b as u8);
    match s {
        [0, 0, 0, 0, 0, 0, _, _] => Some(low(s[6], s[7])),
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(low(s[6], s[7])),
        [0x2002, _, _, ..] => Some(low(s[1], s[2])),
        _ => None,
    }
}

/// The HTTP client's DNS resolver: the system resolver (through tokio's
/// `lookup_host`, i.e. `getaddrinfo`), with every non-public address removed
/// unless the policy allows them. A name left with no address fails with
/// [`Blocked::Resolved`]; a name with some public addresses connects only to
/// those, so a DNS answer mixing public and private addresses cannot steer a
/// connection inward.
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    /// Whether non-public addresses are kept.
    pub allow_private_networks: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow = self.allow_private_networks;
        let host = name.as_str().to_string();
        Box::pin(async move {
            // Port 0: the client puts the URL's (or the scheme's) port in.
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let (kept, first_refused) = filter_addrs(&found, allow);
            if kept.is_empty() {
                if let Some((first, range)) = first_refused {
                    return Err(Box::new(Blocked::Resolved { host, first, range }) as _);
                }
            }
            let addrs: Addrs = Box::new(kept.into_iter());
            Ok(addrs)
        })
    }
}

/// The addresses the policy keeps, and the first one it refused (with its range).
fn filter_addrs(
    found: &[SocketAddr],
    allow_private: bool,
) -> (Vec<SocketAddr>, Option<(IpAddr, &'static str)>) {
    if allow_private {
        return (found.to_vec(), None);
    }
    let mut first_refused = None;
    let kept = found
        .iter()
        .copied()
        .filter(|addr| match forbidden_range(addr.ip()) {
            None => true,
            Some(range) => {
                first_refused.get_or_insert((addr.ip(), range));
                false
            }
        })
        .collect();
    (kept, first_refused)
}

/// The [`Blocked`] refusal somewhere in an error's source chain (the HTTP
/// client wraps what the resolver returns).
pub fn find_blocked(err: &(dyn std::error::Error + 'static)) -> Option<Blocked> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(blocked) = e.downcast_ref::<Blocked>() {
            return Some(blocked.clone());
        }
        current = e.source();
    }
    None
}

#[cfg(test)]
mod tests;
