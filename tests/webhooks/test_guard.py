"""Only public https addresses, when saved and again at send time (SSRF and DNS rebinding)."""

from __future__ import annotations

import ipaddress

import pytest

from recoverynet.webhooks import guard

REFUSED_ADDRESSES = [
    "127.0.0.1",
    "127.8.9.10",
    "10.0.0.5",
    "172.16.3.4",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "100.64.0.1",  # carrier-grade NAT
    "0.0.0.0",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "192.0.2.1",  # documentation
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "fec0::1",
    "::ffff:127.0.0.1",
    "::ffff:10.1.2.3",
    "::ffff:169.254.169.254",
    "2002:7f00:1::1",  # 6to4 around 127.0.0.1
    "64:ff9b::a00:1",  # NAT64 around 10.0.0.1
    "2001:db8::1",
]


@pytest.mark.parametrize("address", REFUSED_ADDRESSES)
def test_inside_and_special_addresses_are_not_public(address: str) -> None:
    assert not guard.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are(address: str) -> None:
    assert guard.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[fe80::1]/hook",
        "https://localhost/hook",
        "https://printer.local/hook",
        "https://intranet/hook",
    ],
)
def test_urls_naming_inside_addresses_are_refused(url: str) -> None:
    with pytest.raises(guard.UnsafeAddress) as refused:
        guard.check_url(url)
    assert refused.value.field == "url"


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.org/x",
        "ftp://hooks.example.org/x",
        "https://user:pw@hooks.example.org/x",
        "https:///nohost",
        "hooks.example.org/x",
        "https://hooks.example.org:99999/x",
    ],
)
def test_only_plain_https_urls(url: str) -> None:
    with pytest.raises(guard.UnsafeAddress):
        guard.check_url(url)


def test_a_name_resolving_to_an_inside_address_is_refused(receiver) -> None:
    receiver.dns["rebind.example.org"] = ["10.0.0.7"]
    with pytest.raises(guard.UnsafeAddress, match="not on the public internet"):
        guard.resolve(guard.check_url("https://rebind.example.org/hook"))


def test_one_inside_address_among_public_ones_is_enough_to_refuse(receiver) -> None:
    receiver.dns["mixed.example.org"] = ["93.184.216.34", "::ffff:192.168.0.1"]
    with pytest.raises(guard.UnsafeAddress):
        guard.resolve(guard.check_url("https://mixed.example.org/hook"))


def test_a_public_name_gives_the_checked_address(receiver) -> None:
    target = guard.check_url("https://Hooks.Example.org:8443/in?x=1")
    assert (target.host, target.port, target.path) == ("hooks.example.org", 8443, "/in?x=1")
    assert guard.resolve(target) == "93.184.216.34"


@pytest.mark.parametrize(
    "url",
    [
        # Spellings of inside addresses that resolvers accept (found in review of issue #10).
        "https://0x7f000001/",
        "https://[::ffff:127.0.0.1]/",
        "https://127.1/",
        "https://2130706433/",
        "https://localhost./",
        "https://0177.0.0.1/",
        "https://0x7f.1/",
        "https://169.254.169.254./",
        "https://[fe80::1%25eth0]/",
        "https://100.64.0.1/",
        "https://[::127.0.0.1]/",
    ],
)
def test_unusual_spellings_of_inside_addresses_are_refused(url: str) -> None:
    with pytest.raises(guard.UnsafeAddress):
        guard.resolve(guard.check_url(url))


@pytest.mark.parametrize(
    "url",
    ["https://crm.uk-network.invalid/in", "https://hooks.test/in", "https://a.b.example./in"],
)
def test_reserved_names_are_refused_before_any_lookup(receiver, url: str) -> None:
    """RFC 2606/6761 names never exist on the internet: refused without asking DNS (the demo's
    webhooks point there, so nothing leaves the machine)."""
    with pytest.raises(guard.UnsafeAddress, match="not on the public internet"):
        guard.check_url(url)
    assert receiver.lookups == []


def test_example_org_is_not_a_reserved_top_level_name() -> None:
    assert guard.check_url("https://hooks.example.org/in").host == "hooks.example.org"
