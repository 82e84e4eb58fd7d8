"""Only public https addresses: refused when an endpoint is saved and again at each send.

At send time the name is resolved once, every address it resolves to is checked, and the connection
goes to the checked address (with the name as Host header and TLS server name), so a name that
changes its answer between the check and the connection (DNS rebinding) cannot reach an inside
address."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from recoverynet.core.errors import ApplicationError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Never public: local names, and the top-level names reserved never to exist on the internet (RFC
# 2606 and 6761: `.invalid`, `.test`, `.example`), refused before any lookup. The demo's webhooks
# point under `.invalid`, so nothing it sends leaves the machine, not even a DNS question.
_BLOCKED_NAMES = (
    "localhost",
    ".localhost",
    ".local",
    ".internal",
    ".localdomain",
    ".home.arpa",
    ".invalid",
    ".test",
    ".example",
)


class UnsafeAddress(ApplicationError):
    def __init__(self, message: str) -> None:
        super().__init__("unsafe_url", message, field="url", status=422)


@dataclass(frozen=True)
class Target:
    host: str  # the name (or literal address) from the URL, for Host and TLS
    port: int
    path: str  # path and query, as sent


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(ip: IPAddress) -> bool:
    """True only for a globally routable unicast address (IPv4, or IPv6 and whatever IPv4 address
    it carries inside it: IPv4-mapped, 6to4, Teredo, NAT64)."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id or ip.is_site_local:
            return False
        inner = _embedded_v4(ip)
        if inner is not None and not is_public(inner):
            return False
    if (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    ):
        return False
    return ip.is_global


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def check_url(url: str) -> Target:
    """The shape of an endpoint's URL: https, a host, no user name or password, a public address if
    the host is written as one. Names are checked against what they resolve to by `resolve`."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or 443
    except ValueError as exc:
        raise UnsafeAddress("Enter a full web address, like https://example.org/hooks.") from exc
    if parts.scheme != "https":
        raise UnsafeAddress("The address must start with https:// (we only send over HTTPS).")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise UnsafeAddress("Enter a full web address, like https://example.org/hooks.")
    if parts.username is not None or parts.password is not None:
        raise UnsafeAddress("Leave the user name and password out of the address.")
    if parts.fragment:
        raise UnsafeAddress("Leave the # part out of the address.")
    literal = _literal(host)
    if literal is not None:
        if not is_public(literal):
            raise UnsafeAddress(
                "That address is not on the public internet, so we cannot send to it."
            )
    elif host == "localhost" or host.endswith(_BLOCKED_NAMES) or "." not in host:
        raise UnsafeAddress("That address is not on the public internet, so we cannot send to it.")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(host=host, port=port, path=path)


def _lookup(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]) for info in infos]


def resolve(target: Target) -> str:
    """The one address to connect to: every address the name resolves to must be public (one inside
    address is enough to refuse, so a mixed answer cannot be used either)."""
    literal = _literal(target.host)
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = _lookup(target.host, target.port)
        except (OSError, UnicodeError) as exc:
            raise UnsafeAddress("We could not find that address. Check it is spelt right.") from exc
    if not addresses:
        raise UnsafeAddress("We could not find that address. Check it is spelt right.")
    for address in addresses:
        ip = _literal(address) if "%" not in address else None  # a zone id: link-local
        if ip is None or not is_public(ip):
            raise UnsafeAddress(
                "That address leads to a network that is not on the public internet, so we "
                "cannot send to it."
            )
    return addresses[0]
