//! The address of the person at the other end, for rate limits. Behind a reverse proxy the TCP
//! peer is the proxy: then, and only for proxies named in `TRUSTED_PROXIES`, the address comes
//! from `X-Forwarded-For`, read from the right (each proxy appends the address it received the
//! request from): the first entry that is not itself a trusted proxy is the client. Entries to
//! its left were written by the client and prove nothing; an unreadable entry ends the walk at
//! the proxy's peer, since nothing to its left can be trusted either.
use axum::http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> IpAddr {
    if !trusted_proxies.contains(&peer) {
        return peer;
    }
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|value| value.to_str().unwrap_or(""))
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    for entry in entries.into_iter().rev() {
        match parse_entry(entry) {
            Some(address) if trusted_proxies.contains(&address) => continue,
            Some(address) => return address,
            None => break,
        }
    }
    peer
}

/// An address as proxies write it: bare, or with a port (`203.0.113.9:4711`, `[2001:db8::1]:80`).
fn parse_entry(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|socket| socket.ip()))
        .ok()
}

/// The client's address for the request being served (what `client_ip` says of its peer and
/// headers), for the rate limits of server functions.
pub async fn client_address() -> Result<IpAddr, crate::error::AppError> {
    use super::OrInternal;
    let axum::extract::ConnectInfo(peer) =
        leptos_axum::extract::<axum::extract::ConnectInfo<SocketAddr>>()
            .await
            .or_internal()?;
    let headers = leptos_axum::extract::<HeaderMap>().await.or_internal()?;
    Ok(client_ip(
        peer.ip(),
        &headers,
        &super::state().config.trusted_proxies,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in values {
            map.append("x-forwarded-for", value.parse().unwrap());
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn a_direct_client_is_its_peer_whatever_it_claims() {
        let forged = headers(&["203.0.113.9"]);
        assert_eq!(
            client_ip(ip("198.51.100.7"), &forged, &[]),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_ip(ip("198.51.100.7"), &forged, &[ip("10.0.0.1")]),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_rightmost_untrusted_address_counts() {
        let proxies = [ip("10.0.0.1"), ip("10.0.0.2")];
        // The client forged the first entry; the proxies appended the rest.
        let chain = headers(&["1.2.3.4, 203.0.113.9", "10.0.0.2"]);
        assert_eq!(
            client_ip(ip("10.0.0.1"), &chain, &proxies),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_trusted_proxy_without_a_usable_header_is_the_client() {
        let proxies = [ip("10.0.0.1")];
        assert_eq!(
            client_ip(ip("10.0.0.1"), &headers(&[]), &proxies),
            ip("10.0.0.1")
        );
        assert_eq!(
            client_ip(ip("10.0.0.1"), &headers(&["not an address"]), &proxies),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn an_unreadable_entry_ends_the_walk_at_the_proxys_peer() {
        let proxies = [ip("10.0.0.1")];
        // The client sent `203.0.113.9, x`; the proxy appended the address it saw.
        let chain = headers(&["203.0.113.9, x, 198.51.100.7"]);
        assert_eq!(
            client_ip(ip("10.0.0.1"), &chain, &proxies),
            ip("198.51.100.7")
        );
        // Nothing readable to the right of the garbage: the proxy itself is the client, never
        // the address the client wrote to its left.
        let forged = headers(&["203.0.113.9, x"]);
        assert_eq!(client_ip(ip("10.0.0.1"), &forged, &proxies), ip("10.0.0.1"));
        let forged_in_two_headers = headers(&["203.0.113.9", "x"]);
        assert_eq!(
            client_ip(ip("10.0.0.1"), &forged_in_two_headers, &proxies),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn entries_with_a_port_are_read() {
        let proxies = [ip("10.0.0.1")];
        assert_eq!(
            client_ip(ip("10.0.0.1"), &headers(&["198.51.100.7:4711"]), &proxies),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_ip(ip("10.0.0.1"), &headers(&["[2001:db8::1]:80"]), &proxies),
            ip("2001:db8::1")
        );
    }
}
